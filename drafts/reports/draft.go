package reports

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/cnum"
	"lifa/drafts/diff"
	"lifa/drafts/store"
)

// Input is what a report is drafted from: two readings of a regulation,
// their comparison, and what the earlier reading gathered.
type Input struct {
	Regulation *drafts.Regulation
	From, To   *drafts.Version
	// Kind is the kind of report; "" means the 审议结果的报告 when To is
	// the text put to the vote (stage "vote"), else the 修改情况的汇报.
	Kind       drafts.ReportKind
	Comparison *diff.Comparison
	Record     *store.ReadingRecord
	// Now dates the report.
	Now time.Time
}

// Counts are the opinions on the earlier reading as the report's opening
// counts them (hidden opinions excluded), by source and by answer.
type Counts struct {
	Consultations int `json:"consultations"`
	Opinions      int `json:"opinions"`
	// People counts person-times as the public statistics do
	// (drafts.OpinionStats): one for each opinion not gathered at a
	// meeting, the participants once for each meeting with an opinion.
	People int `json:"people"`
	// Members is the number of members and deputies who gave
	// MemberOpinions.
	Members        int `json:"members"`
	MemberOpinions int `json:"member_opinions"`
	// ContactPoints is the number of contact points that gave
	// ContactPointOpinions; Meetings they held, with Participants.
	ContactPoints        int `json:"contact_points"`
	ContactPointOpinions int `json:"contact_point_opinions"`
	Meetings             int `json:"meetings"`
	Participants         int `json:"participants"`
	// PublicPeople counts each public opinion as one person-time (人次),
	// as the public statistics do.
	PublicPeople   int `json:"public_people"`
	PublicOpinions int `json:"public_opinions"`
	// Other are opinions staff entered on someone's behalf (来信等).
	Other int `json:"other"`
	// ByDisposition counts the answers; "" is not yet answered.
	ByDisposition map[drafts.Disposition]int `json:"by_disposition"`
}

// Draft is a report drafted from the data, with what the drafting found.
type Draft struct {
	Content Content `json:"content"`
	Counts  Counts  `json:"counts"`
	// Unplaced are the opinions answered 采纳 or 部分采纳 for which no
	// change of the text was found: staff place them by hand.
	Unplaced []int64 `json:"unplaced"`
	// Minor are the indexes of the changes left to "此外，对草案作了一些
	// 文字修改" (wording touch-ups no opinion led to).
	Minor []int `json:"minor"`
}

// DraftReport drafts the report on in.To compared with in.From: the
// opening from the consultations and the counts, one section per change
// that opinions led to (in the order of the later text, each naming the
// opinions by id, summarised by source and count, with the committee's
// proposal), the other changes grouped in one section at the end, the
// closing and the annex. An opinion is in one section at most.
func DraftReport(in *Input) *Draft {
	n := namesOf(in.Regulation, in.To)
	kind := in.Kind
	if kind == "" {
		kind = drafts.ReportChanges
		if in.To.Stage == "vote" {
			kind = drafts.ReportResult
		}
	}
	d := &Draft{Counts: countOpinions(in.Record), Unplaced: []int64{}, Minor: []int{}}
	p := newPlacer(in.Comparison)
	byChange := map[int][]*drafts.Opinion{}
	for _, o := range in.Record.Opinions {
		if o.Status == drafts.StatusHidden {
			continue
		}
		if i := p.place(o); i >= 0 {
			byChange[i] = append(byChange[i], o)
		} else if adopted(o.Disposition) {
			d.Unplaced = append(d.Unplaced, o.ID)
		}
	}
	var secs, others []Section
	var otherLines []string
	for i := range in.Comparison.Changes {
		ch := &in.Comparison.Changes[i]
		ops := byChange[i]
		switch {
		case len(ops) > 0:
			secs = append(secs, opinionSection(i, ch, ops, n))
		case !ch.Changed():
		case minor(ch):
			d.Minor = append(d.Minor, i)
		default:
			others = append(others, Section{Changes: []ChangeRef{refOf(i, ch)}})
			otherLines = append(otherLines, "（"+cnum.Format(len(others))+"）"+sentence(changePhrase(ch, n)))
		}
	}
	if len(others) > 0 {
		g := Section{ID: "others", Heading: "关于其他修改", Grouped: true, Opinions: []int64{},
			Text: "根据有关方面的意见，" + n.Committee + "经研究，建议对以下内容作修改：\n" + strings.Join(otherLines, "\n")}
		for _, o := range others {
			g.Changes = append(g.Changes, o.Changes...)
		}
		secs = append(secs, g)
	}
	d.Content = Content{
		Kind:       kind,
		Title:      "关于《" + n.Doc + "》" + kind.Label(),
		Occasion:   "（××××年××月××日在" + legislature(in.Regulation) + "第××次会议上）",
		Salutation: salutation(in.Regulation),
		Opening:    opening(in, n, kind, d.Counts),
		Sections:   secs,
		Closing:    closing(n, kind, len(d.Minor) > 0),
		Signature:  signature(in.Regulation, n),
		Date:       drafts.FormatDate(in.Now),
		Annex:      true,
	}
	if d.Content.Sections == nil {
		d.Content.Sections = []Section{}
	}
	return d
}

