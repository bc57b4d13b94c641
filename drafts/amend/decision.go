package amend

import (
	"strings"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/diff"
)

// Decision is an amendment decision (修改决定): a title, the preamble that
// says which law it amends, numbered items each made of operations on the
// old text, and closing paragraphs (施行日期, 重新公布).
type Decision struct {
	// Title is the decision's title: 全国人民代表大会关于修改《中华人民共和国立法法》的决定.
	Title string `json:"title"`
	// Law is the amended law's name without 《》: 中华人民共和国立法法.
	Law string `json:"law"`
	// Adopted is the 题注 under the title, without its parentheses:
	// 2023年3月13日第十四届全国人民代表大会第一次会议通过.
	Adopted string `json:"adopted,omitempty"`
	// Preamble is the sentence before the items: …决定对《…》作如下修改：
	Preamble string `json:"preamble"`
	Items    []Item `json:"items"`
	// Closing are the paragraphs after the last item, as written.
	Closing []string `json:"closing,omitempty"`
}

// Item is one numbered item (一、二、…) of a decision.
type Item struct {
	Num int `json:"num"`
	// Text is the item as written, without its number; paragraphs are
	// separated by "\n".
	Text string `json:"text"`
	// Ops are the operations the item makes, in the order written. An
	// item that makes none (此外，对条文顺序作相应调整) has none.
	Ops []Op `json:"ops"`
}

// Form is what an operation does.
type Form string

// The forms of operation. Units are cited in the old text's numbering
// unless the form says otherwise.
const (
	// Replace: 将第X条（第Y款、第Z项）修改为：“…”. Texts holds the new text.
	Replace Form = "replace"
	// ReplaceWords: 将第X条（第Y款）中的“A”修改为“B”. Every occurrence of
	// A in each target unit is replaced.
	ReplaceWords Form = "replace_words"
	// InsertWords: 在第X条（第Y款）中的“A”后增加“B”（or 前增加）. A must occur
	// once in the unit. In an enumeration (A followed by 、) B is joined
	// with 、 as the decisions mean it.
	InsertWords Form = "insert_words"
	// DeleteWords: 删去第X条（第Y款）中的“A”. Every occurrence is deleted.
	DeleteWords Form = "delete_words"
	// Add: 增加一条，作为第Y条 / 增加一款，作为第Y款 / 增加一项，作为第（Z）项.
	// New holds the positions in the new text, Texts the texts.
	Add Form = "add"
	// Delete: 删去第X条 / 第Y款 / 第（Z）项.
	Delete Form = "delete"
	// Split: 将第X条改为两条，作为第Y条、第Z条，修改为：“…”. Either Texts
	// holds the new articles' texts, or Parts say which old paragraphs
	// make them up.
	Split Form = "split"
	// Merge: 将第X条、第Y条合并，作为第Z条，修改为：“…”.
	Merge Form = "merge"
	// Move: 将第X条移至第Y条之后 (After is Y, old numbering), with Texts
	// when the article is also rewritten.
	Move Form = "move"
	// Renumber: 将第X条改为第Y条 — says what the renumbering will do;
	// Apply checks it.
	Renumber Form = "renumber"
	// Relocate: paragraphs of an old article become (part of) another
	// article, cited by its new number: 将第X条第一款、第二款改为第Y条 /
	// 将第X条第三款修改后作为本条第一款.
	Relocate Form = "relocate"
	// AddDivision: 增加一章，作为第N章 (Division; Texts may hold its articles).
	AddDivision Form = "add_division"
	// RenameDivision: 将第N章的章名修改为“…”.
	RenameDivision Form = "rename_division"
	// DeleteDivision: 删去第N章的章名 (its articles stay), or 删去第N章 with
	// its articles (Targets lists them).
	DeleteDivision Form = "delete_division"
	// MoveDivision: 将第N章的章名移至第X条前 — the chapter now starts at
	// old article X (Targets).
	MoveDivision Form = "move_division"
	// Punctuation: 将部分条文中的半角标点符号修改为全角标点符号 — the text kept
	// from the old version gets full-width punctuation (：；，（）？！) where
	// it had half-width marks beside Chinese characters.
	Punctuation Form = "punctuation"
)

