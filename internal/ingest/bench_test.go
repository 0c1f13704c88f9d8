package ingest

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// writeBenchCSV writes rows of realistic government columns: an ID number, a name, a phone,
// an address, a date, an amount, a code with leading zeros, a status and a note.
func writeBenchCSV(tb testing.TB, rows int) (string, int64) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "bench.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	rng := rand.New(rand.NewPCG(1, 2))
	surnames := []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄"}
	given := []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"}
	streets := []string{"人民路", "解放路", "中山路", "建设路", "和平街", "胜利大街"}
	status := []string{"在用", "弃用", "变更"}
	fmt.Fprintln(w, "序号,身份证号,姓名,联系电话,地址,登记日期,金额,区划代码,状态,备注")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(w, "%d,%06d%04d%02d%02d%03d%d,%s%s,1%02d%08d,\"%s省%s市%s%d号\",%d-%02d-%02d,%d.%02d,%06d,%s,%s\n",
			i, 110000+rng.IntN(550000), 1950+rng.IntN(60), 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(1000), rng.IntN(10),
			surnames[rng.IntN(len(surnames))], given[rng.IntN(len(given))],
			30+rng.IntN(70), rng.IntN(100000000),
			"河北", "石家庄", streets[rng.IntN(len(streets))], 1+rng.IntN(999),
			2000+rng.IntN(24), 1+rng.IntN(12), 1+rng.IntN(28),
			rng.IntN(100000), rng.IntN(100), rng.IntN(1000000), status[rng.IntN(3)], "无")
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(path)
	return path, st.Size()
}

// BenchmarkAnalyzeScanCSV measures both passes over a generated CSV; the MB/s figure is the
// file size divided by the time for Analyze plus Scan.
func BenchmarkAnalyzeScanCSV(b *testing.B) {
	path, size := writeBenchCSV(b, 200_000)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		p, err := Analyze(context.Background(), path, Options{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		if err := p.Scan(context.Background(), func(int64, []any) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != 200_000 {
			b.Fatalf("scanned %d rows", n)
		}
	}
}

// BenchmarkAnalyzeCSV measures the analysis pass alone.
func BenchmarkAnalyzeCSV(b *testing.B) {
	path, size := writeBenchCSV(b, 200_000)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Analyze(context.Background(), path, Options{}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanCSV measures the scan pass alone.
func BenchmarkScanCSV(b *testing.B) {
	path, size := writeBenchCSV(b, 200_000)
	p, err := Analyze(context.Background(), path, Options{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if err := p.Scan(context.Background(), func(int64, []any) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
