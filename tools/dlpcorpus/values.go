package main

import (
	"fmt"
	"strings"
)

// values returns the labelled column values: every detector, its written variants, and hard
// negatives that look like them.
func (g gen) values() []Value {
	var out []Value
	add := func(column, typ string, n int, f func() string) {
		for i := 0; i < n; i++ {
			out = append(out, Value{Column: column, Value: f(), Type: typ})
		}
	}

	add("身份证号", "id_card", 220, func() string { return g.residentID(g.pick(areaCodes)) })
	add("身份证号", "id_card", 40, g.legacyID)
	add("身份证号", "", 60, g.badID)
	add("居住证号码", "residence_permit", 40, g.permit)
	add("永久居留身份证号", "foreigner_pr", 40, g.foreignerPR)
	add("统一社会信用代码", "uscc", 120, g.uscc)
	add("统一社会信用代码", "", 30, g.badUSCC)
	add("组织机构代码", "org_code", 80, g.orgCode)
	add("组织机构代码", "org_code", 20, func() string { return strings.ReplaceAll(g.orgCode(), "-", "") })
	add("银行卡号", "bank_card", 150, func() string {
		c := g.bankCard()
		switch g.r.IntN(3) {
		case 0:
			return groupCard(c, " ")
		case 1:
			return groupCard(c, "-")
		}
		return c
	})
	add("银行卡号", "", 30, func() string { return badLuhn("30" + g.digits(14)) })
	add("手机号码", "mobile", 200, func() string {
		m := g.mobile()
		switch g.r.IntN(5) {
		case 0:
			return m[:3] + " " + m[3:7] + " " + m[7:]
		case 1:
			return m[:3] + "-" + m[3:7] + "-" + m[7:]
		case 2:
			return "+86" + m
		case 3:
			return fullWidth(m)
		}
		return m
	})
	add("手机号码", "", 30, func() string { return "99" + g.mobile() })
	add("固定电话", "landline", 80, func() string { _, t := g.landline(); return t })
	add("电子邮箱", "email", 120, g.email)
	add("姓名", "name", 250, g.name)
	add("家庭住址", "address", 140, func() string { return g.address(true) })
	add("家庭住址", "address", 60, func() string { return g.address(false) })
	add("车牌号码", "plate", 100, g.plate)
	add("护照号码", "passport", 50, func() string { return "E" + g.digits(8) })
	add("港澳通行证号码", "hk_macau_permit", 30, func() string { return "C" + g.digits(8) })
	add("台胞证号码", "taiwan_permit", 30, func() string { return g.digits(8) })
	add("出生日期", "birth_date", 100, g.birthDate)
	add("IP地址", "ipv4", 60, g.ipv4)
	add("IPv6地址", "ipv6", 30, g.ipv6)

	// Hard negatives.
	add("订单号", "", 100, func() string { return "2024" + g.digits(10+g.r.IntN(5)) })
	add("流水号", "", 40, func() string { return "99" + g.digits(11) })
	add("金额", "", 60, func() string { return fmt.Sprintf("%d.%02d", g.r.IntN(100000000), g.r.IntN(100)) })
	add("日期", "", 60, g.birthDate)
	add("编号", "", 40, func() string {
		return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", g.r.Uint32(), g.r.IntN(65536), g.r.IntN(65536), g.r.IntN(65536), g.r.Uint64()>>16)
	})
	add("单位名称", "", 40, func() string {
		return g.pick([]string{"北京市朝阳区人民政府", "上海市浦东新区人民法院", "广州市天河区教育局", "杭州市西湖区卫生健康局", "某某科技有限公司", "高新区管委会", "王府井百货", "金山区图书馆"})
	})
	add("备注", "", 60, func() string {
		return g.pick([]string{"已审核", "无", "资料齐全", "待补充材料", "同意", "高新区", "王府井", "李村", "江南", "周末办理", "版本1.2.3.4", "12:30:45", "共计12345678人次"})
	})
	return out
}
