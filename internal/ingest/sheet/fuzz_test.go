package sheet

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var fuzzLimits = Limits{MaxZipRatio: 100, MaxZipBytes: 64 << 20, MaxCell: 1 << 16, MaxColumns: 1000}

// readAll opens every sheet of a workbook and reads all of its rows.
func readAll(t *testing.T, open func(string, Limits) (Workbook, error), data []byte) {
	path := filepath.Join(t.TempDir(), "book")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	wb, err := open(path, fuzzLimits)
	if err != nil {
		return
	}
	defer wb.Close()
	for i := range wb.Sheets() {
		rows, err := wb.Open(i)
		if err != nil {
			continue
		}
		last := 0
		for {
			cells, row, err := rows.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var se *Error
				if !errors.As(err, &se) {
					t.Fatalf("sheet %d: error %T %v is not a *sheet.Error", i, err, err)
				}
				break
			}
			if row <= last {
				t.Fatalf("sheet %d: row %d after row %d", i, row, last)
			}
			if len(cells) > fuzzLimits.MaxColumns {
				t.Fatalf("sheet %d: %d cells in a row", i, len(cells))
			}
			last = row
		}
		rows.Close()
	}
}

func FuzzXLS(f *testing.F) {
	if seed, err := os.ReadFile("../testdata/四川省.xls"); err == nil {
		f.Add(seed)
	}
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, OpenXLS, data) })
}

func FuzzXLSX(f *testing.F) {
	if seed, err := os.ReadFile("../testdata/天津市2018.xlsx"); err == nil {
		f.Add(seed)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, OpenXLSX, data) })
}

func TestClassifyFormat(t *testing.T) {
	tests := map[string]dateKind{
		"General": notDate, "0.00": notDate, `#,##0 "元"`: notDate, "yyyy-mm-dd": dateOnly,
		`yyyy"年"m"月"d"日"`: dateOnly, "h:mm:ss": timeOnly, "mm:ss": timeOnly, "[h]:mm": timeOnly,
		"yyyy/m/d h:mm": dateTime, "[Red]0.00": notDate, "[$-804]yyyy年m月": dateOnly, "@": notDate,
	}
	for code, want := range tests {
		if got := classifyFormat(code); got != want {
			t.Errorf("classifyFormat(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestSerialDates(t *testing.T) {
	tests := []struct {
		serial   float64
		kind     dateKind
		date1904 bool
		want     string
	}{
		{1, dateOnly, false, "1900-01-01"},
		{59, dateOnly, false, "1900-02-28"},
		{61, dateOnly, false, "1900-03-01"},
		{44928, dateOnly, false, "2023-01-02"},
		{44928.75, dateTime, false, "2023-01-02T18:00:00"},
		{0.5, timeOnly, false, "12:00:00"},
		{0, dateOnly, true, "1904-01-01"},
	}
	for _, tt := range tests {
		got, ok := formatSerial(tt.serial, tt.kind, tt.date1904)
		if !ok || got != tt.want {
			t.Errorf("formatSerial(%v) = %q %v, want %q", tt.serial, got, ok, tt.want)
		}
	}
}
