package drafts

import (
	"strings"
	"testing"
)

func TestDocument_CheckSize(t *testing.T) {
	doc := func(n, chars int) *Document {
		d := &Document{}
		for i := 1; i <= n; i++ {
			d.Articles = append(d.Articles, &Article{Num: i, Label: "第某条", Text: strings.Repeat("字", chars)})
		}
		return d
	}
	if err := doc(MaxVersionArticles, MaxVersionChars/MaxVersionArticles).CheckSize(); err != nil {
		t.Errorf("at the limits: %v", err)
	}
	for name, d := range map[string]*Document{
		"articles":      doc(MaxVersionArticles+1, 1),
		"article chars": doc(1, MaxArticleChars+1),
		"total chars":   doc(MaxVersionChars/MaxArticleChars+1, MaxArticleChars),
	} {
		if err := d.CheckSize(); ErrorCode(err) != ETOOLARGE {
			t.Errorf("%s: %v, want ETOOLARGE", name, err)
		}
	}
}
