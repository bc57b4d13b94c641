package reports

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"lifa/drafts/cnum"
	"lifa/drafts/diff"
)

// How a change is told in words, as a report proposes it: 增加一条, 删去,
// 拆分, 合并, and for an article changed in place its edits, paragraph by
// paragraph and item by item (增加一项：“……”, 将“每五年”修改为“每三年”).

// edit is one edit of a character diff: deleted and inserted text with the
// text around it.
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

// isBreak reports whether r ends a word for quoting: punctuation or a
// line break.
func isBreak(r rune) bool { return r == '\n' || unicode.IsPunct(r) }

// tail returns the last n runes of s, from the last punctuation within them.
func tail(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	for i := len(r) - 1; i >= 0; i-- {
		if isBreak(r[i]) {
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
		if isBreak(c) {
			return string(r[:i])
		}
	}
	return string(r)
}

// isFigure reports whether r is a digit written in figures (0-9, ０-９).
func isFigure(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// edgeBreak reports whether s begins or ends with punctuation.
func edgeBreak(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && (isBreak(first) || isBreak(last))
}

// phrase describes one edit within a paragraph: 将“每五年”修改为“每三年”,
// 在“……”后增加“……”, 删去“……”. An edit of one character is told with the
// characters around it, one that changes figures with its whole clause,
// one that begins or ends with punctuation with the word beyond it.
func (e edit) phrase() string {
	del, ins := e.del, e.ins
	with := func(b, a string) string { return "将“" + b + del + a + "”修改为“" + b + ins + a + "”" }
	switch {
	case strings.ContainsFunc(del+ins, isFigure):
		return with(tail(e.before, 20), head(e.after, 20))
	case utf8.RuneCountInString(del) < 2 && utf8.RuneCountInString(ins) < 2:
		b, a := tail(e.before, 1), head(e.after, 1)
		if utf8.RuneCountInString(b+del+a) < 3 || utf8.RuneCountInString(b+ins+a) < 3 {
			a = head(e.after, 2)
		}
		if b+a != "" {
			return with(b, a)
		}
	case edgeBreak(del) || edgeBreak(ins):
		if b, a := tail(e.before, 6), head(e.after, 6); b+a != "" {
			return with(b, a)
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

// itemLabel is the label of an item or sub-item at the start of a line:
// （五）, 五、, 1., 1．.
var itemLabel = regexp.MustCompile(`^(（[一二三四五六七八九十百]+）|[一二三四五六七八九十百]+、|[0-9０-９]+[.．、])`)

// unlabelled returns a line without its item label, and whether it had one.
func unlabelled(line string) (string, bool) {
	loc := itemLabel.FindStringIndex(line)
	if loc == nil {
		return line, false
	}
	return line[loc[1]:], true
}

// lineEdits describes how an article's text changed, paragraph by
// paragraph and item by item (a line each): a line added or removed as a
// whole is 增加一项/一款 or 删去一项/一款; a line changed in place is told
// by its edits. Items merely renumbered are not edits.
func lineEdits(old, new string) []string {
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i, l := range a {
		ka[i], _ = unlabelled(l)
	}
	for i, l := range b {
		kb[i], _ = unlabelled(l)
	}
	var out []string
	// gap describes the lines a[i:k] became b[j:l].
	gap := func(i, k, j, l int) {
		for ; i < k && j < l && k-i == l-j; i, j = i+1, j+1 {
			ops, _ := diff.Texts(ka[i], kb[j], 50*time.Millisecond)
			for _, e := range editsOf(ops) {
				out = append(out, e.phrase())
			}
		}
		for ; i < k; i++ {
			_, item := unlabelled(a[i])
			out = append(out, "删去一"+unit(item)+"：“"+strings.TrimRight(ka[i], "；;。，")+"”")
		}
		for ; j < l; j++ {
			_, item := unlabelled(b[j])
			out = append(out, "增加一"+unit(item)+"：“"+strings.TrimRight(kb[j], "；;。，")+"”")
		}
	}
	i, j := 0, 0
	for _, m := range diff.LinePairs(ka, kb) {
		gap(i, m[0], j, m[1])
		i, j = m[0]+1, m[1]+1
	}
	gap(i, len(a), j, len(b))
	return out
}

func unit(item bool) string {
	if item {
		return "项"
	}
	return "款"
}

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

// The bounds of a change told edit by edit: at most maxEdits edits of at
// most maxEditRunes characters; a change with more is quoted whole, up to
// maxQuote characters.
const (
	maxEditRunes = 60
	maxEdits     = 3
	maxQuote     = 300
)

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
		return "将" + old + "拆分为" + count(len(ch.New)) + "条，作为" + nw
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
	if ps := lineEdits(ch.Old[0].Text, ch.New[0].Text); simpleEdits(ps) {
		return "在" + old + "中，" + strings.Join(ps, "；") + where
	}
	return "将" + old + "修改为" + quote(ch.New[0].Text) + where
}

// count writes a small count as a report does: 两, 三, 十二.
func count(n int) string {
	if n == 2 {
		return "两"
	}
	return cnum.Format(n)
}

// landingPhrase says what became of an article of the reading consulted
// on, as a letter to a contact point says it after 修改稿: 第八条：将“每五年”
// 修改为“每三年”; 增加第七条：“……”; 删去该条; 将该条拆分为第三十三条、第三十四条.
func landingPhrase(ch *diff.Change) string {
	nw := labelsOf(ch.New)
	switch ch.Kind {
	case diff.Added:
		return "增加" + nw + "：" + quote(ch.New[0].Text)
	case diff.Deleted:
		return "删去该条"
	case diff.Split:
		return "将该条拆分为" + nw
	case diff.Merged:
		return "将该条与其他条文合并为" + nw
	}
	if ch.Kind == diff.Moved && ch.Similarity >= 1 {
		return "将该条移作" + nw
	}
	ps := lineEdits(ch.Old[0].Text, ch.New[0].Text)
	if simpleEdits(ps) {
		return nw + "：" + strings.Join(ps, "；")
	}
	return nw + "修改为：" + quote(ch.New[0].Text)
}

// simpleEdits reports whether a change's edits are few and short enough
// to be told one by one rather than by quoting the new text.
func simpleEdits(ps []string) bool {
	simple := len(ps) > 0 && len(ps) <= maxEdits
	for _, p := range ps {
		simple = simple && utf8.RuneCountInString(p) <= 2*maxEditRunes
	}
	return simple
}

// sentence ends a phrase with 。 unless a quotation ending one does.
func sentence(s string) string {
	if strings.HasSuffix(s, "。”") || strings.HasSuffix(s, "。") {
		return s
	}
	return s + "。"
}
