package httpapi_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"govshare/internal/masking"
)

// loadPeople registers the people resource with the given open type and loads 300 invented
// residents; it returns the resource code.
func loadPeople(t *testing.T, p *platform, openType string) string {
	t.Helper()
	meta := maps.Clone(peopleMeta)
	meta["open_type"] = openType
	if openType != "closed" {
		meta["open_conditions"] = "实名申请"
	}
	r := p.must(201, "steward", "POST", "/api/v1/resources", meta)
	code := str(r.json["code"])
	up := p.call("steward", "POST", "/api/v1/resources/"+code+"/versions?filename=people.csv", peopleCSV(300), "Content-Type", "text/csv")
	if up.status != 201 {
		t.Fatalf("upload: %d %s", up.status, up.body)
	}
	return code
}

func maskPath(code, field string) string {
	return "/api/v1/resources/" + code + "/columns/" + url.PathEscape(field) + "/mask"
}

// columnGrades returns the grading of a resource as GET /resources/{code} shows it, by field.
func columnGrades(t *testing.T, p *platform, user, code string) (map[string]any, map[string]map[string]any) {
	t.Helper()
	r := p.must(200, user, "GET", "/api/v1/resources/"+code, nil)
	g, ok := r.json["grading"].(map[string]any)
	if !ok {
		t.Fatalf("resource without grading: %s", r.body)
	}
	cols := map[string]map[string]any{}
	for _, c := range g["columns"].([]any) {
		m := c.(map[string]any)
		cols[str(m["field"])] = m
	}
	return g, cols
}

func errorParam(r response, name string) string {
	e, _ := r.json["error"].(map[string]any)
	params, _ := e["params"].(map[string]any)
	return str(params[name])
}

func TestGradingOnLoad(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		code := loadPeople(t, p, "closed")
		g, cols := columnGrades(t, p, "steward", code)
		if g["status"] != "done" || str(g["version"]) != "1" || str(g["level"]) != "3" || g["confirmed"] != false {
			t.Fatalf("grading = %v", g)
		}
		for field, typ := range map[string]string{"身份证号": "id_card", "手机": "mobile", "姓名": "name"} {
			c := cols[field]
			if c["info_type"] != typ || str(c["proposed_level"]) != "3" || c["status"] != "proposed" || c["rule_version"] == "" {
				t.Errorf("%s graded %v, want proposed %s at L3", field, c, typ)
			}
		}
		if str(cols["手机"]["sampled"]) != "300" || str(cols["手机"]["valid"]) != "300" {
			t.Errorf("mobile column sampled %v, valid %v; want every one of 300 rows", cols["手机"]["sampled"], cols["手机"]["valid"])
		}

		// A new version is graded again, by itself.
		up := p.call("steward", "POST", "/api/v1/resources/"+code+"/versions?filename=people.csv", peopleCSV(10), "Content-Type", "text/csv")
		if up.status != 201 {
			t.Fatalf("second upload: %d %s", up.status, up.body)
		}
		g, cols = columnGrades(t, p, "steward", code)
		if str(g["version"]) != "2" || str(cols["手机"]["sampled"]) != "10" {
			t.Errorf("second version grading = %v", g)
		}
		r := p.must(200, "steward", "GET", "/api/v1/resources/"+code+"/grades?version=1", nil)
		if v := r.json["grading"].(map[string]any)["version"]; str(v) != "1" {
			t.Errorf("grades?version=1 answered version %v", v)
		}
	})
}

