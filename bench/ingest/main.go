// Command ingest compares, in one run, loading a generated CSV of realistic government columns
// with `govshare import` against `sqlite3 .import` into a new database, and with `govshare import`
// on PostgreSQL against `psql \copy`. It prints rows/s, MB/s and peak memory (maximum resident
// set size from /usr/bin/time) of each, and the ratios.
//
//	go run ./bench/ingest -rows 1000000 -postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"govshare/internal/catalog"
	"govshare/internal/idcheck"
	"govshare/internal/identity"
	"govshare/internal/store"
)

func main() {
	rows := flag.Int("rows", 1000000, "rows in the generated CSV")
	pg := flag.String("postgres", "", "PostgreSQL server URL on which a scratch database may be created; empty skips the PostgreSQL pair")
	keep := flag.String("file", "", "reuse this generated CSV instead of generating one")
	out := flag.String("generate", "", "only generate the CSV into this file and exit")
	flag.Parse()
	if *out != "" {
		if err := generate(*out, *rows); err != nil {
			fmt.Fprintln(os.Stderr, "ingest bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*rows, *pg, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "ingest bench:", err)
		os.Exit(1)
	}
}

type measurement struct {
	name    string
	seconds float64
	maxRSS  int64 // KiB
}

func run(rows int, pgURL, file string) error {
	dir, err := os.MkdirTemp("", "govshare-ingest-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	bin := filepath.Join(dir, "govshare")
	build := exec.Command("go", "build", "-o", bin, "./cmd/govshare")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build govshare: %w", err)
	}

	if file == "" {
		file = filepath.Join(dir, "people.csv")
		fmt.Printf("generating %d rows into %s...\n", rows, file)
		if err := generate(file, rows); err != nil {
			return err
		}
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	mb := float64(st.Size()) / 1e6
	fmt.Printf("input: %d rows, %.1f MB\n", rows, mb)

	var results []measurement

	// govshare on SQLite, then sqlite3 .import into a new database.
	gsDir := filepath.Join(dir, "gs-sqlite")
	if err := setup(context.Background(), "sqlite", gsDir); err != nil {
		return err
	}
	m, err := timed("govshare import (SQLite)", bin, "import", "--quiet", "--log-level", "warn", "--data", gsDir, "--resource", "BENCH-000001", "--as", "steward", file)
	if err != nil {
		return err
	}
	results = append(results, m)
	m, err = timed("sqlite3 .import", "sqlite3", filepath.Join(dir, "plain.db"), ".mode csv", ".import "+file+" people")
	if err != nil {
		return err
	}
	results = append(results, m)

	if pgURL != "" {
		dsn, drop, err := scratchDatabase(pgURL)
		if err != nil {
			return err
		}
		defer drop()
		if err := setup(context.Background(), dsn, filepath.Join(dir, "gs-pg")); err != nil {
			return err
		}
		m, err = timed("govshare import (PostgreSQL)", bin, "import", "--quiet", "--log-level", "warn", "--data", filepath.Join(dir, "gs-pg"), "--store", dsn, "--resource", "BENCH-000001", "--as", "steward", file)
		if err != nil {
			return err
		}
		results = append(results, m)
		create := `CREATE TABLE plain_people (id TEXT, name TEXT, phone TEXT, address TEXT, birth TEXT, registered TEXT, amount TEXT, postcode TEXT, area TEXT, remark TEXT)`
		if out, err := exec.Command("psql", dsn, "-c", create).CombinedOutput(); err != nil {
			return fmt.Errorf("psql create: %v: %s", err, out)
		}
		m, err = timed("psql \\copy", "psql", dsn, "-c", `\copy plain_people FROM '`+file+`' WITH (FORMAT csv, HEADER true)`)
		if err != nil {
			return err
		}
		results = append(results, m)
	}

	fmt.Printf("\nmachine: %s/%s, %d CPUs, Go %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Printf("%-30s %9s %11s %8s %12s\n", "loader", "seconds", "rows/s", "MB/s", "peak RSS MB")
	for _, r := range results {
		fmt.Printf("%-30s %9.2f %11.0f %8.1f %12.1f\n", r.name, r.seconds, float64(rows)/r.seconds, mb/r.seconds, float64(r.maxRSS)/1024)
	}
	fmt.Printf("\ngovshare/sqlite3 speed ratio: %.2f (target >= 1.00)\n", results[1].seconds/results[0].seconds)
	if len(results) == 4 {
		fmt.Printf("govshare/psql speed ratio: %.2f (target >= 0.70)\n", results[3].seconds/results[2].seconds)
	}
	return nil
}

var maxRSSLine = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)

// timed runs a command under /usr/bin/time -v and returns its wall time and peak memory.
func timed(name string, args ...string) (measurement, error) {
	cmd := exec.Command("/usr/bin/time", append([]string{"-v"}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start).Seconds()
	if err != nil {
		return measurement{}, fmt.Errorf("%s: %v\n%s", name, err, stderr.String())
	}
	m := measurement{name: name, seconds: took}
	if sub := maxRSSLine.FindStringSubmatch(stderr.String()); sub != nil {
		m.maxRSS, _ = strconv.ParseInt(sub[1], 10, 64)
	}
	fmt.Printf("%-30s %.2f s\n", name, took)
	return m, nil
}

// setup creates the department, steward and draft resource that govshare import loads into.
func setup(ctx context.Context, storeURL, dataDir string) error {
	db, err := store.Open(ctx, storeURL, dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	ids := identity.NewService(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := ids.CreateDepartment(ctx, identity.NewDepartment{Code: "BENCH", NameZH: "基准测试局"}); err != nil {
		return err
	}
	u, err := ids.CreateUser(ctx, identity.NewUser{Username: "steward", DepartmentCode: "BENCH", Password: "bench-password-1", Roles: []string{"data_steward"}})
	if err != nil {
		return err
	}
	p, err := ids.PrincipalOf(ctx, u.ID, "bench")
	if err != nil {
		return err
	}
	_, err = catalog.NewService(db).Create(ctx, p, catalog.Metadata{Name: "人口基准", Summary: "bench", Classification: "department",
		SharingType: catalog.SharingConditional, SharingConditions: "bench", OpenType: catalog.OpenClosed, SecurityLevel: 3})
	return err
}

func scratchDatabase(base string) (string, func(), error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("govshare_bench_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create scratch database: %w", err)
	}
	dsn := regexp.MustCompile(`/[^/?]*(\?|$)`).ReplaceAllString(strings.Replace(base, "://", ":::", 1), "/"+name+"$1")
	dsn = strings.Replace(dsn, ":::", "://", 1)
	return dsn, func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	}, nil
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "司马"}
	given    = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国文玉晨宇浩然子涵欣怡")
	streets  = []string{"朝阳区建国路", "海淀区学院路", "西城区复兴门内大街", "东城区东直门南大街", "丰台区丰台北路"}
	remarks  = []string{"已核实", "材料齐全，符合办理条件", "", "待补充住址证明", "外省迁入人员，已登记居住证"}
	areas    = []string{"110101", "110102", "110105", "110106", "110108", "120101", "310101", "440103"}
	postal   = []string{"010", "021", "022", "0311", "0351", "0471", "020", "0755"}
)

// generate writes invented residents of about 150 bytes a row: ID numbers with valid check
// digits, names, phones, addresses, dates in two formats, amounts, telephone area codes with
// leading zeros, division codes and Chinese remarks.
func generate(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "公民身份号码,姓名,手机号码,住址,出生日期,登记日期,补贴金额,长途区号,区划代码,备注")
	rng := rand.New(rand.NewPCG(42, 7))
	base := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		area := areas[i%len(areas)]
		birth := base.AddDate(0, 0, (i/1000)%24000)
		body := fmt.Sprintf("%s%s%03d", area, birth.Format("20060102"), i%1000)
		id := body + string(idcheck.ResidentIDCheckChar(body))
		name := surnames[rng.IntN(len(surnames))] + string(given[rng.IntN(len(given))]) + string(given[rng.IntN(len(given))])
		reg := time.Date(2015+rng.IntN(10), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		fmt.Fprintf(w, "%s,%s,1%d%09d,北京市%s%d号,%s,%d/%d/%d,%d.%02d,%s,%s,%s\n", id, name, 3+rng.IntN(7), rng.IntN(1000000000),
			streets[rng.IntN(len(streets))], 1+rng.IntN(400), birth.Format("2006-01-02"), reg.Year(), int(reg.Month()), reg.Day(),
			rng.IntN(20000), rng.IntN(100), postal[rng.IntN(len(postal))], area, remarks[rng.IntN(len(remarks))])
	}
	return w.Flush()
}