// Op is one operation of an item.
type Op struct {
	Form Form `json:"form"`
	// Sub is the number of the sub-item （一）（二） of a grouped item
	// (对部分条文中的有关表述作以下修改) the operation is written in, 0 otherwise.
	Sub int `json:"sub,omitempty"`
	// Targets are the units of the old text acted on: several for a
	// wording change made in several places, or for a merge.
	Targets []Unit `json:"targets,omitempty"`
	// New are the units' numbers in the new text (作为第Y条、第Y款).
	New []Unit `json:"new,omitempty"`
	// Texts are the quoted new texts, one per new unit. An article's text
	// has its paragraphs and items one per line, without its label.
	Texts []string `json:"texts,omitempty"`
	// Words are the quoted words of a wording change.
	Words []Words `json:"words,omitempty"`
	// After is the old article a moved article now follows, or the old
	// unit an added one follows (在第X条后增加一条).
	After *Unit `json:"after,omitempty"`
	// Parts say which old paragraphs make up which new article's
	// paragraphs (a split by paragraphs).
	Parts []Part `json:"parts,omitempty"`
	// Division is the chapter or section acted on, or the one an added
	// article goes into (在第N章中增加一条).
	Division *DivisionRef `json:"division,omitempty"`
}

// Words is one quoted change of wording: From becomes To (ReplaceWords);
// To is inserted after From, or before it when Before is set (InsertWords);
// From is deleted (DeleteWords).
type Words struct {
	From   string `json:"from"`
	To     string `json:"to,omitempty"`
	Before bool   `json:"before,omitempty"`
}

// Part says that the old paragraph From becomes paragraph To of a new
// article, with Text as its new text when it was also rewritten.
type Part struct {
	From Unit   `json:"from"`
	To   Unit   `json:"to"`
	Text string `json:"text,omitempty"`
}

// Unit addresses an article, or a paragraph (款), item (项) or sub-item (目)
// of one, by number. Paragraph is 0 for an item cited without its
// paragraph (第八条第二项): the article's paragraph that has items.
type Unit struct {
	Article    int `json:"article"`
	ArticleSub int `json:"article_sub,omitempty"`
	Paragraph  int `json:"paragraph,omitempty"`
	Item       int `json:"item,omitempty"`
	SubItem    int `json:"sub_item,omitempty"`
}

// Level says which kind of unit u is: 条, 款, 项 or 目.
func (u Unit) Level() string {
	switch {
	case u.SubItem > 0:
		return "目"
	case u.Item > 0:
		return "项"
	case u.Paragraph > 0:
		return "款"
	}
	return "条"
}

// String writes u as a decision cites it: 第十四条第二款, 第八条第（二）项.
func (u Unit) String() string {
	if u.Article == 0 {
		return u.inArticle(true)
	}
	return articleLabel(u.Article, u.ArticleSub) + u.inArticle(true)
}

// inArticle writes the part of u below the article: 第二款第（三）项, or
// 第二款第三项 as decisions cite items when paren is not set.
func (u Unit) inArticle(paren bool) string {
	var b strings.Builder
	if u.Paragraph > 0 {
		b.WriteString("第" + cnum.Format(u.Paragraph) + "款")
	}
	if u.Item > 0 {
		if paren {
			b.WriteString("第（" + cnum.Format(u.Item) + "）项")
		} else {
			b.WriteString("第" + cnum.Format(u.Item) + "项")
		}
	}
	if u.SubItem > 0 {
		b.WriteString("第" + cnum.Format(u.SubItem) + "目")
	}
	return b.String()
}

// article returns the unit's article (the unit without paragraph, item
// and sub-item).
func (u Unit) article() Unit { return Unit{Article: u.Article, ArticleSub: u.ArticleSub} }

// DivisionRef names a chapter (章), section (节) or part (编) by its number
// (Chapter is the chapter a section is in), and for added or renamed ones
// the title.
type DivisionRef struct {
	Level   drafts.DivisionLevel `json:"level"`
	Num     int                  `json:"num"`
	Chapter int                  `json:"chapter,omitempty"`
	Title   string               `json:"title,omitempty"`
	// HeadingOnly is set when only the heading is deleted and the
	// articles stay (删去第N章章名).
	HeadingOnly bool `json:"heading_only,omitempty"`
}

// String writes the reference as cited: 第三章, 第二章第一节.
func (d DivisionRef) String() string {
	s := "第" + cnum.Format(d.Num) + string(d.Level)
	if d.Level == drafts.LevelSection && d.Chapter > 0 {
		s = "第" + cnum.Format(d.Chapter) + "章" + s
	}
	return s
}

// articleLabel writes 第十条 or 第十条之一.
func articleLabel(n, sub int) string { return diff.ArticleLabel(n, sub) }

// count writes a count as decisions do: 一, 两, 三 ….
func count(n int) string {
	if n == 2 {
		return "两"
	}
	return cnum.Format(n)
}
