package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"govshare/internal/app"
)

// addConfigFlags registers the node configuration flags on cmd. Every flag can also be set with a
// GOVSHARE_<NAME> environment variable (upper case, '-' as '_'); a flag given on the command line
// wins.
func addConfigFlags(cmd *cobra.Command, cfg *app.Config) {
	f := cmd.Flags()
	f.StringVar(&cfg.DataDir, "data", cfg.DataDir, "directory for the embedded database, event store, uploads and keys")
	f.StringVar(&cfg.Store, "store", cfg.Store, `"sqlite" for the embedded store, or a postgres:// URL`)
	f.StringVar(&cfg.NATS, "nats", cfg.NATS, "URL of an external NATS server with JetStream; empty runs NATS embedded")
	f.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log level: debug, info, warn or error")
	f.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "log format: text or json")
	f.StringVar(&cfg.MaskingKey, "masking-key", cfg.MaskingKey, "HMAC key for pseudonyms, hexadecimal; empty keeps a generated key in the data directory")
	f.StringVar(&cfg.DLPDataDir, "dlp-data-dir", cfg.DLPDataDir, "directory whose dlp data files (prefix tables, dictionaries, grade levels) replace the built-in ones; read at start")
}

func bindEnv(cmd *cobra.Command) error {
	var err error
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if fl.Changed || err != nil {
			return
		}
		name := "GOVSHARE_" + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if serr := fl.Value.Set(v); serr != nil {
				err = fmt.Errorf("environment variable %s: %w", name, serr)
			}
		}
	})
	return err
}
