package consultations

import (
	"context"
	"strings"

	"lifa/drafts"
)

// ReceiptPage is the page where a person looks up an opinion by its
// receipt number: what was typed, the receipt found or why none was.
type ReceiptPage struct {
	Query   string
	Receipt *Receipt
	Error   string
	// New says the opinion was just submitted (the page says thanks).
	New bool
}

// ReceiptPage looks up typed (nothing when blank) as account a reads it
// (Receipt); a malformed or unknown number is the page's Error, any other
// error is returned. fresh says the opinion was just submitted, which the
// page says only when the receipt is found.
func (s *Service) ReceiptPage(ctx context.Context, typed string, fresh bool, a *drafts.Account) (*ReceiptPage, error) {
	p := &ReceiptPage{Query: typed}
	if q := strings.TrimSpace(typed); q != "" {
		r, err := s.Receipt(ctx, q, a)
		switch drafts.ErrorCode(err) {
		case "":
			p.Receipt = r
		case drafts.EINTERNAL:
			return nil, err
		default:
			p.Error = drafts.ErrorMessage(err)
		}
	}
	p.New = fresh && p.Receipt != nil
	return p, nil
}

// Title is the page's title: thanks for a new opinion, else the look-up.
func (p *ReceiptPage) Title() string {
	if p.New {
		return "意见已收到"
	}
	return "查询意见处理情况"
}
