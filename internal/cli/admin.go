package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"govshare/internal/app"
	"govshare/internal/audit"
	"govshare/internal/identity"
	"govshare/internal/store"
)

func init() { subcommands = append(subcommands, newAdminCommand) }

func newAdminCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "admin", Short: "Administer accounts from the command line"}
	cmd.AddCommand(newAdminCreateCommand())
	return cmd
}

func newAdminCreateCommand() *cobra.Command {
	cfg := app.DefaultConfig()
	var dept identity.NewDepartment
	var username, display string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create the first platform operator and its department",
		Long: `Create a platform operator account, and its department when it does not exist yet.
The password is read from the terminal, or from standard input when it is not a terminal;
there is no default password.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := bindEnv(cmd); err != nil {
				return err
			}
			password, err := readPassword(cmd.InOrStdin(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			logger, err := cfg.NewLogger()
			if err != nil {
				return err
			}
			ctx := context.Background()
			db, err := store.Open(ctx, cfg.Store, cfg.DataDir)
			if err != nil {
				return err
			}
			defer db.Close()
			ids := identity.NewService(db, logger)

			if _, err := ids.DepartmentByCode(ctx, dept.Code); err != nil {
				if _, err := ids.CreateDepartment(ctx, dept); err != nil {
					return explain(err)
				}
			}
			u, err := ids.CreateUser(ctx, identity.NewUser{Username: username, DisplayName: display, DepartmentCode: dept.Code,
				Password: password, Roles: []string{string(identity.RolePlatformOperator)}})
			if err != nil {
				return explain(err)
			}

			log := audit.NewLog(db, logger)
			defer log.Close()
			if err := log.Append(ctx, audit.Entry{Actor: "cli", Department: u.DepartmentCode, Role: "local administrator",
				Action: "user.create", Resource: u.Username, Result: audit.ResultOK,
				Detail: audit.DetailJSON(map[string]any{"roles": u.Roles})}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created platform operator %s in department %s\n", u.Username, u.DepartmentCode)
			return nil
		},
	}
	addConfigFlags(cmd, &cfg)
	f := cmd.Flags()
	f.StringVar(&username, "username", "", "user name of the new platform operator (required)")
	f.StringVar(&display, "display-name", "", "display name")
	f.StringVar(&dept.Code, "department", "", "code of the operator's department, usually its unified social credit code (required)")
	f.StringVar(&dept.NameZH, "department-name", "", "Chinese name of the department, when it is created")
	f.StringVar(&dept.NameEN, "department-name-en", "", "English name of the department")
	_ = cmd.MarkFlagRequired("username")
	_ = cmd.MarkFlagRequired("department")
	return cmd
}

func readPassword(in io.Reader, prompt io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Password (at least 12 characters): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(prompt, "Repeat password: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(b) != string(again) {
			return "", errors.New("the passwords differ; run the command again")
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password was given: run the command in a terminal to be asked for one, or pipe it on standard input")
	}
	return line, nil
}
