package parse

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"lifa/drafts/cnum"
)

// Bounds on what is decompressed from a .docx, so that a small archive
// cannot expand into gigabytes (a zip bomb): one part (word/document.xml,
// numbering, styles) at most maxDocxPart, all of them together at most
// maxDocxTotal. An archive that names a part twice is refused: a reader
// would take one copy and Word another, and forty copies of a 60 MB
// document.xml were each decompressed.
const (
	maxDocxPart  = 32 << 20
	maxDocxTotal = 48 << 20
)

// errDocxTooLarge is the refusal of an archive past the bounds.
var errDocxTooLarge = &Error{Reason: "Word 文件解压后过大（正文部件超过 32 MB 或合计超过 48 MB），请确认文件内容后重试"}

// docxText returns the paragraphs of word/document.xml, in order, one per
// line, with Word's list numbering (word/numbering.xml) written out in
// front of each numbered paragraph as it would be printed.
func docxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", &Error{Reason: "不是有效的 .docx 文件（ZIP 结构损坏）"}
	}
	seen := map[string]bool{}
	var docF, numF, styF *zip.File
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if seen[name] {
			return "", &Error{Reason: "不是有效的 .docx 文件（部件 " + f.Name + " 出现了不止一次）"}
		}
		seen[name] = true
		switch f.Name {
		case "word/document.xml":
			docF = f
		case "word/numbering.xml":
			numF = f
		case "word/styles.xml":
			styF = f
		}
	}
	if docF == nil {
		return "", &Error{Reason: "不是有效的 .docx 文件（缺少 word/document.xml）"}
	}
	budget := int64(maxDocxTotal)
	var num, sty []byte
	// Numbering and styles are optional: unreadable, they are ignored;
	// past the bounds, the file is refused.
	if numF != nil {
		if num, err = readZipFile(numF, &budget); err == errDocxTooLarge {
			return "", err
		}
	}
	if styF != nil {
		if sty, err = readZipFile(styF, &budget); err == errDocxTooLarge {
			return "", err
		}
	}
	doc, err := readZipFile(docF, &budget)
	if err == errDocxTooLarge {
		return "", err
	} else if err != nil {
		return "", &Error{Reason: "无法读取 .docx 的正文（word/document.xml）"}
	}
	nb := parseNumbering(num)
	styles := parseStyles(sty)
	var (
		out     strings.Builder
		para    strings.Builder
		inPara  bool
		inRun   bool
		inText  bool
		numID   string
		ilvl    int
		inNumPr bool
		inPPr   bool
		pStyle  string
	)
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", &Error{Reason: "无法读取 .docx 的正文（XML 格式错误）"}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				inPara, numID, ilvl, pStyle = true, "", -1, ""
				para.Reset()
			case "pPr":
				inPPr = inPara
			case "pStyle":
				if inPPr {
					pStyle = attr(t, "val")
				}
			case "r":
				inRun = inPara
			case "t":
				inText = inRun
			case "tab":
				if inRun {
					para.WriteByte('\t')
				}
			case "br", "cr":
				if inRun {
					para.WriteByte('\n')
				}
			case "numPr":
				inNumPr = inPPr
			case "numId":
				if inNumPr {
					numID = attr(t, "val")
				}
			case "ilvl":
				if inNumPr {
					ilvl, _ = strconv.Atoi(attr(t, "val"))
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "r":
				inRun = false
			case "pPr":
				inPPr = false
			case "numPr":
				inNumPr = false
			case "p":
				if !inPara {
					break
				}
				inPara = false
				if numID == "" && pStyle != "" {
					// Numbering from the paragraph's style (a heading
					// style numbered 第%1章, 第%1条).
					numID, ilvl = styles.numbering(pStyle, ilvl, nb)
				}
				if ilvl < 0 {
					ilvl = 0
				}
				if label := nb.next(numID, ilvl); label != "" {
					out.WriteString(label)
				}
				out.WriteString(para.String())
				out.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	return out.String(), nil
}

// readZipFile reads one part of the archive within maxDocxPart and what
// is left of budget (which it reduces), else errDocxTooLarge.
func readZipFile(f *zip.File, budget *int64) ([]byte, error) {
	limit := min(int64(maxDocxPart), *budget)
	if f.UncompressedSize64 > uint64(limit) {
		return nil, errDocxTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The declared size may lie: read one byte past the limit to know.
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errDocxTooLarge
	}
	*budget -= int64(len(b))
	return b, nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// numLevel is one level of a Word list definition.
type numLevel struct {
	format string // decimal, chineseCounting, …
	text   string // %1. or （%1）
	start  int
	style  string // the paragraph style linked to this level, if any
}

// numbering holds the list definitions of word/numbering.xml and the
// running counters of each list.
type numbering struct {
	abstract map[string][]numLevel // abstractNumId → levels
	nums     map[string]string     // numId → abstractNumId
	counters map[string][]int      // abstractNumId → counter per level
	// overrides are the startOverride values of a num, per level,
	// applied when the num is first used (a list that restarts).
	overrides map[string]map[int]int
	used      map[string]bool
}

func parseNumbering(data []byte) *numbering {
	nb := &numbering{abstract: map[string][]numLevel{}, nums: map[string]string{}, counters: map[string][]int{},
		overrides: map[string]map[int]int{}, used: map[string]bool{}}
	if data == nil {
		return nb
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		absID, numID string
		lvl          = -1
		overLvl      = -1
		levels       []numLevel
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			return nb
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				absID, levels = attr(t, "abstractNumId"), nil
			case "lvl":
				lvl, _ = strconv.Atoi(attr(t, "ilvl"))
				if lvl < 0 || lvl > 8 {
					lvl = -1
					break
				}
				for len(levels) <= lvl {
					levels = append(levels, numLevel{format: "decimal", start: 1})
				}
			case "start":
				if lvl >= 0 && absID != "" {
					levels[lvl].start, _ = strconv.Atoi(attr(t, "val"))
				}
			case "numFmt":
				if lvl >= 0 && absID != "" {
					levels[lvl].format = attr(t, "val")
				}
			case "lvlText":
				if lvl >= 0 && absID != "" {
					levels[lvl].text = attr(t, "val")
				}
			case "pStyle":
				if lvl >= 0 && absID != "" {
					levels[lvl].style = attr(t, "val")
				}
			case "num":
				numID = attr(t, "numId")
			case "abstractNumId":
				if numID != "" {
					nb.nums[numID] = attr(t, "val")
				}
			case "lvlOverride":
				overLvl, _ = strconv.Atoi(attr(t, "ilvl"))
			case "startOverride":
				if numID != "" && overLvl >= 0 && overLvl <= 8 {
					if nb.overrides[numID] == nil {
						nb.overrides[numID] = map[int]int{}
					}
					nb.overrides[numID][overLvl], _ = strconv.Atoi(attr(t, "val"))
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "abstractNum":
				nb.abstract[absID] = levels
				absID = ""
			case "lvl":
				lvl = -1
			case "num":
				numID = ""
			}
		}
	}
}

