package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

func TestSmoke(t *testing.T) {
	files, _ := filepath.Glob("testdata/*")
	for _, f := range files {
		p, err := Analyze(context.Background(), f, Options{}, nil)
		if err != nil {
			fmt.Println(f, "ERR", err)
			continue
		}
		fmt.Println(f, p.Format, p.Encoding, string(p.Delimiter), "hdr", p.HeaderRow, p.HeaderRows, "rows", p.Rows, p.RowsRead)
		for _, c := range p.Columns {
			fmt.Printf("   %q %q %s %s %+v\n", c.Name, c.Label, c.Type, c.Format, c.Profile)
		}
		for _, w := range p.Warnings {
			fmt.Println("   W", w.Error())
		}
		for i, w := range p.Rejected {
			if i < 3 {
				fmt.Println("   R", w.Error())
			}
		}
		if len(p.Preview) > 0 {
			fmt.Printf("   P %#v\n", p.Preview[0])
		}
		n := 0
		err = p.Scan(context.Background(), func(row int64, v []any) error { n++; return nil })
		fmt.Println("   scan", n, err)
	}
}