func TestBoundaryRefusesUnmaskedColumns(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		code := loadPeople(t, p, "conditional")
		p.must(200, "steward", "POST", "/api/v1/resources/"+code+"/submit", nil)

		// Publishing the conditionally open resource with its ID column in clear is refused, naming it.
		r := p.call("operator", "POST", "/api/v1/resources/"+code+"/approve", nil)
		p.expectError(r, 409, "boundary_violation")
		if cols := errorParam(r, "columns"); cols != "姓名 (L3), 身份证号 (L3), 手机 (L3)" {
			t.Errorf("offending columns = %q", cols)
		}
		zh := p.call("operator", "POST", "/api/v1/resources/"+code+"/approve", nil, "Accept-Language", "zh-CN")
		if msg := str(zh.json["error"].(map[string]any)["message"]); !strings.Contains(msg, "身份证号 (L3)") || !strings.Contains(msg, "未脱敏") {
			t.Errorf("Chinese refusal = %q", msg)
		}

		// Masking two of the three still leaves the name column.
		p.must(200, "steward", "PUT", maskPath(code, "身份证号"), map[string]any{"kind": "preset", "preset": "id_card"})
		p.must(200, "steward", "PUT", maskPath(code, "手机"), map[string]any{"kind": "preset", "preset": "phone"})
		r = p.call("operator", "POST", "/api/v1/resources/"+code+"/approve", nil)
		p.expectError(r, 409, "boundary_violation")
		if cols := errorParam(r, "columns"); cols != "姓名 (L3)" {
			t.Errorf("offending columns = %q, want 姓名 (L3)", cols)
		}
		p.must(200, "steward", "PUT", maskPath(code, "姓名"), map[string]any{"kind": "preset", "preset": "chinese_name"})
		p.must(200, "operator", "POST", "/api/v1/resources/"+code+"/approve", nil)

		// Once published, the mask of a graded column cannot be removed.
		r = p.call("steward", "DELETE", maskPath(code, "身份证号"), nil)
		p.expectError(r, 409, "boundary_violation")
		if cols := errorParam(r, "columns"); cols != "身份证号 (L3)" {
			t.Errorf("offending columns = %q", cols)
		}

		// A new version of the published resource with an unmasked sensitive column is rejected,
		// and the version it would have replaced stays current.
		withEmail := strings.Replace(string(peopleCSV(20)), "年龄\n", "年龄,邮箱\n", 1)
		var b strings.Builder
		for i, line := range strings.Split(strings.TrimSuffix(withEmail, "\n"), "\n") {
			b.WriteString(line)
			if i > 0 {
				b.WriteString(",user" + strconv.Itoa(i) + "@example.com")
			}
			b.WriteString("\n")
		}
		r = p.call("steward", "POST", "/api/v1/resources/"+code+"/versions?filename=people.csv", []byte(b.String()), "Content-Type", "text/csv")
		p.expectError(r, 409, "boundary_violation")
		if cols := errorParam(r, "columns"); cols != "邮箱 (L3)" {
			t.Errorf("offending columns = %q, want 邮箱 (L3)", cols)
		}
		if g, _ := columnGrades(t, p, "steward", code); str(g["version"]) != "1" {
			t.Errorf("current version after the rejected load = %v, want 1", g["version"])
		}
		var versions []struct {
			Version int    `json:"version"`
			Status  string `json:"status"`
		}
		if err := json.Unmarshal(p.must(200, "steward", "GET", "/api/v1/resources/"+code+"/versions", nil).body, &versions); err != nil {
			t.Fatal(err)
		}
		for _, v := range versions {
			if v.Version == 2 && v.Status != "failed" {
				t.Errorf("rejected version 2 has status %q, want failed", v.Status)
			}
		}
		if len(versions) != 2 {
			t.Errorf("versions = %+v, want the ready version 1 and the failed version 2", versions)
		}

		// Raising an unmasked column's grade is applied, and the response names the column to mask.
		r = p.must(200, "security", "PUT", "/api/v1/resources/"+code+"/grades/"+url.PathEscape("年龄"), map[string]any{"level": 3})
		bv, ok := r.json["boundary_violation"].(map[string]any)
		if !ok || bv["code"] != "boundary_violation" || bv["params"].(map[string]any)["columns"] != "年龄 (L3)" {
			t.Errorf("decision answer = %s", r.body)
		}

		// A closed, conditionally shared resource with its name column in clear cannot become
		// conditionally open.
		other := publishPeople(t, p)
		got := p.must(200, "steward", "GET", "/api/v1/resources/"+other, nil)
		meta := got.json["metadata"].(map[string]any)
		meta["open_type"] = "conditional"
		meta["open_conditions"] = "实名申请"
		r = p.call("steward", "PUT", "/api/v1/resources/"+other, meta)
		p.expectError(r, 409, "boundary_violation")
		if cols := errorParam(r, "columns"); cols != "姓名 (L3)" {
			t.Errorf("offending columns = %q, want 姓名 (L3)", cols)
		}
		if after := p.must(200, "steward", "GET", "/api/v1/resources/"+other, nil); after.json["metadata"].(map[string]any)["open_type"] != "closed" {
			t.Error("a refused change altered the open type")
		}
	})
}