// next advances the counter of list numID at level ilvl and returns the
// label Word would print, or "" when the paragraph is not numbered.
func (nb *numbering) next(numID string, ilvl int) string {
	if numID == "" || numID == "0" {
		return ""
	}
	absID, ok := nb.nums[numID]
	if !ok {
		return ""
	}
	levels := nb.abstract[absID]
	if ilvl < 0 || ilvl >= len(levels) {
		return ""
	}
	c := nb.counters[absID]
	if c == nil {
		c = make([]int, len(levels))
		for i := range c {
			c[i] = levels[i].start - 1
		}
		nb.counters[absID] = c
	}
	if !nb.used[numID] {
		nb.used[numID] = true
		for l, start := range nb.overrides[numID] {
			if l < len(c) {
				c[l] = start - 1
			}
		}
	}
	c[ilvl]++
	for i := ilvl + 1; i < len(c); i++ {
		c[i] = levels[i].start - 1
	}
	lv := levels[ilvl]
	if lv.format == "none" || lv.format == "bullet" {
		return ""
	}
	text := lv.text
	for i := 0; i <= ilvl && i < 9; i++ {
		ph := "%" + strconv.Itoa(i+1)
		if strings.Contains(text, ph) {
			text = strings.ReplaceAll(text, ph, formatListNumber(levels[i].format, c[i]))
		}
	}
	if text != "" && !strings.HasSuffix(text, "、") && !strings.HasSuffix(text, "）") &&
		!strings.HasSuffix(text, ")") && !strings.HasSuffix(text, " ") && !strings.HasSuffix(text, "\u3000") {
		text += " "
	}
	return text
}

func formatListNumber(format string, n int) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
		"japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand":
		return cnum.Format(n)
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, r := range strconv.Itoa(n) {
			b.WriteRune(r - '0' + '０')
		}
		return b.String()
	case "decimalEnclosedParen":
		return "(" + strconv.Itoa(n) + ")"
	case "lowerLetter":
		if n >= 1 && n <= 26 {
			return string(rune('a' + n - 1))
		}
	case "upperLetter":
		if n >= 1 && n <= 26 {
			return string(rune('A' + n - 1))
		}
	}
	return strconv.Itoa(n)
}

// style is what word/styles.xml says about a paragraph style.
type style struct {
	basedOn string
	numID   string
	ilvl    int // -1 when the style does not say
}

// styleSheet maps style ids to styles.
type styleSheet map[string]style

func parseStyles(data []byte) styleSheet {
	ss := styleSheet{}
	if data == nil {
		return ss
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var id string
	var cur style
	inNumPr := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return ss
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, cur = attr(t, "styleId"), style{ilvl: -1}
			case "basedOn":
				cur.basedOn = attr(t, "val")
			case "numPr":
				inNumPr = true
			case "numId":
				if inNumPr {
					cur.numID = attr(t, "val")
				}
			case "ilvl":
				if inNumPr {
					cur.ilvl, _ = strconv.Atoi(attr(t, "val"))
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "style":
				if id != "" {
					ss[id] = cur
				}
				id = ""
			case "numPr":
				inNumPr = false
			}
		}
	}
}

// numbering returns the list and level a paragraph of style id gets from
// its style (or the styles it is based on); ilvl is the paragraph's own
// level, -1 if it gave none.
func (ss styleSheet) numbering(id string, ilvl int, nb *numbering) (string, int) {
	for range 10 { // basedOn chains are short; stop on a cycle
		st, ok := ss[id]
		if !ok {
			return "", ilvl
		}
		if st.numID != "" {
			if ilvl < 0 {
				ilvl = st.ilvl
			}
			if ilvl < 0 {
				ilvl = nb.levelOfStyle(st.numID, id)
			}
			return st.numID, ilvl
		}
		id = st.basedOn
	}
	return "", ilvl
}

// levelOfStyle returns the level of list numID linked to paragraph style
// id, or 0.
func (nb *numbering) levelOfStyle(numID, id string) int {
	for i, lv := range nb.abstract[nb.nums[numID]] {
		if lv.style == id {
			return i
		}
	}
	return 0
}
