package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"govshare/internal/apierr"
	"govshare/internal/app"
	"govshare/internal/audit"
	"govshare/internal/store"
)

func init() { subcommands = append(subcommands, newAuditCommand) }

func newAuditCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "Check the audit log"}
	cmd.AddCommand(newAuditVerifyCommand())
	return cmd
}

func newAuditVerifyCommand() *cobra.Command {
	cfg := app.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the whole audit hash chain and name the first altered, removed or inserted entry",
		Long:  "Check the whole audit hash chain. Exit status 0 means intact, 3 means broken (the entry is named), 1 means the check could not run.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := bindEnv(cmd); err != nil {
				return err
			}
			if err := requireExistingStore(cfg); err != nil {
				return err
			}
			db, err := store.Open(context.Background(), cfg.Store, cfg.DataDir)
			if err != nil {
				return err
			}
			defer db.Close()
			res, err := audit.Verify(context.Background(), db)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if res.Break != nil {
				fmt.Fprintf(out, "audit log BROKEN at entry %d: %s\n", res.Break.Seq, res.Break.Reason)
				fmt.Fprintf(out, "%d entries before it verified\n", res.Entries-1)
				return &exitError{code: 3, err: fmt.Errorf("audit chain broken at entry %d", res.Break.Seq)}
			}
			fmt.Fprintf(out, "audit log intact: %d entries, last %d, head hash %s\n", res.Entries, res.LastSeq, res.Head)
			return nil
		},
	}
	addConfigFlags(cmd, &cfg)
	return cmd
}

// requireExistingStore refuses to create an empty embedded store where a command expects one.
func requireExistingStore(cfg app.Config) error {
	if cfg.Store != "" && cfg.Store != "sqlite" {
		return nil
	}
	path := filepath.Join(cfg.DataDir, "govshare.db")
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no govshare store at %s: give the data directory of the platform with --data", path)
	}
	return nil
}

// explain turns a catalogue error into its English message for the terminal.
func explain(err error) error {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return errors.New(ae.Message("en"))
	}
	return err
}
