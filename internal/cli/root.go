// Package cli defines the govshare command line: one root command with a subcommand per task.
package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"govshare/internal/cli/version"
)

// exitError carries a process exit code through cobra without printing usage.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Execute runs the command line and returns the process exit code.
func Execute() int {
	root := newRootCommand()
	err := root.Execute()
	if err == nil {
		return 0
	}

	fmt.Fprintln(os.Stderr, "govshare:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "govshare",
		Short:         "Government data sharing and exchange platform",
		Version:       version.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	for _, add := range subcommands {
		root.AddCommand(add())
	}
	return root
}

// subcommands lists the constructors of the subcommands; each subcommand file registers itself in init.
var subcommands []func() *cobra.Command
