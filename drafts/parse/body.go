package parse

import (
	"bytes"
	"strings"

	"lifa/drafts"
)

// Body splits the body of one article — the text after its label, one
// paragraph (款) or item (项, 目) per line, as drafts.Article.Text holds it —
// into paragraphs with their items, the way Parse reads an article inside a
// whole text. No line is taken for a heading or another article: the text
// is known to be one article's. Used for article texts quoted in amendment
// decisions and built by applying them.
func Body(text string) []drafts.Paragraph {
	b := builder{}
	b.doc = &drafts.Document{}
	b.startArticle(&line{kind: kArticle, num: 1, label: "第一条"}, 1, 0, "第一条", "")
	no := 0
	for raw := range strings.SplitSeq(text, "\n") {
		no++
		s := cleanLine(raw)
		if s == "" {
			continue
		}
		l := line{no: no, text: FullWidthPunct(s)}
		classify(&l)
		switch l.kind {
		case kItem, kSubItem, kDotNum:
		default:
			l.kind = kText
		}
		b.lines = append(b.lines, l)
	}
	// All lines first: an item's second sentence is told by the line after.
	for i := range b.lines {
		b.line(i)
	}
	b.finishArticle()
	return b.doc.Articles[0].Paragraphs
}

// References fills doc.References with the cross-references found in its
// articles and adds the warnings about references to articles, paragraphs
// or items that do not exist, as Parse does: for a document built in code,
// such as a text amended by a decision. References already there are
// replaced.
func References(doc *drafts.Document) {
	doc.References = []drafts.Reference{}
	findReferences(doc, nil)
	checkReferences(doc)
	sortWarnings(doc.Warnings)
}

// LevelRank orders division levels, outermost first: 编 0, 分编 1, 章 2,
// 节 3, as the parser nests them.
func LevelRank(l drafts.DivisionLevel) int { return levelRank(l) }

// PlainText returns the text of a file as Parse reads it: a .docx's
// paragraphs one per line (Word's list numbering written out), anything else
// decoded from UTF-8 or GB18030. It is for texts that are not regulations,
// such as amendment decisions; errors are like Parse's.
func PlainText(name string, data []byte) (string, error) {
	if bytes.HasPrefix(data, zipMagic) {
		text, err := docxText(data)
		if err != nil {
			return "", invalid(name, err)
		}
		return text, nil
	}
	text, _, err := decodeText(data)
	if err != nil {
		return "", invalid(name, err)
	}
	return text, nil
}
