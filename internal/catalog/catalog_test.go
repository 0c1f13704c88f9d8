package catalog_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/identity"
	"govshare/internal/store"
	"govshare/internal/store/storetest"
)

func code(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Code + ":" + ae.Params["param"]
	}
	if err != nil {
		return "internal: " + err.Error()
	}
	return ""
}

type fixture struct {
	cat               *catalog.Service
	steward, operator *identity.Principal
	outsider          *identity.Principal
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	ids := identity.NewService(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	mk := func(user, dept, role string) *identity.Principal {
		if _, err := ids.DepartmentByCode(ctx, dept); err != nil {
			if _, err := ids.CreateDepartment(ctx, identity.NewDepartment{Code: dept, NameZH: dept + "局", NameEN: dept + " Bureau"}); err != nil {
				t.Fatal(err)
			}
		}
		u, err := ids.CreateUser(ctx, identity.NewUser{Username: user, DepartmentCode: dept, Password: "a-long-password-1", Roles: []string{role}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := ids.PrincipalOf(ctx, u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	return fixture{cat: catalog.NewService(db), steward: mk("steward", "STATS", "data_steward"),
		operator: mk("operator", "BDB", "platform_operator"), outsider: mk("outsider", "CIVIL", "consumer_developer")}
}

func meta(name string) catalog.Metadata {
	return catalog.Metadata{Name: name, Summary: "测试", Classification: "theme", Theme: "人口",
		SharingType: catalog.SharingUnconditional, OpenType: catalog.OpenClosed, SecurityLevel: 2}
}

func TestMetadataRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *catalog.Metadata)
		want   string
	}{
		{"valid", func(m *catalog.Metadata) {}, ""},
		{"conditional needs conditions", func(m *catalog.Metadata) { m.SharingType = catalog.SharingConditional }, "invalid_metadata:sharing_conditions"},
		{"none needs legal basis", func(m *catalog.Metadata) { m.SharingType = catalog.SharingNone }, "invalid_metadata:legal_basis"},
		{"open needs L1", func(m *catalog.Metadata) { m.OpenType = catalog.OpenOpen }, "invalid_metadata:open_type"},
		{"base needs category", func(m *catalog.Metadata) { m.Classification = "base" }, "invalid_metadata:base_category"},
		{"unknown sharing type", func(m *catalog.Metadata) { m.SharingType = "maybe" }, "invalid_metadata:sharing_type"},
		{"level out of range", func(m *catalog.Metadata) { m.SecurityLevel = 6 }, "invalid_metadata:security_level"},
		{"duplicate items", func(m *catalog.Metadata) {
			m.Items = []catalog.Item{{Name: "姓名"}, {Name: "姓名"}}
		}, "invalid_metadata:items[1].name"},
		{"bad publish date", func(m *catalog.Metadata) { m.PublishDate = "2026/1/2" }, "invalid_metadata:publish_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := meta("人口统计")
			tt.change(&m)
			if got := code(m.Validate()); got != tt.want {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLifecycleAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)

		r, err := f.cat.Create(ctx, f.steward, meta("北京市朝阳区人口统计"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Code != "STATS-000001" || r.Status != catalog.StatusDraft {
			t.Fatalf("created %s in %s", r.Code, r.Status)
		}
		if _, err := f.cat.Create(ctx, f.outsider, meta("x")); code(err) != "forbidden:" {
			t.Errorf("consumer registered a resource: %v", err)
		}

		// A draft is invisible to other departments.
		if list, _, _ := f.cat.List(ctx, f.outsider, catalog.Query{Text: "人口"}); len(list) != 0 {
			t.Errorf("outsider sees %d drafts", len(list))
		}
		if _, err := f.cat.Approve(ctx, f.operator, r.Code, ""); code(err) != "invalid_state:" {
			t.Errorf("approve a draft: %v", err)
		}
		if _, err := f.cat.Submit(ctx, f.steward, r.Code); err != nil {
			t.Fatal(err)
		}
		if _, err := f.cat.Return(ctx, f.operator, r.Code, ""); code(err) != "missing_parameter:reason" {
			t.Errorf("return without reason: %v", err)
		}
		if _, err := f.cat.Return(ctx, f.operator, r.Code, "摘要不完整"); err != nil {
			t.Fatal(err)
		}
		m := meta("北京市朝阳区人口统计")
		m.Summary = "按街道统计的常住人口"
		if _, err := f.cat.Update(ctx, f.steward, r.Code, m); err != nil {
			t.Fatal(err)
		}
		if _, err := f.cat.Submit(ctx, f.steward, r.Code); err != nil {
			t.Fatal(err)
		}
		pub, err := f.cat.Approve(ctx, f.operator, r.Code, "通过")
		if err != nil {
			t.Fatal(err)
		}
		if pub.Status != catalog.StatusPublished || pub.PublishedAt == nil {
			t.Fatalf("approved resource = %+v", pub)
		}

		for _, q := range []string{"人口", "朝阳", "STATS Bureau", "常住 街道"} {
			list, total, err := f.cat.List(ctx, f.outsider, catalog.Query{Text: q})
			if err != nil || total != 1 || len(list) != 1 {
				t.Errorf("search %q: %d results, %v", q, total, err)
			}
		}
		if _, total, _ := f.cat.List(ctx, f.outsider, catalog.Query{Text: "100%"}); total != 0 {
			t.Errorf("search with a LIKE wildcard matched %d", total)
		}

		hist, err := f.cat.History(ctx, f.outsider, r.Code)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, h := range hist {
			actions = append(actions, h.Action)
		}
		want := []string{"create", "submit", "return", "update", "submit", "approve"}
		if len(actions) != len(want) {
			t.Fatalf("history = %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("history = %v, want %v", actions, want)
			}
		}
		if hist[2].Note != "摘要不完整" || hist[3].Metadata.Summary != "按街道统计的常住人口" {
			t.Errorf("history lost the return reason or the update: %+v", hist[2:4])
		}
	})
}
