package httpapi_test

import (
	"bytes"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// peopleCSV invents n residents; every third lives in district 110105.
func peopleCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("姓名,身份证号,手机,区划,年龄\n")
	districts := []string{"110105", "110101", "110108"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "测试%d,11010519900101%04d,1380013%04d,%s,%d\n", i, i, i, districts[i%3], 20+i%50)
	}
	return []byte(b.String())
}

var peopleMeta = map[string]any{
	"name": "测试人员基本信息", "summary": "测试用虚构人员", "classification": "base", "base_category": "population",
	"sharing_type": "conditional", "sharing_conditions": "仅限身份核验", "open_type": "closed", "security_level": 3,
}

// publishPeople registers, loads, masks and publishes the people resource and returns its code.
func publishPeople(t *testing.T, p *platform) string {
	t.Helper()
	r := p.must(201, "steward", "POST", "/api/v1/resources", peopleMeta)
	code := str(r.json["code"])
	up := p.call("steward", "POST", "/api/v1/resources/"+code+"/versions?filename=people.csv&index=身份证号", peopleCSV(300), "Content-Type", "text/csv")
	if up.status != 201 {
		t.Fatalf("upload: %d %s", up.status, up.body)
	}
	p.must(200, "steward", "PUT", "/api/v1/resources/"+code+"/columns/"+url.PathEscape("身份证号")+"/mask", map[string]any{"kind": "preset", "preset": "id_card"})
	p.must(200, "steward", "PUT", "/api/v1/resources/"+code+"/columns/"+url.PathEscape("手机")+"/mask", map[string]any{"kind": "preset", "preset": "phone"})
	p.must(200, "steward", "POST", "/api/v1/resources/"+code+"/submit", nil)
	p.must(200, "operator", "POST", "/api/v1/resources/"+code+"/approve", map[string]any{"note": "ok"})
	return code
}

