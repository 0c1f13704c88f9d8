package idcheck

import "testing"

func TestCheckResidentID18(t *testing.T) {
	tests := []struct {
		id    string
		valid bool
		kind  IDKind
	}{
		{"11010519491231002X", true, KindResident},
		{"11010519491231002x", true, KindResident},
		{"513621198001010010", true, KindResident}, // area code of an abolished prefecture
		{"820000199001010010", true, KindResidencePermit},
		{"110105199902310010", false, 0}, // 31 February
		{"110105194912310021", false, 0}, // wrong check character
		{"11010519491231002", false, 0},
		{"1101051949123100２X", false, 0},
		{"11010530001231002X", false, 0}, // far future
		{"110105184912310029", false, 0}, // before 1850
	}
	for _, tt := range tests {
		kind, err := CheckResidentID18(tt.id)
		if (err == nil) != tt.valid {
			t.Errorf("CheckResidentID18(%q) = %v, want valid=%v", tt.id, err, tt.valid)
			continue
		}
		if tt.valid && kind != tt.kind {
			t.Errorf("CheckResidentID18(%q) kind = %v, want %v", tt.id, kind, tt.kind)
		}
	}
}

func TestForeignerPRCard(t *testing.T) {
	// 9, province 11, nationality 156-like code, birth 1985-06-15, sequence 001, check computed.
	body := "91115619850615001"
	id := body + checkChar(body)
	kind, err := CheckResidentID18(id)
	if err != nil {
		t.Fatalf("CheckResidentID18(%q) = %v", id, err)
	}
	if kind != KindForeignerPR {
		t.Errorf("kind = %v, want foreigner_pr", kind)
	}
}

func checkChar(body string) string {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return string(idCheckTable[sum%11])
}

func TestResidentID15(t *testing.T) {
	if err := CheckResidentID15("110105491231002"); err != nil {
		t.Errorf("CheckResidentID15 valid: %v", err)
	}
	if err := CheckResidentID15("110105490231002"); err == nil {
		t.Error("CheckResidentID15 accepted 31 February")
	}
	if err := CheckResidentID15("11010549123100A"); err == nil {
		t.Error("CheckResidentID15 accepted a letter")
	}
	up, err := UpgradeResidentID15("110105491231002")
	if err != nil || up != "11010519491231002X" {
		t.Errorf("UpgradeResidentID15 = %q, %v, want 11010519491231002X", up, err)
	}
}

func TestCheckLuhn(t *testing.T) {
	tests := []struct {
		number string
		valid  bool
	}{
		{"4111111111111111", true},
		{"6217000000000000004", true},
		{"4111111111111112", false},
		{"41111111111", false},
		{"411111111111111a", false},
	}
	for _, tt := range tests {
		if err := CheckLuhn(tt.number); (err == nil) != tt.valid {
			t.Errorf("CheckLuhn(%q) = %v, want valid=%v", tt.number, err, tt.valid)
		}
	}
}

func TestValidDate(t *testing.T) {
	if !ValidDate(2000, 2, 29) || ValidDate(1900, 2, 29) || ValidDate(2023, 4, 31) {
		t.Error("ValidDate leap year or month length wrong")
	}
}
