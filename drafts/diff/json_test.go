package diff

import (
	"bytes"
	"encoding/json"
	"testing"
)

// rawComparison is a Comparison without its MarshalJSON: what
// encoding/json makes of its fields.
type rawComparison Comparison

// TestComparison_JSON checks that MarshalJSON and WriteJSON write exactly
// what encoding/json writes for a comparison's fields: compact, HTML
// escaped by json.Marshal, and indented as lifa diff writes it.
func TestComparison_JSON(t *testing.T) {
	var cs []*Comparison
	for _, p := range [][2]string{{"lifafa-2015.md", "lifafa-2023.md"}, {"gzpark-2021.md", "gzpark-2025.md"}, {"zhian-2012.md", "zhian-2025.md"}} {
		c, err := Compare(parseDoc(t, p[0]), parseDoc(t, p[1]), nil)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	// Odd strings and numbers, and a comparison with nothing in it.
	odd, err := Compare(mkDoc("<标题> & \"引号\"\u2028", "控制\x01字符\t与\\反斜杠\r\n第二行", tA), mkDoc("新", tB), nil)
	if err != nil {
		t.Fatal(err)
	}
	odd.ElapsedMS = 1e-7
	cs = append(cs, odd, &Comparison{}, &Comparison{ElapsedMS: 3e21, Coarse: true, Changes: []Change{{Kind: Modified, Coarse: true, Moved: true, RefsRenumbered: true}}})
	for k, c := range cs {
		want, err := json.Marshal((*rawComparison)(c))
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("comparison %d: json.Marshal differs from encoding/json's own:\n got  %.300s\n want %.300s", k, got, want)
		}
		for _, indent := range []bool{false, true} {
			var w, g bytes.Buffer
			enc := json.NewEncoder(&w)
			enc.SetEscapeHTML(false)
			if indent {
				enc.SetIndent("", "  ")
			}
			if err := enc.Encode((*rawComparison)(c)); err != nil {
				t.Fatal(err)
			}
			if err := c.WriteJSON(&g, indent); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(g.Bytes(), w.Bytes()) {
				t.Errorf("comparison %d, indent %v: WriteJSON differs from encoding/json:\n got  %.300s\n want %.300s", k, indent, g.Bytes(), w.Bytes())
			}
		}
	}
}

func BenchmarkComparison_JSON(b *testing.B) {
	old, new := benchPair(b, "gongsifa")
	c, err := Compare(old, new, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			var w bytes.Buffer
			enc := json.NewEncoder(&w)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode((*rawComparison)(c)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("WriteJSON", func(b *testing.B) {
		for b.Loop() {
			var w bytes.Buffer
			if err := c.WriteJSON(&w, true); err != nil {
				b.Fatal(err)
			}
		}
	})
}