func TestSharingLoop(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		code := publishPeople(t, p)
		data := "/api/v1/data/" + code

		// The consumer finds the resource by a Chinese word inside its name.
		r := p.must(200, "dev", "GET", "/api/v1/resources?q="+url.QueryEscape("人员"), nil)
		if str(r.json["total"]) != "1" {
			t.Fatalf("search found %v resources, want 1", r.json["total"])
		}

		// Apply; the request waits for the provider's approver with a deadline of 10 working days.
		r = p.must(201, "dev", "POST", "/api/v1/resources/"+code+"/requests", map[string]any{
			"fields": []string{"姓名", "身份证号", "手机", "区划", "年龄"}, "purpose": "身份核验", "scenario": "窗口办事",
			"legal_basis": "政务服务条例", "duration_days": 30})
		reqID := str(r.json["id"])
		if r.json["status"] != "pending" || str(r.json["working_days_left"]) != "10" {
			t.Fatalf("request = %s", r.body)
		}
		p.expectError(p.call("dev", "GET", data, nil), 403, "no_grant")

		// Another department cannot see the request.
		p.expectError(p.call("other", "GET", "/api/v1/requests/"+reqID, nil), 404, "not_found")
		// The consumer cannot approve its own request.
		p.expectError(p.call("dev", "POST", "/api/v1/requests/"+reqID+"/approve", map[string]any{}), 403, "forbidden")

		// Approve fewer fields, only district 110105, five calls a day.
		r = p.must(200, "approver", "POST", "/api/v1/requests/"+reqID+"/approve", map[string]any{
			"fields":         []string{"姓名", "身份证号", "区划"},
			"row_filter":     []map[string]any{{"field": "区划", "op": "eq", "values": []string{"110105"}}},
			"quota_requests": 5, "note": "仅朝阳区"})
		grantID := str(r.json["grant_id"])

		// Query 1: only granted fields, only district 110105, ID numbers masked.
		r = p.must(200, "dev", "GET", data+"?limit=1000&total=exact", nil)
		page := r.json["page"].(map[string]any)
		rows := page["rows"].([]any)
		if len(rows) != 100 || str(page["total"]) != "100" {
			t.Fatalf("rows = %d, total %v; want 100", len(rows), page["total"])
		}
		for _, row := range rows {
			cells := row.([]any)
			if len(cells) != 3 || str(cells[2]) != "110105" {
				t.Fatalf("row %v is outside the grant", cells)
			}
			id := str(cells[1])
			if !strings.Contains(id, "*") || !strings.HasPrefix(id, "110105") || len([]rune(id)) != 18 {
				t.Fatalf("ID number %q is not masked as first 6 + last 4", id)
			}
		}
		if cols := page["columns"].([]any); cols[0].(map[string]any)["profile"] != nil {
			t.Error("consumer received column profiles")
		}

		// Refusals that do not count against the quota.
		p.expectError(p.call("dev", "GET", data+"?fields=手机", nil), 403, "field_not_granted")
		p.expectError(p.call("dev", "GET", data+"?filter.年龄=gt:30", nil), 403, "filter_not_granted")
		p.expectError(p.call("dev", "GET", data+"?filter."+url.QueryEscape("身份证号")+"=eq:110105199001010001", nil), 403, "filter_not_granted")
		p.expectError(p.call("dev", "GET", data+"?sort=-身份证号", nil), 403, "filter_not_granted")
		p.expectError(p.call("other", "GET", data, nil), 403, "no_grant")
		p.expectError(p.call("", "GET", data, nil), 401, "unauthenticated")
		forged := p.tokens["dev"][:len(p.tokens["dev"])-2] + "zz"
		p.expectError(p.call(forged, "GET", data, nil), 401, "invalid_token")
		p.expectError(p.call("dev", "GET", data+"?cursor=bm90LWEtY3Vyc29y", nil), 400, "invalid_cursor")
		zh := p.call("dev", "GET", data+"?fields=手机", nil, "Accept-Language", "zh-CN,zh;q=0.9")
		if msg := str(zh.json["error"].(map[string]any)["message"]); !strings.Contains(msg, "授权范围") {
			t.Errorf("Chinese message = %q", msg)
		}

		// Query 2: keyset pagination over the granted rows with a filter on a clear field.
		seen := 0
		next := data + "?limit=40&sort=姓名&filter.区划=in:110105,110101"
		for i := 0; next != ""; i++ {
			r = p.must(200, "dev", "GET", next, nil)
			page = r.json["page"].(map[string]any)
			seen += len(page["rows"].([]any))
			next = ""
			if c, ok := page["next_cursor"].(string); ok && c != "" {
				next = data + "?limit=40&sort=姓名&filter.区划=in:110105,110101&cursor=" + c
			}
		}
		// Three pages were counted (40 + 40 + 20).

		// Export: the same checks, masked values, row count in a header.
		r = p.must(200, "dev", "GET", data+"/export?format=csv&bom=true", nil)
		if r.header.Get("X-Row-Count") != "100" || !strings.HasPrefix(string(r.body), "\uFEFF姓名,身份证号,区划\r\n") {
			t.Fatalf("export header %q, body starts %q", r.header.Get("X-Row-Count"), string(r.body[:40]))
		}
		if strings.Contains(string(r.body), "110105199001010000") {
			t.Error("export contains a clear ID number")
		}
		if seen != 100 {
			t.Errorf("pagination returned %d rows, want 100", seen)
		}
		p.expectError(p.call("dev", "GET", data+"/export?format=pdf", nil), 400, "invalid_parameter")

		// Five calls are used (query, three pages, export): the sixth gets 429 with Retry-After.
		r = p.call("dev", "GET", data, nil)
		p.expectError(r, 429, "quota_exceeded")
		if r.header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}

		// An expired grant is refused.
		p.app.Grants.SetClock(func() time.Time { return time.Now().AddDate(0, 0, 40) })
		p.expectError(p.call("dev", "GET", data, nil), 403, "grant_expired")
		p.app.Grants.SetClock(time.Now)

		// Revocation takes effect on the next call.
		p.expectError(p.call("dev", "POST", "/api/v1/grants/"+grantID+"/revoke", map[string]any{"reason": "x"}), 403, "forbidden")
		p.must(200, "approver", "POST", "/api/v1/grants/"+grantID+"/revoke", map[string]any{"reason": "项目结束"})
		p.expectError(p.call("dev", "GET", data, nil), 403, "grant_revoked")

		// The audit administrator reads the record of the data calls and verifies the chain.
		p.expectError(p.call("dev", "GET", "/api/v1/audit", nil), 403, "forbidden")
		r = p.must(200, "auditor", "GET", "/api/v1/audit?action=data.query&result=ok&limit=100", nil)
		entries := r.json["entries"].([]any)
		if len(entries) != 4 {
			t.Errorf("successful data.query entries = %d, want 4", len(entries))
		}
		first := entries[0].(map[string]any)
		if first["purpose"] != "身份核验" || str(first["row_count"]) != "100" || first["actor"] != "dev" || first["fields"] != "姓名,身份证号,区划" {
			t.Errorf("audit entry = %v", first)
		}
		r = p.must(200, "auditor", "GET", "/api/v1/audit?result=invalid_token", nil)
		if len(r.json["entries"].([]any)) != 1 {
			t.Errorf("forged-token entries = %s", r.body)
		}
		r = p.must(200, "auditor", "GET", "/api/v1/audit/verify", nil)
		if r.json["break"] != nil || r.json["entries"] == nil {
			t.Errorf("audit chain broken: %s", r.body)
		}
	})
}

