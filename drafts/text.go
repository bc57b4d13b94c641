// Package drafts is Lifa's domain: regulations, their versions (readings), the
// text tree a version is parsed into, and the types shared by the parser
// (drafts/parse), the comparison (drafts/diff) and the store (drafts/store).
//
// drafts imports neither gin nor bleve nor a database driver.
package drafts

// Document is a regulation text parsed into its structure:
// 编 › 章 › 节 › 条 (article) › 款 (paragraph) › 项 (item) › 目 (sub-item).
//
// Articles are kept as a flat list in text order; Divisions is the tree of
// 编/章/节 headings, each knowing which articles it holds. Every unit keeps
// its exact text and the source lines it came from (1-based, inclusive).
type Document struct {
	Title string `json:"title"`
	// Preamble holds the 题注: the 通过/批准/修正 history in parentheses,
	// one entry per line as written.
	Preamble []string `json:"preamble,omitempty"`
	// Meta is front matter or similar metadata found in the source
	// (e.g. YAML keys of flk files).
	Meta map[string]string `json:"meta,omitempty"`
	// Chapters is the 编/章/节 tree (top level: 编 if the text has them, else 章).
	Chapters []*Division `json:"chapters"`
	Articles []*Article  `json:"articles"`
	// Blocks is trailing or otherwise unarticled material: 附件, 附表, 附录 …
	Blocks     []Block     `json:"blocks,omitempty"`
	References []Reference `json:"references"`
	Warnings   []Warning   `json:"warnings"`
	// Format is the input format the text was read from: "text", "markdown", "docx".
	Format string `json:"format,omitempty"`
	// Encoding is the detected source encoding ("UTF-8", "GB18030").
	Encoding string `json:"encoding,omitempty"`
}

// DivisionLevel says which kind of heading a Division is.
type DivisionLevel string

// The division levels, outermost first.
const (
	LevelPart    DivisionLevel = "编"
	LevelChapter DivisionLevel = "章"
	LevelSection DivisionLevel = "节"
	// LevelSubpart is a 分编, between 编 and 章 (民法典 合同编 第一分编 通则).
	LevelSubpart DivisionLevel = "分编"
)

// Division is a 编, 章 or 节 heading and what it holds.
type Division struct {
	Level DivisionLevel `json:"level"`
	Num   int           `json:"num"`
	Label string        `json:"label"` // 第一章
	Title string        `json:"title"` // 总则 (full-width padding removed)
	Line  int           `json:"line"`
	// FirstArticle and LastArticle are indexes into Document.Articles
	// (inclusive); FirstArticle is -1 when the division holds no article.
	FirstArticle int         `json:"first_article"`
	LastArticle  int         `json:"last_article"`
	Children     []*Division `json:"children,omitempty"`
}

// Article is one 条.
type Article struct {
	// Num is the article's number; 第十条之一 has Num 10 and Sub 1.
	Num   int    `json:"num"`
	Sub   int    `json:"sub,omitempty"`
	Label string `json:"label"` // 第十条之一
	// Text is the article's body without its label: paragraphs joined by
	// "\n", each item on its own line.
	Text       string      `json:"text"`
	Paragraphs []Paragraph `json:"paragraphs"`
	// Path names the divisions holding the article, outermost first,
	// e.g. ["第一章 总则", "第一节 一般规定"].
	Path    []string `json:"path,omitempty"`
	Line    int      `json:"line"`
	EndLine int      `json:"end_line"`
}

// Paragraph is one 款. Text is the paragraph's own text (for a paragraph
// that introduces items, the lead-in sentence); its items follow in Items.
type Paragraph struct {
	Text    string `json:"text"`
	Items   []Item `json:"items,omitempty"`
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
}

// Item is a 项 (（一）) or, nested in an item, a 目 (1.).
type Item struct {
	Num      int    `json:"num"`
	Label    string `json:"label"` // （一） or 1.
	Text     string `json:"text"`  // without the label
	SubItems []Item `json:"sub_items,omitempty"`
	Line     int    `json:"line"`
	EndLine  int    `json:"end_line"`
}

// Block is material kept as written that is not an article: an 附件, 附表,
// a closing note.
type Block struct {
	Title   string `json:"title"`
	Text    string `json:"text"`
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
}

// Reference is a cross-reference found in an article's text.
type Reference struct {
	// From is the index in Document.Articles of the article the reference
	// occurs in; Line is its source line.
	From int    `json:"from"`
	Line int    `json:"line"`
	Text string `json:"text"` // as written: 本条例第十条第二款
	// Instrument names another law (《中华人民共和国道路交通安全法》) when the
	// reference is to another instrument; empty for this text.
	Instrument string `json:"instrument,omitempty"`
	// Target article (Num, Sub), paragraph and item, 0 when not given.
	// ToArticle is set for ranges (第X条至第Y条).
	Article    int `json:"article,omitempty"`
	ArticleSub int `json:"article_sub,omitempty"`
	Paragraph  int `json:"paragraph,omitempty"`
	Item       int `json:"item,omitempty"`
	ToArticle  int `json:"to_article,omitempty"`
	// Relative is set for 前款, 前两款, 本条: "前款", "前两款", "本条".
	Relative string `json:"relative,omitempty"`
}

// Warning is a drafting check that failed or text that could not be placed.
type Warning struct {
	Line    int    `json:"line"`
	Message string `json:"message"` // in Chinese, for drafters
}
