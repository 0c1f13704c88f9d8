package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/grading"
	"govshare/internal/grant"
	"govshare/internal/ingest"
	"govshare/internal/masking"
)

type resourceSpec struct {
	steward string
	file    string // embedded file, or "" for the invented population register
	index   []string
	meta    catalog.Metadata
	masks   map[string]masking.Operator
	// grades are the security administrator's decisions on columns the engine grades sensitive
	// although they are not, such as place names in a column called "name".
	grades map[string]grading.Decision
}

func specs() []resourceSpec {
	return []resourceSpec{
		{steward: "stats.steward", file: "areas.csv", index: []string{"code"}, meta: catalog.Metadata{
			Name: "全国县级统计用区划代码（2023年）", NameEN: "County-level statistical division codes 2023",
			Summary:        "国家统计局2023年统计用区划代码中的县级单位，含所属地市与省份代码。",
			Classification: "base", BaseCategory: "natural_resources_geospatial", Theme: "区划", Keywords: []string{"区划代码", "统计用区划", "division codes"},
			SharingType: catalog.SharingUnconditional, OpenType: catalog.OpenOpen, UpdateCycle: "yearly", SecurityLevel: 1, PublishDate: "2023-09-11"},
			grades: placeNames("name")},
		{steward: "civil.steward", file: "gb2260-200712.tsv", index: []string{"Code"}, meta: catalog.Metadata{
			Name: "中华人民共和国行政区划代码（GB/T 2260-2007）", NameEN: "Administrative division codes GB/T 2260-2007",
			Summary:        "国家标准 GB/T 2260-2007 所列县级以上行政区划代码与名称。",
			Classification: "base", BaseCategory: "natural_resources_geospatial", Theme: "区划", Keywords: []string{"行政区划", "GB/T 2260"},
			SharingType: catalog.SharingUnconditional, OpenType: catalog.OpenOpen, UpdateCycle: "yearly", SecurityLevel: 1},
			grades: placeNames("Name")},
		{steward: "stats.steward", file: "nbs-province-population-gbk.csv", meta: catalog.Metadata{
			Name: "分省年末常住人口统计（2015—2024年）", NameEN: "Year-end resident population by province 2015-2024",
			Summary:        "国家统计局国家数据导出的分省年度数据：年末常住人口（万人）。原文件为 GBK 编码，含标题行与注释行。",
			Classification: "theme", Theme: "人口", Keywords: []string{"人口", "常住人口", "population"},
			SharingType: catalog.SharingUnconditional, OpenType: catalog.OpenOpen, UpdateCycle: "yearly", SecurityLevel: 1}},
		{steward: "health.steward", file: "tianjin-vaccine-2018.xlsx", meta: catalog.Metadata{
			Name: "天津市第二类疫苗集中采购目录（2018—2020年）", NameEN: "Tianjin category-II vaccine procurement catalogue 2018-2020",
			Summary:        "天津市第二类疫苗集中采购目录信息及对应中标产品信息，含药品批准文号与生产企业。",
			Classification: "department", Theme: "医疗卫生", Keywords: []string{"疫苗", "采购", "vaccine"},
			SharingType: catalog.SharingUnconditional, OpenType: catalog.OpenOpen, UpdateCycle: "irregular", SecurityLevel: 1}},
		{steward: "police.steward", index: []string{"公民身份号码"}, meta: catalog.Metadata{
			Name: "北京市人口基本信息（演示用虚构数据）", NameEN: "Beijing population register (invented demo data)",
			Summary:        "常住人口的姓名、性别、出生日期、公民身份号码、手机号码与住址。全部为程序生成的虚构数据，用于演示授权与脱敏。",
			Classification: "base", BaseCategory: "population", Theme: "人口", Keywords: []string{"人口", "户籍", "身份核验"},
			SharingType: catalog.SharingConditional, SharingConditions: "仅限政务服务中的身份核验与业务协同，须说明用途与法律依据",
			SharingMethod: "api", LegalBasis: "《中华人民共和国居民身份证法》；《个人信息保护法》第三十四条",
			OpenType: catalog.OpenClosed, UpdateCycle: "daily", SecurityLevel: 3},
			masks: map[string]masking.Operator{
				"姓名":     {Kind: masking.KindPreset, Preset: "chinese_name"},
				"公民身份号码": {Kind: masking.KindPreset, Preset: "id_card"},
				"手机号码":   {Kind: masking.KindPreset, Preset: "phone"},
				"住址":     {Kind: masking.KindGeneralize, Level: "district"},
			}},
	}
}

