package diff

import (
	"os"
	"testing"
)

func TestTryRender(t *testing.T) {
	if os.Getenv("TRY_RENDER") == "" {
		t.Skip()
	}
	old, new := parseDoc(t, "lifafa-2015.md"), parseDoc(t, "lifafa-2023.md")
	c, err := Compare(old, new, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Create("/tmp/b-lifafa.html")
	c.WriteHTML(f, HTMLOptions{})
	f.Close()
	f, _ = os.Create("/tmp/b-lifafa-inline.html")
	c.WriteHTML(f, HTMLOptions{Inline: true})
	f.Close()
	f, _ = os.Create("/tmp/b-lifafa.docx")
	c.WriteDocx(f, DocxOptions{})
	f.Close()
	c.WriteText(os.Stdout, TextOptions{})
}