func TestSecurityAdminConfirmsGrades(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		code := loadPeople(t, p, "closed")
		grade := func(field string) string { return "/api/v1/resources/" + code + "/grades/" + url.PathEscape(field) }

		// The security administrator can read the draft's proposals, but a consumer cannot.
		r := p.must(200, "security", "GET", "/api/v1/resources/"+code+"/grades", nil)
		if n := len(r.json["grading"].(map[string]any)["columns"].([]any)); n != 5 {
			t.Fatalf("grades list %d columns, want 5", n)
		}
		p.expectError(p.call("dev", "GET", "/api/v1/resources/"+code+"/grades", nil), 404, "not_found")

		// Only the security administrator decides.
		p.expectError(p.call("steward", "PUT", grade("身份证号"), map[string]any{"level": 4}), 403, "forbidden")
		p.expectError(p.call("security", "PUT", grade("身份证号"), map[string]any{"level": 7}), 400, "invalid_parameter")
		p.expectError(p.call("security", "PUT", grade("不存在"), map[string]any{"level": 3}), 404, "not_found")

		// A downgrade below the proposal needs a reason.
		r = p.call("security", "PUT", grade("姓名"), map[string]any{"level": 2})
		p.expectError(r, 400, "grade_downgrade_reason")
		if errorParam(r, "proposed") != "L3" {
			t.Errorf("refusal params = %s", r.body)
		}
		p.expectError(p.call("security", "PUT", grade("姓名"), map[string]any{"level": 2, "reason": "  "}), 400, "grade_downgrade_reason")
		r = p.must(200, "security", "PUT", grade("姓名"), map[string]any{"level": 2, "reason": "测试编号，不是真实姓名"})
		if g := r.json["grade"].(map[string]any); g["status"] != "confirmed" || str(g["confirmed_level"]) != "2" || g["decided_by"] != "security" {
			t.Errorf("decision = %s", r.body)
		}

		// An upgrade needs no reason; it changes the information type too.
		p.must(200, "security", "PUT", grade("身份证号"), map[string]any{"level": 4, "info_type": "id_card"})

		g, cols := columnGrades(t, p, "steward", code)
		if str(g["level"]) != "4" || str(g["proposed_level"]) != "3" {
			t.Errorf("resource level %v (proposed %v), want 4 (3)", g["level"], g["proposed_level"])
		}
		if c := cols["姓名"]; c["status"] != "confirmed" || str(c["confirmed_level"]) != "2" || c["reason"] != "测试编号，不是真实姓名" {
			t.Errorf("name grade = %v", c)
		}
		if c := cols["手机"]; c["status"] != "proposed" {
			t.Errorf("undecided mobile grade = %v", c)
		}

		// Every decision is audited with what it was based on.
		r = p.must(200, "auditor", "GET", "/api/v1/audit?action=grade.confirm&result=ok", nil)
		entries := r.json["entries"].([]any)
		if len(entries) != 2 {
			t.Fatalf("grade.confirm entries = %d, want 2", len(entries))
		}
		var detail struct {
			Decision struct {
				Level  int    `json:"level"`
				Reason string `json:"reason"`
			} `json:"decision"`
			Proposal struct {
				InfoType      string `json:"info_type"`
				ProposedLevel int    `json:"proposed_level"`
				Sampled       int    `json:"sampled"`
			} `json:"proposal"`
			RuleVersion string `json:"rule_version"`
			Version     int    `json:"version"`
		}
		var downgrade map[string]any
		for _, e := range entries {
			if m := e.(map[string]any); m["fields"] == "姓名" {
				downgrade = m
			}
		}
		if downgrade == nil || downgrade["actor"] != "security" {
			t.Fatalf("no audit entry of the downgrade by security: %v", entries)
		}
		if err := json.Unmarshal([]byte(str(downgrade["detail"])), &detail); err != nil {
			t.Fatalf("detail %v: %v", downgrade["detail"], err)
		}
		if detail.Decision.Level != 2 || detail.Decision.Reason == "" || detail.Proposal.InfoType != "name" ||
			detail.Proposal.ProposedLevel != 3 || detail.Proposal.Sampled != 300 || !strings.HasPrefix(detail.RuleVersion, "dlp-") || detail.Version != 1 {
			t.Errorf("audit detail = %+v", detail)
		}
		r = p.must(200, "auditor", "GET", "/api/v1/audit?action=grade.confirm&result=grade_downgrade_reason", nil)
		if n := len(r.json["entries"].([]any)); n != 2 {
			t.Errorf("refused downgrades audited %d times, want 2", n)
		}

		// Decisions carry over to a new version while the engine proposes the same grade.
		up := p.call("steward", "POST", "/api/v1/resources/"+code+"/versions?filename=people.csv", peopleCSV(300), "Content-Type", "text/csv")
		if up.status != 201 {
			t.Fatalf("second upload: %d %s", up.status, up.body)
		}
		g, cols = columnGrades(t, p, "steward", code)
		if str(g["version"]) != "2" || str(g["level"]) != "4" {
			t.Errorf("second version grading = %v", g)
		}
		if c := cols["姓名"]; c["status"] != "confirmed" || str(c["confirmed_level"]) != "2" || c["decided_by"] != "security" {
			t.Errorf("name grade of version 2 = %v", c)
		}
		if c := cols["手机"]; c["status"] != "proposed" {
			t.Errorf("undecided mobile grade of version 2 = %v", c)
		}
	})
}

