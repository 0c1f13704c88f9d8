// Package demo loads the demonstration departments, users and resources: real public files (NBS
// division codes, the GB/T 2260 list, an NBS GBK export and a procurement spreadsheet) and an
// invented population register that shows masking.
package demo

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/app"
	"govshare/internal/audit"
	"govshare/internal/idcheck"
	"govshare/internal/identity"
)

//go:embed data
var files embed.FS

// CredentialsFile is written to the data directory with the demo users' passwords and API tokens.
const CredentialsFile = "demo-credentials.txt"

// Population is the number of invented residents in the demo population register.
const Population = 10000

type deptSpec struct {
	key, nameZH, nameEN, orgCode string
}

// Departments of the demo: invented Beijing bureaus whose codes are valid unified social credit
// codes made by uscc (they belong to no real organization on purpose).
var departments = []deptSpec{
	{"bdb", "北京市大数据管理局（演示）", "Beijing Big Data Bureau (demo)", "GXDM0001"},
	{"stats", "北京市统计局（演示）", "Beijing Statistics Bureau (demo)", "GXDM0002"},
	{"civil", "北京市民政局（演示）", "Beijing Civil Affairs Bureau (demo)", "GXDM0003"},
	{"police", "北京市公安局（演示）", "Beijing Public Security Bureau (demo)", "GXDM0004"},
	{"health", "北京市卫生健康委员会（演示）", "Beijing Health Commission (demo)", "GXDM0005"},
}

type userSpec struct {
	name, dept string
	roles      []identity.Role
}

var users = []userSpec{
	{"operator", "bdb", []identity.Role{identity.RolePlatformOperator}},
	{"security", "bdb", []identity.Role{identity.RoleSecurityAdmin}},
	{"auditor", "bdb", []identity.Role{identity.RoleAuditAdmin}},
	{"stats.steward", "stats", []identity.Role{identity.RoleDataSteward}},
	{"civil.steward", "civil", []identity.Role{identity.RoleDataSteward}},
	{"civil.dev", "civil", []identity.Role{identity.RoleConsumerDeveloper}},
	{"police.admin", "police", []identity.Role{identity.RoleDepartmentAdmin}},
	{"police.steward", "police", []identity.Role{identity.RoleDataSteward}},
	{"police.approver", "police", []identity.Role{identity.RoleApprover}},
	{"health.steward", "health", []identity.Role{identity.RoleDataSteward}},
	{"health.dev", "health", []identity.Role{identity.RoleConsumerDeveloper}},
}

// uscc builds a valid unified social credit code for a government body (类别 1, 机关 1) in Beijing
// (110000) from an 8-character organization code body, computing both check characters.
func uscc(orgBody string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for _, oc := range "0123456789X" {
		for _, c := range alphabet {
			code := "11110000" + orgBody + string(oc) + string(c)
			if idcheck.CheckUSCC(code) == nil {
				return code
			}
		}
	}
	panic("demo: no valid credit code for " + orgBody)
}

// Seed loads the demo on an empty platform and writes the credentials file. On a platform that
// already has the demo departments, it only prints where the credentials are.
func Seed(ctx context.Context, a *app.App, dataDir string, out io.Writer) error {
	credPath := filepath.Join(dataDir, CredentialsFile)
	codes := map[string]string{}
	for _, d := range departments {
		codes[d.key] = uscc(d.orgCode)
	}
	if _, err := a.Identity.DepartmentByCode(ctx, codes["bdb"]); err == nil {
		if _, err := os.Stat(credPath); err != nil {
			return fmt.Errorf("demo: the demo departments exist but %s does not, so an earlier demo load stopped half-way; "+
				"remove the data directory %s and start again", credPath, dataDir)
		}
		fmt.Fprintf(out, "demo data is already loaded; credentials are in %s\n", credPath)
		return nil
	}
	start := time.Now()
	s := &seeder{a: a, codes: codes, principals: map[string]*identity.Principal{}}
	if err := s.run(ctx, dataDir); err != nil {
		return err
	}
	if err := os.WriteFile(credPath, []byte(s.credentials.String()), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", credPath, err)
	}
	a.Logger.Info("demo: loaded", slog.Duration("took", time.Since(start)))
	fmt.Fprintf(out, "demo data loaded; user names, passwords and API tokens are in %s\n", credPath)
	return nil
}

