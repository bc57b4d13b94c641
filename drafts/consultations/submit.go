package consultations

import (
	"context"
	"sync"
	"time"

	"lifa/drafts"
)

// OpinionInput is an opinion as a person writes it: its anchor (article,
// paragraph, item, quoted span; article 0 for the draft as a whole), the
// text, and for the public an optional name and contact.
type OpinionInput struct {
	Article    int    `json:"article"`
	ArticleSub int    `json:"article_sub"`
	Paragraph  int    `json:"paragraph"`
	Item       int    `json:"item"`
	Quote      string `json:"quote"`
	QuoteStart int    `json:"quote_start"`
	QuoteEnd   int    `json:"quote_end"`
	Text       string `json:"text"`
	Name       string `json:"name"`
	Contact    string `json:"contact"`
	// Website is a honeypot: people never see the field, bots fill it.
	Website string `json:"website"`
}

// Submission is an opinion sent to a consultation, or to a version whose
// consultation is then chosen for the sender.
type Submission struct {
	// ConsultationID, when set, is the consultation the opinion is sent
	// to: it takes it or refuses it, never passing it to another.
	ConsultationID int64
	// VersionID is the version commented on when ConsultationID is 0: the
	// opinion goes to the consultation drafts.ConsultationFor chooses.
	VersionID int64
	Opinion   OpinionInput
	// ClientIP is recorded with the opinion (never shown).
	ClientIP string
}

// Submit files an opinion from a (nil: the public) and returns it once it
// is durably committed, with its receipt. A signed-in member, liaison or
// staff member comments under their role and is published at once; the
// public's opinions wait for moderation. Errors: EINVALID, ETOOLARGE (the
// opinion's text and anchor), ECLOSED (outside the period), ENOTFOUND (an
// unknown version, or a consultation unknown or not meant for the sender).
func (s *Service) Submit(ctx context.Context, a *drafts.Account, in Submission) (*drafts.Opinion, error) {
	select {
	case s.busy <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var once sync.Once
	release := func() { once.Do(func() { <-s.busy }) }
	defer release()
	op, err := s.prepare(ctx, a, in)
	if err != nil {
		return nil, err
	}
	// The slot is released before waiting for the commit: waiting costs no
	// CPU, and the writer batches better with more waiting.
	release()
	w, err := s.opinionWriter()
	if err != nil {
		return nil, err
	}
	if err := w.Submit(ctx, op); err != nil {
		return nil, err
	}
	return op, nil
}

// prepare checks a submission and makes the opinion to store.
func (s *Service) prepare(ctx context.Context, a *drafts.Account, in Submission) (*drafts.Opinion, error) {
	if in.Opinion.Website != "" {
		return nil, drafts.Errorf(drafts.EINVALID, "提交未被接受。")
	}
	// The public's opinions wait for moderation; a member's, a liaison's
	// or staff's are published at once.
	source, cpID := drafts.OpinionSourceOf(a)
	status := drafts.StatusPublished
	if source == drafts.SourcePublic {
		status = drafts.StatusPending
	}
	cons, err := s.consultationOf(ctx, a, in, source, cpID)
	if err != nil {
		return nil, err
	}
	o := in.Opinion
	op := &drafts.Opinion{
		VersionID: cons.VersionID, ConsultationID: cons.ID, Article: o.Article, ArticleSub: o.ArticleSub,
		Paragraph: o.Paragraph, Item: o.Item, Quote: o.Quote, QuoteStart: o.QuoteStart, QuoteEnd: o.QuoteEnd,
		Text: o.Text, Name: o.Name, Contact: o.Contact, Source: source, Status: status,
		ContactPointID: cpID, ClientIP: in.ClientIP,
	}
	if a != nil {
		op.AccountID = a.ID
	}
	if err := op.Normalize(); err != nil {
		return nil, err
	}
	v, err := s.store.Version(ctx, cons.VersionID)
	if err != nil {
		return nil, err
	}
	if err := op.CheckAnchor(v.Document); err != nil {
		return nil, err
	}
	op.Receipt = drafts.NewReceipt()
	op.NormHash = drafts.OpinionNormHash(op.Text)
	return op, nil
}

// consultationOf is the consultation a submission of account a goes to:
// the one named, if a may see it (else ENOTFOUND, as for every page of
// it) and it takes opinions from the source now, or the one chosen on the
// version.
func (s *Service) consultationOf(ctx context.Context, a *drafts.Account, in Submission, source drafts.Source, cpID int64) (*drafts.Consultation, error) {
	now := s.Now()
	if in.ConsultationID != 0 {
		if _, err := s.Visible(ctx, in.ConsultationID, a); err != nil {
			return nil, err
		}
		c, err := s.store.Consultation(ctx, in.ConsultationID)
		if err != nil {
			return nil, err
		}
		return c, c.Accepts(now, source, cpID)
	}
	list, err := s.ofVersion(ctx, in.VersionID)
	if err != nil {
		return nil, err
	}
	c, err := drafts.ConsultationFor(list, now, source, cpID)
	if err != nil && len(list) == 0 {
		// Tell a missing version from a version never open to comment.
		if _, verr := s.store.Version(ctx, in.VersionID); verr != nil {
			return nil, verr
		}
	}
	return c, err
}

// opinionWriter returns the group-commit writer, starting it (and the
// background checkpoints of the write-ahead log it relies on) on first use.
// It fails once the Service is closed.
func (s *Service) opinionWriter() (*drafts.OpinionWriter, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, drafts.Errorf(drafts.EINTERNAL, "意见写入已停止。")
	}
	if s.writer != nil {
		return s.writer, nil
	}
	w := drafts.NewOpinionWriterLinger(s.store.InsertOpinions, s.cfg.MaxBatch, 2*time.Millisecond)
	// Checkpoint the write-ahead log in the background while opinions
	// arrive (the writer's own connection never checkpoints).
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		var last int64
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if b := w.Stats().Batches; b != last {
					last = b
					if err := s.store.Checkpoint(context.Background()); err != nil {
						s.log.Warn("checkpoint", "err", err)
					}
				}
			}
		}
	}()
	s.writer = w
	s.stopWriter = func() error {
		close(stop)
		<-stopped
		w.Close()
		return s.store.CloseOpinionWriter(context.Background())
	}
	return w, nil
}

// WriterStats says how the group-commit writer batches (zero before the
// first submission).
func (s *Service) WriterStats() drafts.WriterStats {
	s.mu.Lock()
	w := s.writer
	s.mu.Unlock()
	if w == nil {
		return drafts.WriterStats{}
	}
	return w.Stats()
}
