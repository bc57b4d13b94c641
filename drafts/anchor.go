package drafts

import "strconv"

// Anchor returns the article's element id on the version page: "art-12"
// for 第十二条, "art-10-1" for 第十条之一. Every link to an article — pages,
// search hits, the comparison, the heat map — is built with it. A nil
// article has none.
func (a *Article) Anchor() string {
	if a == nil {
		return ""
	}
	return ArticleAnchor(a.Num, a.Sub)
}

// ArticleAnchor is Article.Anchor for an article number and its 之N
// sub-number; "" for num 0 (the text as a whole).
func ArticleAnchor(num, sub int) string {
	if num <= 0 {
		return ""
	}
	if sub > 0 {
		return "art-" + strconv.Itoa(num) + "-" + strconv.Itoa(sub)
	}
	return "art-" + strconv.Itoa(num)
}
