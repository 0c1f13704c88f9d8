package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"govshare/internal/app"
	"govshare/internal/audit"
	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/identity"
	"govshare/internal/ingest"
	"govshare/internal/store"
)

func init() { subcommands = append(subcommands, newImportCommand) }

func newImportCommand() *cobra.Command {
	cfg := app.DefaultConfig()
	var code, user, delimiter string
	var index []string
	var quiet bool
	var opts ingest.Options
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Load a file as the new current dataset version of a resource, with a progress bar",
		Long: `Load a file as the new current dataset version of a resource, on behalf of a data steward
of the resource's department. The load is staged and becomes current in one transaction; if it
fails or is interrupted, the previous version stays current. A running server on the same store
publishes the version event from the outbox.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := bindEnv(cmd); err != nil {
				return err
			}
			if err := requireExistingStore(cfg); err != nil {
				return err
			}
			if delimiter != "" {
				if delimiter == "tab" || delimiter == `\t` {
					delimiter = "\t"
				}
				if utf8.RuneCountInString(delimiter) != 1 {
					return fmt.Errorf("--delimiter must be one character or 'tab', not %q", delimiter)
				}
				opts.Delimiter, _ = utf8.DecodeRuneInString(delimiter)
			}
			if _, err := os.Stat(args[0]); err != nil {
				return fmt.Errorf("cannot read %s: %w", args[0], err)
			}
			return runImport(cmd, cfg, args[0], code, user, opts, index, quiet)
		},
	}
	addConfigFlags(cmd, &cfg)
	f := cmd.Flags()
	f.StringVar(&code, "resource", "", "code of the resource to load (required)")
	f.StringVar(&user, "as", "", "user name of a data steward of the resource's department (required)")
	f.StringSliceVar(&index, "index", nil, "fields to index for fast lookups")
	f.BoolVar(&quiet, "quiet", false, "print no progress bar")
	f.StringVar(&opts.Format, "format", "", "csv, tsv, xlsx, xls, json or jsonl; empty detects it")
	f.StringVar(&opts.Encoding, "encoding", "", "text encoding; empty detects it over the whole file")
	f.StringVar(&delimiter, "delimiter", "", "field delimiter (one character or 'tab'); empty sniffs it")
	f.StringVar(&opts.Sheet, "sheet", "", "workbook sheet; empty takes the first visible sheet with data")
	f.IntVar(&opts.HeaderRow, "header-row", 0, "row number of the first header row; 0 detects it")
	f.IntVar(&opts.HeaderRows, "header-rows", 0, "number of header rows; 0 detects it")
	f.StringVar(&opts.JSONPath, "json-path", "", "dotted path to the array of records in a JSON object")
	f.StringVar(&opts.Ragged, "ragged", "", "rows with a different number of cells: reject (default), pad or skip")
	f.StringSliceVar(&opts.FillDown, "fill-down", nil, "columns whose empty cells take the value above")
	f.BoolVar(&opts.DecimalComma, "decimal-comma", false, "numbers use ',' as the decimal mark")
	_ = cmd.MarkFlagRequired("resource")
	_ = cmd.MarkFlagRequired("as")
	return cmd
}

func runImport(cmd *cobra.Command, cfg app.Config, path, code, user string, opts ingest.Options, index []string, quiet bool) error {
	logger, err := cfg.NewLogger()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, err := store.Open(ctx, cfg.Store, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	ids := identity.NewService(db, logger)
	cat := catalog.NewService(db)
	sets := dataset.NewService(db)
	log := audit.NewLog(db, logger)
	defer log.Close()

	u, err := ids.UserByName(ctx, user)
	if err != nil {
		return explain(err)
	}
	p, err := ids.PrincipalOf(ctx, u.ID, "cli")
	if err != nil {
		return explain(err)
	}
	res, err := cat.Owned(ctx, p, code)
	if err != nil {
		return explain(err)
	}
	if opts.Schema, err = cat.DeclaredSchema(ctx, res.ID); err != nil {
		return err
	}

	var bar *progressbar.ProgressBar
	if !quiet {
		bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(cmd.ErrOrStderr()), progressbar.OptionSetDescription("analyze"),
			progressbar.OptionShowCount(), progressbar.OptionSetItsString("rows"), progressbar.OptionShowIts(),
			progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionSpinnerType(14))
	}
	start := time.Now()
	result, err := sets.Load(ctx, dataset.LoadRequest{ResourceID: res.ID, ResourceCode: res.Code, UserID: p.UserID, Path: path,
		FileName: filepath.Base(path), Options: opts, IndexFields: index,
		Progress: func(phase string, rows int64) {
			if bar != nil {
				bar.Describe(phase)
				_ = bar.Set64(rows)
			}
		}}, logger)
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(cmd.ErrOrStderr())
	}

	entry := audit.Entry{Actor: p.Username, ActorID: p.UserID, Department: p.DepartmentCode, Role: p.RoleList(),
		Action: "dataset.load", Resource: res.Code, Result: audit.ResultOK, RequestID: "cli",
		Detail: audit.DetailJSON(map[string]string{"file": filepath.Base(path), "via": "cli"})}
	if err != nil {
		entry.Result = "ingest_failed"
		_ = log.Append(context.WithoutCancel(ctx), entry)
		return explain(err)
	}
	entry.RowCount = result.Version.Rows
	if err := log.Append(ctx, entry); err != nil {
		return err
	}
	if err := cat.SetItemsIfEmpty(ctx, p, res.Code, catalog.ItemsOf(result.Version.Columns)); err != nil {
		return explain(err)
	}

	took := time.Since(start)
	fmt.Fprintf(cmd.OutOrStdout(), "loaded %s into %s as version %d: %d rows in %s (%.0f rows/s)\n", filepath.Base(path), res.Code,
		result.Version.Version, result.Version.Rows, took.Round(time.Millisecond), float64(result.Version.Rows)/took.Seconds())
	for _, w := range result.Plan.Warnings {
		fmt.Fprintf(cmd.OutOrStdout(), "warning: %s\n", w.Message("en"))
	}
	return nil
}
