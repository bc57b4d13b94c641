package reports

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// Names is how a report calls the two readings and the regulation.
type Names struct {
	// Doc is the draft's title as the report cites it: 广州市湿地保护规定（修订草案）.
	Doc string
	// Old and New name the earlier and the later reading: 修订草案,
	// 修订草案修改稿 (or …表决稿 for the text put to the vote).
	Old, New string
	// Committee is the body that reports: 法制委员会 (宪法和法律委员会 for
	// national law).
	Committee string
}

// namesOf returns the names for a report on regulation r whose later
// reading is to.
func namesOf(r *drafts.Regulation, to *drafts.Version) Names {
	prefix := "草案"
	switch r.Kind {
	case drafts.KindRevise:
		prefix = "修订草案"
	case drafts.KindAmend:
		prefix = "修正草案"
	}
	base := r.Title
	for _, k := range []string{"（修订）", "（修正）", "（制定）", "（草案）", "（修订草案）", "（修正草案）"} {
		base = strings.TrimSuffix(base, k)
	}
	n := Names{Doc: base + "（" + prefix + "）", Old: prefix, New: prefix + "修改稿", Committee: "法制委员会"}
	if to != nil && to.Stage == "vote" {
		n.New = prefix + "表决稿"
	}
	if strings.Contains(r.Committee, "宪法和法律委员会") {
		n.Committee = "宪法和法律委员会"
	}
	return n
}

// labelsOf returns the labels of refs joined with 、.
func labelsOf(refs []diff.Ref) string {
	s := make([]string, len(refs))
	for i, r := range refs {
		s[i] = r.Label
	}
	return strings.Join(s, "、")
}

func refLabels(refs []diff.Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Label
	}
	return out
}

// renumbered reports whether a one-to-one change moved its article to
// another number.
func renumbered(ch *diff.Change) bool {
	return len(ch.Old) == 1 && len(ch.New) == 1 && ch.Old[0].Label != ch.New[0].Label
}

// heading returns a section's heading for change ch: 关于修订草案第六条
// （修订草案修改稿第七条）.
func heading(ch *diff.Change, n Names) string {
	switch {
	case len(ch.Old) == 0:
		return "关于增加" + n.New + labelsOf(ch.New) + "的规定"
	case len(ch.New) == 0:
		return "关于删去" + n.Old + labelsOf(ch.Old)
	case len(ch.Old) == 1 && len(ch.New) == 1 && !renumbered(ch):
		return "关于" + n.Old + labelsOf(ch.Old)
	}
	return "关于" + n.Old + labelsOf(ch.Old) + "（" + n.New + labelsOf(ch.New) + "）"
}

// edit is one edit of a character diff: deleted and inserted text with a
// little of the text around it.
type edit struct {
	del, ins      string
	before, after string
}

