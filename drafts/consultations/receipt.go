package consultations

import (
	"context"
	"time"

	"lifa/drafts"
)

// Receipt is what anyone holding a receipt number (回执号) may read of an
// opinion: its text and anchor, its moderation status and the answer —
// never the contact details.
type Receipt struct {
	Receipt      string             `json:"receipt"`
	VersionID    int64              `json:"version_id"`
	Article      int                `json:"article"`
	ArticleSub   int                `json:"article_sub,omitempty"`
	ArticleLabel string             `json:"article_label"`
	Quote        string             `json:"quote,omitempty"`
	Text         string             `json:"text"`
	Status       string             `json:"status"`
	StatusLabel  string             `json:"status_label"`
	Disposition  drafts.Disposition `json:"disposition"`
	Answer       string             `json:"answer,omitempty"`
	AnsweredAt   *time.Time         `json:"answered_at,omitempty"`
	CreatedAt    time.Time          `json:"created_at"`
}

// Receipt looks up the opinion with the receipt number a person typed
// (drafts.ParseReceipt forgives case, spaces and look-alike letters).
// EINVALID for a malformed number, ENOTFOUND when no opinion has it.
func (s *Service) Receipt(ctx context.Context, typed string) (*Receipt, error) {
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
		AnsweredAt: op.AnsweredAt, CreatedAt: op.CreatedAt}
	if op.Status == drafts.StatusHidden {
		v.StatusLabel = "未公开（" + op.HiddenReason + "）"
	}
	return v, nil
}
