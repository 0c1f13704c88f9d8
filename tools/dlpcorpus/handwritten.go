package main

import (
	"strings"
	"unicode/utf8"
)

// handwritten are snippets written by hand in styles the generator does not produce: chat
// messages, form remarks, complaint texts, English and mixed text. Values are invented. A
// finding is marked {type|value}; the markup is removed and its rune offsets become the label.
var handwritten = []string{
	"您好，我是{name|陈晓东}，手机号是{mobile|186 1234 5678}，麻烦尽快回电。",
	"客户反映：本人{name|刘思远}的身份证（{id_card|44030519900307121X}）被他人冒用办理业务。",
	"退款请打到我的工行卡{bank_card|6222021234567890128}上，户名{name|周敏}。",
	"寄件地址：{address|广东省深圳市南山区科技南十二路18号}，电话{mobile|13912345678}。",
	"附件中{name|王建国}同志的出生日期为{birth_date|1968年3月12日}，请核对。",
	"Please contact Ms. Li at {email|li.hua@example.com} or {mobile|+86 139 0000 1234}.",
	"IP {ipv4|10.12.0.254} 在凌晨连续登录失败 12 次，已封禁。",
	"车辆{plate|浙A·D12345}于7月3日在{address|杭州市西湖区文三路478号}附近违停。",
	"企业名称：某某科技有限公司，统一社会信用代码{uscc|91330106MA27Y3K677}，法定代表人{name|赵丽}。",
	"联系人：{name|欧阳修文}  座机：{landline|(010)82345678}  传真：{landline|010-82345679}",
	"订单 2024061800012345 已发货，物流单号 SF1234567890123，预计明日送达。",
	"本次共发放补贴 1,234,567.89 元，涉及 4,321 户。",
	"会议时间：2024年6月18日 14:30，地点：市政务服务中心三楼。",
	"请求 ID：3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d，状态码 500。",
	"版本 v2.10.3.1 修复了导出问题。",
	"持往来港澳通行证{hk_macau_permit|C12345678}赴港。",
	"护照号：{passport|E87654321}，签发地北京。",
	"居民{name|马丽娟}（公民身份号码{id_card|110108195701011234}）申请低保。",
	"王府井大街与长安街交叉口拥堵，请绕行。",
	"请{name|张伟}先生于周五前提交材料。",
	"户主{name|李建华}，家住{address|四川省成都市武侯区人民南路四段27号}。",
	"邮箱：{email|小王@例子.中国}；备用邮箱 {email|xiaowang2024@example.cn}",
	"银行流水号 20240618123456789012 与卡号无关。",
	"申请人{name|司马云飞}，联系电话{mobile|15800001111}，现住{address|上海市徐汇区漕溪北路88号}。",
	"统计：北京市朝阳区人口 345 万，海淀区 313 万。",
	"台胞证号码：{taiwan_permit|12345678}，来大陆就业。",
	"旧身份证号{id_card|110105491231002}已升级。",
	"服务器 {ipv6|2408:8000:1010:1::8} 响应超时。",
	"收件人：{name|黄磊}，收件地址：{address|湖北省武汉市洪山区珞喻路1037号}",
	"编号 E2024-0618-001 的文件已归档。",
}

// heldOut are hand-written snippets kept apart from every change to the detectors: they were
// written after the last tuning and their figures are reported as they came out.
var heldOut = []string{
	"尊敬的{name|孙立群}女士：您的社保卡（卡号{bank_card|6214831234567896}）已可领取。",
	"转账备注：{name|黄晓明}还款，账号 {bank_card|6228 4800 1234 5678 903}。",
	"【投诉】{name|吴桂芳}称其身份证号{id_card|320583198506124537}被泄露，联系方式{mobile|137-0000-2468}。",
	"快递员说放在{address|江苏省苏州市昆山市前进中路100号}门卫。",
	"经核实，{name|钱多多}（{id_card|510107197911200022}）符合申请条件。",
	"张贴公告的时间为2024-05-20，截止到2024-06-20。",
	"患者姓名：{name|周一鸣}，性别：男，出生日期：{birth_date|1992/2/28}，身份证{id_card|330106199202286619}。",
	"Contact: {email|zhou.yiming@example.org}, Tel {mobile|+86-137-0000-1357}",
	"请在{address|湖北省武汉市武昌区中南路99号}办理，咨询电话{landline|027-87654321}。",
	"他的车牌是{plate|鄂A88B66}，停在小区门口。",
	"账户余额 62170000000000 元为测试数据。",
	"法人{name|唐国强}，信用代码{uscc|91350100M000100Y43}。",
	"登录日志：user=admin ip={ipv4|192.168.10.23} time=2024-06-18T10:00:00",
	"{name|郑晓燕}于昨日来电，询问补贴发放进度。",
	"证件号码{id_card|420106198808081236}，请勿外传。",
}

// heldOut2 was written after the second round of changes (more name cues and verbs, names
// before bracketed identifiers) and is reported as it came out.
var heldOut2 = []string{
	"业主{name|林志强}（{mobile|13588889999}）反映楼上漏水，地址{address|福建省厦门市思明区莲前东路200号}。",
	"申报人：{name|宋雅琴}；证件号：{id_card|35020319950917286X}；联系电话：{mobile|152 0000 3344}",
	"信用卡 {bank_card|4367 4200 0011 1129} 的账单日为每月5日。",
	"今天{name|范文博}在窗口提交了材料，经办人是{name|何静}。",
	"数据接口地址 https://api.example.gov.cn/v1/people?page=2 返回 502。",
	"关于{name|叶子豪}同学的奖学金申请，经审核予以通过。",
	"旧号码{id_card|130102601230004}升级为{id_card|130102196012300049}。",
	"{name|冯一帆}说她的银行卡{bank_card|6258001234567893}被冻结了。",
	"统一社会信用代码为 91350100M000100Y4Z 的企业不存在。",
	"出生于{birth_date|1975-10-15}的{name|曹建平}先生，身份证{id_card|370202197510153314}。",
	"收货人：{name|邓丽}  电话：{mobile|19912345678}  地址：{address|陕西省西安市雁塔区小寨东路126号}",
	"本季度西湖区新增企业 1,024 家，同比增长 12.5%。",
	"发件邮箱 {email|service@gov.example.cn}，抄送 {email|王芳@例子.中国}。",
	"外籍人员永久居留证号{foreigner_pr|911561198506150017}已核验。",
	"{name|邹明}来电称无法登录，账号 zouming88。",
}

// parseMarked removes the {type|value} markup and returns the text with its labels.
func parseMarked(m string) Snippet {
	var b strings.Builder
	spans := []Span{}
	n := 0
	for {
		open := strings.IndexByte(m, '{')
		if open < 0 {
			b.WriteString(m)
			break
		}
		b.WriteString(m[:open])
		n += utf8.RuneCountInString(m[:open])
		bar := strings.IndexByte(m[open:], '|') + open
		end := strings.IndexByte(m[open:], '}') + open
		typ, val := m[open+1:bar], m[bar+1:end]
		b.WriteString(val)
		spans = append(spans, Span{Type: typ, Start: n, End: n + utf8.RuneCountInString(val)})
		n += utf8.RuneCountInString(val)
		m = m[end+1:]
	}
	return Snippet{Text: b.String(), Spans: spans}
}
