package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/notifications"
	"lifa/web"
	"lifa/web/httpx"
)

// NoticeConfig configures the notices: notifications.Config (the server
// sets its Logger).
type NoticeConfig = notifications.Config

// WithNotices configures the notices (通知) of liaisons and members: the
// mailer, the site's address for the links in e-mails and how often the
// background sweep runs (notifications.Config.Every; 0: never, the
// notices of a consultation opened through this server are still created
// at once).
func WithNotices(cfg NoticeConfig) Option {
	return func(s *Server) error { s.noticeCfg = cfg; return nil }
}

// startNotices creates the notifications service and, with an interval,
// its background sweep, stopped when the server shuts down.
func (s *Server) startNotices() {
	cfg := s.noticeCfg
	cfg.Logger = s.log
	s.notices = notifications.New(s.store, cfg)
	if cfg.Every > 0 {
		s.closers = append(s.closers, s.notices.Start(cfg.Every))
	}
}

// consultationOpened creates the notices of a consultation just opened;
// a failure is logged (the sweep creates them later).
func (s *Server) consultationOpened(ctx context.Context, c *drafts.Consultation) {
	if err := s.notices.Addressed(ctx, c); err != nil {
		s.log.WarnContext(ctx, "notices of a new consultation", "consultation", c.ID, "err", err)
	}
}

// registerNoticeRoutes registers one's notices: the page, marking them
// read, the e-mail address they go to, and their API.
func (s *Server) registerNoticeRoutes(api, pages *gin.RouterGroup) {
	own := s.requirePerm(drafts.PermOwnAccount)
	api.GET("/me/notices", own, s.handle(s.apiNotices))
	api.POST("/me/notices/read", own, s.handle(s.apiMarkNoticesRead))
	api.PUT("/me/notices/email", own, s.handle(s.apiNoticeEmail))
	pages.GET("/notices", own, s.handle(s.noticesPage))
	pages.POST("/notices/email", own, s.handle(s.noticeEmailForm))
}

// noticesData is the data of notices/index.html.
type noticesData struct {
	*notifications.Page
	Pager web.Pager
	CSRF  string
	// Email is what was typed in a refused e-mail form.
	Email string
	Error string
}

// noticesPage is GET /notices: one's notices, newest first, read once
// shown (notifications.Service.Show).
func (s *Server) noticesPage(c *gin.Context) error {
	return s.renderNotices(c, http.StatusOK, nil, "")
}

func (s *Server) renderNotices(c *gin.Context, status int, refused error, typed string) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	n, err := httpx.PageNumber(c)
	if err != nil {
		return err
	}
	p, err := s.notices.Show(c.Request.Context(), a, n)
	if err != nil {
		return err
	}
	d := noticesData{Page: p, Pager: httpx.Pager(c, p.Total, n, notifications.PageSize, "通知分页"), CSRF: s.csrfToken(c), Email: p.Email}
	if refused != nil {
		d.Error, d.Email = drafts.ErrorMessage(refused), typed
	}
	return s.render(c, status, "notices/index.html", "通知", d)
}

// noticeEmailForm is POST /notices/email: the address notices go to.
func (s *Server) noticeEmailForm(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	email, err := s.notices.SetEmail(c.Request.Context(), a, c.PostForm("email"))
	switch {
	case drafts.ErrorCode(err) == drafts.EINVALID:
		return s.renderNotices(c, http.StatusBadRequest, err, c.PostForm("email"))
	case err != nil:
		return err
	}
	return s.seeOther(c, "/notices", notifications.EmailSetText(email))
}

// apiNotices is GET /api/v1/me/notices[?page=N]: one's notices.
func (s *Server) apiNotices(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	n, err := httpx.PageNumber(c)
	if err != nil {
		return err
	}
	p, err := s.notices.List(c.Request.Context(), a, n)
	return replyJSON(c, http.StatusOK, p, err)
}

// apiMarkNoticesRead is POST /api/v1/me/notices/read {"up_to": id}: marks
// one's notices up to id (0 or absent: all) as read.
func (s *Server) apiMarkNoticesRead(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	var in notifications.ReadBody
	if c.Request.ContentLength != 0 {
		if err := s.decodeJSON(c, &in); err != nil {
			return err
		}
	}
	n, err := s.notices.MarkRead(c.Request.Context(), a, in.UpTo)
	return replyJSON(c, http.StatusOK, gin.H{"marked": n}, err)
}

// apiNoticeEmail is PUT /api/v1/me/notices/email {"email": "…"}: where
// one's notices are e-mailed ("" for nowhere).
func (s *Server) apiNoticeEmail(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	var in notifications.EmailBody
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	email, err := s.notices.SetEmail(c.Request.Context(), a, in.Email)
	return replyJSON(c, http.StatusOK, gin.H{"email": email}, err)
}
