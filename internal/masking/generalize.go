package masking

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	levelProvince = iota
	levelCity
	levelDistrict
)

// generalizers maps a generalize level to its function. A value that cannot be parsed at that
// level becomes the fixed mask.
var generalizers = map[string]func(string) string{
	"province": func(v string) string { return generalizeAddress(v, levelProvince) },
	"city":     func(v string) string { return generalizeAddress(v, levelCity) },
	"district": func(v string) string { return generalizeAddress(v, levelDistrict) },
	"year":     func(v string) string { return generalizeDate(v, "2006") },
	"month":    func(v string) string { return generalizeDate(v, "2006-01") },
	"age_band": generalizeAge,
}

func generalizeLevels() []string {
	names := make([]string, 0, len(generalizers))
	for n := range generalizers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// municipalities are province-level cities whose name ends in 市 although they are provinces.
var municipalities = []string{"北京市", "天津市", "上海市", "重庆市", "北京", "天津", "上海", "重庆"}

// generalizeAddress cuts a Chinese address after its province, city or district. A value already
// no finer than the level is cut one level higher, so that it never comes back unchanged. A value
// with no recognizable division becomes the fixed mask.
func generalizeAddress(value string, level int) string {
	value = strings.TrimSpace(value)
	cuts := divisionCuts(value)
	if len(cuts) == 0 {
		return fixedMask('*', DefaultFixedLength)
	}

	// A municipality is both province and city.
	municipal := false
	for _, m := range municipalities {
		if strings.HasPrefix(value, m) {
			municipal = true
			break
		}
	}
	if municipal {
		cuts = append([]int{cuts[0]}, cuts...)
	}

	for l := level; l >= levelProvince; l-- {
		i := min(l, len(cuts)-1)
		out := value[:cuts[i]]
		if out != value {
			return out
		}
	}
	return fixedMask('*', DefaultFixedLength)
}

// divisionCuts returns the byte offsets just after the province, city and district names at the
// start of an address, stopping at the first township, street or house-number component.
func divisionCuts(s string) []int {
	var cuts []int
	segment := 0
	for i, r := range s {
		switch r {
		case '省', '市', '区', '县', '旗', '州', '盟':
			if segment == 0 && len(cuts) > 0 && cuts[len(cuts)-1] == i {
				// 州市 or 地区: the suffix continues the name just cut.
				cuts[len(cuts)-1] = i + len(string(r))
				continue
			}
			if segment >= 1 {
				cuts = append(cuts, i+len(string(r)))
				segment = 0
				if len(cuts) == 3 {
					return cuts
				}
				continue
			}
		case '镇', '乡', '街', '路', '道', '村', '号', '巷', '弄':
			return cuts
		}
		segment++
	}
	return cuts
}

var dateLayouts = []string{
	"2006-01-02", "2006-1-2", "2006/01/02", "2006/1/2", "2006.01.02", "2006.1.2",
	"2006年1月2日", "2006年01月02日", "20060102",
	"2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006/1/2 15:04:05",
	"2006-01", "2006/01", "2006年1月", "2006年01月",
}

// generalizeDate reformats a date to layout ("2006" for the year, "2006-01" for the month).
func generalizeDate(value string, layout string) string {
	value = strings.TrimSpace(value)
	for _, l := range dateLayouts {
		t, err := time.Parse(l, value)
		if err != nil {
			continue
		}
		return t.Format(layout)
	}
	return fixedMask('*', DefaultFixedLength)
}

// generalizeAge turns an age in years into a ten-year band such as "30-39"; 90 and over is "90+".
func generalizeAge(value string) string {
	v := strings.TrimSpace(value)
	v = strings.TrimSuffix(v, "岁")
	age, err := strconv.Atoi(v)
	if err != nil || age < 0 || age > 150 {
		return fixedMask('*', DefaultFixedLength)
	}
	if age >= 90 {
		return "90+"
	}
	low := age / 10 * 10
	return fmt.Sprintf("%d-%d", low, low+9)
}
