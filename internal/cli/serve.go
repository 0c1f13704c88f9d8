package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"govshare/internal/app"
	"govshare/internal/demo"
)

func init() { subcommands = append(subcommands, newServeCommand) }

func newServeCommand() *cobra.Command {
	cfg := app.DefaultConfig()
	var withDemo bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the platform: REST API, embedded or external store and bus",
		Long: `Run the platform. By default it keeps everything in the data directory: an embedded
SQLite store and an embedded NATS JetStream server that listens on no port.
With --store postgres://... it runs on PostgreSQL; with --nats nats://... it uses an external NATS.
SIGINT or SIGTERM stops it after the requests in flight finish.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := bindEnv(cmd); err != nil {
				return err
			}
			logger, err := cfg.NewLogger()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()

			a, err := app.Open(ctx, cfg, logger)
			if err != nil {
				return err
			}
			defer a.Close()
			if withDemo {
				if err := demo.Seed(ctx, a, cfg.DataDir, cmd.OutOrStdout()); err != nil {
					return fmt.Errorf("load demo data: %w", err)
				}
			}
			return a.Serve(ctx, nil)
		},
	}
	addConfigFlags(cmd, &cfg)
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", cfg.Listen, "host:port of the HTTP API")
	f.StringVar(&cfg.NATSListen, "nats-listen", cfg.NATSListen, "host:port on which the embedded NATS also accepts clients; empty listens nowhere")
	f.Int64Var(&cfg.MaxUploadBytes, "max-upload", cfg.MaxUploadBytes, "largest accepted upload, in bytes")
	f.BoolVar(&cfg.SecureCookies, "secure-cookies", cfg.SecureCookies, "mark the console session cookie Secure (when served over TLS)")
	f.BoolVar(&withDemo, "demo", false, "on first start, load the demo departments, users and resources (real public files and an invented population register)")
	return cmd
}
