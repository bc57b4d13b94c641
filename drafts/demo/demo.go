// Package demo loads Lifa's demonstration data: real regulation texts,
// embedded in the binary, as regulation projects with their readings.
//
// Every text is an official public document copied unchanged from the
// project's corpus (see texts/SOURCES.md); each version is labelled with
// what it really is, and dates come from the documents' own 题注, front
// matter or final article. Nothing is invented: where a text's reading or
// date cannot be read from the file, the explanation says what it rests on.
package demo

import (
	"context"
	"embed"
	"fmt"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/readings"
	"lifa/drafts/store"
)

//go:embed texts/*.md
var texts embed.FS

// Actor is the audit-log actor of everything the demo creates.
const Actor = "演示数据"

// Version is one demo reading: an embedded file and what it is.
type Version struct {
	File        string // under texts/
	Stage       string // drafts.Stage code
	Label       string
	Date        string
	Explanation string
}

// Regulation is one demo regulation project and its readings, oldest first.
type Regulation struct {
	Title     string
	Kind      drafts.Kind
	Committee string
	Status    string
	Versions  []Version
}

// Regulations are the demo projects, in the order they are created.
var Regulations = []Regulation{
	{
		Title:  "广州市停车场条例",
		Kind:   drafts.KindRevise,
		Status: "已公布",
		Versions: []Version{
			{
				File: "guangzhou-parking-2018-04-20.md", Stage: "promulgated", Date: "2018-04-20",
				Label: "2017年制定（2018年公布）",
				Explanation: "2017年12月27日广州市第十五届人民代表大会常务委员会第十一次会议通过，" +
					"2018年3月30日广东省第十三届人民代表大会常务委员会第二次会议批准，2018年4月20日公布，" +
					"自2018年10月1日起施行。",
			},
			{
				File: "guangzhou-parking-2021-10-20.md", Stage: "promulgated", Date: "2021-10-20",
				Label: "2021年第二次修正后文本",
				Explanation: "根据2019年11月20日广州市第十五届人民代表大会常务委员会第二十九次会议通过、" +
					"2020年7月29日广东省第十三届人民代表大会常务委员会第二十二次会议批准的决定第一次修正；" +
					"根据2021年5月27日广州市第十五届人民代表大会常务委员会第四十九次会议通过、" +
					"2021年9月29日广东省第十三届人民代表大会常务委员会第三十五次会议批准的" +
					"《关于清理广州市地方性法规中与民法典不一致条款的决定》第二次修正。本文本2021年10月20日公布。",
			},
			{
				File: "guangzhou-parking-2025-12-17.md", Stage: "promulgated", Date: "2025-12-17",
				Label: "2025年修订（省人大常委会批准）",
				Explanation: "全面修订：2025年9月25日广州市第十六届人民代表大会常务委员会第四十一次会议修订，" +
					"2025年12月4日广东省第十四届人民代表大会常务委员会第二十二次会议批准，2025年12月17日公布，" +
					"自2026年2月1日起施行。条文由六十八条调整为三十九条。",
			},
		},
	},
	{
		Title:     "中华人民共和国治安管理处罚法（修订）",
		Kind:      drafts.KindRevise,
		Committee: "全国人民代表大会宪法和法律委员会",
		Status:    "已通过",
		Versions: []Version{
			{
				File: "zhian-guanli-chufa-fa-draft-2-second-reading.md", Stage: "second-reading",
				Label: "修订草案二次审议稿",
				Explanation: "治安管理处罚法修订草案二次审议稿（来源文件名为“第二次审议稿”），文件未载日期，" +
					"施行日期留空（第一百四十三条）。原文句中有硬换行、使用半角标点，照原样保留。",
			},
			{
				File: "zhian-guanli-chufa-fa-2025-06-27.md", Stage: "adopted", Date: "2025-06-27",
				Label:       "2025年修订通过",
				Explanation: "2025年6月27日全国人民代表大会常务委员会修订通过，自2026年1月1日起施行（见第一百四十四条）。",
			},
		},
	},
	{
		Title:     "中华人民共和国动物防疫法（修订）",
		Kind:      drafts.KindRevise,
		Committee: "全国人民代表大会宪法和法律委员会",
		Status:    "已通过",
		Versions: []Version{
			{
				File: "dongwu-fangyi-fa-draft-1.md", Stage: "first-reading",
				Label: "修订草案（一审稿）",
				Explanation: "语料来源将本文本标为2020年动物防疫法修订草案第1稿（draft_1），据此列为一审稿；" +
					"文件未载日期，施行日期留空。十二章一百一十三条。原文为 PDF 提取的文本，句中有硬换行、半角逗号。",
			},
			{
				File: "dongwu-fangyi-fa-draft-2.md", Stage: "second-reading",
				Label: "修订草案（二审稿）",
				Explanation: "语料来源将本文本标为2020年动物防疫法修订草案第2稿（draft_2），据此列为二审稿；" +
					"文件未载日期，施行日期留空。十二章一百一十二条。原文为 PDF 提取的文本。",
			},
			{
				File: "dongwu-fangyi-fa-2021-01-22.md", Stage: "adopted", Date: "2021-01-22",
				Label:       "2021年修订通过",
				Explanation: "2021年1月22日全国人民代表大会常务委员会修订通过，自2021年5月1日起施行（见第一百一十三条）。",
			},
		},
	},
	{
		Title:  "广州市湿地保护规定（修订）",
		Kind:   drafts.KindRevise,
		Status: "征求意见中",
		Versions: []Version{
			{
				File: "guangzhou-wetland-protection-2020.md", Stage: "consultation",
				Label: "以现行2020年修正文本为底稿",
				Explanation: "演示用：本版本的文本是现行《广州市湿地保护规定》原文（2017年10月25日广州市第十五届" +
					"人民代表大会常务委员会第九次会议通过，2017年11月30日广东省第十二届人民代表大会常务委员会" +
					"第三十七次会议批准，根据2019年11月20日通过、2020年7月29日批准的决定修正，2020年8月20日公布），" +
					"用作征求意见的底稿；它不是真实的修订草案，未作任何改动。",
			},
		},
	},
	{
		Title:     "中华人民共和国公司法（修订）",
		Kind:      drafts.KindRevise,
		Committee: "全国人民代表大会宪法和法律委员会",
		Status:    "已通过",
		Versions: []Version{
			{
				File: "gongsifa-2018-10-26.md", Stage: "adopted", Date: "2018-10-26",
				Label: "2018年第四次修正",
				Explanation: "2018年10月26日第十三届全国人民代表大会常务委员会第六次会议" +
					"《关于修改〈中华人民共和国公司法〉的决定》第四次修正后的文本。",
			},
			{
				File: "gongsifa-2023-12-29.md", Stage: "adopted", Date: "2023-12-29",
				Label: "2023年修订通过",
				Explanation: "2023年12月29日第十四届全国人民代表大会常务委员会第七次会议第二次修订，" +
					"自2024年7月1日起施行（见第二百六十六条）。",
			},
		},
	},
}

