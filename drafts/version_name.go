package drafts

import "strings"

// Name is how pages and documents name a reading: its stage with its
// label when the label says more — 二审稿（二次审议稿）, 一审稿 when the
// label repeats the stage — and, when the label has brackets of its own,
// with a middle dot instead of nested brackets: 公布 · 2025年修订（省人大常委会批准）.
func (v *Version) Name() string {
	label := strings.TrimSpace(v.Label)
	switch {
	case label == "" || label == v.StageName:
		return v.StageName
	case v.StageName == "":
		return label
	case strings.ContainsAny(label, "（）()〔〕[]【】"):
		return v.StageName + " · " + label
	}
	return v.StageName + "（" + label + "）"
}
