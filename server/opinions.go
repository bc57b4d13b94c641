package server

import (
	"context"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/server/limits"
)

// OpinionConfig configures the opinions area: public comment safeguards
// and the group-commit writer.
type OpinionConfig struct {
	// RatePerMinute is how many opinions one client address may submit per
	// minute (the burst is Burst). 0 means the default, 6 a minute with a
	// burst of 10; a negative value turns the limit off (load tests).
	RatePerMinute float64
	Burst         int
	// MaxBatch bounds the opinions committed in one transaction (default 1,000).
	MaxBatch int
	// Now returns the current time (tests); default time.Now.
	Now func() time.Time
}

// WithOpinionConfig sets the opinions area's configuration.
func WithOpinionConfig(cfg OpinionConfig) Option {
	return func(s *Server) error {
		s.opinionArea().cfg = cfg
		return nil
	}
}

// opinions is the state of the opinions area: the group-commit writer
// and small caches of immutable or slowly changing data read on every
// public submission. (The per-client limit is a rule of the server's
// limits set: see allowOpinion.)
type opinions struct {
	cfg    OpinionConfig
	writer *drafts.OpinionWriter

	mu   sync.Mutex
	docs map[int64]*drafts.Document // parsed documents of versions (immutable)
	// busy bounds the public submissions being validated at once, so a
	// flood of opinions queues here instead of crowding out page views.
	busy     chan struct{}
	docOrder []int64
	docBytes int64                    // docCost of docs
	cons     map[int64]consCacheEntry // consultations per version, briefly cached
	grouped  map[int64][2]int64       // version → (count, max id) at the last regrouping
	linked   map[int64]linkedBody     // version texts with opinion links (opinions_version.go)
	// linkedBytes is the size of the bodies in linked.
	linkedBytes int
}

type consCacheEntry struct {
	list []*drafts.Consultation
	at   time.Time
}

// opinionArea returns the area's state, creating it on first use.
func (s *Server) opinionArea() *opinions {
	if s.opinions == nil {
		s.opinions = &opinions{docs: map[int64]*drafts.Document{},
			cons: map[int64]consCacheEntry{}, grouped: map[int64][2]int64{}, busy: make(chan struct{}, 4*runtime.GOMAXPROCS(0))}
	}
	return s.opinions
}

func (o *opinions) now() time.Time {
	if o.cfg.Now != nil {
		return o.cfg.Now()
	}
	return time.Now()
}

// allowOpinion reports whether client ip may submit one more public
// opinion now, and if not how long until it may. The limit is kept in the
// server's limits set, shared by every node when WithLimits gave a shared
// one (else in this process, on the opinions area's clock); when the
// shared state is down each node falls back to its share of the limit.
func (s *Server) allowOpinion(ctx context.Context, ip string) (bool, time.Duration) {
	cfg := s.opinionArea().cfg
	if cfg.RatePerMinute < 0 {
		return true, 0
	}
	per, burst := cfg.RatePerMinute, cfg.Burst
	if per == 0 {
		per = 6
	}
	if burst <= 0 {
		burst = 10
	}
	ok, wait, _ := s.limits.Limiter(limits.Rule{Name: "opinion", Rate: limits.PerMinute(per), Burst: burst,
		OnError: limits.Local}).Allow(ctx, ip)
	return ok, wait
}

// document returns version id's parsed document, cached (versions are
// immutable).
func (s *Server) versionDocument(ctx context.Context, id int64) (*drafts.Document, error) {
	o := s.opinionArea()
	o.mu.Lock()
	d := o.docs[id]
	o.mu.Unlock()
	if d != nil {
		return d, nil
	}
	v, err := s.store.Version(ctx, id)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	// Within a budget of bytes, not a count: 32 large texts kept hundreds
	// of megabytes resident. A text too large for half the budget is not
	// kept.
	if _, ok := o.docs[id]; !ok && v.Document != nil && docCost(v.Document) <= docCacheBytes/2 {
		cost := docCost(v.Document)
		for len(o.docOrder) > 0 && (len(o.docOrder) >= 32 || o.docBytes+cost > docCacheBytes) {
			o.docBytes -= docCost(o.docs[o.docOrder[0]])
			delete(o.docs, o.docOrder[0])
			o.docOrder = o.docOrder[1:]
		}
		o.docs[id] = v.Document
		o.docBytes += cost
		o.docOrder = append(o.docOrder, id)
	}
	return v.Document, nil
}

// docCacheBytes is the budget of the parsed documents the opinions area
// keeps.
const docCacheBytes = 48 << 20

// docCost estimates the memory of a parsed document: its text about three
// times over (article, paragraphs, items) and a few hundred bytes of
// structure per article.
func docCost(d *drafts.Document) int64 {
	n := int64(0)
	for _, a := range d.Articles {
		n += 3*int64(len(a.Text)) + 512
	}
	return n
}

// consultationTTL is how long the consultations of a version are cached
// for public submissions. Creating a consultation on this server clears
// the cache; other servers see it within the TTL.
const consultationTTL = 2 * time.Second

