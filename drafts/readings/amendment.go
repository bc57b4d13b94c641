package readings

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"lifa/drafts"
	"lifa/drafts/amend"
	"lifa/drafts/cnum"
	"lifa/drafts/parse"
)

// Amendment is the amendment decision (修改决定) that turns one reading of a
// regulation into another, with the comparison it was written from.
type Amendment struct {
	*Comparison
	Decision *amend.Decision
	// Meta is who makes the decision and when, as asked.
	Meta amend.Meta
}

// Amendment writes the amendment decision that turns reading from into
// reading to (version ids, defaults as Compare's: to 0 is the latest
// reading, from 0 the one before to), in the official drafting style
// (amend.Write), from the comparison the 对照表 shows. meta says who makes
// the decision and when; every field may be empty. Errors as Compare's.
func (s *Service) Amendment(ctx context.Context, regulationID, from, to int64, meta amend.Meta) (*Amendment, error) {
	cp, err := s.Compare(ctx, regulationID, from, to)
	if err != nil {
		return nil, err
	}
	old, err := s.store.Version(ctx, cp.From.ID)
	if err != nil {
		return nil, err
	}
	cur, err := s.store.Version(ctx, cp.To.ID)
	if err != nil {
		return nil, err
	}
	dec, err := amend.Write(old.Document, cur.Document, cp.Cmp, trimMeta(meta))
	if err != nil {
		return nil, err
	}
	return &Amendment{Comparison: cp, Decision: dec, Meta: meta}, nil
}

// trimMeta trims the fields of m.
func trimMeta(m amend.Meta) amend.Meta {
	for _, f := range []*string{&m.Law, &m.Body, &m.Meeting, &m.Date, &m.Effective} {
		*f = strings.TrimSpace(*f)
	}
	return m
}

// DecisionUpload is an amendment decision as issued (with its title,
// preamble, items and closing), pasted as Text or uploaded as a file
// (Filename and Data: .txt, .md or .docx), and what the amended text is
// to be as a new reading: its stage (required to create it), label and
// date.
type DecisionUpload struct {
	Text     string
	Filename string
	Data     []byte
	Stage    string
	Label    string
	Date     string
}

// AmendedFilename is the file name of a reading made by applying a
// decision: the amended text as Markdown (amend.DocumentText).
const AmendedFilename = "修正文本.md"

// AppliedDecision is an amendment decision applied to a reading, before
// anything is stored: what could be read, what could be applied, item by
// item, and the amended text as the upload that would create the new
// reading.
type AppliedDecision struct {
	// Base is the reading the decision was applied to, with its Document.
	Base *drafts.Version `json:"-"`
	// Text is the decision's text as it arrived (pasted, or read from
	// the file), for showing it again.
	Text     string          `json:"-"`
	Decision *amend.Decision `json:"decision"`
	// ParseErrors are the items that could not be read.
	ParseErrors amend.ParseErrors `json:"parse_errors"`
	Report      *amend.Report     `json:"report"`
	// Items are the decision's items, each with whether it applies.
	Items []AppliedItem `json:"items"`
	// Warnings concern the whole decision: it names another law than the
	// reading's.
	Warnings []string `json:"warnings"`
	// Amended is the amended text; Upload is it as a new reading (the
	// decision as its explanation, 修改说明).
	Amended *drafts.Document `json:"-"`
	Upload  Upload           `json:"-"`
}

// AppliedItem is one item of a decision and what became of it. Item 0,
// listed only when it has problems, is the decision's title and preamble.
type AppliedItem struct {
	Num  int    `json:"num"`
	Text string `json:"text"`
	// Ops is the number of operations read from the item.
	Ops int `json:"ops"`
	// Problems are why the item (or an operation of it) could not be
	// read or applied; the item applies when there are none.
	Problems []string `json:"problems"`
	// Notes are checks that failed on operations that were applied (a
	// number the decision states that did not come out so): to be
	// checked by a person, not a refusal.
	Notes []string `json:"notes"`
}

// Name is how the item is cited: 第三项, or 标题和序言 for item 0.
func (it AppliedItem) Name() string {
	if it.Num == 0 {
		return "标题和序言"
	}
	return "第" + cnum.Format(it.Num) + "项"
}

// Paragraphs are the item's paragraphs, as written.
func (it AppliedItem) Paragraphs() []string { return strings.Split(it.Text, "\n") }

// Applies reports whether the item could be read and applied in full.
func (it AppliedItem) Applies() bool { return len(it.Problems) == 0 }

// Applies reports whether every item could be read and applied: the
// amended text may then become a new reading.
func (a *AppliedDecision) Applies() bool {
	return len(a.ParseErrors) == 0 && len(a.Report.Problems) == 0
}

// Failed is the number of items that cannot be read or applied.
func (a *AppliedDecision) Failed() int {
	n := 0
	for _, it := range a.Items {
		if !it.Applies() {
			n++
		}
	}
	return n
}

// NotCreated is why no reading was made from the decision: ECONFLICT,
// saying how many of its items do not apply.
func (a *AppliedDecision) NotCreated() *drafts.Error {
	return drafts.Errorf(drafts.ECONFLICT, "修改决定有 %d 项不能适用于这一版本，未生成新版本。", a.Failed())
}

