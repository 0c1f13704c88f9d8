// Command apipath measures point lookups through the full data API path (token, grant, row filter,
// masking, quota, audit) against the same SQL behind a bare HTTP handler, on one generated
// dataset in the embedded SQLite store, in the same run.
//
//	go run ./bench/apipath -rows 1000000 -duration 10s -workers 8
package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"time"

	"govshare/internal/app"
	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/grant"
	"govshare/internal/idcheck"
	"govshare/internal/identity"
	"govshare/internal/masking"
)

func main() {
	rows := flag.Int("rows", 1000000, "rows in the generated dataset")
	duration := flag.Duration("duration", 10*time.Second, "how long each side is measured")
	workers := flag.Int("workers", 8, "concurrent client connections")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the full-path measurement to this file")
	flag.Parse()
	cpuProfile = *profile
	if err := run(*rows, *duration, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "apipath:", err)
		os.Exit(1)
	}
}

var cpuProfile string

func run(rows int, duration time.Duration, workers int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "govshare-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	cfg := app.DefaultConfig()
	cfg.DataDir = dir
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()

	fmt.Printf("generating %d rows...\n", rows)
	csvPath := filepath.Join(dir, "people.csv")
	ids, err := generate(csvPath, rows)
	if err != nil {
		return err
	}
	start := time.Now()
	code, token, table, err := setup(ctx, a, csvPath)
	if err != nil {
		return err
	}
	fmt.Printf("loaded and granted in %s\n", time.Since(start).Round(time.Millisecond))

	full, err := listen(a.API.Handler())
	if err != nil {
		return err
	}
	bare, err := listen(bareHandler(a, table))
	if err != nil {
		return err
	}

	fullURL := func(id string) string {
		return full + "/api/v1/data/" + code + "?filter." + url.QueryEscape("身份证号") + "=eq:" + id
	}
	bareURL := func(id string) string { return bare + "/lookup?id=" + id }

	// Warm both paths, then measure each with the same workers and duration.
	measure(bareURL, "", ids, time.Second, workers)
	measure(fullURL, token, ids, time.Second, workers)
	b := measure(bareURL, "", ids, duration, workers)
	if cpuProfile != "" {
		pf, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
	}
	f := measure(fullURL, token, ids, duration, workers)
	if cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if b.errors > 0 || f.errors > 0 {
		return fmt.Errorf("requests failed: bare %d, full %d", b.errors, f.errors)
	}

	fmt.Printf("\nmachine: %s/%s, %d CPUs, Go %s; %d rows; %d workers; %s each\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), rows, workers, duration)
	fmt.Printf("%-28s %10s %10s %10s\n", "path", "req/s", "p50 ms", "p99 ms")
	fmt.Printf("%-28s %10.0f %10.3f %10.3f\n", "bare SQL handler", b.rps, b.p50, b.p99)
	fmt.Printf("%-28s %10.0f %10.3f %10.3f\n", "full API path", f.rps, f.p50, f.p99)
	ratio := f.rps / b.rps
	verdict := "met"
	if ratio < 0.5 {
		verdict = "NOT met"
	}
	fmt.Printf("throughput ratio full/bare: %.2f (target >= 0.50: %s)\n", ratio, verdict)
	return nil
}

func listen(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go http.Serve(ln, h)
	return "http://" + ln.Addr().String(), nil
}

var districts = []string{"110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111"}

// generate writes invented residents and returns a sample of their ID numbers for lookups.
func generate(path string, n int) ([]string, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	_ = w.Write([]string{"身份证号", "姓名", "手机", "区划", "金额", "登记日期"})
	rng := rand.New(rand.NewPCG(1, 2))
	var sample []string
	for i := 0; i < n; i++ {
		d := districts[i%len(districts)]
		// One birth date per thousand people keeps every ID number unique and valid.
		birth := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/1000)
		body := fmt.Sprintf("%s%s%03d", d, birth.Format("20060102"), i%1000)
		id := body + string(idcheck.ResidentIDCheckChar(body))
		rec := []string{id, fmt.Sprintf("居民%d", i), fmt.Sprintf("139%08d", i), d, fmt.Sprintf("%d.%02d", rng.IntN(100000), rng.IntN(100)),
			fmt.Sprintf("20%02d-%02d-%02d", 10+rng.IntN(15), 1+rng.IntN(12), 1+rng.IntN(28))}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
		if i%97 == 0 {
			sample = append(sample, id)
		}
	}
	w.Flush()
	return sample, w.Error()
}