func TestGrantProfileMasksByInfoType(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		code := publishPeople(t, p)
		r := p.must(201, "dev", "POST", "/api/v1/resources/"+code+"/requests", map[string]any{
			"fields": []string{"姓名", "手机"}, "purpose": "回访", "scenario": "电话回访", "legal_basis": "服务条例", "duration_days": 30})
		// The profile names no column: the mobile column is redacted because it was graded mobile.
		p.must(200, "approver", "POST", "/api/v1/requests/"+str(r.json["id"])+"/approve", map[string]any{
			"masking": map[string]any{"name": "回访", "types": map[string]any{"mobile": map[string]any{"kind": "redact"}}}})

		r = p.must(200, "dev", "GET", "/api/v1/data/"+code+"?limit=5", nil)
		for _, row := range r.json["page"].(map[string]any)["rows"].([]any) {
			if phone := str(row.([]any)[1]); phone != masking.RedactedMarker {
				t.Errorf("mobile value %q, want the redaction marker", phone)
			}
		}
		p.expectError(p.call("dev", "GET", "/api/v1/data/"+code+"?filter."+url.QueryEscape("手机")+"=eq:13800130001", nil), 403, "filter_not_granted")
	})
}

func TestScanAPI(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		text := "张先生电话：１３８００１３８０００，身份证号11010519491231002x。"
		r := p.must(200, "dev", "POST", "/api/v1/dlp/scan", map[string]any{"text": text})
		runes := []rune(text)
		found := map[string]string{}
		for _, f := range r.json["findings"].([]any) {
			m := f.(map[string]any)
			start, end := int(m["start"].(float64)), int(m["end"].(float64))
			found[str(m["type"])] = string(runes[start:end])
			if m["confidence"].(float64) <= 0 {
				t.Errorf("finding %v without confidence", m)
			}
		}
		if found["mobile"] != "１３８００１３８０００" || found["id_card"] != "11010519491231002x" {
			t.Errorf("findings by type = %v", found)
		}
		masked := str(r.json["masked"])
		if strings.Contains(masked, "11010519491231002x") || strings.Contains(masked, "１３８００１３８０００") || !strings.HasPrefix(masked, "张") {
			t.Errorf("masked copy = %q", masked)
		}

		r = p.must(200, "dev", "POST", "/api/v1/dlp/scan", map[string]any{"document": map[string]any{"联系人": map[string]any{"手机": "13800138000"}}})
		f := r.json["findings"].([]any)
		if len(f) != 1 || f[0].(map[string]any)["path"] != "/联系人/手机" {
			t.Errorf("document findings = %s", r.body)
		}
		if strings.Contains(string(r.body), "13800138000\"") && !strings.Contains(str(r.json["masked"]), "*") {
			t.Errorf("document not masked: %s", r.body)
		}

		p.expectError(p.call("dev", "POST", "/api/v1/dlp/scan", map[string]any{"text": "a", "document": 1}), 400, "invalid_parameter")
		p.expectError(p.call("dev", "POST", "/api/v1/dlp/scan", map[string]any{}), 400, "missing_parameter")
		p.expectError(p.call("", "POST", "/api/v1/dlp/scan", map[string]any{"text": "x"}), 401, "unauthenticated")
		p.expectError(p.call("dev", "POST", "/api/v1/dlp/scan", map[string]any{"text": strings.Repeat("电话13800138000 ", 80000)}), 413, "upload_too_large")

		// The audit entry counts findings by type and never holds the text.
		r = p.must(200, "auditor", "GET", "/api/v1/audit?action=dlp.scan&result=ok", nil)
		for _, e := range r.json["entries"].([]any) {
			if d := str(e.(map[string]any)["detail"]); strings.Contains(d, "13800138000") || strings.Contains(d, "１３８") {
				t.Errorf("audit detail holds a scanned value: %s", d)
			}
		}
	})
}