// adoptedDateRE finds the date a decision's 题注 starts with:
// 2023年3月13日第十四届全国人民代表大会第一次会议通过.
var adoptedDateRE = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日`)

// AdoptedDate is the date the decision was adopted, from its 题注, as
// YYYY-MM-DD ("" when it has none): the default date of the amended text.
func (a *AppliedDecision) AdoptedDate() string {
	m := adoptedDateRE.FindStringSubmatch(a.Decision.Adopted)
	if m == nil {
		return ""
	}
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	return fmt.Sprintf("%s-%02d-%02d", m[1], mo, d)
}

// PreviewDecision reads an amendment decision and applies it to reading
// versionID without storing anything (amend.ParseDecision, amend.Apply):
// the result lists every item with whether it can be applied and why not.
// The stage, label and date are checked only when the version is created
// (ApplyDecision). EINVALID for an empty decision, a text that is no
// decision or a file that cannot be read; ENOTFOUND for an unknown reading.
func (s *Service) PreviewDecision(ctx context.Context, versionID int64, in DecisionUpload) (*AppliedDecision, error) {
	base, err := s.store.Version(ctx, versionID)
	if err != nil {
		return nil, err
	}
	text, err := decisionText(in)
	if err != nil {
		return nil, err
	}
	dec, err := amend.ParseDecision(text)
	pe := amend.AsParseErrors(err)
	if (err != nil && pe == nil) || dec == nil || len(dec.Items) == 0 {
		// not a decision at all: no items to report on
		if err == nil {
			err = drafts.Errorf(drafts.EINVALID, "没有找到修改决定的修改事项（一、二、……）：请粘贴修改决定的全文。")
		}
		return nil, err
	}
	amended, rep, err := amend.Apply(base.Document, dec)
	if err != nil {
		return nil, err
	}
	a := &AppliedDecision{Base: base, Text: text, Decision: dec, ParseErrors: pe, Report: rep, Amended: amended,
		Items: appliedItems(dec, pe, rep),
		Upload: Upload{Stage: in.Stage, Label: in.Label, Date: in.Date, Explanation: dec.Text(),
			Filename: AmendedFilename, Data: []byte(amend.DocumentText(amended))}}
	if dec.Law != "" && base.Document.Title != "" && !sameLaw(dec.Law, base.Document.Title) {
		a.Warnings = append(a.Warnings, "修改决定修改的是《"+dec.Law+"》，而这一版本是《"+base.Document.Title+"》：请确认选对了版本。")
	}
	return a, nil
}

// ApplyDecision is PreviewDecision and, when every item applies, the
// import of the amended text as the next reading of the base's regulation
// (Preview and Import: stage required, the decision as its explanation).
// When an item cannot be read or applied nothing is created: the version
// is nil and the result says why, item by item. Errors as PreviewDecision's
// and Import's (EINVALID for a missing or unknown stage, a bad date); the
// result is returned with the errors of the import, for showing it again.
func (s *Service) ApplyDecision(ctx context.Context, actor string, versionID int64, in DecisionUpload) (*AppliedDecision, *drafts.Version, error) {
	a, err := s.PreviewDecision(ctx, versionID, in)
	if err != nil || !a.Applies() {
		return a, nil, err
	}
	p, err := s.Preview(ctx, a.Upload)
	if err != nil {
		return a, nil, err
	}
	v, err := s.Import(ctx, actor, a.Base.RegulationID, p)
	return a, v, err
}

// decisionText is the text of an uploaded or pasted decision.
func decisionText(in DecisionUpload) (string, error) {
	text := in.Text
	if len(in.Data) > 0 {
		t, err := parse.PlainText(in.Filename, in.Data)
		if err != nil {
			return "", err
		}
		text = t
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return "", drafts.Errorf(drafts.EINVALID, "请粘贴修改决定的全文，或上传修改决定的文件（.txt、.md 或 .docx）。")
	}
	return text, nil
}

// appliedItems pairs each item of dec with its refusals and notes.
func appliedItems(dec *amend.Decision, pe amend.ParseErrors, rep *amend.Report) []AppliedItem {
	items := make([]AppliedItem, 0, len(dec.Items)+len(pe))
	at := map[int]int{}
	for _, it := range dec.Items {
		at[it.Num] = len(items)
		items = append(items, AppliedItem{Num: it.Num, Text: it.Text, Ops: len(it.Ops)})
	}
	find := func(num int) *AppliedItem {
		i, ok := at[num]
		if !ok {
			// an item that could not be read at all
			at[num] = len(items)
			i = len(items)
			items = append(items, AppliedItem{Num: num})
		}
		return &items[i]
	}
	for _, e := range pe {
		it := find(e.Item)
		it.Problems = append(it.Problems, subItem(e.Sub)+"无法读取："+e.Reason)
	}
	for _, p := range rep.Problems {
		it := find(p.Item)
		it.Problems = append(it.Problems, subItem(p.Sub)+p.Reason)
	}
	for _, p := range rep.Notes {
		it := find(p.Item)
		it.Notes = append(it.Notes, subItem(p.Sub)+p.Reason)
	}
	// items that could not be read at all were appended
	slices.SortStableFunc(items, func(a, b AppliedItem) int { return cmp.Compare(a.Num, b.Num) })
	return items
}

// subItem names sub-item n of a grouped item as the decision's own
// refusals do (第（二）目：), "" for none.
func subItem(n int) string {
	if n <= 0 {
		return ""
	}
	return "第（" + cnum.Format(n) + "）目："
}

// sameLaw reports whether a decision's law and a text's title name the
// same law, ignoring a note in brackets at the end (（修订）, （草案）) and
// white space.
func sameLaw(a, b string) bool {
	norm := func(s string) string {
		s = strings.Join(strings.Fields(s), "")
		if i := strings.LastIndex(s, "（"); i > 0 && strings.HasSuffix(s, "）") {
			s = s[:i]
		}
		return s
	}
	return norm(a) == norm(b)
}
