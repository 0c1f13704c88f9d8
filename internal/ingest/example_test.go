package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"govshare/internal/ingest"
)

func Example() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "人口.csv")
	os.WriteFile(path, []byte("2023年各区人口\n\n区划代码,区,常住人口（万人）,统计日期\n"+
		"110101,东城区,70.4,2023/12/31\n110102,西城区,110.6,2023/12/31\n\n数据来源：统计局\n"), 0o600)

	plan, err := ingest.Analyze(context.Background(), path, ingest.Options{}, nil)
	if err != nil {
		fmt.Println(err.(*ingest.Problem).Message("zh-CN"))
		return
	}
	fmt.Println("header row:", plan.HeaderRow, "rows:", plan.Rows)
	for _, c := range plan.Columns {
		fmt.Println(strings.TrimSpace(fmt.Sprint(c.Name, " ", c.Type, " ", c.Format)))
	}
	plan.Scan(context.Background(), func(row int64, values []any) error {
		fmt.Println(row, values)
		return nil
	})
	// Output:
	// header row: 3 rows: 2
	// 区划代码 string
	// 区 string
	// 常住人口（万人） number
	// 统计日期 date %Y/%m/%d
	// 4 [110101 东城区 70.4 2023-12-31]
	// 5 [110102 西城区 110.6 2023-12-31]
}
