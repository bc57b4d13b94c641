package search

import (
	"maps"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"lifa/drafts"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"第１０条":        "第10条",
		"ＰＭ２．５":       "pm2.5",
		"PM2.5":       "pm2.5",
		"５０００元":       "5000元",
		"第一章　总　　则":    "第一章 总 则",
		"  a\n\n b  ": "a b",
		"ＤＮＡ指纹":       "dna指纹",
		"":            "",
		"（一）":         "(一)",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQueryGrams(t *testing.T) {
	for in, want := range map[string][]string{
		"罚":      {"罚"},
		"罚款":     {"罚款"},
		"停车场":    {"停车", "车场"},
		"停车泊位":   {"停车", "车泊", "泊位"},
		"湿地保护规定": {"湿地", "地保", "保护", "护规", "规定"},
		"ab cd":  {"ab", "b ", "", "cd"},
		"abc d":  {"ab", "bc", "c ", "", " d"},
		"a b":    {"a ", "", " b"},
		"a b c":  {"a ", "", "b ", "", " c"},
	} {
		if got := queryGrams([]rune(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("queryGrams(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAnalyze(t *testing.T) {
	var got []string
	for _, tk := range (gramAnalyzer{}).Analyze([]byte("第１０条 ab\n\nc")) {
		got = append(got, string(tk.Term)+"@"+strconv.Itoa(tk.Position))
	}
	// a bigram at each character but the last of a run; white space is a
	// one-position gap with boundary grams on both sides
	want := []string{"第1@1", "10@2", "0条@3", "条 @4", " a@6", "ab@6", "b @7", " c@9"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tokens %q, want %q", got, want)
	}
	got = nil
	for _, tk := range (uniAnalyzer{}).Analyze([]byte("罚款罚ＡA")) {
		got = append(got, string(tk.Term))
	}
	if want := []string{"a", "款", "罚"}; !reflect.DeepEqual(got, want) { // distinct, in code point order
		t.Fatalf("uni tokens %q, want %q", got, want)
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in      string
		groups  [][]string
		exclude []string
		article *ArticleRef
	}{
		{in: "停车 罚款", groups: [][]string{{"停车"}, {"罚款"}}},
		{in: `"机动车  停放" 收费`, groups: [][]string{{"机动车 停放"}, {"收费"}}},
		{in: "“湿地 公园”", groups: [][]string{{"湿地 公园"}}},
		{in: "停车 -收费", groups: [][]string{{"停车"}}, exclude: []string{"收费"}},
		{in: "罚款 OR 罚金 停车", groups: [][]string{{"罚款", "罚金"}, {"停车"}}},
		{in: "a OR b OR c", groups: [][]string{{"a", "b", "c"}}},
		{in: "罚款 | 罚金", groups: [][]string{{"罚款", "罚金"}}},
		{in: "ＰＭ２．５ or", groups: [][]string{{"pm2.5"}, {"or"}}},
		{in: "2020-2025", groups: [][]string{{"2020-2025"}}},
		{in: "第十条", groups: [][]string{{"第十条"}}, article: &ArticleRef{Num: 10, Word: "第十条"}},
		{in: "第１０条", groups: [][]string{{"第10条"}}, article: &ArticleRef{Num: 10, Word: "第10条"}},
		{in: "第十条之一", groups: [][]string{{"第十条之一"}}, article: &ArticleRef{Num: 10, Sub: 1, Word: "第十条之一"}},
		{in: "停车场条例第二十三条", groups: [][]string{{"停车场条例第二十三条"}}, article: &ArticleRef{Title: "停车场条例", Num: 23, Word: "停车场条例第二十三条"}},
		{in: "停车场条例 第二十三条", groups: [][]string{{"停车场条例"}, {"第二十三条"}}, article: &ArticleRef{Title: "停车场条例", Num: 23, Word: "第二十三条"}},
		{in: `"第十条"`, groups: [][]string{{"第十条"}}},
		{in: "第十条 -罚款", groups: [][]string{{"第十条"}}, exclude: []string{"罚款"}},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.in, err)
			continue
		}
		var groups [][]string
		for _, g := range q.Groups {
			var ws []string
			for _, w := range g {
				ws = append(ws, w.Text)
			}
			groups = append(groups, ws)
		}
		var ex []string
		for _, w := range q.Exclude {
			ex = append(ex, w.Text)
		}
		if !reflect.DeepEqual(groups, tt.groups) || !reflect.DeepEqual(ex, tt.exclude) || !reflect.DeepEqual(q.Article, tt.article) {
			t.Errorf("ParseQuery(%q) = %v -%v %+v, want %v -%v %+v", tt.in, groups, ex, q.Article, tt.groups, tt.exclude, tt.article)
		}
	}
}

func TestParseQuery_Invalid(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "请输入检索词",
		"   ":                    "请输入检索词",
		"-罚款":                    "只有排除词",
		`"停车`:                    "引号没有闭合",
		`""`:                     "引号中没有内容",
		"OR 罚款":                  "OR 的两边",
		"罚款 OR":                  "OR 的两边",
		"罚款 OR OR 罚金":            "OR 的两边",
		"罚款 OR -罚金":              "OR 的两边",
		strings.Repeat("法", 201): "检索词过长",
		strings.Repeat("法", 65):  "每个词请不超过",
		strings.Repeat("法 ", 17): "检索词过多",
		"\xff":                   "无效字符",
	} {
		_, err := ParseQuery(in)
		if drafts.ErrorCode(err) != drafts.EINVALID || !strings.Contains(drafts.ErrorMessage(err), want) {
			t.Errorf("ParseQuery(%q) = %v, want EINVALID containing %q", in, err, want)
		}
	}
}

// FuzzParseQuery: ParseQuery never panics; it returns either EINVALID or
// a query with at least one normalised, non-empty word within the limits.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"停车 罚款", `"a b" -c`, "x OR y", "第十条之一", "停车场条例 第１０条", "-", `“”`, "|"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if drafts.ErrorCode(err) != drafts.EINVALID {
				t.Fatalf("ParseQuery(%q): error %v is not EINVALID", s, err)
			}
			return
		}
		if len(q.Groups) == 0 {
			t.Fatalf("ParseQuery(%q): no groups", s)
		}
		for _, w := range q.Words() {
			if w == "" || w != Normalize(w) || utf8.RuneCountInString(w) > maxWordRunes {
				t.Fatalf("ParseQuery(%q): bad word %q", s, w)
			}
			if len(queryGrams([]rune(w))) == 0 {
				t.Fatalf("ParseQuery(%q): word %q has no grams", s, w)
			}
		}
	})
}

