package dlp

import (
	"strings"
	"testing"
)

func BenchmarkScanMixedChinese(b *testing.B) {
	e := newTestEngine(b)
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString("为进一步做好政务数据共享工作，根据有关规定，现将相关事项通知如下。各部门应当按照目录要求及时更新数据资源。")
		sb.WriteString("联系人王小明，手机13800138000。住址：北京市朝阳区建国路88号3号楼201室。订单号2024031512345678。")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Scan(text)
	}
}
