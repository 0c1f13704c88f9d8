package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"govshare/internal/dlp"
)

func init() { subcommands = append(subcommands, newDLPCommand) }

// maxScanFileBytes bounds the file that dlp scan reads into memory.
const maxScanFileBytes = 64 << 20

func newDLPCommand() *cobra.Command {
	var dataDir string
	cmd := &cobra.Command{
		Use:   "dlp",
		Short: "Find, grade and mask sensitive data",
	}
	cmd.PersistentFlags().StringVar(&dataDir, "data-dir", "", "directory whose dlp data files (prefix tables, dictionaries) replace the built-in ones")
	engine := func(cmd *cobra.Command) (*dlp.Engine, error) {
		return dlp.New(dlp.Options{DataDir: dataDir, Logger: slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelWarn}))})
	}
	cmd.AddCommand(newDLPScanCommand(engine), newDLPEvalCommand(engine))
	return cmd
}

func newDLPScanCommand(engine func(*cobra.Command) (*dlp.Engine, error)) *cobra.Command {
	var asJSON, forceText bool
	cmd := &cobra.Command{
		Use:   "scan FILE",
		Short: "Print the sensitive values in a text or JSON file with rune offsets, and a masked copy",
		Long: "Scan FILE (UTF-8 text or a JSON document; \"-\" reads standard input) and print each finding " +
			"with its rune offsets, type and confidence, then a copy with every finding masked. " +
			"A file that parses as JSON is scanned value by value, using each key as a column-name hint.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := readLimited(args[0])
			if err != nil {
				return err
			}
			e, err := engine(cmd)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()

			if !forceText && json.Valid(data) {
				findings, masked, err := e.ScanJSON(data)
				if err != nil {
					return fmt.Errorf("scanning %s: %w", args[0], err)
				}
				if asJSON {
					return writeJSON(out, map[string]any{"findings": nonNil(findings), "masked": json.RawMessage(masked)})
				}
				for _, f := range findings {
					fmt.Fprintf(out, "%s\t%d-%d\t%s\t%.2f\t%s\n", f.Path, f.Start, f.End, f.Type, f.Confidence, f.Value)
				}
				fmt.Fprintf(out, "--- masked ---\n%s", masked)
				return nil
			}

			text := string(data)
			findings := e.Scan(text)
			masked := e.MaskText(text, findings)
			if asJSON {
				return writeJSON(out, map[string]any{"findings": nonNil(findings), "masked": masked})
			}
			for _, f := range findings {
				fmt.Fprintf(out, "%d-%d\t%s\t%.2f\t%s\n", f.Start, f.End, f.Type, f.Confidence, f.Value)
			}
			fmt.Fprintf(out, "--- masked ---\n%s\n", masked)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print findings and the masked copy as one JSON object")
	cmd.Flags().BoolVar(&forceText, "text", false, "scan the file as plain text even when it parses as JSON")
	return cmd
}

func newDLPEvalCommand(engine func(*cobra.Command) (*dlp.Engine, error)) *cobra.Command {
	var corpus string
	var verbose bool
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Evaluate the detectors on a labelled corpus and print precision, recall and F2 per type",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := dlp.LoadCorpus(corpus)
			if err != nil {
				return fmt.Errorf("%w (generate the corpus with: go run ./tools/dlpcorpus -out %s)", err, corpus)
			}
			e, err := engine(cmd)
			if err != nil {
				return err
			}
			r := e.Evaluate(c)
			r.Write(cmd.OutOrStdout())
			if verbose {
				for _, m := range r.Errors {
					fmt.Fprintln(cmd.OutOrStdout(), m)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&corpus, "corpus", "testdata/dlp", "directory holding values.jsonl and snippets.jsonl")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "also print up to 20 mistakes")
	return cmd
}

func readLimited(path string) ([]byte, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("reading the file to scan: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxScanFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > maxScanFileBytes {
		return nil, &exitError{code: 2, err: fmt.Errorf("%s is larger than %d MiB; split it and scan the parts", path, maxScanFileBytes>>20)}
	}
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			r, size := utf8.DecodeRune(data[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		return nil, &exitError{code: 2, err: fmt.Errorf("%s is not UTF-8 text (invalid byte at offset %d); convert it first, for example: iconv -f GBK -t UTF-8 %s", path, bad, path)}
	}
	return data, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return errors.Join(errors.New("writing JSON output"), err)
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