// setup creates the provider and consumer, loads and publishes the dataset, masks the phone
// column and grants the consumer three fields under a row filter and a large quota.
func setup(ctx context.Context, a *app.App, csvPath string) (code, token, table string, err error) {
	ids := a.Identity
	for _, d := range []string{"PROVIDER", "CONSUMER", "BUREAU"} {
		if _, err = ids.CreateDepartment(ctx, identity.NewDepartment{Code: d, NameZH: d}); err != nil {
			return
		}
	}
	mk := func(name, dept, role string) (*identity.Principal, string, error) {
		u, err := ids.CreateUser(ctx, identity.NewUser{Username: name, DepartmentCode: dept, Password: "bench-password-1", Roles: []string{role}})
		if err != nil {
			return nil, "", err
		}
		_, tok, err := ids.CreateToken(ctx, u.ID, "bench", time.Hour)
		if err != nil {
			return nil, "", err
		}
		p, err := ids.PrincipalOf(ctx, u.ID, "bench")
		return p, tok, err
	}
	steward, _, err := mk("steward", "PROVIDER", "data_steward")
	if err != nil {
		return
	}
	approver, _, err := mk("approver", "PROVIDER", "approver")
	if err != nil {
		return
	}
	operator, _, err := mk("operator", "BUREAU", "platform_operator")
	if err != nil {
		return
	}
	dev, token, err := mk("dev", "CONSUMER", "consumer_developer")
	if err != nil {
		return
	}

	res, err := a.Catalog.Create(ctx, steward, catalog.Metadata{Name: "人口", Summary: "bench", Classification: "department",
		SharingType: catalog.SharingConditional, SharingConditions: "bench", OpenType: catalog.OpenClosed, SecurityLevel: 3})
	if err != nil {
		return
	}
	loaded, err := a.Datasets.Load(ctx, dataset.LoadRequest{ResourceID: res.ID, ResourceCode: res.Code, UserID: steward.UserID,
		Path: csvPath, FileName: "people.csv", IndexFields: []string{"身份证号"}}, a.Logger)
	if err != nil {
		return
	}
	table = loaded.Version.Table
	if err = a.Catalog.SetItemsIfEmpty(ctx, steward, res.Code, catalog.ItemsOf(loaded.Version.Columns)); err != nil {
		return
	}
	if err = a.Catalog.SetColumnMask(ctx, steward, res.Code, "手机", masking.Operator{Kind: masking.KindPreset, Preset: "phone"}); err != nil {
		return
	}
	if _, err = a.Catalog.Submit(ctx, steward, res.Code); err != nil {
		return
	}
	if _, err = a.Catalog.Approve(ctx, operator, res.Code, ""); err != nil {
		return
	}
	res, err = a.Catalog.Lookup(ctx, res.Code)
	if err != nil {
		return
	}
	req, err := a.Grants.Apply(ctx, dev, res, res.FieldNames(), grant.ApplyInput{Fields: []string{"身份证号", "姓名", "手机", "区划"},
		Purpose: "bench", Scenario: "bench", LegalBasis: "bench", DurationDays: 1})
	if err != nil {
		return
	}
	_, err = a.Grants.Approve(ctx, approver, req.ID, grant.Decision{Fields: []string{"身份证号", "手机", "区划"},
		RowFilter:     []grant.Condition{{Field: "区划", Op: dataset.OpIn, Values: districts}},
		QuotaRequests: 1 << 40, QuotaRows: 1 << 40}, res.FieldNames(), "")
	return res.Code, token, table, err
}

// bareHandler runs the SQL the full path runs for a lookup (same columns, same filters, same
// order and limit, also as a prepared statement) and writes the rows as JSON, with no
// authentication, grant, masking or audit.
func bareHandler(a *app.App, table string) http.Handler {
	in := "?" + ", ?"[0:0]
	for range districts[1:] {
		in += ", ?"
	}
	stmt := "SELECT _row, c1, c3, c4 FROM " + table + " WHERE c4 IN (" + in + ") AND c1 = ? ORDER BY _row LIMIT 101"
	prepared, err := a.DB.Data.Prepare(stmt)
	if err != nil {
		panic(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		args := make([]any, 0, len(districts)+1)
		for _, d := range districts {
			args = append(args, d)
		}
		args = append(args, r.URL.Query().Get("id"))
		rows, err := prepared.QueryContext(r.Context(), args...)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer rows.Close()
		var out [][]any
		for rows.Next() {
			var n int64
			var id, phone, district any
			if err := rows.Scan(&n, &id, &phone, &district); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			out = append(out, []any{id, phone, district})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"rows": out})
	})
}

type result struct {
	rps, p50, p99 float64
	errors        int
}

// measure sends lookups for random sample IDs from several workers for d and returns throughput
// and latency percentiles.
func measure(target func(string) string, token string, ids []string, d time.Duration, workers int) result {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			var local []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest("GET", target(ids[rng.IntN(len(ids))]), nil)
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					bad++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					bad++
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, local...)
			errs += bad
			mu.Unlock()
		}(uint64(w))
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	return result{rps: float64(len(lat)) / d.Seconds(), p50: pct(0.50), p99: pct(0.99), errors: errs}
}
