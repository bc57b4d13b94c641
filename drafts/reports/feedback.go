package reports

import (
	"context"
	"strconv"
	"strings"

	"lifa/drafts"
	"lifa/drafts/diff"
	"lifa/drafts/store"
)

// Landing says where an opinion's change landed in the later reading: the
// articles of the change it led to and the words changed.
type Landing struct {
	Kind diff.Kind `json:"kind"`
	// Articles are the labels of the change's articles in the later
	// reading (none for a deleted article).
	Articles []string `json:"articles"`
	// Old are the labels in the reading consulted on.
	Old []string `json:"old"`
	// Change says what changed, after 修改稿: 第八条：将“每五年”修改为“每三年”.
	Change string `json:"change"`
	// Diff is the change's character diff.
	Diff []diff.Op `json:"diff"`
}

// where says where the change landed (修改稿第八条：……); 未作修改 for an
// opinion that led to no change.
func (l *Landing) where() string {
	if l == nil {
		return "未作修改"
	}
	return "修改稿" + l.Change
}

// consulted is a consultation with its reading, the reading after it and
// their comparison.
type consulted struct {
	Consultation *drafts.Consultation
	Regulation   *drafts.Regulation
	// From is the reading consulted on; To the reading the changes are
	// shown in (nil when there is none yet). Both without Documents.
	From, To *drafts.Version
	names    Names
	placer   *placer
	// record is what the reading gathered, cut to the consultation.
	record *store.ReadingRecord
}

// consultation loads consultation id with its readings. to is the reading
// the changes are shown in: 0 for the first reading after the consulted
// one (none yet is not an error). ENOTFOUND for an unknown consultation;
// EINVALID when to is not a later reading of the same regulation.
func (s *Service) consultation(ctx context.Context, id, to int64) (*consulted, error) {
	c, err := s.store.Consultation(ctx, id)
	if err != nil {
		return nil, err
	}
	k := &consulted{Consultation: c}
	vs, err := s.store.Versions(ctx, c.RegulationID)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.ID == c.VersionID {
			cp := *v
			k.From = &cp
		}
	}
	if k.From == nil {
		return nil, drafts.Errorf(drafts.ENOTFOUND, "征求意见 %d 的版本不存在。", id)
	}
	for _, v := range vs {
		if v.Seq > k.From.Seq && (to == v.ID || to == 0 && k.To == nil) {
			cp := *v
			k.To = &cp
		}
	}
	if to != 0 && k.To == nil {
		return nil, drafts.Errorf(drafts.EINVALID, "版本 %d 不是该征求意见所针对版本的后一稿。", to)
	}
	rec, err := s.store.ReadingRecord(ctx, c.VersionID)
	if err != nil {
		return nil, err
	}
	k.record = recordOf(rec, id)
	if k.Regulation, err = s.store.Regulation(ctx, c.RegulationID); err != nil {
		return nil, err
	}
	k.names = namesOf(k.Regulation, k.To)
	if k.To != nil {
		p, err := s.pair(ctx, c.RegulationID, k.From.ID, k.To.ID)
		if err != nil {
			return nil, err
		}
		k.placer = newPlacer(p.Comparison)
	}
	return k, nil
}

// recordOf cuts a reading's record to one consultation.
func recordOf(rec *store.ReadingRecord, consultationID int64) *store.ReadingRecord {
	out := &store.ReadingRecord{ContactPoints: rec.ContactPoints}
	for _, c := range rec.Consultations {
		if c.ID == consultationID {
			out.Consultations = append(out.Consultations, c)
		}
	}
	for _, o := range rec.Opinions {
		if o.ConsultationID == consultationID {
			out.Opinions = append(out.Opinions, o)
		}
	}
	for _, m := range rec.Meetings {
		if m.ConsultationID == consultationID {
			out.Meetings = append(out.Meetings, m)
		}
	}
	return out
}

// landing returns where opinion o's change landed, or nil when it led to
// no change (or there is no later reading yet).
func (k *consulted) landing(o *drafts.Opinion) *Landing {
	if k.placer == nil {
		return nil
	}
	i := k.placer.place(o)
	if i < 0 {
		return nil
	}
	ch := &k.placer.cmp.Changes[i]
	return &Landing{Kind: ch.Kind, Articles: refLabels(ch.New), Old: refLabels(ch.Old),
		Change: landingPhrase(ch), Diff: ch.Diff}
}

// closed returns ECLOSED unless the consultation's period is over at now.
func (k *consulted) closed(s *Service) error {
	if s.now().Before(k.Consultation.ClosesAt) {
		return drafts.Errorf(drafts.ECLOSED, "征求意见于%s截止，截止后才能反馈意见采纳情况。", drafts.FormatDateTime(k.Consultation.ClosesAt))
	}
	return nil
}

// tally counts answers: how many opinions, and how many of each answer.
type tally struct {
	Opinions   int `json:"opinions"`
	Adopted    int `json:"adopted"`
	Partly     int `json:"partly"`
	Absorbed   int `json:"absorbed"`
	Reference  int `json:"reference"`
	Rejected   int `json:"rejected"`
	Unanswered int `json:"unanswered"`
}

func (t *tally) add(d drafts.Disposition) { t.addN(d, 1) }

// addN counts n opinions answered d (none: not yet answered).
func (t *tally) addN(d drafts.Disposition, n int) {
	t.Opinions += n
	switch d {
	case drafts.DispositionAdopted:
		t.Adopted += n
	case drafts.DispositionPartly:
		t.Partly += n
	case drafts.DispositionAbsorbed:
		t.Absorbed += n
	case drafts.DispositionReference:
		t.Reference += n
	case drafts.DispositionRejected:
		t.Rejected += n
	default:
		t.Unanswered += n
	}
}

// tallyOf is the tally of opinions counted by disposition.
func tallyOf(by map[drafts.Disposition]int) tally {
	var t tally
	for d, n := range by {
		t.addN(d, n)
	}
	return t
}

// answered says the answered opinions of the tally: 采纳2条、未采纳1条.
func (t tally) answered() string {
	var ps []string
	for _, x := range []struct {
		label string
		n     int
	}{{"采纳", t.Adopted}, {"部分采纳", t.Partly}, {"已吸收", t.Absorbed}, {"作为参考", t.Reference},
		{"未采纳", t.Rejected}} {
		if x.n > 0 {
			ps = append(ps, x.label+strconv.Itoa(x.n)+"条")
		}
	}
	return strings.Join(ps, "、")
}

// Sentence says the tally in words for a table or a line of figures:
// 采纳2条、部分采纳1条、未采纳1条、尚在研究2条. Every page, report and
// letter calls the opinions not yet answered 尚在研究.
func (t tally) Sentence() string {
	s := t.answered()
	if t.Unanswered > 0 {
		if s != "" {
			s += "、"
		}
		s += "尚在研究" + strconv.Itoa(t.Unanswered) + "条"
	}
	return s
}

// Outcome says the tally as the clause of a report or letter after lead
// (经逐条研究，): 经逐条研究，采纳2条、未采纳1条；另有2条尚在研究 — or
// 意见尚在研究 while none is answered, since nothing has been studied to
// the end yet. Empty for no opinions.
func (t tally) Outcome(lead string) string {
	s := t.answered()
	switch {
	case s == "" && t.Unanswered > 0:
		return "意见尚在研究"
	case s == "":
		return ""
	case t.Unanswered > 0:
		return lead + s + "；另有" + strconv.Itoa(t.Unanswered) + "条尚在研究"
	}
	return lead + s
}
