package idcheck

import "testing"

func TestCheckUSCC(t *testing.T) {
	tests := []struct {
		code  string
		valid bool
	}{
		{"91350100M000100Y43", true},
		{"91350100m000100y43", true},
		{"12330102MB1G56027R", true},
		{"91350100M000100Y4Z", false},
		{"91350100M000100Y4", false},
		{"91350100M000100I43", false},
	}
	for _, tt := range tests {
		err := CheckUSCC(tt.code)
		if (err == nil) != tt.valid {
			t.Errorf("CheckUSCC(%q) = %v, want valid=%v", tt.code, err, tt.valid)
		}
	}
}

func TestCheckOrgCode(t *testing.T) {
	for _, code := range []string{"M000100Y-4", "D2143569-X", "M000100Y4"} {
		if err := CheckOrgCode(code); err != nil {
			t.Errorf("CheckOrgCode(%q) = %v, want valid", code, err)
		}
	}
	if err := CheckOrgCode("D2143569-1"); err == nil {
		t.Error("CheckOrgCode(D2143569-1) accepted a wrong check character")
	}
}