type seeder struct {
	a           *app.App
	codes       map[string]string
	principals  map[string]*identity.Principal
	credentials strings.Builder
}

func (s *seeder) run(ctx context.Context, dataDir string) error {
	s.credentials.WriteString("# govshare demo accounts: user name, department, roles, password, API token (valid 30 days)\n")
	for _, d := range departments {
		if _, err := s.a.Identity.CreateDepartment(ctx, identity.NewDepartment{Code: s.codes[d.key], NameZH: d.nameZH,
			NameEN: d.nameEN, ParentCode: parentOf(d.key, s.codes), RegionCode: "110000"}); err != nil {
			return explain("create department "+d.key, err)
		}
	}
	for _, u := range users {
		if err := s.createUser(ctx, u); err != nil {
			return err
		}
	}
	if err := s.loadResources(ctx, dataDir); err != nil {
		return err
	}
	return s.applyForPopulation(ctx)
}

func parentOf(key string, codes map[string]string) string {
	if key == "bdb" {
		return ""
	}
	return codes["bdb"]
}

func (s *seeder) createUser(ctx context.Context, u userSpec) error {
	password := randomPassword()
	roles := make([]string, len(u.roles))
	for i, r := range u.roles {
		roles[i] = string(r)
	}
	created, err := s.a.Identity.CreateUser(ctx, identity.NewUser{Username: u.name, DisplayName: u.name,
		DepartmentCode: s.codes[u.dept], Password: password, Roles: roles})
	if err != nil {
		return explain("create user "+u.name, err)
	}
	_, token, err := s.a.Identity.CreateToken(ctx, created.ID, "demo", 30*24*time.Hour)
	if err != nil {
		return explain("create token for "+u.name, err)
	}
	p, err := s.a.Identity.PrincipalOf(ctx, created.ID, "demo")
	if err != nil {
		return err
	}
	s.principals[u.name] = p
	fmt.Fprintf(&s.credentials, "%s\t%s\t%s\t%s\t%s\n", u.name, s.codes[u.dept], strings.Join(roles, ","), password, token)
	return s.record(ctx, p, "user.create", u.name, 0, "")
}

func randomPassword() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *seeder) record(ctx context.Context, p *identity.Principal, action, resource string, rows int64, fields string) error {
	return s.a.Audit.Append(ctx, audit.Entry{Actor: p.Username, ActorID: p.UserID, Department: p.DepartmentCode,
		Role: p.RoleList(), Action: action, Resource: resource, RowCount: rows, Fields: fields, Result: audit.ResultOK,
		RequestID: "demo", Detail: `{"via":"demo"}`})
}

func explain(what string, err error) error {
	if ae, ok := err.(*apierr.Error); ok {
		return fmt.Errorf("demo: %s: %s", what, ae.Message("en"))
	}
	return fmt.Errorf("demo: %s: %w", what, err)
}

// districts returns the Beijing districts of the NBS county list, for the invented addresses.
func districts() ([]district, error) {
	f, err := files.Open("data/areas.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read areas.csv: %w", err)
	}
	var out []district
	for _, r := range recs[1:] {
		if strings.HasPrefix(r[0], "1101") {
			out = append(out, district{code: r[0], name: r[1]})
		}
	}
	return out, nil
}

// extract copies an embedded file into dir so that the loader can read it twice.
func extract(name, dir string) (string, error) {
	b, err := fs.ReadFile(files, "data/"+name)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, b, 0o600)
}
