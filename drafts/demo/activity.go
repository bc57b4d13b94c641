package demo

import (
	"context"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/store"
)

// demoOpinion is an invented opinion of the demo: its article and text,
// and the answer staff give it ("" left unanswered).
type demoOpinion struct {
	Article     int
	Text        string
	Name        string
	Disposition drafts.Disposition
	Answer      string
}

// meetingOpinions were gathered at the Yuexiu contact point's meeting.
var meetingOpinions = []demoOpinion{
	{Article: 12, Text: "居民反映湿地界标设在偏僻处，不易看到。建议界标同时标明管护责任单位和举报电话。", Name: "王阿姨",
		Disposition: drafts.DispositionAdopted, Answer: "采纳。拟在第十二条增加界标应当标明管护责任单位和监督电话的规定。"},
	{Article: 29, Text: "建议在禁止行为中写明“在湿地内放生外来物种”，社区里常有人到湿地放生巴西龟。",
		Disposition: drafts.DispositionPartly, Answer: "部分采纳。外来物种问题拟在第二十九条中以“引进、放生外来物种”表述，具体名录由主管部门公布。"},
	{Article: 52, Text: "电动滑板车、平衡车进入湿地的罚款太轻，建议提高。", Name: "街道居民代表",
		Disposition: drafts.DispositionRejected, Answer: "未采纳。第六十一条的罚款幅度与上位法一致，暂不调整，将加强巡查执法。"},
	{Article: 0, Text: "总体赞成修订，希望湿地公园的开放时间和预约办法写得更清楚，方便老人和孩子参观。"},
}

// haizhuOpinions are the Haizhu contact point's, sent without a meeting.
var haizhuOpinions = []demoOpinion{
	{Article: 43, Text: "海珠湿地周边村民关心果园用地的补偿，建议明确生态效益补偿的标准和发放方式。",
		Disposition: drafts.DispositionAdopted, Answer: "采纳。拟在第四十二条补充生态效益补偿标准由市人民政府制定并公布。"},
	{Article: 49, Text: "建议允许村民在指定区域采摘自家果树的果实，不要一律禁止。"},
}

// publicOpinions are the public's, on the public consultation; the first
// two are published, the last waits for moderation.
var publicOpinions = []demoOpinion{
	{Article: 1, Text: "建议在立法目的中写明“保障公众亲近自然的权利”。", Name: "张先生",
		Disposition: drafts.DispositionReference, Answer: "作为参考。公众参与和科普教育已在第三十三条等条文中规定。"},
	{Article: 26, Text: "候鸟栖息地周边夜间灯光影响很大，建议规定迁徙季节的灯光管理。"},
	{Article: 30, Text: "建议对在湿地内钓鱼的行为区分情形处理，不要一刀切。", Name: "钓鱼爱好者"},
}

// memberOpinion is the committee member's, on the public consultation.
var memberOpinion = demoOpinion{Article: 63, Text: "重要湿地名录的公布期限建议缩短为三个月，并同步在政府网站公开。"}

