package demo

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"

	"govshare/internal/idcheck"
)

// Invented names: common single surnames, some compound surnames (复姓) and given-name characters.
var (
	surnames         = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧"}
	compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "慕容", "令狐", "皇甫"}
	givenChars       = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文玉兰晨宇浩然子涵欣怡梓萱一诺思远嘉豪雨桐佳琪")
	streetNames      = []string{"建国路", "朝阳北路", "复兴路", "学院路", "中关村大街", "长安街", "西直门外大街", "广安门内大街", "安定路", "望京街"}
	mobilePrefixes   = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157", "158", "159", "166", "176", "177", "180", "181", "186", "187", "188", "189", "191", "198", "199"}
)

type district struct {
	code string
	name string
}

// writePopulation writes n invented residents of the given districts to a CSV file. The same
// seed always gives the same people.
func writePopulation(path string, n int, districts []district) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create population file: %w", err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	if err := w.Write([]string{"姓名", "性别", "出生日期", "公民身份号码", "手机号码", "户籍区划代码", "住址", "登记日期"}); err != nil {
		return err
	}

	rng := rand.New(rand.NewPCG(20261204, 11))
	for i := 0; i < n; i++ {
		d := districts[rng.IntN(len(districts))]
		var surname string
		if rng.IntN(20) == 0 {
			surname = compoundSurnames[rng.IntN(len(compoundSurnames))]
		} else {
			surname = surnames[rng.IntN(len(surnames))]
		}
		given := string(givenChars[rng.IntN(len(givenChars))])
		if rng.IntN(3) > 0 {
			given += string(givenChars[rng.IntN(len(givenChars))])
		}

		year := 1940 + rng.IntN(66)
		month := 1 + rng.IntN(12)
		day := 1 + rng.IntN(28)
		seq := rng.IntN(1000)
		sex := "男"
		if seq%2 == 0 {
			sex = "女"
		}
		body := fmt.Sprintf("%s%04d%02d%02d%03d", d.code, year, month, day, seq)
		id := body + string(idcheck.ResidentIDCheckChar(body))
		phone := mobilePrefixes[rng.IntN(len(mobilePrefixes))] + fmt.Sprintf("%08d", rng.IntN(100000000))
		address := fmt.Sprintf("北京市%s%s%d号%d单元%d室", d.name, streetNames[rng.IntN(len(streetNames))], 1+rng.IntN(300), 1+rng.IntN(6), 101+rng.IntN(20)*100+rng.IntN(4))
		registered := fmt.Sprintf("%04d-%02d-%02d", 2010+rng.IntN(16), 1+rng.IntN(12), 1+rng.IntN(28))

		rec := []string{surname + given, sex, fmt.Sprintf("%04d-%02d-%02d", year, month, day), id, phone, d.code, address, registered}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write population file: %w", err)
	}
	return f.Close()
}
