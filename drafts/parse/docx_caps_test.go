package parse

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// docxOf builds a .docx archive from (name, content) pairs, in order.
func docxOf(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const docxBody = `<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>第一条　甲。</w:t></w:r></w:p></w:body></w:document>`

// TestDocx_ArchiveCaps: a .docx with 40 duplicate 60 MB document.xml
// entries was accepted (each part was capped, the total was not, and every
// copy was decompressed). Duplicates are refused, and so is a part past
// its cap or parts past the total cap, each with a clear Chinese reason.
func TestDocx_ArchiveCaps(t *testing.T) {
	if _, err := Parse("ok.docx", docxOf(t, "word/document.xml", docxBody)); err != nil {
		t.Fatalf("a plain docx: %v", err)
	}
	dup := docxOf(t, "word/document.xml", docxBody, "word/document.xml", docxBody)
	if _, err := Parse("dup.docx", dup); err == nil || !strings.Contains(err.Error(), "不止一次") {
		t.Errorf("duplicate document.xml: %v", err)
	}
	big := strings.Repeat(" ", maxDocxPart+1) // compresses to almost nothing
	if _, err := Parse("big.docx", docxOf(t, "word/document.xml", docxBody[:len(docxBody)-len("</w:document>")]+big+"</w:document>")); err == nil || !strings.Contains(err.Error(), "过大") {
		t.Errorf("a document.xml past its cap: %v", err)
	}
	half := strings.Repeat(" ", maxDocxPart-1024)
	total := docxOf(t, "word/styles.xml", "<w:styles>"+half+"</w:styles>", "word/numbering.xml", "<w:numbering>"+half+"</w:numbering>",
		"word/document.xml", docxBody)
	if _, err := Parse("total.docx", total); err == nil || !strings.Contains(err.Error(), "过大") {
		t.Errorf("parts past the total cap: %v", err)
	}
}