// loadActivity opens the consultation of the contact points on the
// wetland draft, two days before now, and fills it and the public one
// with the demo's opinions, the meeting and the answers, unless the draft
// already has a consultation of contact points or the people do not exist.
func loadActivity(ctx context.Context, st *store.Store, cs *consultations.Service, now time.Time) error {
	v, public, err := wetlandDraft(ctx, st)
	if err != nil || v == nil || public == nil {
		return err
	}
	list, err := cs.List(ctx, consultations.ListQuery{VersionID: v.ID}, nil)
	if err != nil {
		return err
	}
	all, err := st.Consultations(ctx, store.ConsultationFilter{VersionID: v.ID})
	if err != nil || len(all) > len(list) {
		return err // a consultation the public does not see: the demo's, or someone's
	}
	who := map[string]*drafts.Account{}
	for _, p := range People {
		a, err := st.AccountByName(ctx, p.Login)
		if err != nil {
			return nil // the people are someone else's now: leave their data alone
		}
		who[p.Login] = a
	}
	in := PointsConsultation
	in.VersionID = v.ID
	in.ContactPointIDs = []int64{who["liaison-yuexiu"].ContactPointID, who["liaison-haizhu"].ContactPointID}
	in.OpensAt = now.UTC().Add(-48 * time.Hour).Truncate(time.Minute)
	in.ClosesAt = in.OpensAt.Add(30 * 24 * time.Hour)
	points, err := cs.Open(ctx, Actor, in)
	if err != nil {
		return err
	}
	var answered []struct {
		op *drafts.Opinion
		d  demoOpinion
	}
	keep := func(ops []*drafts.Opinion, ds []demoOpinion) {
		for i, op := range ops {
			answered = append(answered, struct {
				op *drafts.Opinion
				d  demoOpinion
			}{op, ds[i]})
		}
	}
	rows := make([]consultations.MeetingOpinion, len(meetingOpinions))
	for i, o := range meetingOpinions {
		rows[i] = consultations.MeetingOpinion{Article: o.Article, Text: o.Text, Name: o.Name}
	}
	_, ops, err := cs.SubmitMeeting(ctx, who["liaison-yuexiu"], consultations.Meeting{ConsultationID: points.ID,
		Date: in.OpensAt.Add(24 * time.Hour).In(drafts.ChinaTime).Format("2006-01-02"), Place: "北京街道党群服务中心三楼会议室",
		Participants: 16, Note: "社区居民、湿地周边商户和志愿者参加。", Opinions: rows})
	if err != nil {
		return err
	}
	keep(ops, meetingOpinions)
	submit := func(a *drafts.Account, c *drafts.Consultation, ds []demoOpinion) ([]*drafts.Opinion, error) {
		var out []*drafts.Opinion
		for _, o := range ds {
			op, err := cs.Submit(ctx, a, consultations.Submission{ConsultationID: c.ID,
				Opinion: consultations.OpinionInput{Article: o.Article, Text: o.Text, Name: o.Name}})
			if err != nil {
				return nil, err
			}
			out = append(out, op)
		}
		return out, nil
	}
	if ops, err = submit(who["liaison-haizhu"], points, haizhuOpinions); err != nil {
		return err
	}
	keep(ops, haizhuOpinions)
	if _, err = submit(who["member"], public, []demoOpinion{memberOpinion}); err != nil {
		return err
	}
	if ops, err = submit(nil, public, publicOpinions); err != nil {
		return err
	}
	keep(ops, publicOpinions)
	if _, err := cs.Moderate(ctx, who["staff"].Name, []int64{ops[0].ID, ops[1].ID}, drafts.StatusPublished, ""); err != nil {
		return err
	}
	for _, a := range answered {
		if a.d.Disposition == drafts.DispositionNone {
			continue
		}
		if _, err := cs.Answer(ctx, who["staff"].Name, consultations.AnswerInput{IDs: []int64{a.op.ID},
			Disposition: a.d.Disposition, Reason: a.d.Answer}); err != nil {
			return err
		}
	}
	return nil
}

// wetlandDraft returns the wetland regulation's consultation draft and
// its public consultation (nil when the demo's texts are not there).
func wetlandDraft(ctx context.Context, st *store.Store) (*drafts.Version, *drafts.Consultation, error) {
	regs, err := st.ListRegulations(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range regs {
		if !strings.Contains(r.Title, "湿地保护") {
			continue
		}
		vs, err := st.Versions(ctx, r.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, v := range vs {
			if v.Stage != "consultation" {
				continue
			}
			list, err := st.Consultations(ctx, store.ConsultationFilter{VersionID: v.ID})
			if err != nil {
				return nil, nil, err
			}
			for _, c := range list {
				if c.Audience == drafts.AudiencePublic {
					return v, c, nil
				}
			}
			return v, nil, nil
		}
	}
	return nil, nil, nil
}