func TestUnconditionalRealFile(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		r := p.must(201, "steward", "POST", "/api/v1/resources", map[string]any{
			"name": "北京市朝阳区人口统计", "summary": "GB/T 2260 行政区划代码", "classification": "base",
			"base_category": "natural_resources_geospatial", "sharing_type": "unconditional", "open_type": "open", "security_level": 1})
		code := str(r.json["code"])
		tsv := readFile(t, filepath.Join("testdata", "gb2260-200712.tsv"))
		up := p.call("steward", "POST", "/api/v1/resources/"+code+"/versions?filename=200712.tsv", tsv, "Content-Type", "text/tab-separated-values")
		if up.status != 201 {
			t.Fatalf("upload: %d %s", up.status, up.body)
		}
		version := up.json["version"].(map[string]any)
		if str(version["rows"]) != "3524" {
			t.Fatalf("rows = %v, want 3524", version["rows"])
		}
		p.must(200, "steward", "POST", "/api/v1/resources/"+code+"/submit", nil)
		p.expectError(p.call("steward", "POST", "/api/v1/resources/"+code+"/approve", nil), 403, "forbidden")

		// The column "Name" reads as a person's name to the engine; until a person decides, the
		// open resource cannot be published with it in clear.
		r = p.call("operator", "POST", "/api/v1/resources/"+code+"/approve", nil)
		p.expectError(r, 409, "boundary_violation")
		if cols := str(r.json["error"].(map[string]any)["params"].(map[string]any)["columns"]); cols != "Name (L3)" {
			t.Errorf("offending columns = %q, want Name (L3)", cols)
		}
		p.must(200, "security", "PUT", "/api/v1/resources/"+code+"/grades/Name", map[string]any{
			"level": 1, "info_type": "", "reason": "行政区划名称，不是人名"})
		p.must(200, "operator", "POST", "/api/v1/resources/"+code+"/approve", nil)

		// "人口" is found inside "北京市朝阳区人口统计".
		r = p.must(200, "other", "GET", "/api/v1/resources?q="+url.QueryEscape("人口"), nil)
		if str(r.json["total"]) != "1" {
			t.Errorf("search 人口 found %v", r.json["total"])
		}

		// Unconditional sharing: granted at once.
		r = p.must(201, "other", "POST", "/api/v1/resources/"+code+"/requests", map[string]any{
			"fields": []string{"Code", "Name"}, "purpose": "地址校验", "scenario": "表单", "legal_basis": "职责", "duration_days": 10})
		if r.json["status"] != "approved" {
			t.Fatalf("unconditional request status = %v", r.json["status"])
		}
		r = p.must(200, "other", "GET", "/api/v1/data/"+code+"?filter.Name=prefix:"+url.QueryEscape("北京"), nil)
		rows := r.json["page"].(map[string]any)["rows"].([]any)
		if len(rows) == 0 || rows[0].([]any)[1] != "北京市" {
			t.Errorf("prefix query rows = %v", rows)
		}

		// XLSX export keeps the division codes as text cells.
		r = p.must(200, "other", "GET", "/api/v1/data/"+code+"/export?format=xlsx&fields=Code,Name&filter.Name=prefix:"+url.QueryEscape("北京"), nil)
		book, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("open exported workbook: %v", err)
		}
		sheet := book.GetSheetName(0)
		typ, err := book.GetCellType(sheet, "A2")
		if err != nil {
			t.Fatal(err)
		}
		value, _ := book.GetCellValue(sheet, "A2")
		if value != "110000" || typ == excelize.CellTypeNumber {
			t.Errorf("exported code cell = %q of type %v, want text 110000", value, typ)
		}

		// A wrong method on a known path is 405 with Allow; an unknown path is 404.
		r = p.call("other", "DELETE", "/api/v1/resources", nil)
		p.expectError(r, 405, "method_not_allowed")
		if r.header.Get("Allow") != "GET, POST" {
			t.Errorf("Allow = %q", r.header.Get("Allow"))
		}
		p.expectError(p.call("other", "GET", "/api/v1/resourcez", nil), 404, "unknown_endpoint")

		// A withdrawn resource serves no data.
		p.must(200, "steward", "POST", "/api/v1/resources/"+code+"/withdraw", map[string]any{"reason": "更新"})
		p.expectError(p.call("other", "GET", "/api/v1/data/"+code, nil), 404, "not_found")

		// The previous version stays readable by number after a new load.
		up = p.call("steward", "POST", "/api/v1/resources/"+code+"/versions?filename=200712.tsv", tsv, "Content-Type", "text/tab-separated-values")
		if up.status != 201 {
			t.Fatalf("second upload: %d %s", up.status, up.body)
		}
		r = p.must(200, "steward", "GET", "/api/v1/data/"+code+"?version=1&limit=1", nil)
		if str(r.json["version"]) != "1" {
			t.Errorf("version 1 query answered version %v", r.json["version"])
		}
	})
}

