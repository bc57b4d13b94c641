package drafts

import "unicode/utf8"

// What one version may hold. The longest texts Lifa is meant for are
// codes such as 民法典 (1,260 articles, about 107,000 characters); the
// limits leave more than twice that. At the limits an upload peaks at
// about 200 MB resident, the search index's batch included (README). Beyond them a "regulation" is not one —
// a 100,000-article or an 18 MB single-article text — and only costs the
// server memory: storing, indexing (in one batch) and rendering a version
// all grow with its text.
const (
	MaxVersionArticles = 3000
	MaxArticleChars    = 20000
	MaxVersionChars    = 300000
)

// CheckSize returns ETOOLARGE, saying which limit and by how much, when
// the document holds more articles or text than a version may.
func (d *Document) CheckSize() error {
	if n := len(d.Articles); n > MaxVersionArticles {
		return Errorf(ETOOLARGE, "上传的文本有 %d 条，一个版本最多 %d 条。请确认上传的是一部法规的全文。", n, MaxVersionArticles)
	}
	total := utf8.RuneCountInString(d.Title)
	for _, a := range d.Articles {
		n := utf8.RuneCountInString(a.Text)
		if n > MaxArticleChars {
			return Errorf(ETOOLARGE, "%s（第 %d 行）有 %d 字，一条最多 %d 字。请检查条文编号是否被识别（如“第十条”单独成行）。",
				a.Label, a.Line, n, MaxArticleChars)
		}
		total += n
	}
	for _, b := range d.Blocks {
		total += utf8.RuneCountInString(b.Text)
	}
	if total > MaxVersionChars {
		return Errorf(ETOOLARGE, "上传的文本共 %d 字，一个版本最多 %d 字。", total, MaxVersionChars)
	}
	return nil
}
