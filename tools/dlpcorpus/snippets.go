package main

import (
	"strings"
	"unicode/utf8"
)

// builder assembles a snippet and its labels in rune offsets.
type builder struct {
	b     strings.Builder
	n     int
	spans []Span
}

func (b *builder) text(s string) {
	b.b.WriteString(s)
	b.n += utf8.RuneCountInString(s)
}

func (b *builder) value(typ, s string) {
	start := b.n
	b.text(s)
	b.spans = append(b.spans, Span{Type: typ, Start: start, End: b.n})
}

// obfuscate writes a value the way text copied from documents and chat arrives: with full-width
// digits, a zero-width space, a soft hyphen, or ideographic spaces and dashes between groups.
func (g gen) obfuscate(s string) string {
	switch g.r.IntN(6) {
	case 0:
		return fullWidth(s)
	case 1:
		k := 1 + g.r.IntN(len(s)-1)
		return s[:k] + "\u200b" + s[k:]
	case 2:
		k := 1 + g.r.IntN(len(s)-1)
		return s[:k] + "\u00ad" + s[k:]
	}
	return s
}

// fragment writes one labelled or negative piece of text.
func (g gen) fragment(b *builder) {
	switch g.r.IntN(26) {
	case 0:
		b.text(g.pick([]string{"身份证号：", "公民身份号码", "证件号码 ", "身份证"}))
		b.value("id_card", g.obfuscate(g.residentID(g.pick(areaCodes))))
	case 1:
		b.text(g.pick([]string{"港澳居民居住证", "居住证号码："}))
		b.value("residence_permit", g.permit())
	case 2:
		b.text(g.pick([]string{"联系电话：", "手机", "手机号 ", "Tel: ", "电话"}))
		m := g.mobile()
		switch g.r.IntN(5) {
		case 0:
			m = m[:3] + "\u3000" + m[3:7] + "\u3000" + m[7:]
		case 1:
			m = m[:3] + "—" + m[3:7] + "—" + m[7:]
		case 2:
			m = "+86 " + m
			b.text("+86 ")
			m = m[4:]
		case 3:
			m = g.obfuscate(m)
		}
		b.value("mobile", m)
	case 3:
		b.text(g.pick([]string{"卡号 ", "银行卡号", "开户账号："}))
		c := g.bankCard()
		if g.r.IntN(2) == 0 {
			c = groupCard(c, g.pick([]string{" ", "-", "\u00a0"}))
		}
		b.value("bank_card", c)
	case 4:
		b.text(g.pick([]string{"统一社会信用代码：", "信用代码"}))
		b.value("uscc", g.uscc())
	case 5:
		b.text("组织机构代码")
		b.value("org_code", g.orgCode())
	case 6:
		b.text(g.pick([]string{"邮箱：", "请发送至", "Email: ", "电子邮箱 "}))
		b.value("email", g.email())
	case 7:
		b.text(g.pick([]string{"服务器", "来源IP ", "登录地址："}))
		if g.r.IntN(3) == 0 {
			b.value("ipv6", g.ipv6())
		} else {
			b.value("ipv4", g.ipv4())
		}
	case 8:
		v, typ, cue := g.travel()
		b.text(cue + g.pick([]string{"：", "", " "}))
		b.value(typ, v)
	case 9:
		b.text(g.pick([]string{"车牌号", "车辆", "号牌"}))
		b.value("plate", g.plate())
	case 10, 11:
		b.text(g.pick([]string{"姓名：", "联系人", "申请人", "经办人：", "患者", "收件人 "}))
		b.value("name", g.name())
	case 12:
		b.value("name", g.name())
		b.text(g.pick([]string{"先生", "女士"}))
	case 13, 14:
		b.text(g.pick([]string{"住址：", "家住", "地址：", "现居住于"}))
		b.value("address", g.address(true))
	case 15:
		b.text(g.pick([]string{"出生日期：", "生于", "出生日期 ", "DOB: "}))
		b.value("birth_date", g.birthDate())
	case 16:
		b.text(g.pick([]string{"座机", "办公电话：", "传真 "}))
		_, t := g.landline()
		b.value("landline", t)
	case 17:
		b.text("外国人永久居留身份证")
		b.value("foreigner_pr", g.foreignerPR())
	case 18:
		// A name with no cue word at all.
		b.value("name", g.name())
		b.text(g.pick([]string{"于上周提交了申请", "来窗口办理业务", "已签字确认"}))
	case 19:
		// An address with no division name after a cue.
		b.text(g.pick([]string{"住址：", "家住", "现住"}))
		b.value("address", g.address(false))
	case 20:
		// A JSON body.
		b.text(`{"姓名":"`)
		b.value("name", g.name())
		b.text(`","手机":"`)
		b.value("mobile", g.mobile())
		b.text(`","备注":"无"}`)
	case 21:
		// A cue word with no name after it.
		b.text(g.pick([]string{"联系人：无", "申请人：（空）", "姓名：___"}))
	default:
		b.text(g.negative())
	}
}

// negative returns text with no sensitive value that resembles one.
func (g gen) negative() string {
	switch g.r.IntN(16) {
	case 13:
		return g.pick([]string{"王府井已恢复开放", "张家港于本月启用新系统", "江南水乡已进入雨季", "高新区于今日发布", "周末来窗口办理", "黄金周已结束", "金山城来电咨询"})
	case 14:
		return g.pick([]string{"李村已完成改造", "何时来办理", "石景山区于周一停水", "关于申请材料的说明"})
	case 0:
		return "会议日期" + g.birthDate()
	case 1:
		return "订单号2024" + g.digits(12)
	case 2:
		return "流水号99" + g.mobile()
	case 3:
		return "金额" + g.mobile() + ".00元"
	case 4:
		return "版本v" + g.ipv4()
	case 5:
		return "请求ID 550e8400-e29b-41d4-a716-" + g.digits(12)
	case 6:
		return "办理时间12:30:45"
	case 7:
		return g.pick([]string{"北京市朝阳区人民政府发布通知", "广州市天河区教育局召开会议", "上海市浦东新区人民法院"})
	case 8:
		return g.pick([]string{"王府井商圈客流", "高新区管委会", "李村集市", "金山区图书馆开放"})
	case 9:
		return "身份证号" + g.badID() + "校验失败"
	case 10:
		return "信用代码" + g.badUSCC() + "有误"
	case 11:
		return "共计" + g.digits(8) + "人次"
	case 12:
		return "编号E2024" + g.digits(3)
	case 15:
		return "时间为" + g.pick([]string{"2024年3月1日", "2023-12-31"}) + "，于下午办理"
	}
	return "请于工作日办理"
}

func (g gen) snippet() Snippet {
	var b builder
	n := 1 + g.r.IntN(4)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.text(g.pick([]string{"，", "。", "；", " ", "\n", "，其"}))
		}
		g.fragment(&b)
	}
	b.text(g.pick([]string{"。", "", "，请核实。"}))
	if b.spans == nil {
		b.spans = []Span{}
	}
	return Snippet{Text: b.b.String(), Spans: b.spans}
}
