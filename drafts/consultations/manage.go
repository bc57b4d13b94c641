package consultations

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Managing a consultation once it is opened (issue 12): staff correct its
// title and instructions, extend its period or close it early. Every
// change is written to the audit log with what it was before and why, and
// the consultation's page shows those entries as its change log.

// Change is what staff give to edit a consultation: the title, the
// instructions and the closing time, with the reason for the change.
type Change struct {
	Title        string    `json:"title"`
	Instructions string    `json:"instructions"`
	ClosesAt     time.Time `json:"closes_at"`
	Reason       string    `json:"reason"`
}

// maxReason bounds the reason given for a change.
const maxReason = 500

// Update changes consultation id. A later closing time extends the period
// (延长征求意见期, reopening a closed consultation), an earlier one that
// is still ahead shortens it; a closing time in the past is refused (use
// CloseEarly). EINVALID for bad values, ENOTFOUND.
func (s *Service) Update(ctx context.Context, actor string, id int64, ch Change) (*drafts.Consultation, error) {
	c, err := s.store.Consultation(ctx, id)
	if err != nil {
		return nil, err
	}
	ch.Title, ch.Instructions, ch.Reason = strings.TrimSpace(ch.Title), strings.TrimSpace(ch.Instructions), strings.TrimSpace(ch.Reason)
	if err := checkReason(ch.Reason, false); err != nil {
		return nil, err
	}
	next := *c
	next.Title, next.Instructions, next.ClosesAt = ch.Title, ch.Instructions, ch.ClosesAt
	if err := next.Validate(); err != nil {
		return nil, err
	}
	u := store.ConsultationUpdate{Action: "consultation.update", Title: next.Title, Instructions: next.Instructions,
		ClosesAt: next.ClosesAt, Reason: ch.Reason}
	if !ch.ClosesAt.Equal(c.ClosesAt) {
		if !ch.ClosesAt.After(s.Now()) {
			return nil, drafts.Errorf(drafts.EINVALID, "截止时间不能早于现在；如要提前结束，请使用“提前结束”。")
		}
		if ch.ClosesAt.After(c.ClosesAt) {
			u.Action = "consultation.extend"
		}
	}
	return s.changed(s.store.UpdateConsultation(ctx, actor, id, u))
}

// CloseEarly ends consultation id now (提前结束), for reason (required).
// ECLOSED when it is not open, EINVALID without a reason, ENOTFOUND.
func (s *Service) CloseEarly(ctx context.Context, actor string, id int64, reason string) (*drafts.Consultation, error) {
	c, err := s.store.Consultation(ctx, id)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if err := checkReason(reason, true); err != nil {
		return nil, err
	}
	now := s.Now()
	if !c.IsOpen(now) {
		return nil, drafts.Errorf(drafts.ECLOSED, "只能提前结束正在进行的征求意见。%s", drafts.ErrorMessage(c.CheckOpen(now)))
	}
	return s.changed(s.store.UpdateConsultation(ctx, actor, id, store.ConsultationUpdate{Action: "consultation.close",
		Title: c.Title, Instructions: c.Instructions, ClosesAt: now.Truncate(time.Second), Reason: reason}))
}

func checkReason(reason string, required bool) error {
	switch {
	case required && reason == "":
		return drafts.Errorf(drafts.EINVALID, "请说明提前结束的理由。")
	case utf8.RuneCountInString(reason) > maxReason:
		return drafts.Errorf(drafts.EINVALID, "理由不能超过 %d 个字。", maxReason)
	}
	return nil
}

// changed forgets the cached consultations of c's version, so that the
// version page and submissions see the change at once on this server.
func (s *Service) changed(c *drafts.Consultation, err error) (*drafts.Consultation, error) {
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	delete(s.cons, c.VersionID)
	s.mu.Unlock()
	return c, nil
}

// Forget drops every cached list of consultations, so that the next
// submission or page reads them from the store: for a change made through
// another server (the change log's "consultation" entries), which this
// Service's cache would otherwise see only after consultationTTL.
func (s *Service) Forget() {
	s.mu.Lock()
	clear(s.cons)
	s.mu.Unlock()
}

// ChangeEntry is one change made to a consultation after it was opened,
// as its page lists it.
type ChangeEntry struct {
	At    time.Time
	Actor string
	// Action is "update", "extend" or "close".
	Action string
	// Title and TitleWas are set when the title changed.
	Title, TitleWas string
	// Closes and ClosesWas are the new and former closing times (as
	// written in the log) when the closing time changed.
	Closes, ClosesWas string
	// Instructions says the instructions were changed.
	Instructions bool
	Reason       string
}

// Changes returns the changes made to consultation id since it was
// opened, newest first (from the audit log).
func (s *Service) Changes(ctx context.Context, id int64) ([]ChangeEntry, error) {
	list, _, err := s.store.AuditEntries(ctx, store.AuditFilter{Entity: "consultation", EntityID: id,
		ActionPrefix: "consultation.", Limit: 200})
	if err != nil {
		return nil, err
	}
	var out []ChangeEntry
	for _, e := range list {
		action, ok := strings.CutPrefix(e.Action, "consultation.")
		if !ok || action == "create" {
			continue
		}
		var d struct {
			Title, From, Instructions, Reason *string
			ClosesAt                          *string `json:"closes_at"`
			Previous                          *string
		}
		_ = json.Unmarshal([]byte(e.Detail), &d)
		ce := ChangeEntry{At: e.At, Actor: e.Actor, Action: action, Instructions: d.Instructions != nil}
		if d.Title != nil {
			ce.Title, ce.TitleWas = *d.Title, deref(d.From)
		}
		if d.ClosesAt != nil {
			ce.Closes, ce.ClosesWas = *d.ClosesAt, deref(d.Previous)
		}
		ce.Reason = deref(d.Reason)
		out = append(out, ce)
	}
	return out, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// OfRegulation returns the consultations on any reading of regulation
// regulationID that are open now and that account a may see, as it may
// see them, closing soonest first.
func (s *Service) OfRegulation(ctx context.Context, regulationID int64, a *drafts.Account) ([]*drafts.Consultation, error) {
	list, err := s.store.ConsultationsOfRegulation(ctx, regulationID, s.Now())
	if err != nil {
		return nil, err
	}
	return drafts.VisibleConsultations(list, a), nil
}
