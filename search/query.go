package search

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

// Limits on a query, so that one request cannot cost the server much.
const (
	maxQueryRunes = 200
	maxWords      = 16
	maxWordRunes  = 64
)

// Word is one searched phrase, normalised (see Normalize).
type Word struct {
	Text   string `json:"text"`
	Quoted bool   `json:"quoted,omitempty"`
}

// ArticleRef is a query that names an article: 第十条, 第十条之一,
// 停车场条例第十条 (Title is then 停车场条例, matched in regulation titles).
type ArticleRef struct {
	Title string `json:"title,omitempty"`
	Num   int    `json:"num"`
	Sub   int    `json:"sub,omitempty"`
	Word  string `json:"word"` // the whole word as typed, normalised
}

// Query is a parsed query: every group must match (a group matches when
// one of its words occurs, words joined by OR), no Exclude word may occur.
type Query struct {
	Groups  [][]Word    `json:"groups"`
	Exclude []Word      `json:"exclude,omitempty"`
	Article *ArticleRef `json:"article,omitempty"`
}

// Words returns every positive word, for highlighting.
func (q *Query) Words() []string {
	var ws []string
	for _, g := range q.Groups {
		for _, w := range g {
			ws = append(ws, w.Text)
		}
	}
	return ws
}

func invalid(format string, args ...any) error {
	return drafts.Errorf(drafts.EINVALID, format, args...)
}

// ParseQuery parses the query language:
//
//	停车 罚款          both words must occur (each word is an exact phrase)
//	"机动车 停放"      a phrase that contains a space
//	-收费             the word must not occur
//	罚款 OR 罚金       either word (OR binds the words on each side)
//	第十条, 停车场条例第十条   leads to that article (see ArticleRef)
//
// Full-width and half-width letters and digits are the same (第１０条 =
// 第10条), and so are upper and lower case. A query that cannot be used
// returns a *drafts.Error with code EINVALID and a reason in Chinese.
func ParseQuery(s string) (*Query, error) {
	if !utf8.ValidString(s) {
		return nil, invalid("检索词包含无效字符。")
	}
	if n := utf8.RuneCountInString(s); n > maxQueryRunes {
		return nil, invalid("检索词过长（%d 字），请不超过 %d 字。", n, maxQueryRunes)
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	q := &Query{}
	joinNext := false
	for i, t := range toks {
		if t.or {
			if i == 0 || joinNext || toks[i-1].exclude || i == len(toks)-1 || toks[i+1].or || toks[i+1].exclude {
				return nil, invalid("OR 的两边都需要检索词（排除词不能用 OR 连接）。")
			}
			joinNext = true
			continue
		}
		w := Word{Text: t.text, Quoted: t.quoted}
		if utf8.RuneCountInString(w.Text) > maxWordRunes {
			return nil, invalid("检索词“%s…”过长，每个词请不超过 %d 字。", string([]rune(w.Text)[:10]), maxWordRunes)
		}
		switch {
		case t.exclude:
			q.Exclude = append(q.Exclude, w)
		case joinNext:
			g := &q.Groups[len(q.Groups)-1]
			*g = append(*g, w)
			joinNext = false
		default:
			q.Groups = append(q.Groups, []Word{w})
		}
	}
	n := len(q.Exclude)
	for _, g := range q.Groups {
		n += len(g)
	}
	if n > maxWords {
		return nil, invalid("检索词过多（%d 个），请不超过 %d 个。", n, maxWords)
	}
	if len(q.Groups) == 0 {
		if len(q.Exclude) > 0 {
			return nil, invalid("只有排除词（-词）无法检索，请至少输入一个要查找的词。")
		}
		return nil, invalid("请输入检索词。")
	}
	q.Article = articleRef(q)
	return q, nil
}

type token struct {
	text    string
	quoted  bool
	exclude bool
	or      bool
}

// lex splits s into tokens; text is normalised.
func lex(s string) ([]token, error) {
	rs := []rune(s)
	var toks []token
	for i := 0; i < len(rs); {
		r := fold(rs[i])
		if isSpace(r) {
			i++
			continue
		}
		exclude := false
		if r == '-' && i+1 < len(rs) && !isSpace(fold(rs[i+1])) {
			exclude = true
			i++
			r = fold(rs[i])
		}
		if r == '"' || r == '“' || r == '”' {
			j := i + 1
			for j < len(rs) && !isQuote(fold(rs[j])) {
				j++
			}
			if j == len(rs) {
				return nil, invalid("引号没有闭合：请在短语末尾补上引号。")
			}
			text := Normalize(string(rs[i+1 : j]))
			if text == "" {
				return nil, invalid("引号中没有内容。")
			}
			toks = append(toks, token{text: text, quoted: true, exclude: exclude})
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !isSpace(fold(rs[j])) && !isQuote(fold(rs[j])) {
			j++
		}
		raw := string(rs[i:j])
		i = j
		if !exclude && (raw == "OR" || raw == "|" || raw == "｜") {
			toks = append(toks, token{or: true})
			continue
		}
		if raw == "-" {
			continue
		}
		toks = append(toks, token{text: Normalize(raw), exclude: exclude})
	}
	return toks, nil
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

// articleRE matches 第十条, 第10条, 第十条之一, with an optional title before.
var articleRE = regexp.MustCompile(`^(.*?)第([零〇一二三四五六七八九十百千两0-9]+)条(?:之([零〇一二三四五六七八九十0-9]+))?$`)

// articleRef recognises a query that names an article: one unquoted word
// (停车场条例第十条, 第十条) or two (停车场条例 第十条).
func articleRef(q *Query) *ArticleRef {
	if len(q.Exclude) > 0 || len(q.Groups) > 2 {
		return nil
	}
	for _, g := range q.Groups {
		if len(g) != 1 || g[0].Quoted {
			return nil
		}
	}
	last := q.Groups[len(q.Groups)-1][0].Text
	m := articleRE.FindStringSubmatch(last)
	if m == nil {
		return nil
	}
	num, err := cnum.Parse(m[2])
	if err != nil || num <= 0 {
		return nil
	}
	ref := &ArticleRef{Title: m[1], Num: num, Word: last}
	if m[3] != "" {
		sub, err := cnum.Parse(m[3])
		if err != nil || sub <= 0 {
			return nil
		}
		ref.Sub = sub
	}
	if len(q.Groups) == 2 {
		if ref.Title != "" {
			return nil
		}
		ref.Title = q.Groups[0][0].Text
	}
	ref.Title = strings.TrimSpace(ref.Title)
	return ref
}
