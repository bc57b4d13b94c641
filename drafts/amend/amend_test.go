package amend

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/parse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// readDoc parses a testdata text.
func readDoc(t testing.TB, name string) *drafts.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := parse.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// golden compares got with testdata/golden/name, or writes it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff", name)
	}
}

// roundTrip applies dec, written as text and read back, to old and returns
// the labels of the articles that do not come out as in new (and a note
// when the number of articles differs).
func roundTrip(t testing.TB, old, new *drafts.Document, dec *Decision) (bad []string, rep *Report) {
	t.Helper()
	parsed, err := ParseDecision(dec.Text())
	if err != nil {
		t.Errorf("the written decision does not read back: %v", err)
		return nil, nil
	}
	got, rep, err := Apply(old, parsed)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != len(new.Articles) {
		bad = append(bad, fmt.Sprintf("%d articles, want %d", len(got.Articles), len(new.Articles)))
	}
	for i := range min(len(got.Articles), len(new.Articles)) {
		if got.Articles[i].Label != new.Articles[i].Label || !sameText(got.Articles[i].Text, new.Articles[i].Text) {
			bad = append(bad, new.Articles[i].Label)
		}
	}
	return bad, rep
}

// goldenPairs are real readings whose decisions together use every form
// Write produces.
var goldenPairs = []struct{ name, old, new string }{
	{"lifafa", "lifafa-2015.md", "lifafa-2023.md"},
	{"gzpark", "gzpark-2021.md", "gzpark-2025.md"},
	{"baomi", "baomi-2010.md", "baomi-2024.md"},
	{"bj-shenji", "bj-shenji-2017.md", "bj-shenji-2023.md"},
	{"dwjianyi", "dwjianyi-2010.md", "dwjianyi-2019.md"},
	{"bj-lifa", "bj-lifa-2017.md", "bj-lifa-2023.md"},
	{"jiandufa", "jiandufa-2006.md", "jiandufa-2024.md"},
}

// allForms are the forms (and levels) Write produces; each must occur in
// the decisions of goldenPairs. Punctuation is not among them: the parser
// writes half-width punctuation beside Chinese full-width, so two parsed
// texts never call for it (TestWrite_punctuation builds a text that does).
var allForms = []string{
	"add/条", "add/款", "add/项", "add_division/条", "delete/条", "delete/款", "delete/项", "delete_division",
	"delete_words/条", "delete_words/款", "insert_words/条", "insert_words/款", "merge/条", "move/条", "move/条/text",
	"relocate/款", "rename_division", "renumber/条", "replace/条", "replace/款", "replace/项", "replace_words/条",
	"replace_words/款", "split/条", "split/条/parts",
}

// formName names an operation's form and the level of unit it acts on.
func formName(op Op) string {
	f := string(op.Form)
	switch {
	case op.Form == Add && len(op.Targets) > 0:
		f += "/" + op.New[0].Level()
	case len(op.Targets) > 0:
		f += "/" + op.Targets[0].Level()
	case len(op.New) > 0:
		f += "/" + op.New[0].Level()
	}
	if len(op.Parts) > 0 {
		f += "/parts"
	}
	if op.Form == Move && len(op.Texts) > 0 {
		f += "/text"
	}
	return f
}

