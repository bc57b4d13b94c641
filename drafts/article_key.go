package drafts

import "strings"

// ParseArticleKey reads an article as URL paths and the command line name
// it: "12", "10-1" or "10之1" (第十条之一, as in its anchor art-10-1), or as
// people write it: "第十条之一", "十", "第12条". Every reader of an article
// in a path uses it. EINVALID when s names no article (0 and 整体, the
// text as a whole, name none here).
func ParseArticleKey(s string) (num, sub int, err error) {
	head, tail, split := strings.Cut(s, "-")
	if !split && !strings.Contains(s, "条") {
		head, tail, split = strings.Cut(s, "之")
	}
	var ok bool
	if split {
		var subOK bool
		num, ok = positiveNumeral(head)
		sub, subOK = positiveNumeral(tail)
		ok = ok && subOK
	} else {
		num, sub, ok = ParseArticleRef(s)
	}
	if !ok || num <= 0 {
		return 0, 0, Errorf(EINVALID, "条文编号“%s”不对，应为 12、10-1 或 第十条之一。", s)
	}
	return num, sub, nil
}
