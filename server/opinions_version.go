package server

import (
	"context"
	"fmt"
	"html/template"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
)

// versionOpinions is what the version page shows of a consultation on the
// version that admits the visitor: a banner with the period and deadline
// (or that the period has closed) and, while it is open, a link under
// every article to the opinion form for that article.
type versionOpinions struct {
	ID       int64  // the consultation
	Title    string // the consultation's title ("" when it has none)
	Open     bool
	Closed   bool   // the period is over
	Opens    string // 2026年11月19日 10:00 (Beijing time)
	Closes   string
	FormURL  string // /consultations/{id}/opinion; add ?article=N[&sub=M]
	Audience string // who is asked (label)
}

// key is what the version page's cached anonymous copy depends on.
func (vo *versionOpinions) key() string {
	if vo == nil {
		return ""
	}
	return fmt.Sprintf("\x00op:%d:%t:%t", vo.ID, vo.Open, vo.Closed)
}

// versionConsultations returns the consultations of a version through the
// short cache shared with public submissions.
func (s *Server) versionConsultations(ctx context.Context, versionID int64) ([]*drafts.Consultation, error) {
	o := s.opinionArea()
	now := o.now()
	o.mu.Lock()
	e, ok := o.cons[versionID]
	o.mu.Unlock()
	if ok && now.Sub(e.at) <= consultationTTL {
		return e.list, nil
	}
	list, err := s.store.Consultations(ctx, storeConsultationFilter(versionID))
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	o.cons[versionID] = consCacheEntry{list: list, at: now}
	o.mu.Unlock()
	return list, nil
}

// versionOpinionsFor picks the consultation of version versionID to show
// the visitor: one that is open and admits them; else the one that closed
// last; else the next to open. nil when none admits the visitor.
func (s *Server) versionOpinionsFor(c *gin.Context, versionID int64) (*versionOpinions, error) {
	ctx := c.Request.Context()
	list, err := s.versionConsultations(ctx, versionID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	a, err := s.account(c)
	if err != nil {
		return nil, err
	}
	source, cpID := drafts.OpinionSourceOf(a)
	now := s.opinionArea().now()
	var open, closed, next *drafts.Consultation
	for _, cn := range list {
		if !cn.Admits(source, cpID) {
			continue
		}
		switch {
		case cn.IsOpen(now):
			if open == nil || cn.ClosesAt.Before(open.ClosesAt) {
				open = cn
			}
		case now.Before(cn.OpensAt):
			if next == nil || cn.OpensAt.Before(next.OpensAt) {
				next = cn
			}
		default:
			if closed == nil || cn.ClosesAt.After(closed.ClosesAt) {
				closed = cn
			}
		}
	}
	cn := open
	if cn == nil {
		cn = next
	}
	if cn == nil {
		cn = closed
	}
	if cn == nil {
		return nil, nil
	}
	return &versionOpinions{ID: cn.ID, Title: cn.Title, Open: cn == open, Closed: cn == closed,
		Opens: drafts.FormatChineseTime(cn.OpensAt), Closes: drafts.FormatChineseTime(cn.ClosesAt),
		FormURL: fmt.Sprintf("/consultations/%d/opinion", cn.ID), Audience: cn.Audience.Label()}, nil
}

// linkedBytes bounds the bytes of the linked bodies kept.
const linkedBytes = 32 << 20

// linkedBody is a version's text rendered with the per-article opinion
// links of one consultation.
type linkedBody struct {
	consID int64
	body   template.HTML
}

// opinionBody returns the text of version vb with a link under every
// article to the form of consultation vo, rendered once per version and
// consultation.
func (s *Server) opinionBody(ctx context.Context, vb *versionView, vo *versionOpinions) (template.HTML, error) {
	o := s.opinionArea()
	id := vb.version.ID
	o.mu.Lock()
	lb, ok := o.linked[id]
	o.mu.Unlock()
	if ok && lb.consID == vo.ID {
		return lb.body, nil
	}
	doc, err := s.versionDocument(ctx, id)
	if err != nil {
		return "", err
	}
	if doc == nil {
		doc = &drafts.Document{}
	}
	b, err := s.tmpl.Execute("versions/body.html", bodyData{Document: doc, Explanation: vb.version.Explanation,
		Layout: web.LayoutDocument(doc), RegulationID: vb.version.RegulationID, VersionID: id, OpinionURL: vo.FormURL})
	if err != nil {
		return "", err
	}
	body := template.HTML(b)
	if len(body) > linkedBytes/4 {
		return body, nil // too large to keep: rendered per request
	}
	o.mu.Lock()
	if o.linked == nil || len(o.linked) >= 64 || o.linkedBytes+len(body) > linkedBytes {
		o.linked, o.linkedBytes = map[int64]linkedBody{}, 0
	}
	if old, ok := o.linked[id]; ok {
		o.linkedBytes -= len(old.body)
	}
	o.linked[id] = linkedBody{consID: vo.ID, body: body}
	o.linkedBytes += len(body)
	o.mu.Unlock()
	return body, nil
}