// TestWrite_goldens writes the decision for each pair, compares it with
// its golden file, checks that applying it (as text) gives the new text
// article by article, and collects one real item of each form into
// testdata/golden/forms.txt.
func TestWrite_goldens(t *testing.T) {
	examples := map[string]string{}
	for _, p := range goldenPairs {
		t.Run(p.name, func(t *testing.T) {
			old, new := readDoc(t, p.old), readDoc(t, p.new)
			dec, err := Write(old, new, nil, Meta{})
			if err != nil {
				t.Fatal(err)
			}
			golden(t, p.name+".txt", []byte(dec.Text()))
			bad, rep := roundTrip(t, old, new, dec)
			if len(bad) > 0 {
				t.Errorf("articles that do not come out as in %s: %v", p.new, bad)
			}
			if rep != nil && !rep.OK() {
				t.Errorf("report: %+v", rep)
			}
			for _, it := range dec.Items {
				for _, op := range it.Ops {
					f := formName(op)
					if _, ok := examples[f]; !ok {
						examples[f] = fmt.Sprintf("%s（%s → %s）\n%s、%s", f, p.old, p.new, cnum.Format(it.Num), it.Text)
					}
				}
			}
		})
	}
	var missing, names []string
	for _, f := range allForms {
		if _, ok := examples[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		t.Errorf("forms without a real example: %v", missing)
	}
	for f := range examples {
		names = append(names, f)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, f := range names {
		b.WriteString("## " + examples[f] + "\n\n")
	}
	golden(t, "forms.txt", []byte(b.String()))
}

// TestApply_officialDecision applies the official 2023 decision amending the
// 立法法 to the 2015 text and compares with the 2023 text: all 120 articles
// must be character-equal. The corpus copy of the 2015 text writes nine
// colons half-width (规定: before a list) where the 2023 text, like every
// official edition, has ：; the parser writes them full-width.
func TestApply_officialDecision(t *testing.T) {
	data, err := os.ReadFile("testdata/lifafa-decision-2023.md")
	if err != nil {
		t.Fatal(err)
	}
	dec, err := ParseDecision(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Items) != 40 || dec.Law != "中华人民共和国立法法" || len(dec.Closing) != 3 {
		t.Errorf("read %d items, law %q, %d closing paragraphs; want 40, 中华人民共和国立法法, 3", len(dec.Items), dec.Law, len(dec.Closing))
	}
	old, want := readDoc(t, "lifafa-2015.md"), readDoc(t, "lifafa-2023.md")
	got, rep, err := Apply(old, dec)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Errorf("report: %+v", rep)
	}
	if len(got.Articles) != len(want.Articles) {
		t.Fatalf("%d articles, want %d", len(got.Articles), len(want.Articles))
	}
	equal := 0
	for i, a := range got.Articles {
		if w := want.Articles[i]; a.Label == w.Label && a.Text == w.Text {
			equal++
		} else {
			t.Errorf("%s differs:\n got  %q\n want %q", w.Label, a.Text, w.Text)
		}
	}
	t.Logf("%d/%d articles character-equal (%.1f%%)", equal, len(want.Articles), 100*float64(equal)/float64(len(want.Articles)))
}

// halfWidthColons returns a copy of doc with its colons written
// half-width, as a text parsed (and stored) before the parser wrote them
// full-width may have them.
func halfWidthColons(doc *drafts.Document) *drafts.Document {
	js, _ := json.Marshal(doc)
	var d drafts.Document
	_ = json.Unmarshal(bytes.ReplaceAll(js, []byte("："), []byte(":")), &d)
	return &d
}

// TestWrite_punctuation writes the decision from a text with half-width
// colons to one without: it ends with the punctuation item, and applying
// it gives the new text.
func TestWrite_punctuation(t *testing.T) {
	old, new := halfWidthColons(readDoc(t, "baomi-2010.md")), readDoc(t, "baomi-2024.md")
	dec, err := Write(old, new, nil, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	last := dec.Items[len(dec.Items)-1]
	if len(last.Ops) != 1 || last.Ops[0].Form != Punctuation || last.Text != punctuationClause+"。" {
		t.Errorf("last item %q, want %q", last.Text, punctuationClause+"。")
	}
	bad, rep := roundTrip(t, old, new, dec)
	if len(bad) > 0 {
		t.Errorf("articles that do not come out as in baomi-2024.md: %v", bad)
	}
	if rep != nil && !rep.OK() {
		t.Errorf("report: %+v", rep)
	}
}

// pairsOf returns the (form, old article) pairs of a decision's operations:
// an added article counts as (add, 新第Y条), a change of a division as
// (form, 第N章).
func pairsOf(dec *Decision) map[string]bool {
	m := map[string]bool{}
	for _, it := range dec.Items {
		for _, op := range it.Ops {
			switch {
			case op.Form == Renumber || op.Form == Punctuation:
			case op.Division != nil && op.Form != Add:
				m[string(op.Form)+" "+op.Division.String()] = true
			case op.Form == Add && len(op.Targets) == 0:
				for _, u := range op.New {
					m[string(op.Form)+" 新"+u.article().String()] = true
				}
			default:
				for _, u := range op.Targets {
					m[string(op.Form)+" "+u.article().String()] = true
				}
			}
		}
	}
	return m
}

// quotedPerItem is the mean number of characters quoted per item.
func quotedPerItem(dec *Decision) float64 {
	n := 0
	for _, it := range dec.Items {
		_, qs, _ := skeleton(it.Text)
		for _, q := range qs {
			n += len([]rune(q))
		}
	}
	return float64(n) / float64(len(dec.Items))
}

// TestWrite_likeOfficial writes the decision for 立法法 2015 → 2023 and
// compares it with the official one: the (form, old article) pairs of
// their operations (F1 ≥ 0.9) and the characters quoted per item (no more
// than the official decision).
func TestWrite_likeOfficial(t *testing.T) {
	old, new := readDoc(t, "lifafa-2015.md"), readDoc(t, "lifafa-2023.md")
	mine, err := Write(old, new, nil, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/lifafa-decision-2023.md")
	if err != nil {
		t.Fatal(err)
	}
	official, err := ParseDecision(string(data))
	if err != nil {
		t.Fatal(err)
	}
	a, b := pairsOf(mine), pairsOf(official)
	tp := 0
	var extra, missing []string
	for k := range a {
		if b[k] {
			tp++
		} else {
			extra = append(extra, k)
		}
	}
	for k := range b {
		if !a[k] {
			missing = append(missing, k)
		}
	}
	p, r := float64(tp)/float64(len(a)), float64(tp)/float64(len(b))
	f1 := 2 * p * r / (p + r)
	sort.Strings(extra)
	sort.Strings(missing)
	t.Logf("(form, old article) pairs: %d written, %d official, %d shared: P=%.3f R=%.3f F1=%.3f", len(a), len(b), tp, p, r, f1)
	t.Logf("only written: %v; only official: %v", extra, missing)
	if f1 < 0.9 {
		t.Errorf("F1 = %.3f, want ≥ 0.9", f1)
	}
	qm, qo := quotedPerItem(mine), quotedPerItem(official)
	t.Logf("quoted characters per item: written %.1f (%d items), official %.1f (%d items)", qm, len(mine.Items), qo, len(official.Items))
	if qm > qo {
		t.Errorf("the written decision quotes %.1f characters per item, the official one %.1f", qm, qo)
	}
}

// TestDecision_textReadsBack checks that the text of a written decision
// reads back into the same operations.
func TestDecision_textReadsBack(t *testing.T) {
	for _, p := range goldenPairs {
		old, new := readDoc(t, p.old), readDoc(t, p.new)
		dec, err := Write(old, new, nil, Meta{Body: "某市人民代表大会常务委员会", Date: "2025-12-17", Meeting: "某市第十六届人民代表大会常务委员会第三十次会议"})
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseDecision(dec.Text())
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if back.Title != dec.Title || back.Adopted != dec.Adopted || back.Preamble != dec.Preamble || !slices.Equal(back.Closing, dec.Closing) || back.Law != dec.Law {
			t.Errorf("%s: header read back as %q %q %q %q %q", p.name, back.Title, back.Adopted, back.Preamble, back.Closing, back.Law)
		}
		if len(back.Items) != len(dec.Items) {
			t.Fatalf("%s: %d items read back, %d written", p.name, len(back.Items), len(dec.Items))
		}
		for k := range dec.Items {
			w, _ := json.Marshal(normalOps(dec.Items[k].Ops))
			g, _ := json.Marshal(normalOps(back.Items[k].Ops))
			if !bytes.Equal(w, g) {
				t.Errorf("%s item %d:\n written %s\n read    %s", p.name, k+1, w, g)
			}
		}
	}
}

// normalOps drops what the text does not carry: the quoted texts of an
// added article are kept, its checks not.
func normalOps(ops []Op) []Op {
	out := slices.Clone(ops)
	for k := range out {
		out[k].Sub = 0
	}
	return out
}

func TestParseDecision_errors(t *testing.T) {
	for _, tc := range []struct {
		text string
		item int
		want string
	}{
		{"", 0, "文本为空"},
		{"关于修改《某条例》的决定\n某市人大常委会决定对《某条例》作如下修改：\n本决定自公布之日起施行。", 0, "没有找到"},
		{"关于修改《某条例》的决定\n决定对《某条例》作如下修改：\n一、将第三条修改为：“……。”\n二、把第四条改得好一些。\n", 2, "无法识别"},
		{"决定对《某条例》作如下修改：\n一、将第三条修改为：“未完的引文\n", 1, "引号不成对"},
		{"决定对《某条例》作如下修改：\n一、删去第二款。\n", 1, "无法识别"},
		{"决定对《某条例》作如下修改：\n一、将第三条改为两条，作为第三条、第四条，修改为：“只有一条的引文。”\n", 1, "条文数"},
		{"决定对《某条例》作如下修改：\n一、增加一款，作为第二款：“……”\n", 1, "没有指明"},
	} {
		_, err := ParseDecision(tc.text)
		es := AsParseErrors(err)
		if len(es) == 0 {
			t.Errorf("%q: no ParseErrors (err %v)", tc.text, err)
			continue
		}
		if drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("%q: code %s, want invalid", tc.text, drafts.ErrorCode(err))
		}
		if es[0].Item != tc.item || !strings.Contains(es[0].Reason, tc.want) {
			t.Errorf("%q: first error %v, want item %d with %q", tc.text, es[0], tc.item, tc.want)
		}
	}
}

// TestApply_problems checks that operations that cannot be applied are
// reported with their item numbers and skipped, the rest applied.
func TestApply_problems(t *testing.T) {
	old := readDoc(t, "lifafa-2015.md")
	dec, err := ParseDecision(`决定对《中华人民共和国立法法》作如下修改：
一、将第二百条修改为：“没有这一条。”
二、将第十四条第二款中的“不存在的词”修改为“新词”。
三、在第七条中的“全国人民代表大会”后增加“及其常务委员会”。
四、删去第十条第九款。
五、将第一条修改为：“为了测试，制定本法。”
`)
	if err != nil {
		t.Fatal(err)
	}
	got, rep, err := Apply(old, dec)
	if err != nil {
		t.Fatal(err)
	}
	var items []int
	for _, p := range rep.Problems {
		items = append(items, p.Item)
	}
	if !slices.Equal(items, []int{1, 2, 3, 4}) {
		t.Errorf("problems in items %v, want 1–4: %v", items, rep.Problems)
	}
	if rep.Applied != 1 || got.Articles[0].Text != "为了测试，制定本法。" {
		t.Errorf("applied %d, first article %q", rep.Applied, got.Articles[0].Text)
	}
	if !strings.Contains(rep.Problems[2].Reason, "出现") {
		t.Errorf("item 3's reason %q does not say the words occur several times", rep.Problems[2].Reason)
	}
}

// FuzzParseDecision checks that reading any text does not panic, that
// every refusal is a ParseError naming an item (0 only for the title and
// preamble), and that applying whatever was read does not panic either.
func FuzzParseDecision(f *testing.F) {
	for _, name := range []string{"lifafa-decision-2023.md", "golden/lifafa.txt", "golden/gzpark.txt", "golden/bj-lifa.txt"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("决定对《某条例》作如下修改：\n一、将第三条第二款第（一）项修改为：“（一）……”\n二、删去第四条、第五条。\n")
	old := readDoc(f, "lifafa-2015.md")
	f.Fuzz(func(t *testing.T, text string) {
		dec, err := ParseDecision(text)
		if err != nil {
			es := AsParseErrors(err)
			if len(es) == 0 {
				t.Fatalf("error without ParseErrors: %v", err)
			}
			for _, e := range es {
				if e.Item < 0 || dec != nil && e.Item > len(dec.Items) || e.Reason == "" {
					t.Fatalf("refusal %+v names no item of %d", e, len(dec.Items))
				}
				if e.Item == 0 && dec != nil && len(dec.Items) > 0 {
					t.Fatalf("refusal %+v without an item although items were read", e)
				}
			}
		}
		if dec != nil {
			if _, _, err := Apply(old, dec); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestDecision_docx(t *testing.T) {
	old, new := readDoc(t, "lifafa-2015.md"), readDoc(t, "lifafa-2023.md")
	dec, err := Write(old, new, nil, Meta{Body: "全国人民代表大会", Date: "2023-03-13", Meeting: "第十四届全国人民代表大会第一次会议"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := dec.WriteDocx(&b); err != nil {
		t.Fatal(err)
	}
	text, err := parse.PlainText("decision.docx", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseDecision(text)
	if err != nil {
		t.Fatalf("the .docx does not read back: %v", err)
	}
	if back.Title != dec.Title || len(back.Items) != len(dec.Items) {
		t.Errorf(".docx read back as %q with %d items, want %q with %d", back.Title, len(back.Items), dec.Title, len(dec.Items))
	}
}
