package drafts

import "strings"

// Name is how pages and documents name a reading: its stage with its
// label when the label says more — 二审稿（二次审议稿）, 一审稿 when the
// label repeats the stage, the label alone when it already names the stage
// (修订草案（二审稿）). Brackets never nest: a label with a bracketed
// remark of its own is written with a colon inside the one pair of
// brackets, as a clerk would — 公布（2025年修订：省人大常委会批准）,
// 征求意见稿（征求意见底稿：现行2020年修正文本）.
func (v *Version) Name() string {
	label := strings.TrimSpace(v.Label)
	switch {
	case label == "" || label == v.StageName:
		return v.StageName
	case v.StageName == "" || strings.Contains(label, v.StageName):
		return label
	}
	if head, remark, ok := bracketRemark(label); ok {
		if head == "" {
			return v.StageName + "（" + remark + "）"
		}
		return v.StageName + "（" + head + "：" + remark + "）"
	}
	if strings.ContainsAny(label, versionBrackets) {
		// Brackets elsewhere in the label: keep them, but not inside ours.
		return v.StageName + " · " + label
	}
	return v.StageName + "（" + label + "）"
}

const versionBrackets = "（）()〔〕[]【】"

// bracketRemark splits a label that ends with one bracketed remark and has
// no other brackets — 2025年修订（省人大常委会批准） — into its head and
// the remark.
func bracketRemark(label string) (head, remark string, ok bool) {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}, {"〔", "〕"}, {"[", "]"}, {"【", "】"}} {
		if !strings.HasSuffix(label, p[1]) {
			continue
		}
		i := strings.LastIndex(label, p[0])
		if i < 0 {
			return "", "", false
		}
		head = strings.TrimSpace(label[:i])
		remark = strings.TrimSpace(label[i+len(p[0]) : len(label)-len(p[1])])
		if remark == "" || strings.ContainsAny(head+remark, versionBrackets) {
			return "", "", false
		}
		return head, remark, true
	}
	return "", "", false
}