func refOf(i int, ch *diff.Change) ChangeRef {
	return ChangeRef{Index: i, Kind: ch.Kind, Old: refLabels(ch.Old), New: refLabels(ch.New)}
}

// opinionSection is the section of change i, which opinions ops led to.
func opinionSection(i int, ch *diff.Change, ops []*drafts.Opinion, n Names) Section {
	ids := make([]int64, len(ops))
	for k, o := range ops {
		ids[k] = o.ID
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	return Section{
		ID:         "c" + strconv.Itoa(i),
		Heading:    heading(ch, n),
		Text:       opinionsSentence(ops),
		Conclusion: sentence(n.Committee + "经研究，建议" + changePhrase(ch, n)),
		Opinions:   ids,
		Changes:    []ChangeRef{refOf(i, ch)},
	}
}

// countOpinions counts what a reading gathered.
func countOpinions(rec *store.ReadingRecord) Counts {
	c := Counts{Consultations: len(rec.Consultations), Meetings: len(rec.Meetings), ByDisposition: map[drafts.Disposition]int{}}
	members, points, met := map[int64]bool{}, map[int64]bool{}, map[int64]bool{}
	for _, o := range rec.Opinions {
		if o.Status == drafts.StatusHidden {
			continue
		}
		c.Opinions++
		c.ByDisposition[o.Disposition]++
		if o.MeetingID == 0 {
			c.People++
		} else {
			met[o.MeetingID] = true
		}
		switch o.Source {
		case drafts.SourceMember:
			c.MemberOpinions++
			if o.AccountID == 0 || !members[o.AccountID] {
				c.Members++
				members[o.AccountID] = true
			}
		case drafts.SourceContactPoint:
			c.ContactPointOpinions++
			points[o.ContactPointID] = true
		case drafts.SourcePublic:
			c.PublicOpinions++
			c.PublicPeople++
		default:
			c.Other++
		}
	}
	c.ContactPoints = len(points)
	for _, m := range rec.Meetings {
		c.Participants += m.Participants
		if met[m.ID] {
			c.People += m.Participants
		}
	}
	return c
}

// readingNames says how the opening names the review of an earlier
// reading by its stage.
var readingNames = map[string]string{"first-reading": "初次审议", "second-reading": "第二次审议", "third-reading": "第三次审议"}

// legislature returns the standing committee that reviews r.
func legislature(r *drafts.Regulation) string {
	switch {
	case r.Level.National():
		return "全国人大常委会"
	case regionOf(r) != "":
		return regionOf(r) + "人大常委会"
	}
	return "常委会"
}

func salutation(r *drafts.Regulation) string {
	if r.Level.National() {
		return "委员长、各位副委员长、秘书长、各位委员："
	}
	return "主任、各位副主任、秘书长、各位委员："
}

func signature(r *drafts.Regulation, n Names) string {
	if r.Committee != "" {
		return r.Committee
	}
	if regionOf(r) != "" {
		return regionOf(r) + "人民代表大会" + n.Committee
	}
	return n.Committee
}

// regionOf is the area of a local regulation: its Region, else the one
// its title begins with.
func regionOf(r *drafts.Regulation) string {
	if r.Region != "" {
		return r.Region
	}
	return drafts.RegionOf(r.Title)
}

// opening drafts the opening paragraphs: the review, the consultations,
// the counts, the committee's meeting.
func opening(in *Input, n Names, kind drafts.ReportKind, c Counts) string {
	var ps []string
	lead := "草案形成后"
	if review, ok := readingNames[in.From.Stage]; ok {
		ps = append(ps, fmt.Sprintf("%s，%s第××次会议对《%s》进行了%s。", dateOr(in.From.Date), legislature(in.Regulation), n.Doc, review))
		lead = "会后"
	}
	var ways []string
	for _, k := range in.Record.Consultations {
		ways = append(ways, "于"+period(k.OpensAt, k.ClosesAt)+consultationWay(k))
	}
	if len(ways) == 0 {
		ways = []string{"征求了有关方面的意见"}
	}
	ps = append(ps, lead+"，法制工作委员会"+strings.Join(ways, "；")+"。"+countsSentence(c))
	end := "现将主要修改情况汇报如下："
	if kind == drafts.ReportResult {
		end = "现将审议结果报告如下："
	}
	ps = append(ps, fmt.Sprintf("%s于××月××日召开会议，根据常委会组成人员的审议意见和各方面的意见，对%s进行了统一审议，提出了%s。%s",
		n.Committee, n.Old, n.New, end))
	return strings.Join(ps, "\n")
}

// consultationWay says whom a consultation asked and how.
func consultationWay(k *drafts.Consultation) string {
	switch k.Audience {
	case drafts.AudiencePublic:
		return "在网上公开征求社会公众意见"
	case drafts.AudienceContactPoints:
		if len(k.ContactPointIDs) > 0 {
			return fmt.Sprintf("向%d个基层立法联系点征求意见", len(k.ContactPointIDs))
		}
		return "向各基层立法联系点征求意见"
	case drafts.AudienceMembers:
		return "征求常委会组成人员和人大代表的意见"
	}
	return "征求意见"
}

// countsSentence says how many opinions came from whom and what became of
// them.
func countsSentence(c Counts) string {
	if c.Opinions == 0 {
		return "未收到意见。"
	}
	var parts []string
	if c.MemberOpinions > 0 {
		parts = append(parts, fmt.Sprintf("常委会组成人员和人大代表%d人提出意见%d条", c.Members, c.MemberOpinions))
	}
	if c.ContactPointOpinions > 0 {
		s := fmt.Sprintf("基层立法联系点%d个提出意见%d条", c.ContactPoints, c.ContactPointOpinions)
		if c.Meetings > 0 {
			s += fmt.Sprintf("，召开座谈会%d场、参加%d人次", c.Meetings, c.Participants)
		}
		parts = append(parts, s)
	}
	if c.PublicOpinions > 0 {
		parts = append(parts, fmt.Sprintf("社会公众%d人次提出意见%d条", c.PublicPeople, c.PublicOpinions))
	}
	if c.Other > 0 {
		parts = append(parts, fmt.Sprintf("来信等其他渠道意见%d条", c.Other))
	}
	s := fmt.Sprintf("共收到意见%d条，其中%s。", c.Opinions, strings.Join(parts, "；"))
	return s + tallyOf(c.ByDisposition).Outcome("经逐条研究，") + "。"
}

// closing drafts the end of the report.
func closing(n Names, kind drafts.ReportKind, wording bool) string {
	var ps []string
	if wording {
		ps = append(ps, "此外，对草案作了一些文字修改。")
	}
	if kind == drafts.ReportResult {
		ps = append(ps, n.Committee+"已按上述意见提出了"+n.New+"，建议本次常委会会议审议通过。",
			"以上报告和"+n.New+"是否妥当，请审议。")
	} else {
		ps = append(ps, n.New+"已按上述意见作了修改，"+n.Committee+"建议本次常委会会议继续审议。",
			"以上汇报和"+n.New+"是否妥当，请审议。")
	}
	return strings.Join(ps, "\n")
}
