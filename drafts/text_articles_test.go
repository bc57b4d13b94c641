package drafts_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/parse"
)

// leanArticles is what DecodeArticles keeps of a document's articles.
func leanArticles(doc *drafts.Document) []*drafts.Article {
	out := make([]*drafts.Article, len(doc.Articles))
	for i, a := range doc.Articles {
		out[i] = &drafts.Article{Num: a.Num, Sub: a.Sub, Label: a.Label, Text: a.Text, Path: a.Path}
	}
	return out
}

func TestDecodeArticles(t *testing.T) {
	doc, err := parse.Parse("t.md", []byte("# 停车条例\n\n第一章 总则\n\n第一条 为了规范停车，制定本条例。\n\n第二条 本条例适用于：\n（一）道路停车；\n（二）公共停车场。\n\n第二条之一 “停车场”，指供机动车停放的场所。\n\n第二章 附则\n\n第三条 本条例自公布之日起施行。\n"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := drafts.DecodeArticles(data)
	if err != nil {
		t.Fatal(err)
	}
	if want := leanArticles(doc); !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeArticles:\n%+v\nwant\n%+v", got, want)
	}
	if len(got) != 4 || got[2].Num != 2 || got[2].Sub != 1 || got[2].Label != "第二条之一" || got[3].Path[0] != "第二章 附则" {
		t.Fatalf("articles: %+v", got)
	}
	if !strings.Contains(got[1].Text, "（二）公共停车场。") || got[1].Paragraphs != nil {
		t.Fatalf("article 2: text %q, paragraphs %v (want the text with its items, no paragraphs)", got[1].Text, got[1].Paragraphs)
	}
	for _, bad := range []string{``, `{"articles":[{"num":"一"}]}`, `{"articles":`, `[1]`} {
		if _, err := drafts.DecodeArticles([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if got, err := drafts.DecodeArticles([]byte(`{"title":"无条文"}`)); err != nil || len(got) != 0 {
		t.Errorf("a document without articles: %v, %v", got, err)
	}
}

// corpusDocs parses the real regulations of the shared corpus's laws
// directory and encodes them as the store does; it skips without the
// corpus, except under CI=true.
func corpusDocs(tb testing.TB) ([]*drafts.Document, [][]byte) {
	tb.Helper()
	root := filepath.Join("..", "..", "shared", "corpus", "laws")
	if _, err := os.Stat(root); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("corpus not found at %s (CI=true: it must be at ../shared/corpus beside the clone)", root)
		}
		tb.Skipf("SKIPPED: corpus not found at %s", root)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.md"))
	var docs []*drafts.Document
	var encoded [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		doc, err := parse.Parse(filepath.Base(f), data)
		if err != nil {
			continue // a text without articles
		}
		enc, err := json.Marshal(doc)
		if err != nil {
			tb.Fatal(err)
		}
		docs, encoded = append(docs, doc), append(encoded, enc)
	}
	if len(docs) < 100 {
		tb.Fatalf("%d documents parsed under %s", len(docs), root)
	}
	return docs, encoded
}

// TestDecodeArticles_corpus decodes every version of the corpus's laws.
func TestDecodeArticles_corpus(t *testing.T) {
	docs, encoded := corpusDocs(t)
	for i, doc := range docs {
		got, err := drafts.DecodeArticles(encoded[i])
		if err != nil {
			t.Fatalf("%s: %v", doc.Title, err)
		}
		if want := leanArticles(doc); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the articles differ from the parsed document's", doc.Title)
		}
	}
}

// BenchmarkDecodeArticles compares reading the articles alone with
// decoding the whole documents (what the store's Version does).
func BenchmarkDecodeArticles(b *testing.B) {
	_, encoded := corpusDocs(b)
	size := 0
	for _, e := range encoded {
		size += len(e)
	}
	b.Run("articles", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, e := range encoded {
				if _, err := drafts.DecodeArticles(e); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("document", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, e := range encoded {
				var d drafts.Document
				if err := json.Unmarshal(e, &d); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
