package main

import (
	"fmt"
	"strings"
)

var (
	singleSurnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "邓", "曹", "彭", "曾", "田", "董", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "沈", "姚", "卢", "钟", "谭", "陆", "范", "金", "石", "廖", "贾", "夏", "付", "方", "白", "邹", "孟", "熊", "秦", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔", "汤", "温", "康", "施", "文"}
	compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "公孙", "夏侯"}
	givenChars       = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力鹏飞宇浩晨欣怡雪琳子轩梓涵博然思雨嘉佳颖晓志海峰俊凯鑫宁婷倩瑶璐晶帆亮斌")
	roads            = []string{"建设", "人民", "解放", "中山", "幸福", "文化", "和平", "胜利", "光明", "友谊", "长江", "黄河", "新华", "青年", "学府", "朝阳"}
	roadSuffixes     = []string{"路", "大街", "街", "大道", "巷"}
	places           = [][]string{
		{"北京市", "朝阳区"}, {"北京市", "海淀区"}, {"上海市", "浦东新区"}, {"上海市", "徐汇区"},
		{"广东省", "深圳市", "南山区"}, {"广东省", "广州市", "天河区"}, {"浙江省", "杭州市", "西湖区"},
		{"四川省", "成都市", "武侯区"}, {"湖北省", "武汉市", "洪山区"}, {"山东省", "青岛市", "崂山区"},
		{"福建省", "厦门市", "思明区"}, {"江苏省", "南京市"}, {"陕西省", "西安市", "雁塔区"}, {"重庆市", "渝北区"},
	}
)

func (g gen) name() string {
	var sur string
	if g.r.IntN(8) == 0 {
		sur = g.pick(compoundSurnames)
	} else {
		sur = g.pick(singleSurnames)
	}
	n := 2 // one given name in four has a single character
	if g.r.IntN(4) == 0 {
		n = 1
	}
	given := make([]rune, n)
	for i := range given {
		given[i] = givenChars[g.r.IntN(len(givenChars))]
	}
	return sur + string(given)
}

// address returns an invented street address under a real division, and whether it starts
// with a division name.
func (g gen) address(withDivision bool) string {
	var b strings.Builder
	if withDivision {
		p := places[g.r.IntN(len(places))]
		if g.r.IntN(3) == 0 && len(p) == 3 {
			p = p[1:] // city and district only
		}
		b.WriteString(strings.Join(p, ""))
	}
	b.WriteString(g.pick(roads) + g.pick(roadSuffixes))
	fmt.Fprintf(&b, "%d号", 1+g.r.IntN(300))
	switch g.r.IntN(3) {
	case 0:
		fmt.Fprintf(&b, "%d栋%d单元%d室", 1+g.r.IntN(20), 1+g.r.IntN(6), 101+g.r.IntN(2500))
	case 1:
		fmt.Fprintf(&b, "%d号楼%d室", 1+g.r.IntN(30), 101+g.r.IntN(2500))
	}
	return b.String()
}

func (g gen) email() string {
	locals := []string{"zhangwei", "li.na", "wang_fang", "chen123", "liu-yang", "zhao.lei88", "user2024", "service"}
	domains := []string{"example.com", "example.cn", "test.org", "mail.example.com.cn", "gov.example.cn"}
	switch g.r.IntN(5) {
	case 0:
		return g.name() + "@" + g.pick([]string{"例子.中国", "测试.公司", "example.cn"})
	default:
		return g.pick(locals) + g.digits(g.r.IntN(3)) + "@" + g.pick(domains)
	}
}

func (g gen) ipv4() string {
	return fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(223), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
}

func (g gen) ipv6() string {
	switch g.r.IntN(2) {
	case 0:
		return fmt.Sprintf("2001:db8:%x:%x::%x", g.r.IntN(65536), g.r.IntN(65536), 1+g.r.IntN(65535))
	default:
		return fmt.Sprintf("fe80:0:0:0:%x:%x:%x:%x", g.r.IntN(65536), g.r.IntN(65536), g.r.IntN(65536), g.r.IntN(65536))
	}
}

// travel returns a passport or permit number, its type and a context word for free text.
func (g gen) travel() (value, typ, cue string) {
	switch g.r.IntN(6) {
	case 0:
		return "E" + g.digits(8), "passport", "护照号码"
	case 1:
		return "E" + string("ABCDEFGH"[g.r.IntN(8)]) + g.digits(7), "passport", "护照"
	case 2:
		return "C" + g.digits(8), "hk_macau_permit", "往来港澳通行证"
	case 3:
		return g.pick([]string{"H", "M"}) + g.digits(8), "hk_macau_permit", "回乡证号"
	case 4:
		return "L" + g.digits(8), "taiwan_permit", "往来台湾通行证"
	default:
		return g.digits(8), "taiwan_permit", "台胞证号码"
	}
}

func (g gen) birthDate() string {
	y, m, d := g.birth(1940, 2015)
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	case 1:
		return fmt.Sprintf("%04d/%d/%d", y, m, d)
	case 2:
		return fmt.Sprintf("%04d年%d月%d日", y, m, d)
	default:
		return fmt.Sprintf("%04d%02d%02d", y, m, d)
	}
}
