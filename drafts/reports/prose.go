package reports

import (
	"fmt"
	"strings"
	"time"
	"unicode"

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
		return "关于增加一条（" + n.New + labelsOf(ch.New) + "）"
	case len(ch.New) == 0:
		return "关于删去" + n.Old + labelsOf(ch.Old)
	case len(ch.Old) == 1 && len(ch.New) == 1 && !renumbered(ch):
		return "关于" + n.Old + labelsOf(ch.Old)
	}
	return "关于" + n.Old + labelsOf(ch.Old) + "（" + n.New + labelsOf(ch.New) + "）"
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
// count: 有的基层立法联系点和社会公众提出，…（共 5 条意见：基层立法联系点 2 条，社会公众 3 条）。
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
			parts = append(parts, fmt.Sprintf("%s%d条", sourceWords(s), count[s]))
		}
	}
	n := fmt.Sprintf("（共%d条意见）", len(ops))
	if len(parts) > 1 {
		n = fmt.Sprintf("（共%d条意见：%s）", len(ops), strings.Join(parts, "，"))
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
