package dlp

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(Options{Logger: discard()})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

type hit struct {
	Type  string
	Value string
}

func hits(fs []Finding) []hit {
	out := []hit{}
	for _, f := range fs {
		out = append(out, hit{f.Type, f.Value})
	}
	return out
}

func TestScanVectors(t *testing.T) {
	e := newTestEngine(t)
	tests := []struct {
		text string
		want []hit
	}{
		{"身份证号11010519491231002X。", []hit{{"id_card", "11010519491231002X"}}},
		{"身份证号11010519491231002x。", []hit{{"id_card", "11010519491231002x"}}},
		{"身份证号110105199902310010。", []hit{}},
		{"证件号码513621198001010010", []hit{{"id_card", "513621198001010010"}}},
		{"港澳居民居住证820000199001010010", []hit{{"residence_permit", "820000199001010010"}}},
		{"统一社会信用代码91350100M000100Y43", []hit{{"uscc", "91350100M000100Y43"}}},
		{"统一社会信用代码91350100M000100Y4Z", []hit{}},
		{"组织机构代码M000100Y-4，另一家D2143569-X", []hit{{"org_code", "M000100Y-4"}, {"org_code", "D2143569-X"}}},
		{"卡号 4111 1111 1111 1111 已绑定", []hit{{"bank_card", "4111 1111 1111 1111"}}},
		{"银行卡6217000000000000004", []hit{{"bank_card", "6217000000000000004"}}},
		{"电话13800138000", []hit{{"mobile", "13800138000"}}},
		{"订单9913800138000", []hit{}},
		{"手机 138-0013-8000", []hit{{"mobile", "138-0013-8000"}}},
		{"手机＋８６１３８００１３８０００", []hit{{"mobile", "＋８６１３８００１３８０００"}}},
		{"全角１１０１０５１９４９１２３１００２Ｘ", []hit{{"id_card", "１１０１０５１９４９１２３１００２Ｘ"}}},
		{"号码138\u200b0013\u00ad8000", []hit{{"mobile", "138\u200b0013\u00ad8000"}}},
		{"电话010-62345678", []hit{{"landline", "010-62345678"}}},
		{"联系(0755)86000000", []hit{{"landline", "(0755)86000000"}}},
		{"邮箱zhang.san@example.com", []hit{{"email", "zhang.san@example.com"}}},
		{"邮箱：张三@例子.中国，谢谢", []hit{{"email", "张三@例子.中国"}}},
		{"服务器192.168.1.10宕机", []hit{{"ipv4", "192.168.1.10"}}},
		{"版本v1.2.3.4发布", []hit{}},
		{"地址2001:db8::8a2e:370:7334", []hit{{"ipv6", "2001:db8::8a2e:370:7334"}}},
		{"会议12:30:45开始", []hit{}},
		{"aA00::0:", []hit{{"ipv6", "aA00::0"}}},
		{"IP:2001:db8::1 登录", []hit{{"ipv6", "2001:db8::1"}}},
		{"电话13800138000:13900139000:13700137000:13600136000", []hit{{"mobile", "13800138000"}, {"mobile", "13900139000"}, {"mobile", "13700137000"}, {"mobile", "13600136000"}}},
		{"护照号码E12345678", []hit{{"passport", "E12345678"}}},
		{"车牌京A·12345违停", []hit{{"plate", "京A·12345"}}},
		{"新能源车粤BD12345", []hit{{"plate", "粤BD12345"}}},
		{"姓名：欧阳娜娜，电话13800138000", []hit{{"name", "欧阳娜娜"}, {"mobile", "13800138000"}}},
		{"联系人王小明电话13900139000", []hit{{"name", "王小明"}, {"mobile", "13900139000"}}},
		{"请李华先生到窗口", []hit{{"name", "李华"}}},
		{"住址北京市朝阳区建国路88号3号楼201室", []hit{{"address", "北京市朝阳区建国路88号3号楼201室"}}},
		{"北京市朝阳区人民政府发布通知", []hit{}},
		{"出生日期：1990年5月17日", []hit{{"birth_date", "1990年5月17日"}}},
		{"会议日期：1990年5月17日", []hit{}},
		{"分机010-12345678", []hit{}},
		{"金额13800138000.50元", []hit{}},
		{"GUID 12345678-1234-1234-1234-123456789012", []hit{}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := hits(e.Scan(tt.text))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Scan(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestScanRuneOffsets(t *testing.T) {
	e := newTestEngine(t)
	text := "张三的手机：１３８００１３８０００，身份证11010519491231002X"
	fs := e.Scan(text)
	rs := []rune(text)
	for _, f := range fs {
		if got := string(rs[f.Start:f.End]); got != f.Value {
			t.Errorf("runes [%d:%d] = %q, want value %q", f.Start, f.End, got, f.Value)
		}
	}
	if len(fs) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(fs), fs)
	}
}

func TestMaskTextOverlap(t *testing.T) {
	e := newTestEngine(t)
	text := "甲13800138000乙"
	fs := []Finding{
		{Type: "mobile", Start: 1, End: 12, Confidence: 0.9},
		{Type: "bank_card", Start: 5, End: 12, Confidence: 0.5},
	}
	if got, want := e.MaskText(text, fs), "甲138****8000乙"; got != want {
		t.Errorf("MaskText = %q, want %q", got, want)
	}
}

// TestScanLongRuns checks that long runs of one kind of character are scanned in linear time: the
// test would time out if each colon, digit or at sign restarted a scan of the whole run.
func TestScanLongRuns(t *testing.T) {
	e := newTestEngine(t)
	for _, unit := range []string{"1:", "a@", "1 ", "1.", "a.", "-", "张", "姓名", "北京市", "于", "1"} {
		text := strings.Repeat(unit, 200000)
		for _, f := range e.Scan(text) {
			if f.End <= f.Start {
				t.Fatalf("empty finding in a run of %q", unit)
			}
		}
	}
}

func TestMaskTextEveryType(t *testing.T) {
	e := newTestEngine(t)
	texts := []string{
		"身份证号11010519491231002X", "港澳居民居住证820000199001010010", "信用代码91350100M000100Y43",
		"组织机构代码M000100Y-4", "卡号 4111 1111 1111 1111", "手机13800138000", "电话010-62345678",
		"邮箱：张三@例子.中国", "服务器192.168.1.10", "地址2001:db8::8a2e:370:7334", "护照号码E12345678",
		"车牌京A·12345", "姓名：欧阳娜娜", "住址北京市朝阳区建国路88号3号楼201室", "出生日期：1990年5月17日",
	}
	seen := map[string]bool{}
	for _, text := range texts {
		fs := e.Scan(text)
		if len(fs) != 1 {
			t.Errorf("Scan(%q) = %v, want one finding", text, hits(fs))
			continue
		}
		seen[fs[0].Type] = true
		masked := e.MaskText(text, fs)
		if strings.Contains(masked, fs[0].Value) {
			t.Errorf("MaskText(%q) = %q still contains %q", text, masked, fs[0].Value)
		}
	}
	if len(seen) != len(texts) {
		t.Errorf("covered %d types, want %d: %v", len(seen), len(texts), seen)
	}
}