// phraseMatch emulates bleve on the title analyzers' tokens: a term query
// on the uni field, or the phrase of queryGrams at consecutive positions
// of the gram field, "" matching anything.
func phraseMatch(text, word string) bool {
	uni, terms := wordQuery(word)
	if uni {
		for _, tk := range (uniAnalyzer{}).Analyze([]byte(text)) {
			if string(tk.Term) == terms[0] {
				return true
			}
		}
		return false
	}
	at := map[string]map[int]bool{}
	maxPos := 0
	for _, tk := range (gramAnalyzer{}).Analyze([]byte(text)) {
		if at[string(tk.Term)] == nil {
			at[string(tk.Term)] = map[int]bool{}
		}
		at[string(tk.Term)][tk.Position] = true
		maxPos = max(maxPos, tk.Position)
	}
	for p := 1; p <= maxPos; p++ {
		ok := true
		for i, term := range terms {
			if term != "" && !at[term][p+i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// textMatch emulates a search of a text field (textquery.go) on one
// text: the candidates are the texts having a one-character word, or
// every gram of a longer word — those of two letters or numbers from the
// index (textGrams), the others and the characters from the normalised
// text as loadChars reads them; those that planWord says to verify are
// checked against the normalised text. It also reports whether the text
// was a candidate.
func textMatch(text, word string) (match, candidate bool) {
	grams, _ := textGrams(text)
	has := map[string]bool{}
	for _, g := range grams {
		a, b := gramRunes(g)
		has[string([]rune{a, b})] = true
	}
	chars := map[rune]bool{}
	pgrams := map[uint64]bool{}
	prev := ' '
	for _, r := range string(appendNormalized(nil, []byte(text))) {
		if r != ' ' {
			chars[r] = true
			if prev != ' ' && !indexedGram(prev, r) {
				pgrams[gramKey(prev, r)] = true
			}
		}
		prev = r
	}
	p := planWord(word)
	if p.char >= 0 {
		return chars[p.char], chars[p.char]
	}
	candidate = len(p.grams)+len(p.pgrams)+len(p.chars) > 0
	for _, g := range p.grams {
		candidate = candidate && has[g]
	}
	for _, g := range p.pgrams {
		candidate = candidate && pgrams[g]
	}
	for _, r := range p.chars {
		candidate = candidate && chars[r]
	}
	if !p.verify {
		return candidate, candidate
	}
	return candidate && strings.Contains(string(appendNormalized(nil, []byte(text))), word), candidate
}

// FuzzGrams checks the analysis on its own: a text contains a word
// (both normalised) exactly when a search of a text field finds it
// (never missed by the candidates, which are exact for words of one or
// two characters) and when a title's phrase of query grams matches;
// containsAt is bytes.Contains, whichever byte it looks for;
// appendNormalized is Normalize.
func FuzzGrams(f *testing.F) {
	f.Add("违反本条例第十条规定的，处五千元以上罚款。", "第十条")
	f.Add("处１万元以上10万元以下罚款", "1万元")
	f.Add("卡拉ＯＫ厅\n营业", "ok厅 营")
	f.Add("aaaa", "aaa")
	f.Add("ab  cd", "b c")
	f.Add("abxcd", "ab cd")
	f.Add("ab\ncd", "ab cd")
	f.Add("a b c", "b c")
	f.Add("（一）违反规定的，处罚。", "（一）")
	f.Add("处罚。第十条", "。第")
	f.Add("二〇二三年①项", "〇二")
	f.Fuzz(func(t *testing.T, text, word string) {
		if !utf8.ValidString(text) || !utf8.ValidString(word) {
			return
		}
		w := Normalize(word)
		if w == "" {
			return
		}
		want := strings.Contains(Normalize(text), w)
		if got := phraseMatch(text, w); got != want {
			t.Fatalf("text %q word %q: phrase match %v, contains %v", text, w, got, want)
		}
		if got, cand := textMatch(text, w); got != want || want && !cand {
			t.Fatalf("text %q word %q: text match %v (candidate %v), contains %v", text, w, got, cand, want)
		}
		for j := range len(w) {
			if got := containsAt([]byte(Normalize(text)), []byte(w), j); got != want {
				t.Fatalf("text %q word %q: containsAt byte %d %v, contains %v", text, w, j, got, want)
			}
		}
		if n := string(appendNormalized(nil, []byte(text))); n != Normalize(text) {
			t.Fatalf("text %q: appendNormalized %q, Normalize %q", text, n, Normalize(text))
		}
	})
}

// TestTextGrams checks the grams of a text and their counts, and that a
// long text (whose hash table grows past its first size) counts every
// gram as a map does.
func TestTextGrams(t *testing.T) {
	count := func(text string) map[string]int {
		grams, n := textGrams(text)
		got := map[string]int{}
		total := 0
		for _, g := range grams {
			a, b := gramRunes(g)
			k := string([]rune{a, b})
			if _, dup := got[k]; dup {
				t.Fatalf("%q: gram %q twice", text, k)
			}
			got[k] = int(g & gramCountMask)
			total += got[k]
		}
		if total != n {
			t.Fatalf("%q: counts add up to %d, want %d grams", text, total, n)
		}
		return got
	}
	for text, want := range map[string]map[string]int{
		"aaaa":  {"aa": 3},
		"处罚 处罚": {"处罚": 2},
		// punctuation and white space have no grams; 〇 and ① are numbers
		"第十条，处罚。":  {"第十": 1, "十条": 1, "处罚": 1},
		"（一）":      {},
		"二〇二三年①项":  {"二〇": 1, "〇二": 1, "二三": 1, "三年": 1, "年①": 1, "①项": 1},
		"ＰＭ２.５，5%": {"pm": 1, "m2": 1},
	} {
		if got := count(text); !maps.Equal(got, want) {
			t.Errorf("%s: %v, want %v", text, got, want)
		}
	}
	long := strings.Repeat("违反本条例第十条规定的，处五千元以上罚款。", 300) + "ＡＢ"
	want := map[string]int{}
	eachGram(long, func(_, _, _ int, a, b rune) {
		if indexedGram(a, b) {
			want[string([]rune{a, b})]++
		}
	})
	if got := count(long); !maps.Equal(got, want) {
		t.Errorf("long text: %d distinct grams, want %d", len(got), len(want))
	}
	if got := count(""); len(got) != 0 {
		t.Errorf("empty text: %v", got)
	}
}

// BenchmarkTextGrams measures the analysis of the bulk corpus's articles
// into grams (textGrams) and into bleve's term frequencies (textFreqs),
// per article.
func BenchmarkTextGrams(b *testing.B) {
	texts := bulkTexts(b)
	b.Run("grams", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			textGrams(texts[i%len(texts)])
		}
	})
	b.Run("freqs", func(b *testing.B) {
		grams := make([][]uint64, 1000)
		for i := range grams {
			grams[i], _ = textGrams(texts[i])
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			textFreqs(grams[i%len(grams)])
		}
	})
}

// BenchmarkAnalyze measures the two analyzers on an opinion and on an
// article.
func BenchmarkAnalyze(b *testing.B) {
	texts := map[string]string{
		"opinion": "建议增加湿地保护志愿者制度，鼓励市民参与湿地巡护。",
		"article": strings.Repeat("市交通运输行政主管部门应当健全本市停车信息管理系统，实时公布经营性停车场和道路停车泊位的分布位置、泊位数量和收费标准等信息。", 4),
	}
	for name, text := range texts {
		for an, a := range map[string]analysis.Analyzer{"gram": gramAnalyzer{}, "uni": uniAnalyzer{}} {
			b.Run(name+"/"+an, func(b *testing.B) {
				in := []byte(text)
				b.ReportAllocs()
				for b.Loop() {
					a.Analyze(in)
				}
			})
		}
	}
}
