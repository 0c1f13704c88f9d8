package idcheck

import "testing"

func FuzzValidators(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105491231002", "91350100M000100Y43", "M000100Y-4", "4111111111111111", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, err := CheckResidentID18(s)
		if err == nil && (len(s) != 18 || kind.String() == "") {
			t.Fatalf("CheckResidentID18 accepted %q", s)
		}
		if err := CheckResidentID15(s); err == nil {
			up, err := UpgradeResidentID15(s)
			if err != nil {
				t.Fatalf("UpgradeResidentID15(%q) failed after a valid check: %v", s, err)
			}
			if _, err := CheckResidentID18(up); err != nil {
				t.Fatalf("upgraded %q to %q which does not validate: %v", s, up, err)
			}
		}
		if (CheckUSCC(s) == nil) != ValidUSCC(s) {
			t.Fatalf("CheckUSCC and ValidUSCC disagree on %q", s)
		}
		if (CheckOrgCode(s) == nil) != ValidOrgCode(s) {
			t.Fatalf("CheckOrgCode and ValidOrgCode disagree on %q", s)
		}
		if k, ok := ResidentID18Kind(s); ok != (err == nil) || ok && k != kind {
			t.Fatalf("ResidentID18Kind and CheckResidentID18 disagree on %q", s)
		}
		if (CheckLuhn(s) == nil) != ValidLuhn(s) {
			t.Fatalf("CheckLuhn and ValidLuhn disagree on %q", s)
		}
	})
}
