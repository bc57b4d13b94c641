package amend

import (
	"io"
	"strings"

	"lifa/drafts/cnum"
	"lifa/drafts/docx"
)

// Docx returns the decision as a Word document in the layout of official
// documents (公文, GB/T 9704): the title in 二号 小标宋, the 题注 centred in
// 楷体, then the preamble, items and closing in 三号 仿宋, each paragraph
// indented two characters.
func (d *Decision) Docx() *docx.Document {
	doc := docx.New()
	doc.Official = true
	doc.Title = d.Title
	doc.Heading(0, d.Title)
	if d.Adopted != "" {
		doc.Paragraph(docx.Paragraph{Align: docx.Center, Runs: []docx.Run{{Text: "（" + d.Adopted + "）", Font: docx.FontKai}}})
	}
	doc.Text(d.Preamble)
	for _, it := range d.Items {
		for k, p := range strings.Split(it.Text, "\n") {
			if k == 0 {
				p = cnum.Format(it.Num) + "、" + p
			}
			doc.Text(p)
		}
	}
	for _, c := range d.Closing {
		doc.Text(c)
	}
	return doc
}

// WriteDocx writes the decision as a .docx file (see Docx).
func (d *Decision) WriteDocx(w io.Writer) error {
	_, err := d.Docx().WriteTo(w)
	return err
}