// editsOf cuts a character diff into edits: each run of deleted and
// inserted spans between two equal ones.
func editsOf(ops []diff.Op) []edit {
	var out []edit
	var cur *edit
	prev := ""
	for _, op := range ops {
		switch op.Op {
		case diff.OpEqual:
			if cur != nil {
				cur.after = op.Text
				out = append(out, *cur)
				cur = nil
			}
			prev = op.Text
		default:
			if cur == nil {
				cur = &edit{before: prev}
			}
			if op.Op == diff.OpDelete {
				cur.del += op.Text
			} else {
				cur.ins += op.Text
			}
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// tail returns the last n runes of s, from the last punctuation within them.
func tail(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == '\n' || unicode.IsPunct(r[i]) {
			return string(r[i+1:])
		}
	}
	return string(r)
}

// head returns the first n runes of s, up to the first punctuation.
func head(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	for i, c := range r {
		if c == '\n' || unicode.IsPunct(c) {
			return string(r[:i])
		}
	}
	return string(r)
}

// maxEditRunes and maxEdits bound the edits described word by word; a
// change with more is quoted whole (up to maxQuote characters).
const (
	maxEditRunes = 60
	maxEdits     = 3
	maxQuote     = 300
)

// phrase describes one edit: 将“每五年”修改为“每三年”, 在“……”后增加“……”,
// 删去“……”, 增加一款：“……”. An edit of one character is told with the
// characters around it, one that changes figures with its whole clause.
func (e edit) phrase() string {
	del, ins := strings.Trim(e.del, "\n"), strings.Trim(e.ins, "\n")
	switch {
	case del == "" && strings.Contains(e.ins, "\n"):
		return "增加一款：“" + ins + "”"
	case ins == "" && strings.Contains(e.del, "\n"):
		return "删去一款：“" + del + "”"
	}
	if strings.ContainsFunc(del+ins, isFigure) {
		b, a := tail(e.before, 20), head(e.after, 20)
		return "将“" + b + del + a + "”修改为“" + b + ins + a + "”"
	}
	if utf8.RuneCountInString(del) < 2 && utf8.RuneCountInString(ins) < 2 {
		b, a := tail(e.before, 1), head(e.after, 1)
		if utf8.RuneCountInString(b+del+a) < 3 || utf8.RuneCountInString(b+ins+a) < 3 {
			a = head(e.after, 2)
		}
		if b+a != "" {
			return "将“" + b + del + a + "”修改为“" + b + ins + a + "”"
		}
	}
	switch {
	case del != "" && ins != "":
		return "将“" + del + "”修改为“" + ins + "”"
	case ins == "":
		return "删去“" + del + "”"
	case tail(e.before, 8) != "":
		return "在“" + tail(e.before, 8) + "”后增加“" + ins + "”"
	case head(e.after, 8) != "":
		return "在“" + head(e.after, 8) + "”前增加“" + ins + "”"
	}
	return "增加“" + ins + "”"
}

// isFigure reports whether r is a digit written in figures (0-9, ０-９).
func isFigure(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// changedRunes counts the characters an edit list deletes and inserts,
// and those of them that are letters (not punctuation or spaces).
func changedRunes(es []edit) (all, letters int) {
	for _, e := range es {
		for _, r := range e.del + e.ins {
			all++
			if !unicode.IsPunct(r) && !unicode.IsSpace(r) && !unicode.IsSymbol(r) {
				letters++
			}
		}
	}
	return all, letters
}

// minor reports whether a change is only a wording touch-up left to
// "此外，对草案作了一些文字修改": an article modified in place by at most
// four characters, or by punctuation only.
func minor(ch *diff.Change) bool {
	if ch.Kind != diff.Modified || ch.Moved || len(ch.Old) != 1 || len(ch.New) != 1 {
		return false
	}
	all, letters := changedRunes(editsOf(ch.Diff))
	return all <= 4 || letters == 0
}

// quote returns s in quotation marks, cut after maxQuote characters.
func quote(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\n", "")
	if r := []rune(s); len(r) > maxQuote {
		return "“" + string(r[:maxQuote]) + "……”（全文见附件对照表）"
	}
	return "“" + s + "”"
}

// changePhrase describes what change ch did, as the committee proposes it
// (without 建议): 在修订草案第七条中，将“每五年”修改为“每三年”（修订草案修改稿第八条）.
func changePhrase(ch *diff.Change, n Names) string {
	old, nw := n.Old+labelsOf(ch.Old), n.New+labelsOf(ch.New)
	switch ch.Kind {
	case diff.Added:
		return "增加一条，作为" + nw + "：" + quote(ch.New[0].Text)
	case diff.Deleted:
		return "删去" + old
	case diff.Split:
		return fmt.Sprintf("将%s拆分为%d条，作为%s", old, len(ch.New), nw)
	case diff.Merged:
		if len(ch.New) > 1 {
			return "将" + old + "调整为" + nw
		}
		return "将" + old + "合并为一条，作为" + nw
	}
	where := ""
	if renumbered(ch) {
		where = "（" + nw + "）"
	}
	if ch.Kind == diff.Moved && ch.Similarity >= 1 {
		return "将" + old + "移作" + nw
	}
	es := editsOf(ch.Diff)
	simple := len(es) > 0 && len(es) <= maxEdits
	for _, e := range es {
		simple = simple && utf8.RuneCountInString(e.del) <= maxEditRunes && utf8.RuneCountInString(e.ins) <= maxEditRunes
	}
	if simple {
		ps := make([]string, len(es))
		for i, e := range es {
			ps[i] = e.phrase()
		}
		return "在" + old + "中，" + strings.Join(ps, "；") + where
	}
	return "将" + old + "修改为" + quote(ch.New[0].Text) + where
}

// sourceOrder is the order a report names the sources of opinions in.
var sourceOrder = []drafts.Source{drafts.SourceMember, drafts.SourceContactPoint, drafts.SourcePublic, drafts.SourceStaff}

// sourceWords are the words for the sources of opinions in a report.
func sourceWords(s drafts.Source) string {
	switch s {
	case drafts.SourceMember:
		return "常委会组成人员、人大代表"
	case drafts.SourceContactPoint:
		return "基层立法联系点"
	case drafts.SourcePublic:
		return "社会公众"
	}
	return "有关方面"
}

// joinWords joins words with 、 and the last with 和.
func joinWords(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], "、") + "和" + ws[len(ws)-1]
}

// opinionsSentence summarises the opinions behind a section by source and
// count: 有的基层立法联系点和社会公众提出，…（共 5 条意见，其中基层立法联系点 2 条、社会公众 3 条）。
func opinionsSentence(ops []*drafts.Opinion) string {
	if len(ops) == 0 {
		return ""
	}
	count := map[drafts.Source]int{}
	for _, o := range ops {
		count[o.Source]++
	}
	var words, parts []string
	for _, s := range sourceOrder {
		if count[s] > 0 {
			words = append(words, sourceWords(s))
			parts = append(parts, fmt.Sprintf("%s %d 条", sourceWords(s), count[s]))
		}
	}
	n := fmt.Sprintf("（共 %d 条意见）", len(ops))
	if len(parts) > 1 {
		n = fmt.Sprintf("（共 %d 条意见，其中%s）", len(ops), strings.Join(parts, "、"))
	}
	return "有的" + joinWords(words) + "提出，" + gist(representative(ops).Text) + n + "。"
}

// representative picks the opinion whose words a section quotes: the
// first adopted one, else the first.
func representative(ops []*drafts.Opinion) *drafts.Opinion {
	for _, o := range ops {
		if o.Disposition == drafts.DispositionAdopted {
			return o
		}
	}
	return ops[0]
}

// maxGist is the length of an opinion's gist, in characters.
const maxGist = 60

// gist is the first sentence of an opinion, without its final
// punctuation, cut after maxGist characters.
func gist(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, "。！？；\n"); i >= 0 {
		text = text[:i]
	}
	r := []rune(strings.TrimRightFunc(text, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }))
	if len(r) > maxGist {
		return string(r[:maxGist]) + "……"
	}
	return string(r)
}

// period returns a consultation's period for people: 2026年3月1日至3月31日.
// The deadline is the instant it closes, so the last day is the one
// before it when it closes at midnight.
func period(opens, closes time.Time) string {
	last := closes.Add(-time.Second)
	a, b := drafts.FormatDate(opens), drafts.FormatDate(last)
	if opens.In(drafts.ChinaTime).Year() == last.In(drafts.ChinaTime).Year() {
		b = strings.SplitN(b, "年", 2)[1]
	}
	return a + "至" + b
}

// dateOr returns a YYYY-MM-DD date as 2026年3月1日, or the placeholder
// ××××年××月××日 for staff to fill in.
func dateOr(date string) string {
	if t, err := time.ParseInLocation("2006-01-02", date, drafts.ChinaTime); err == nil {
		return drafts.FormatDate(t)
	}
	return "××××年××月××日"
}
