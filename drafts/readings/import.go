package readings

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// Upload is a reading as it arrives: a file (or pasted text) and what the
// person says it is.
type Upload struct {
	// Stage is a stage's code or name (first-reading, 一审稿).
	Stage string
	// Label names the reading (二次审议稿); the stage's name when empty.
	Label string
	// Date is YYYY-MM-DD or empty.
	Date string
	// Explanation is the 修改说明.
	Explanation string
	// Filename says the format by its extension: .txt, .md, .markdown or
	// .docx.
	Filename string
	Data     []byte
}

// Formats are the file name extensions a reading may be uploaded as.
var Formats = []string{".txt", ".md", ".markdown", ".docx"}

// Preview is an upload parsed and checked as Import will store it, before
// anything is written: its structure, the parser's warnings (duplicate
// 第一条, skipped numbers …) and the stage it names.
type Preview struct {
	Upload   Upload
	Document *drafts.Document
	Stage    drafts.Stage
}

// Warnings are what the parser noticed in the text, with line numbers.
func (p *Preview) Warnings() []drafts.Warning { return p.Document.Warnings }

// Parse reads an upload's text into its structure. EINVALID for a file
// type other than Formats, an empty file, a text that cannot be read, a
// text without any article (第一条…), and parsed text that Lifa does not
// accept (drafts.Document.CheckText: control characters); ETOOLARGE for a
// text past what a version may hold (drafts.Document.CheckSize).
func Parse(u Upload) (*drafts.Document, error) {
	ext := strings.ToLower(filepath.Ext(u.Filename))
	known := false
	for _, f := range Formats {
		known = known || ext == f
	}
	if !known {
		return nil, drafts.Errorf(drafts.EINVALID, "不支持的文件类型 %q：请上传 .txt、.md 或 .docx 文件。", ext)
	}
	if len(u.Data) == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "上传的文件是空的。")
	}
	doc, err := parse.Parse(u.Filename, u.Data)
	if err != nil {
		var de *drafts.Error
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, &drafts.Error{Code: drafts.EINVALID,
			Message: "无法解析上传的文件，请确认它是 UTF-8 或 GB18030 编码的文本、Markdown 或 Word（.docx）文件。", Err: err}
	}
	if len(doc.Articles) == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "上传的文本中没有找到任何条文（第一条、第二条……）。")
	}
	if err := doc.CheckSize(); err != nil {
		return nil, err
	}
	if err := doc.CheckText(); err != nil {
		return nil, err
	}
	return doc, nil
}

// Stage returns the stage named by code or name. EINVALID for an empty or
// unknown stage, with the stages there are.
func (s *Service) Stage(ctx context.Context, name string) (drafts.Stage, error) {
	if strings.TrimSpace(name) == "" {
		return drafts.Stage{}, drafts.Errorf(drafts.EINVALID, "请指明审议阶段（stage），例如“一审稿”或 first-reading。")
	}
	stages, err := s.store.Stages(ctx)
	if err != nil {
		return drafts.Stage{}, err
	}
	st, ok := drafts.FindStage(stages, name)
	if !ok {
		names := make([]string, len(stages))
		for i, st := range stages {
			names[i] = st.Name + "/" + st.Code
		}
		return drafts.Stage{}, drafts.Errorf(drafts.EINVALID, "未知的阶段 %q（可选：%s）", name, strings.Join(names, "、"))
	}
	return st, nil
}

// Preview parses and checks an upload (Parse and the stage) without storing
// anything; the store checks the rest (the date, the label's length) when
// it is imported.
func (s *Service) Preview(ctx context.Context, u Upload) (*Preview, error) {
	u.Stage = strings.TrimSpace(u.Stage)
	u.Label = strings.TrimSpace(u.Label)
	u.Date = strings.TrimSpace(u.Date)
	u.Explanation = strings.TrimSpace(strings.ReplaceAll(u.Explanation, "\r\n", "\n"))
	doc, err := Parse(u)
	if err != nil {
		return nil, err
	}
	st, err := s.Stage(ctx, u.Stage)
	if err != nil {
		return nil, err
	}
	return &Preview{Upload: u, Document: doc, Stage: st}, nil
}

// Import stores a previewed upload as the next reading of regulation
// regulationID and returns it with its Document. Versions are immutable
// from here on. ENOTFOUND for an unknown regulation.
func (s *Service) Import(ctx context.Context, actor string, regulationID int64, p *Preview) (*drafts.Version, error) {
	u := p.Upload
	v, err := s.store.CreateVersion(ctx, actor, drafts.NewVersion{
		RegulationID: regulationID, Stage: p.Stage.Code, Label: u.Label, Date: u.Date, Explanation: u.Explanation,
		Filename: u.Filename, Data: u.Data, Document: p.Document,
	})
	if err != nil {
		return nil, err
	}
	s.ForgetRegulation(regulationID)
	if v.Document == nil {
		v.Document = p.Document
	}
	return v, nil
}

// ImportUpload is Preview and Import in one step, for callers that need no
// confirmation in between (the upload form and the API, the demo).
func (s *Service) ImportUpload(ctx context.Context, actor string, regulationID int64, u Upload) (*drafts.Version, error) {
	p, err := s.Preview(ctx, u)
	if err != nil {
		return nil, err
	}
	return s.Import(ctx, actor, regulationID, p)
}
