package consultations

import (
	"context"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/diff"
)

// Receipt is what anyone holding a receipt number (回执号) may read of an
// opinion: its text and anchor, the regulation, reading and consultation
// it went to, whether it is public and what became of it, each said in
// plain words, the answer, and where its article went in the next reading
// — never the contact details.
type Receipt struct {
	Receipt      string `json:"receipt"`
	VersionID    int64  `json:"version_id"`
	Article      int    `json:"article"`
	ArticleSub   int    `json:"article_sub,omitempty"`
	ArticleLabel string `json:"article_label"`
	// ArticleAnchor is the article's anchor on the version page (art-12),
	// "" for an opinion on the whole draft.
	ArticleAnchor   string `json:"article_anchor,omitempty"`
	Quote           string `json:"quote,omitempty"`
	Text            string `json:"text"`
	RegulationID    int64  `json:"regulation_id"`
	RegulationTitle string `json:"regulation_title"`
	StageName       string `json:"stage_name"`
	ConsultationID  int64  `json:"consultation_id"`
	// ConsultationTitle names the consultation; ConsultationVisible says
	// whether the viewer may open its page.
	ConsultationTitle   string `json:"consultation_title"`
	ConsultationVisible bool   `json:"-"`
	// Status is the moderation state and StatusLabel its name (待审核,
	// 已公开, 已屏蔽); Moderation says in plain words whether the opinion
	// is public and why (not).
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Moderation  string `json:"moderation"`
	// Disposition is the answer's result (处理结果, "" before the answer);
	// Outcome says in plain words what it means for the opinion.
	Disposition drafts.Disposition `json:"disposition"`
	Outcome     string             `json:"outcome"`
	Answer      string             `json:"answer,omitempty"`
	AnsweredAt  *time.Time         `json:"answered_at,omitempty"`
	// Landed is where the article went in the next reading; nil for an
	// opinion on the whole draft or before there is a next reading.
	Landed    *Landing  `json:"landed,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Landing is where an opinion's article went in the next reading.
type Landing struct {
	VersionID int64  `json:"version_id"`
	StageName string `json:"stage_name"`
	// Articles are the article's counterparts there (none when it was
	// deleted; two or more when it was split).
	Articles []LandedArticle `json:"articles,omitempty"`
	Changed  bool            `json:"changed"`
	// Sentence says it in words: 在一审稿中，本条为第十三条，文字有修改。
	Sentence string `json:"sentence"`
}

// LandedArticle is one article of the next reading an opinion's article
// became, with its anchor on that version's page.
type LandedArticle struct {
	Label  string `json:"label"`
	Anchor string `json:"anchor"`
}

// Receipt looks up the opinion with the receipt number a person typed
// (drafts.ParseReceipt forgives case, spaces and look-alike letters), as
// account a (nil: the public) reads it. EINVALID for a malformed number,
// ENOTFOUND when no opinion has it.
func (s *Service) Receipt(ctx context.Context, typed string, a *drafts.Account) (*Receipt, error) {
	r, err := drafts.ParseReceipt(typed)
	if err != nil {
		return nil, err
	}
	op, err := s.store.OpinionByReceipt(ctx, r)
	if err != nil {
		return nil, err
	}
	v := &Receipt{Receipt: op.Receipt, VersionID: op.VersionID, Article: op.Article, ArticleSub: op.ArticleSub,
		ArticleLabel: op.ArticleLabel(), Quote: op.Quote, Text: op.Text, Status: op.Status,
		StatusLabel: drafts.StatusLabel(op.Status), Disposition: op.Disposition, Answer: op.Answer,
		AnsweredAt: op.AnsweredAt, CreatedAt: op.CreatedAt, ConsultationID: op.ConsultationID,
		Moderation: moderation(op), Outcome: outcome(op.Disposition)}
	if op.Article > 0 {
		v.ArticleAnchor = drafts.ArticleAnchor(op.Article, op.ArticleSub)
	}
	if op.Status == drafts.StatusHidden {
		v.StatusLabel = "未公开（" + op.HiddenReason + "）"
	}
	ref, err := s.versionRef(ctx, op.VersionID)
	if err != nil {
		return nil, err
	}
	v.RegulationID, v.RegulationTitle, v.StageName = ref.Regulation.ID, ref.Regulation.Title, ref.Version.StageName
	c, err := s.store.Consultation(ctx, op.ConsultationID)
	if err != nil {
		return nil, err
	}
	v.ConsultationTitle, v.ConsultationVisible = c.Title, c.VisibleTo(a)
	if v.ConsultationTitle == "" {
		v.ConsultationTitle = ref.Regulation.Title + "（" + ref.Version.StageName + "）征求意见"
	}
	if v.Landed, err = s.landing(ctx, ref.Version, op); err != nil {
		return nil, err
	}
	return v, nil
}

// moderation says in plain words whether opinion op is public.
func moderation(op *drafts.Opinion) string {
	switch op.Status {
	case drafts.StatusPending:
		return "尚未公开：公众的意见经工作人员审核后公开。审核不影响工作人员研究和答复您的意见。"
	case drafts.StatusHidden:
		return "不公开，原因：" + strings.TrimSpace(op.HiddenReason) + "。意见仍保存在案。"
	}
	if op.Disposition != drafts.DispositionNone {
		return "已公开：意见和答复列在征求意见页的“意见的处理情况”中。"
	}
	return "已公开：答复后，意见和答复会列在征求意见页上。"
}

// outcome says in plain words what became of an opinion answered d, to
// follow its label (采纳：…).
func outcome(d drafts.Disposition) string {
	switch d {
	case drafts.DispositionAdopted:
		return "您的意见被采纳。"
	case drafts.DispositionPartly:
		return "您的意见被部分采纳，理由见答复。"
	case drafts.DispositionRejected:
		return "您的意见没有被采纳，理由见答复。"
	case drafts.DispositionAbsorbed:
		return "您的意见在草案中已有体现。"
	case drafts.DispositionReference:
		return "您的意见将作为今后工作的参考。"
	}
	return "立法工作人员正在研究意见，答复后会显示在这里。"
}

// landing is where the article of opinion op on version from went in the
// next reading of the regulation; nil for the whole draft or when from is
// the latest reading.
func (s *Service) landing(ctx context.Context, from *drafts.Version, op *drafts.Opinion) (*Landing, error) {
	if op.Article == 0 {
		return nil, nil
	}
	vs, err := s.store.Versions(ctx, from.RegulationID)
	if err != nil {
		return nil, err
	}
	var next *drafts.Version
	for _, v := range vs {
		if v.Seq > from.Seq && (next == nil || v.Seq < next.Seq) {
			next = v
		}
	}
	if next == nil {
		return nil, nil
	}
	cmp, _, err := s.readings.CompareVersions(ctx, from.ID, next.ID)
	if err != nil {
		return nil, err
	}
	d := cmp.Carrier().Carry(op.Article, op.ArticleSub)
	l := &Landing{VersionID: next.ID, StageName: next.StageName, Changed: d.Changed}
	var labels []string
	for _, r := range d.New {
		l.Articles = append(l.Articles, LandedArticle{Label: r.Label, Anchor: drafts.ArticleAnchor(r.Num, r.Sub)})
		labels = append(labels, r.Label)
	}
	l.Sentence = landingSentence(next.StageName, op.ArticleLabel(), d, strings.Join(labels, "、"))
	return l, nil
}

// landingSentence says where an article (label) went in the reading
// stage: d is its destination, to the labels of its counterparts.
func landingSentence(stage, label string, d diff.Destination, to string) string {
	in := "在" + stage + "中，"
	switch {
	case d.Kind == "deleted" || to == "":
		return in + label + "已删除。"
	case d.Kind == string(diff.Split):
		return in + label + "拆分为" + to + "。"
	case d.Kind == string(diff.Merged):
		return in + label + "与其他条文合并为" + to + "。"
	case d.Changed && to == label:
		return in + label + "的文字有修改。"
	case d.Changed:
		return in + label + "改为" + to + "，文字有修改。"
	case to == label:
		return in + label + "未修改。"
	}
	return in + label + "改为" + to + "，文字未修改。"
}