func TestGradingFailureBlocksOpening(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		ctx := context.Background()
		code := loadPeople(t, p, "conditional")
		res, err := p.app.Catalog.Lookup(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		v, err := p.app.Datasets.Get(ctx, res.ID, code, 1)
		if err != nil {
			t.Fatal(err)
		}

		// Grading a version whose table cannot be read fails and is recorded as failed.
		broken := *v
		broken.Table = "ds_missing_table"
		if err := p.app.Grading.GradeVersion(ctx, code, &broken); err == nil {
			t.Fatal("grading an unreadable table succeeded")
		}
		g, _ := columnGrades(t, p, "steward", code)
		if g["status"] != "failed" {
			t.Errorf("grading after failure = %v", g)
		}
		if _, ok := g["error"]; ok {
			t.Errorf("grading shows the internal error to the client: %v", g)
		}

		// Until the data is graded, the resource cannot be opened.
		p.must(200, "steward", "POST", "/api/v1/resources/"+code+"/submit", nil)
		r := p.call("operator", "POST", "/api/v1/resources/"+code+"/approve", nil)
		p.expectError(r, 409, "grading_incomplete")
		if errorParam(r, "state") != "failed" {
			t.Errorf("refusal params = %s", r.body)
		}

		// Grading the version again restores its grades.
		if err := p.app.Grading.GradeVersion(ctx, code, v); err != nil {
			t.Fatal(err)
		}
		p.expectError(p.call("operator", "POST", "/api/v1/resources/"+code+"/approve", nil), 409, "boundary_violation")
	})
}

func TestFilterByPseudonym(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		code := publishPeople(t, p)
		data := "/api/v1/data/" + code
		phone := url.QueryEscape("手机")
		r := p.must(201, "dev", "POST", "/api/v1/resources/"+code+"/requests", map[string]any{
			"fields": []string{"姓名", "手机"}, "purpose": "回访", "scenario": "电话回访", "legal_basis": "服务条例", "duration_days": 30})
		p.must(200, "approver", "POST", "/api/v1/requests/"+str(r.json["id"])+"/approve", map[string]any{
			"masking": map[string]any{"name": "关联", "types": map[string]any{"mobile": map[string]any{"kind": "hmac"}}}})

		rows := p.must(200, "dev", "GET", data+"?limit=3&sort=姓名", nil).json["page"].(map[string]any)["rows"].([]any)
		first, second := rows[0].([]any), rows[1].([]any)
		pseudonym := str(first[1])
		if len(pseudonym) != 32 || strings.HasPrefix(pseudonym, "138") {
			t.Fatalf("mobile value %q is not a pseudonym", pseudonym)
		}

		// Equality on a pseudonym finds the rows whose stored value has that pseudonym.
		for _, tc := range []struct {
			filter string
			names  []string
		}{
			{"eq:" + pseudonym, []string{str(first[0])}},
			{"in:" + pseudonym + "," + str(second[1]), []string{str(first[0]), str(second[0])}},
			{"eq:" + strings.Repeat("0", 32), nil},
			{"eq:13800130001", nil}, // a clear value matches nothing
		} {
			r = p.must(200, "dev", "GET", data+"?sort=姓名&filter."+phone+"="+url.QueryEscape(tc.filter), nil)
			var names []string
			for _, row := range r.json["page"].(map[string]any)["rows"].([]any) {
				names = append(names, str(row.([]any)[0]))
			}
			if strings.Join(names, ",") != strings.Join(tc.names, ",") {
				t.Errorf("filter %s returned %v, want %v", tc.filter, names, tc.names)
			}
		}

		// Any other use of the clear value stays refused.
		p.expectError(p.call("dev", "GET", data+"?filter."+phone+"=gt:13800130001", nil), 403, "filter_not_granted")
		p.expectError(p.call("dev", "GET", data+"?filter."+phone+"=prefix:138", nil), 403, "filter_not_granted")
		p.expectError(p.call("dev", "GET", data+"?sort="+phone, nil), 403, "filter_not_granted")

		// The audit record keeps the pseudonym that was given, not the stored value behind it.
		r = p.must(200, "auditor", "GET", "/api/v1/audit?action=data.query&result=ok&limit=100", nil)
		for _, e := range r.json["entries"].([]any) {
			if d := str(e.(map[string]any)["detail"]); strings.Contains(d, "1380013") && !strings.Contains(d, "13800130001") {
				t.Errorf("audit detail holds a stored phone number: %s", d)
			}
		}
	})
}
