package drafts

import (
	"strings"

	"lifa/drafts/cnum"
)

// positiveNumeral reads a numeral (Chinese or Arabic digits) above zero.
func positiveNumeral(s string) (int, bool) {
	n, err := cnum.Parse(strings.TrimSpace(s))
	return n, err == nil && n > 0
}

// ParseArticleRef reads how people name an article in a spreadsheet or a
// form: "第十二条", "第12条", "12", "十二", "第十条之一", "第十二条第二款".
// An empty string, "整体", "总体" or "全文" mean the draft as a whole
// (num 0). ok is false when s names no article.
func ParseArticleRef(s string) (num, sub int, ok bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "整体", "总体", "全文", "整体意见", "总体意见", "0":
		return 0, 0, true
	}
	s = strings.TrimPrefix(s, "第")
	head, rest, found := strings.Cut(s, "条")
	if !found {
		head, rest = s, ""
	}
	num, ok = positiveNumeral(head)
	if !ok {
		return 0, 0, false
	}
	if r, has := strings.CutPrefix(rest, "之"); has {
		// 之一 may be followed by 第二款 …
		subText := r
		if i := strings.Index(r, "第"); i >= 0 {
			subText = r[:i]
		}
		sub, ok = positiveNumeral(subText)
		if !ok {
			return 0, 0, false
		}
	}
	return num, sub, true
}
