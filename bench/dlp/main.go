// Command dlp measures the dlp engine: free-text scanning throughput of mixed Chinese text with
// every detector on, and the grading of a generated dataset of 1,000,000 rows and 20 columns.
// It prints each figure next to its target.
//
//	go run ./bench/dlp
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"govshare/internal/dlp"
)

const (
	targetMBps         = 40.0 // MB/s per core of mixed Chinese text
	targetGradeSeconds = 3.0  // seconds to grade 1,000,000 rows x 20 columns
	// godlpMBps is the quoted throughput of ByteDance's godlp, the baseline to beat. It is not
	// measured here because that library is not a dependency of this module.
	godlpMBps = 0.4
)

func main() {
	textMB := flag.Int("text-mb", 16, "size of the generated text to scan, in MB")
	rows := flag.Int("rows", 1_000_000, "rows of the generated dataset")
	cols := flag.Int("cols", 20, "columns of the generated dataset")
	runs := flag.Int("runs", 3, "repetitions of each measurement; the median is reported")
	full := flag.Bool("full", false, "also grade with every value classified instead of a sample")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the scan measurement to this file")
	flag.Parse()

	e, err := dlp.New(dlp.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	r := rand.New(rand.NewPCG(1, 2))

	fmt.Printf("machine: %s/%s, GOMAXPROCS=%d, NumCPU=%d, %s\n", runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU(), loadAverage())

	text := mixedText(r, *textMB<<20)
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
	}
	findings := 0
	var cpu time.Duration
	scan := median(*runs, func() time.Duration {
		c0 := cpuTime()
		start := time.Now()
		findings = len(e.Scan(text))
		d := time.Since(start)
		cpu = min(cpu, cpuTime()-c0)
		if cpu == 0 {
			cpu = cpuTime() - c0
		}
		return d
	})
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	mb := float64(len(text)) / 1e6
	mbps := mb / cpu.Seconds()
	fmt.Printf("scan: %.1f MB of mixed Chinese text, %d findings, one goroutine, %d runs\n", mb, findings, *runs)
	fmt.Printf("scan: wall clock median %.3f s = %.1f MB/s; process CPU time (best run) %.3f s = %.1f MB/s per core\n", scan.Seconds(), mb/scan.Seconds(), cpu.Seconds(), mbps)
	fmt.Printf("scan: per core %.1f MB/s against target >= %.0f MB/s: %s; godlp baseline %.1f MB/s (quoted, not measured): %.0fx\n", mbps, targetMBps, verdict(mbps >= targetMBps), godlpMBps, mbps/godlpMBps)

	genStart := time.Now()
	names, data := dataset(r, *rows, *cols)
	fmt.Printf("grade: generated %d rows x %d columns in %.2f s (not counted)\n", *rows, *cols, time.Since(genStart).Seconds())

	grade := func(eng *dlp.Engine) (time.Duration, []dlp.ColumnGrade) {
		var grades []dlp.ColumnGrade
		d := median(*runs, func() time.Duration {
			start := time.Now()
			grades = grades[:0]
			for i := range names {
				grades = append(grades, eng.GradeColumn(names[i], data[i], ""))
			}
			eng.GradeResource(grades, int64(*rows))
			return time.Since(start)
		})
		return d, grades
	}
	d, grades := grade(e)
	fmt.Printf("grade: %d columns, sample %d values per column: median %.3f s (target < %.0f s: %s)\n", *cols, 2000, d.Seconds(), targetGradeSeconds, verdict(d.Seconds() < targetGradeSeconds))
	for _, g := range grades {
		fmt.Printf("  %-12s %-16s L%d conf %.2f valid %d/%d\n", g.Column, orDash(g.InfoType), g.Level, g.Confidence, g.Valid, g.Sampled)
	}

	if *full {
		all, err := dlp.New(dlp.Options{SampleSize: *rows, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		saved := *runs
		*runs = 1
		d, _ := grade(all)
		*runs = saved
		fmt.Printf("grade: every value of %d rows x %d columns classified: %.2f s (one run, for reference)\n", *rows, *cols, d.Seconds())
	}
}

// cpuTime returns the user and system CPU time of the process so far. Per-core throughput is
// computed from it because the machine is shared and wall-clock time includes waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func median(runs int, f func() time.Duration) time.Duration {
	ds := make([]time.Duration, runs)
	for i := range ds {
		ds[i] = f()
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[runs/2]
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "load average unknown"
	}
	return "load average " + strings.Join(strings.Fields(string(b))[:3], " ")
}

// prose is government-notice style filler; the sensitive values are spliced in between.
var prose = []string{
	"为进一步做好政务数据共享工作，根据有关规定，现将相关事项通知如下。",
	"各部门应当按照目录要求及时更新数据资源，确保数据准确、完整、可用。",
	"申请材料包括申请表、营业执照复印件以及法定代表人身份证明文件。",
	"本次会议于2024年3月15日在市政务服务中心召开，共有35个部门参加。",
	"对群众反映的问题，承办单位应在10个工作日内答复并做好记录。",
	"数据使用方应严格按照授权范围使用数据，不得向第三方提供。",
	"订单号2024031512345678的办理进度已更新，请登录系统查看。",
	"The platform exchanges data between departments under signed grants.",
}

func mixedText(r *rand.Rand, size int) string {
	var b strings.Builder
	b.Grow(size + 256)
	for b.Len() < size {
		b.WriteString(prose[r.IntN(len(prose))])
		if r.IntN(4) == 0 {
			b.WriteString(sensitive(r))
		}
	}
	return b.String()
}

func digits(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

func sensitive(r *rand.Rand) string {
	switch r.IntN(8) {
	case 0:
		return "联系人王小明，手机1" + []string{"38", "39", "58", "86"}[r.IntN(4)] + digits(r, 8) + "。"
	case 1:
		return "身份证号11010519491231002X，"
	case 2:
		return "住址：北京市朝阳区建国路" + digits(r, 2) + "号3号楼201室。"
	case 3:
		return "邮箱zhang" + digits(r, 3) + "@example.com，"
	case 4:
		return "卡号 6217 0000 0000 0000 004，"
	case 5:
		return "车牌京A·" + digits(r, 5) + "，"
	case 6:
		return "服务器10." + digits(r, 1) + ".0.1，"
	default:
		return "统一社会信用代码91350100M000100Y43，"
	}
}

// dataset returns column names and a generated 1,000,000-row table in columns. Each column draws
// from a pool of distinct values so that generation stays quick.
func dataset(r *rand.Rand, rows, cols int) ([]string, [][]string) {
	kinds := []struct {
		name string
		gen  func() string
	}{
		{"xm", func() string {
			return []string{"张", "李", "王", "欧阳"}[r.IntN(4)] + []string{"伟", "娜娜", "小明", "静"}[r.IntN(4)]
		}},
		{"sfzh", func() string { return "11010519491231002X" }},
		{"sjhm", func() string { return "139" + digits(r, 8) }},
		{"dz", func() string { return "北京市海淀区学府路" + digits(r, 2) + "号" }},
		{"email", func() string { return "u" + digits(r, 4) + "@example.cn" }},
		{"amount", func() string { return digits(r, 5) + "." + digits(r, 2) }},
		{"order_no", func() string { return "2024" + digits(r, 12) }},
		{"remark", func() string { return prose[r.IntN(len(prose))] }},
		{"created", func() string { return fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)) }},
		{"status", func() string { return []string{"已办结", "办理中", "退回"}[r.IntN(3)] }},
	}

	names := make([]string, cols)
	data := make([][]string, cols)
	for c := 0; c < cols; c++ {
		k := kinds[c%len(kinds)]
		names[c] = fmt.Sprintf("%s_%d", k.name, c)
		pool := make([]string, 4096)
		for i := range pool {
			pool[i] = k.gen()
		}
		col := make([]string, rows)
		for i := range col {
			col[i] = pool[r.IntN(len(pool))]
		}
		data[c] = col
	}
	return names, data
}