func TestDeclaredSchema(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		r := p.must(201, "steward", "POST", "/api/v1/resources", map[string]any{
			"name": "街道人口", "summary": "s", "classification": "theme", "sharing_type": "unconditional",
			"open_type": "closed", "security_level": 2})
		code := str(r.json["code"])
		base := "/api/v1/resources/" + code

		p.expectError(p.call("steward", "PUT", base+"/schema", map[string]any{
			"fields": []map[string]any{{"name": "代码", "type": "money"}}}), 400, "invalid_parameter")
		p.expectError(p.call("dev", "PUT", base+"/schema", map[string]any{"fields": []any{}}), 403, "forbidden")
		p.must(200, "steward", "PUT", base+"/schema", map[string]any{
			"fields":     []map[string]any{{"name": "代码", "type": "string"}, {"name": "人数", "type": "integer"}},
			"primaryKey": []string{"代码"}})

		dup := []byte("代码,人数\n001,10\n002,20\n001,30\n")
		up := p.call("steward", "POST", base+"/versions?filename=street.csv", dup, "Content-Type", "text/csv")
		p.expectError(up, 422, "ingest_failed")
		if msg := str(up.json["error"].(map[string]any)["message"]); !strings.Contains(msg, "primary key (代码)") {
			t.Errorf("duplicate key message = %q", msg)
		}

		ok := []byte("代码,人数\n001,10\n002,20\n")
		up = p.call("steward", "POST", base+"/versions?filename=street.csv", ok, "Content-Type", "text/csv")
		if up.status != 201 {
			t.Fatalf("upload: %d %s", up.status, up.body)
		}
		r = p.must(200, "steward", "GET", base+"/schema", nil)
		if r.json["declared"] == nil || r.json["current"] == nil {
			t.Errorf("schema = %s", r.body)
		}
		p.expectError(p.call("steward", "POST", base+"/versions?filename=street.csv&raged=skip", ok, "Content-Type", "text/csv"), 400, "invalid_parameter")
		p.must(200, "steward", "DELETE", base+"/schema", nil)
		p.expectError(p.call("steward", "DELETE", base+"/schema", nil), 404, "not_found")
	})
}