// Load creates the demo regulations and their readings through the
// readings workflow, as an upload would (drafts/readings), and opens the
// demo consultation (Consultation). It creates no regulation when the
// store already holds one, and no consultation when the demo's version
// already has one, so it is safe on every start. Errors name the file.
func Load(ctx context.Context, st *store.Store) error {
	rd := readings.New(st)
	regs, _, err := rd.Projects(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(regs) == 0 {
		if err := loadRegulations(ctx, rd); err != nil {
			return err
		}
	}
	cs := consultations.New(st, rd, consultations.Config{})
	defer cs.Close()
	return openConsultation(ctx, st, cs, time.Now())
}

func loadRegulations(ctx context.Context, rd *readings.Service) error {
	for _, spec := range Regulations {
		r, err := rd.CreateRegulation(ctx, Actor, readings.NewRegulation{Title: spec.Title, Kind: string(spec.Kind),
			Committee: spec.Committee, Status: spec.Status})
		if err != nil {
			return fmt.Errorf("demo %s: %w", spec.Title, err)
		}
		for _, v := range spec.Versions {
			data, err := texts.ReadFile("texts/" + v.File)
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			if _, err := rd.ImportUpload(ctx, Actor, r.ID, readings.Upload{Stage: v.Stage, Label: v.Label, Date: v.Date,
				Explanation: v.Explanation, Filename: v.File, Data: data}); err != nil {
				return fmt.Errorf("demo: %s: %w", v.File, err)
			}
		}
	}
	return nil
}

// Consultation is the demo's consultation: 60 days of public comment on
// the 广州市湿地保护规定 征求意见稿 (the version at stage "consultation"),
// from when the demo is loaded.
var Consultation = consultations.NewConsultation{
	Audience: drafts.AudiencePublic,
	Title:    "《广州市湿地保护规定（修订）》征求意见稿公开征求意见",
	Instructions: "欢迎社会各界对征求意见稿提出意见和建议。可针对某一条文（可选中原文引用），也可对草案整体提出意见。" +
		"提交后请保存回执号，凭回执号可查询处理情况。联系方式仅供工作人员联系核实，不会公开。",
}

// openConsultation opens Consultation on the wetland regulation's
// consultation draft unless it has one.
func openConsultation(ctx context.Context, st *store.Store, cs *consultations.Service, now time.Time) error {
	regs, err := st.ListRegulations(ctx)
	if err != nil {
		return err
	}
	for _, r := range regs {
		if !strings.Contains(r.Title, "湿地保护") {
			continue
		}
		vs, err := st.Versions(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Stage != "consultation" {
				continue
			}
			list, err := cs.List(ctx, consultations.ListQuery{VersionID: v.ID}, nil)
			if err != nil || len(list) > 0 {
				return err
			}
			in := Consultation
			in.VersionID = v.ID
			in.OpensAt = now.UTC().Truncate(time.Minute)
			in.ClosesAt = in.OpensAt.Add(60 * 24 * time.Hour)
			_, err = cs.Open(ctx, Actor, in)
			return err
		}
	}
	return nil
}

// File returns an embedded demo text by name (e.g. "gongsifa-2023-12-29.md"),
// for tests and benchmarks.
func File(name string) ([]byte, error) { return texts.ReadFile("texts/" + name) }