func (s *seeder) loadResources(ctx context.Context, dataDir string) error {
	tmp, err := os.MkdirTemp(dataDir, "demo-")
	if err != nil {
		return fmt.Errorf("demo: create work directory: %w", err)
	}
	defer os.RemoveAll(tmp)

	for _, spec := range specs() {
		path := filepath.Join(tmp, "population.csv")
		if spec.file == "" {
			ds, err := districts()
			if err != nil {
				return err
			}
			if err := writePopulation(path, Population, ds); err != nil {
				return err
			}
		} else if path, err = extract(spec.file, tmp); err != nil {
			return fmt.Errorf("demo: extract %s: %w", spec.file, err)
		}
		if err := s.publish(ctx, spec, path); err != nil {
			return err
		}
	}
	return nil
}

// placeNames returns the decisions that grade columns of administrative division names as
// public: the column name reads as a person's name to the engine.
func placeNames(fields ...string) map[string]grading.Decision {
	none := ""
	out := make(map[string]grading.Decision, len(fields))
	for _, f := range fields {
		out[f] = grading.Decision{Level: 1, InfoType: &none, Reason: "行政区划名称，不是个人信息"}
	}
	return out
}

// publish registers, loads, reviews and publishes one resource the way the API does.
func (s *seeder) publish(ctx context.Context, spec resourceSpec, path string) error {
	steward := s.principals[spec.steward]
	operator := s.principals["operator"]

	res, err := s.a.Catalog.Create(ctx, steward, spec.meta)
	if err != nil {
		return explain("register "+spec.meta.Name, err)
	}
	if err := s.record(ctx, steward, "resource.create", res.Code, 0, ""); err != nil {
		return err
	}

	result, err := s.a.Datasets.Load(ctx, dataset.LoadRequest{ResourceID: res.ID, ResourceCode: res.Code, UserID: steward.UserID,
		Path: path, FileName: filepath.Base(path), Options: ingest.Options{}, IndexFields: spec.index}, s.a.Logger)
	if err != nil {
		return explain("load "+filepath.Base(path), err)
	}
	if err := s.record(ctx, steward, "dataset.load", res.Code, result.Version.Rows, ""); err != nil {
		return err
	}
	if err := s.a.Catalog.SetItemsIfEmpty(ctx, steward, res.Code, catalog.ItemsOf(result.Version.Columns)); err != nil {
		return explain("set items of "+res.Code, err)
	}
	for field, op := range spec.masks {
		if err := s.a.Catalog.SetColumnMask(ctx, steward, res.Code, field, op); err != nil {
			return explain("mask "+field, err)
		}
		if err := s.record(ctx, steward, "resource.mask.set", res.Code, 0, field); err != nil {
			return err
		}
	}

	for field, d := range spec.grades {
		if _, err := s.a.Grading.Confirm(ctx, s.principals["security"], res.Code, field, d); err != nil {
			return explain("grade "+field, err)
		}
		if err := s.record(ctx, s.principals["security"], "grade.confirm", res.Code, 0, field); err != nil {
			return err
		}
	}

	if _, err := s.a.Catalog.Submit(ctx, steward, res.Code); err != nil {
		return explain("submit "+res.Code, err)
	}
	if _, err := s.a.Catalog.Approve(ctx, operator, res.Code, "演示数据，审核通过"); err != nil {
		return explain("approve "+res.Code, err)
	}
	return s.record(ctx, operator, "resource.approve", res.Code, 0, "")
}

// applyForPopulation leaves one pending request, so that the approval step can be tried at once.
// The health commission applies for the population register for vaccination follow-up.
func (s *seeder) applyForPopulation(ctx context.Context) error {
	dev := s.principals["health.dev"]
	list, _, err := s.a.Catalog.List(ctx, dev, catalog.Query{Text: "人口基本信息"})
	if err != nil || len(list) != 1 {
		return fmt.Errorf("demo: find the population register: %v (found %d)", err, len(list))
	}
	res := list[0]
	in := grant.ApplyInput{Fields: []string{"姓名", "性别", "出生日期", "公民身份号码", "手机号码", "户籍区划代码", "住址"},
		Purpose: "疫苗接种随访时核验受种者身份", Scenario: "区疾控中心随访系统按身份证号查询受种者基本信息",
		LegalBasis: "《中华人民共和国疫苗管理法》第四十九条", DurationDays: 365}
	req, err := s.a.Grants.Apply(ctx, dev, &res, res.FieldNames(), in)
	if err != nil {
		return explain("apply for "+res.Code, err)
	}
	return s.record(ctx, dev, "request.create", res.Code, 0, fmt.Sprint(req.ID))
}