// consultationFor finds the open consultation of version versionID that
// admits source (see store.ConsultationFor), through a short cache.
func (s *Server) consultationFor(ctx context.Context, versionID int64, source drafts.Source, cpID int64) (*drafts.Consultation, error) {
	list, err := s.versionConsultations(ctx, versionID)
	if err != nil {
		return nil, err
	}
	return pickConsultation(list, s.opinionArea().now(), source, cpID)
}

// pickConsultation is store.ConsultationFor over an already loaded list.
func pickConsultation(list []*drafts.Consultation, now time.Time, source drafts.Source, cpID int64) (*drafts.Consultation, error) {
	var last *drafts.Consultation
	for _, c := range list {
		if !c.Admits(source, cpID) {
			continue
		}
		if c.IsOpen(now) {
			return c, nil
		}
		if last == nil || (now.Before(c.OpensAt) && (!now.Before(last.OpensAt) || c.OpensAt.Before(last.OpensAt))) ||
			(!now.Before(last.ClosesAt) && !now.Before(c.ClosesAt) && c.ClosesAt.After(last.ClosesAt)) {
			last = c
		}
	}
	if last == nil {
		return nil, drafts.Errorf(drafts.ECLOSED, "该版本目前没有向您征求意见。")
	}
	return nil, last.CheckOpen(now)
}

func (s *Server) dropConsultationCache(versionID int64) {
	o := s.opinionArea()
	o.mu.Lock()
	delete(o.cons, versionID)
	o.mu.Unlock()
}

// regroup recomputes the groups of near-identical opinions on a version
// when opinions have been added since the last time (grouping 10,000
// opinions takes about a second).
func (s *Server) regroup(ctx context.Context, versionID int64) error {
	n, maxID, err := s.store.OpinionCount(ctx, versionID)
	if err != nil {
		return err
	}
	o := s.opinionArea()
	o.mu.Lock()
	same := o.grouped[versionID] == [2]int64{int64(n), maxID}
	o.mu.Unlock()
	if same {
		return nil
	}
	if _, err := s.store.RegroupOpinions(ctx, versionID); err != nil {
		return err
	}
	o.mu.Lock()
	o.grouped[versionID] = [2]int64{int64(n), maxID}
	o.mu.Unlock()
	return nil
}

// startOpinionWriter starts the group-commit writer and registers its
// closer (the queue is drained before the store closes).
func (s *Server) startOpinionWriter() {
	o := s.opinionArea()
	if o.writer != nil {
		return
	}
	o.writer = drafts.NewOpinionWriterLinger(s.store.InsertOpinions, o.cfg.MaxBatch, 2*time.Millisecond)
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
				if b := o.writer.Stats().Batches; b != last {
					last = b
					if err := s.store.Checkpoint(context.Background()); err != nil {
						s.log.Warn("checkpoint", "err", err)
					}
				}
			}
		}
	}()
	s.closers = append(s.closers, func() error {
		close(stop)
		<-stopped
		o.writer.Close()
		return s.store.CloseOpinionWriter(context.Background())
	})
}

// newOpinionRequest is the JSON body of POST /api/v1/versions/{id}/opinions.
type newOpinionRequest struct {
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

// maxOpinionBody bounds an opinion's request body: 5,000 characters of
// text at up to 4 bytes each, JSON escaping and the other fields.
const maxOpinionBody = 64 << 10

// submitPublicOpinion validates a public opinion on version versionID and
// stores it through the group-commit writer; it returns once the opinion is
// durably committed. Errors: ERATELIMIT, EINVALID, ETOOLARGE, ECLOSED,
// ENOTFOUND.
func (s *Server) submitPublicOpinion(c *gin.Context, versionID int64, in newOpinionRequest) (*drafts.Opinion, error) {
	return s.submitPublicOpinionRelease(c, versionID, in, func() {})
}

// submitPublicOpinionRelease is submitPublicOpinion calling release once
// validation is over (before waiting for the commit).
func (s *Server) submitPublicOpinionRelease(c *gin.Context, versionID int64, in newOpinionRequest, release func()) (*drafts.Opinion, error) {
	var once sync.Once
	done := func() { once.Do(release) }
	defer done()
	o := s.opinionArea()
	acct, err := s.account(c)
	if err != nil {
		return nil, err
	}
	source, status, cpID := drafts.SourcePublic, drafts.StatusPending, int64(0)
	if acct != nil {
		// A signed-in member, liaison or staff member comments under their
		// role; their opinions need no moderation.
		status = drafts.StatusPublished
		switch acct.Role {
		case drafts.RoleMember:
			source = drafts.SourceMember
		case drafts.RoleLiaison:
			source, cpID = drafts.SourceContactPoint, acct.ContactPointID
		default:
			source = drafts.SourceStaff
		}
	} else if ok, wait := s.allowOpinion(c.Request.Context(), c.ClientIP()); !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return nil, drafts.Errorf(drafts.ERATELIMIT, "提交过于频繁，请 %d 秒后再试。", int(wait.Seconds())+1)
	}
	if in.Website != "" {
		return nil, drafts.Errorf(drafts.EINVALID, "提交未被接受。")
	}
	ctx := c.Request.Context()
	cons, err := s.consultationFor(ctx, versionID, source, cpID)
	if err != nil {
		if drafts.ErrorCode(err) == drafts.ECLOSED {
			// Distinguish a missing version from a closed period.
			if _, derr := s.versionDocument(ctx, versionID); derr != nil {
				return nil, derr
			}
		}
		return nil, err
	}
	op := &drafts.Opinion{
		VersionID: versionID, ConsultationID: cons.ID, Article: in.Article, ArticleSub: in.ArticleSub,
		Paragraph: in.Paragraph, Item: in.Item, Quote: in.Quote, QuoteStart: in.QuoteStart, QuoteEnd: in.QuoteEnd,
		Text: in.Text, Name: in.Name, Contact: in.Contact, Source: source, Status: status,
		ContactPointID: cpID, ClientIP: c.ClientIP(),
	}
	if acct != nil {
		op.AccountID = acct.ID
	}
	if err := op.Normalize(); err != nil {
		return nil, err
	}
	doc, err := s.versionDocument(ctx, versionID)
	if err != nil {
		return nil, err
	}
	if err := op.CheckAnchor(doc); err != nil {
		return nil, err
	}
	op.Receipt = drafts.NewReceipt()
	op.NormHash = drafts.OpinionNormHash(op.Text)
	done()
	if err := o.writer.Submit(ctx, op); err != nil {
		return nil, err
	}
	return op, nil
}

