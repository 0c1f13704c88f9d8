package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkAnalyzeScanXLSX measures both passes over a generated workbook of 100,000 rows.
func BenchmarkAnalyzeScanXLSX(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"序号", "身份证号", "姓名", "金额", "日期", "区划代码"})
	for i := 2; i <= 100_001; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{i, fmt.Sprintf("1101051949%08d", i), "张三", float64(i) * 1.25, "2023-01-02", fmt.Sprintf("%06d", i%1000)})
	}
	sw.Flush()
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	for b.Loop() {
		p, err := Analyze(context.Background(), path, Options{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		p.Scan(context.Background(), func(int64, []any) error { n++; return nil })
		if n != 100_000 {
			b.Fatalf("scanned %d rows", n)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