// apiCreateOpinion is POST /api/v1/versions/{id}/opinions: a public opinion.
// 201 {"id", "receipt"} only after the opinion is committed.
func (s *Server) apiCreateOpinion(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o := s.opinionArea()
	select {
	case o.busy <- struct{}{}:
	case <-c.Request.Context().Done():
		return c.Request.Context().Err()
	}
	var in newOpinionRequest
	err = s.decodeJSON(c, &in)
	if err != nil {
		<-o.busy
		return err
	}
	// The slot is released before waiting for the commit: waiting costs
	// no CPU, and the writer batches better with more waiting.
	op, err := s.submitPublicOpinionRelease(c, id, in, func() { <-o.busy })
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, gin.H{"id": op.ID, "receipt": op.Receipt, "status": op.Status})
	return nil
}

// receiptView is what anyone holding a receipt number may read: the
// opinion's text and anchor, its moderation status and the answer. Never
// the contact details.
type receiptView struct {
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

func newReceiptView(op *drafts.Opinion) receiptView {
	v := receiptView{Receipt: op.Receipt, VersionID: op.VersionID, Article: op.Article, ArticleSub: op.ArticleSub,
		ArticleLabel: op.ArticleLabel(), Quote: op.Quote, Text: op.Text, Status: op.Status,
		StatusLabel: drafts.StatusLabel(op.Status), Disposition: op.Disposition, Answer: op.Answer,
		AnsweredAt: op.AnsweredAt, CreatedAt: op.CreatedAt}
	if op.Status == drafts.StatusHidden {
		v.StatusLabel = "未公开（" + op.HiddenReason + "）"
	}
	return v
}

// apiReceipt is GET /api/v1/receipts/{receipt}.
func (s *Server) apiReceipt(c *gin.Context) error {
	if err := s.checkReceipt(c); err != nil {
		return err
	}
	r, err := drafts.ParseReceipt(c.Param("receipt"))
	if err != nil {
		return err
	}
	op, err := s.store.OpinionByReceipt(c.Request.Context(), r)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, newReceiptView(op))
	return nil
}

// apiOpenConsultations is GET /api/v1/consultations[?open=true][&version_id=N].
func (s *Server) apiConsultations(c *gin.Context) error {
	f := storeConsultationFilter(0)
	if v := c.Query("version_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return drafts.Errorf(drafts.EINVALID, "version_id 应为数字。")
		}
		f.VersionID = id
	}
	switch c.Query("open") {
	case "true", "1":
		f.OpenAt = s.opinionArea().now()
	case "", "false", "0":
	default:
		return drafts.Errorf(drafts.EINVALID, "open 应为 true 或 false。")
	}
	list, err := s.store.Consultations(c.Request.Context(), f)
	if err != nil {
		return err
	}
	a, err := s.account(c)
	if err != nil {
		return err
	}
	// Each caller sees the consultations meant for them (the public: the
	// public ones), without the contact points asked unless staff.
	c.JSON(http.StatusOK, gin.H{"consultations": drafts.VisibleConsultations(list, a)})
	return nil
}

// apiOpinionStats is GET /api/v1/versions/{id}/opinions/stats: the public
// statistics 共收到 N 人次提出的 M 条意见.
func (s *Server) apiOpinionStats(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a, err := s.account(c)
	if err != nil {
		return err
	}
	st, _, err := s.versionStats(c.Request.Context(), id, a)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"opinions": st.Opinions, "people": st.People, "text": st.String()})
	return nil
}

// writerStats is reported by GET /api/v1/opinions/writer (staff): how the
// group-commit writer batches.
func (s *Server) apiWriterStats(c *gin.Context) error {
	c.JSON(http.StatusOK, s.opinionArea().writer.Stats())
	return nil
}
