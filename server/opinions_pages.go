package server

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
)

// consultationView is a consultation with what its pages show around it.
type consultationView struct {
	*drafts.Consultation
	Regulation *drafts.Regulation
	Version    *drafts.Version
	Open       bool
	Closed     bool // the period is over (false before it opens)
	Stats      drafts.OpinionStats
	Status     string // a sentence on the period
}

// consultationView is c as account a (nil: the public) sees it, with the
// opinion counts a may see (versionStats).
func (s *Server) consultationView(ctx context.Context, c *drafts.Consultation, a *drafts.Account) (*consultationView, error) {
	v, err := s.store.Version(ctx, c.VersionID)
	if err != nil {
		return nil, err
	}
	r, err := s.store.Regulation(ctx, v.RegulationID)
	if err != nil {
		return nil, err
	}
	st, _, err := s.versionStats(ctx, v.ID, a)
	if err != nil {
		return nil, err
	}
	now := s.opinionArea().now()
	cv := &consultationView{Consultation: c, Regulation: r, Version: v, Open: c.IsOpen(now), Stats: st,
		Closed: !now.Before(c.ClosesAt)}
	if err := c.CheckOpen(now); err != nil {
		cv.Status = drafts.ErrorMessage(err)
	} else {
		days := int(c.ClosesAt.Sub(now).Hours() / 24)
		cv.Status = fmt.Sprintf("正在征求意见，%s截止（还有 %d 天）。", drafts.FormatChineseTime(c.ClosesAt), days)
	}
	if cv.Title == "" {
		cv.Title = r.Title + "（" + v.StageName + "）征求意见"
	}
	return cv, nil
}

// homeConsultations adds the open public consultations to the home page.
func (s *Server) homeConsultations(ctx context.Context, extra map[string]any) error {
	list, err := s.store.Consultations(ctx, store.ConsultationFilter{OpenAt: s.opinionArea().now()})
	if err != nil {
		return err
	}
	var views []*consultationView
	for _, c := range list {
		if c.Audience != drafts.AudiencePublic {
			continue
		}
		cv, err := s.consultationView(ctx, c, nil)
		if err != nil {
			return err
		}
		views = append(views, cv)
	}
	extra["Consultations"] = views
	return nil
}

// opinionFormData is the data of opinions/form.html: one article (or the
// whole draft) of an open consultation and the form to comment on it.
type opinionFormData struct {
	C *consultationView
	// Responses lists, for staff, how each contact point asked has answered.
	Responses []store.ContactPointResponse
	// Answered are published opinions with their answers, for everyone.
	Answered []*drafts.Opinion
	Article  *drafts.Article // nil: the draft as a whole
	Articles []*drafts.Article
	Label    string
	Error    string
	In       newOpinionRequest
	CSRF     string
	Account  *drafts.Account
}

// consultationPage is GET /consultations/{id}: the call for opinions with
// every article and a link to comment on it.
func (s *Server) consultationPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderOpinionForm(c, id, -1, http.StatusOK, "", newOpinionRequest{})
}

// opinionFormPage is GET /consultations/{id}/opinion?article=N.
func (s *Server) opinionFormPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	art, err := queryInt(c, "article", 0, maxArticleNum)
	if err != nil {
		return err
	}
	sub, err := queryInt(c, "sub", 0, maxArticleNum)
	if err != nil {
		return err
	}
	return s.renderOpinionForm(c, id, int(art), http.StatusOK, "", newOpinionRequest{Article: int(art), ArticleSub: int(sub)})
}

// renderOpinionForm renders the consultation page (article < 0) or the
// form for one article.
// Only the consultation's audience and staff see it (visibleConsultation).
func (s *Server) renderOpinionForm(c *gin.Context, consID int64, article, status int, msg string, in newOpinionRequest) error {
	ctx := c.Request.Context()
	cons, acct, err := s.visibleConsultation(c, consID)
	if err == errSignInFirst {
		s.denyAnonymous(c, "请先登录。")
		return nil
	} else if err != nil {
		return err
	}
	cv, err := s.consultationView(ctx, cons, acct)
	if err != nil {
		return err
	}
	d := opinionFormData{C: cv, Articles: cv.Version.Document.Articles, Error: msg, In: in, CSRF: s.csrfToken(c), Account: acct}
	if article < 0 {
		if acct.Can(drafts.PermViewOpinions) && cons.Audience != drafts.AudienceMembers {
			if d.Responses, err = s.store.ConsultationResponses(ctx, cons.ID); err != nil {
				return err
			}
		}
		list, _, err := s.store.Opinions(ctx, drafts.OpinionFilter{ConsultationID: cons.ID, Status: drafts.StatusPublished, Limit: 200})
		if err != nil {
			return err
		}
		for _, o := range list {
			if o.Disposition != drafts.DispositionNone {
				d.Answered = append(d.Answered, o)
			}
		}
		return s.render(c, status, "opinions/consultation.html", cv.Title, d)
	}
	d.Label = drafts.ArticleRefLabel(article, in.ArticleSub)
	if article > 0 {
		for _, a := range cv.Version.Document.Articles {
			if a.Num == article && a.Sub == in.ArticleSub {
				d.Article = a
			}
		}
		if d.Article == nil {
			return drafts.Errorf(drafts.ENOTFOUND, "该版本没有%s。", d.Label)
		}
	}
	return s.render(c, status, "opinions/form.html", "对"+d.Label+"提出意见", d)
}

// submitOpinionForm is POST /consultations/{id}/opinion: the public form.
// On success the receipt page; on a refusal the form again with the
// message and what was typed.
func (s *Server) submitOpinionForm(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	cons, _, err := s.visibleConsultation(c, id)
	if err != nil {
		return err
	}
	atoi := func(k string) int { n, _ := strconv.Atoi(c.PostForm(k)); return n }
	in := newOpinionRequest{Article: atoi("article"), ArticleSub: atoi("article_sub"), Paragraph: atoi("paragraph"),
		Quote: c.PostForm("quote"), QuoteStart: atoi("quote_start"), QuoteEnd: atoi("quote_end"), Text: c.PostForm("text"),
		Name: c.PostForm("name"), Contact: c.PostForm("contact"), Website: c.PostForm("website")}
	op, err := s.submitPublicOpinion(c, cons.VersionID, in)
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		return s.renderOpinionForm(c, id, in.Article, ErrorStatus(err), drafts.ErrorMessage(err), in)
	}
	return s.render(c, http.StatusCreated, "opinions/thanks.html", "意见已收到", gin.H{"Opinion": op, "Consultation": cons})
}

// receiptPage is GET /receipts?r=…: the status and answer of an opinion.
func (s *Server) receiptPage(c *gin.Context) error {
	d := gin.H{"Query": c.Query("r")}
	if q := strings.TrimSpace(c.Query("r")); q != "" {
		if err := s.checkReceipt(c); err != nil {
			if drafts.ErrorCode(err) == drafts.EINTERNAL {
				return err
			}
			d["Error"] = drafts.ErrorMessage(err)
			return s.render(c, http.StatusTooManyRequests, "opinions/receipt.html", "查询意见处理情况", d)
		}
		r, err := drafts.ParseReceipt(q)
		if err == nil {
			var op *drafts.Opinion
			op, err = s.store.OpinionByReceipt(c.Request.Context(), r)
			if err == nil {
				v := newReceiptView(op)
				d["Receipt"] = &v
			}
		}
		if err != nil {
			if drafts.ErrorCode(err) == drafts.EINTERNAL {
				return err
			}
			d["Error"] = drafts.ErrorMessage(err)
		}
	}
	c.Header("Cache-Control", "no-store")
	return s.render(c, http.StatusOK, "opinions/receipt.html", "查询意见处理情况", d)
}

// dashboardData is the contact point's (or member's) dashboard.
type dashboardData struct {
	Account       *drafts.Account
	ContactPoint  *drafts.ContactPoint
	Consultations []*consultationView
	Opinions      []*drafts.Opinion
	Meetings      []*drafts.Meeting
	CSRF          string
	Error         string
	Done          string
	Problems      []drafts.BatchProblem
	Rows          []int
	Staff, Admin  bool
}

// dashboardPage is GET /dashboard: pending consultations with deadlines,
// the meeting form, and the answers to this account's opinions.
func (s *Server) dashboardPage(c *gin.Context) error {
	return s.renderDashboard(c, http.StatusOK, "", "", nil)
}

func (s *Server) renderDashboard(c *gin.Context, status int, errMsg, done string, problems []drafts.BatchProblem) error {
	ctx := c.Request.Context()
	a, err := s.account(c)
	if err != nil {
		return err
	}
	d := dashboardData{Account: a, CSRF: s.csrfToken(c), Error: errMsg, Done: done, Problems: problems, Rows: []int{1, 2, 3, 4, 5},
		Staff: a.Can(drafts.PermViewOpinions), Admin: a.Can(drafts.PermManageAccounts)}
	f := store.ConsultationFilter{OpenAt: s.opinionArea().now()}
	if a.Role == drafts.RoleLiaison {
		f.ContactPointID = a.ContactPointID
		if d.ContactPoint, err = s.store.ContactPoint(ctx, a.ContactPointID); err != nil {
			return err
		}
		if d.Meetings, err = s.store.Meetings(ctx, a.ContactPointID); err != nil {
			return err
		}
	}
	list, err := s.store.Consultations(ctx, f)
	if err != nil {
		return err
	}
	for _, cons := range list {
		source := drafts.SourceMember
		if a.Role == drafts.RoleLiaison {
			source = drafts.SourceContactPoint
		}
		if !cons.Admits(source, a.ContactPointID) {
			continue
		}
		cv, err := s.consultationView(ctx, cons, a)
		if err != nil {
			return err
		}
		d.Consultations = append(d.Consultations, cv)
	}
	if d.Opinions, err = s.myOpinions(c); err != nil {
		return err
	}
	return s.render(c, status, "account/dashboard.html", "我的工作台", d)
}

// submitMeetingForm is POST /dashboard/meetings: a liaison submits a
// meeting with opinions typed in rows and/or a CSV/Excel file.
func (s *Server) submitMeetingForm(c *gin.Context) error {
	a, err := s.account(c)
	if err != nil {
		return err
	}
	in, problems, err := s.readMeetingRequest(c)
	if err == nil {
		var ops []*drafts.Opinion
		_, ops, err = s.submitMeeting(c.Request.Context(), a, in)
		if err == nil {
			return s.renderDashboard(c, http.StatusCreated, "", fmt.Sprintf("已提交座谈会意见 %d 条。", len(ops)), problems)
		}
	}
	if drafts.ErrorCode(err) == drafts.EINTERNAL {
		return err
	}
	return s.renderDashboard(c, ErrorStatus(err), drafts.ErrorMessage(err), "", problems)
}

// inboxData is the staff inbox.
type inboxData struct {
	Versions     []*inboxVersion
	Version      *inboxVersion
	Filter       drafts.OpinionFilter
	Opinions     []*drafts.Opinion
	Total        int
	GroupSizes   map[int64]int
	Dispositions []drafts.Disposition
	Sources      []drafts.Source
	CSRF         string
	Done, Error  string
	Next         string
}

type inboxVersion struct {
	Version    *drafts.Version
	Regulation *drafts.Regulation
}

// inboxPage is GET /staff/opinions?version=N&…: the staff inbox with
// filters; opinions can be answered many or a group at a time.
func (s *Server) inboxPage(c *gin.Context) error {
	return s.renderInbox(c, http.StatusOK, "", "")
}

func (s *Server) renderInbox(c *gin.Context, status int, done, errMsg string) error {
	ctx := c.Request.Context()
	cons, err := s.store.Consultations(ctx, store.ConsultationFilter{})
	if err != nil {
		return err
	}
	d := inboxData{Dispositions: drafts.Dispositions, Sources: drafts.Sources, CSRF: s.csrfToken(c), Done: done, Error: errMsg,
		GroupSizes: map[int64]int{}, Next: c.Request.URL.RequestURI()}
	seen := map[int64]bool{}
	for _, cn := range cons {
		if seen[cn.VersionID] {
			continue
		}
		seen[cn.VersionID] = true
		v, err := s.store.Version(ctx, cn.VersionID)
		if err != nil {
			return err
		}
		r, err := s.store.Regulation(ctx, v.RegulationID)
		if err != nil {
			return err
		}
		v.Document = nil
		d.Versions = append(d.Versions, &inboxVersion{v, r})
	}
	vid, _ := strconv.ParseInt(c.Query("version"), 10, 64)
	if vid == 0 && len(d.Versions) > 0 {
		vid = d.Versions[0].Version.ID
	}
	for _, iv := range d.Versions {
		if iv.Version.ID == vid {
			d.Version = iv
		}
	}
	if d.Version != nil {
		if err := s.regroup(ctx, vid); err != nil {
			return err
		}
		f, err := opinionFilter(c, vid)
		if err != nil {
			return err
		}
		if f.Limit == 0 {
			f.Limit = 200
		}
		d.Filter = f
		if d.Opinions, d.Total, err = s.store.Opinions(ctx, f); err != nil {
			return err
		}
		if err := s.inboxEnsureOpinion(c, &d, vid); err != nil {
			return err
		}
		all, _, err := s.store.Opinions(ctx, drafts.OpinionFilter{VersionID: vid, Limit: 5000})
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.GroupID != 0 {
				d.GroupSizes[o.GroupID]++
			}
		}
	}
	return s.render(c, status, "opinions/inbox.html", "意见处理", d)
}

// inboxAction is POST /staff/opinions: answer the checked opinions (or a
// group), or publish/hide them, then show the inbox again.
func (s *Server) inboxAction(c *gin.Context) error {
	var ids []int64
	for _, v := range c.PostFormArray("ids") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	group, _ := strconv.ParseInt(c.PostForm("group"), 10, 64)
	a, err := s.account(c)
	if err != nil {
		return err
	}
	var n int
	var verb string
	action := c.PostForm("action")
	if g, ok := strings.CutPrefix(action, "answer-group:"); ok {
		group, _ = strconv.ParseInt(g, 10, 64)
		action = "answer"
	}
	switch action {
	case "answer":
		if !a.Can(drafts.PermAnswer) {
			return drafts.Errorf(drafts.EFORBIDDEN, "您没有答复意见的权限。")
		}
		n, err = s.answer(c, answerRequest{IDs: ids, Group: group, Disposition: drafts.Disposition(c.PostForm("disposition")), Reason: c.PostForm("reason")})
		verb = "答复"
	case "publish", "hide":
		if !a.Can(drafts.PermModerate) {
			return drafts.Errorf(drafts.EFORBIDDEN, "您没有审核意见的权限。")
		}
		st := drafts.StatusPublished
		if action == "hide" {
			st = drafts.StatusHidden
		}
		n, err = s.store.ModerateOpinions(c.Request.Context(), a.Name, ids, st, c.PostForm("reason"))
		verb = map[string]string{drafts.StatusPublished: "公开", drafts.StatusHidden: "屏蔽"}[st]
	default:
		return drafts.Errorf(drafts.EINVALID, "未知操作。")
	}
	// Show the inbox with the filters the form came from.
	next := safeNext(c.PostForm("next"))
	if u, perr := c.Request.URL.Parse(next); perr == nil {
		c.Request.URL.RawQuery = u.RawQuery
	}
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		return s.renderInbox(c, ErrorStatus(err), "", drafts.ErrorMessage(err))
	}
	return s.renderInbox(c, http.StatusOK, fmt.Sprintf("已%s %d 条意见。", verb, n), "")
}

// summaryPage is GET /staff/versions/{id}/summary: the 意见汇总 with the
// heat map, per-article counts and one representative per group.
func (s *Server) summaryPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.store.Version(c.Request.Context(), id)
	if err != nil {
		return err
	}
	r, err := s.store.Regulation(c.Request.Context(), v.RegulationID)
	if err != nil {
		return err
	}
	rows, err := s.opinionSummary(c, id)
	if err != nil {
		return err
	}
	cells, err := s.heatCells(c, id, fmt.Sprintf("/versions/%d", id))
	if err != nil {
		return err
	}
	st, err := s.store.OpinionStats(c.Request.Context(), id)
	if err != nil {
		return err
	}
	v.Document = nil
	return s.render(c, http.StatusOK, "opinions/summary.html", "意见汇总", gin.H{
		"Version": v, "Regulation": r, "Rows": rows, "Stats": st, "Sources": drafts.Sources, "Dispositions": drafts.Dispositions,
		// HeatMapSVG escapes every text it writes and draws only
		// numbers and fixed colours.
		"HeatMap": template.HTML(drafts.HeatMapSVG(cells, 20)),
	})
}

// adminData is the accounts and contact points page.
type adminData struct {
	Accounts      []*drafts.Account
	ContactPoints []*drafts.ContactPoint
	Roles         []drafts.Role
	CSRF          string
	Done, Error   string
}

// adminAccountsPage is GET /admin/accounts.
func (s *Server) adminAccountsPage(c *gin.Context) error {
	return s.renderAdmin(c, http.StatusOK, "", "")
}

func (s *Server) renderAdmin(c *gin.Context, status int, done, errMsg string) error {
	ctx := c.Request.Context()
	accts, err := s.store.Accounts(ctx)
	if err != nil {
		return err
	}
	cps, err := s.store.ContactPoints(ctx)
	if err != nil {
		return err
	}
	return s.render(c, status, "admin/accounts.html", "用户与联系点",
		adminData{Accounts: accts, ContactPoints: cps, Roles: drafts.Roles, CSRF: s.csrfToken(c), Done: done, Error: errMsg})
}

// adminAccountsAction is POST /admin/accounts: create an account or a
// contact point, or disable/enable an account.
func (s *Server) adminAccountsAction(c *gin.Context) error {
	ctx := c.Request.Context()
	actor := s.actorName(c)
	var done string
	var err error
	switch c.PostForm("action") {
	case "account":
		cp, _ := strconv.ParseInt(c.PostForm("contact_point_id"), 10, 64)
		a := &drafts.Account{Name: c.PostForm("name"), DisplayName: c.PostForm("display_name"), Role: drafts.Role(c.PostForm("role")), ContactPointID: cp}
		if err = a.Validate(); err == nil {
			if a.PasswordHash, err = drafts.HashPassword(c.PostForm("password"), drafts.PasswordCost); err == nil {
				err = s.store.CreateAccount(ctx, actor, a)
			}
		}
		done = "已创建用户 " + a.Name + "。"
	case "contact_point":
		cp := &drafts.ContactPoint{Name: c.PostForm("name"), Region: c.PostForm("region"), Address: c.PostForm("address")}
		err = s.store.CreateContactPoint(ctx, actor, cp)
		done = "已创建联系点 " + cp.Name + "。"
	case "disable", "enable":
		id, _ := strconv.ParseInt(c.PostForm("id"), 10, 64)
		off := c.PostForm("action") == "disable"
		_, err = s.store.UpdateAccount(ctx, actor, id, store.AccountUpdate{Disabled: &off})
		done = map[bool]string{true: "已停用该用户。", false: "已启用该用户。"}[off]
	default:
		err = drafts.Errorf(drafts.EINVALID, "未知操作。")
	}
	if err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		return s.renderAdmin(c, ErrorStatus(err), "", drafts.ErrorMessage(err))
	}
	return s.renderAdmin(c, http.StatusOK, done, "")
}

// newConsultationPage is GET /staff/consultations/new?version=N and its
// POST: staff open a consultation on a version.
func (s *Server) newConsultationPage(c *gin.Context) error {
	return s.renderNewConsultation(c, http.StatusOK, "")
}

func (s *Server) renderNewConsultation(c *gin.Context, status int, errMsg string) error {
	cps, err := s.store.ContactPoints(c.Request.Context())
	if err != nil {
		return err
	}
	now := s.opinionArea().now().In(time.FixedZone("CST", 8*3600))
	return s.render(c, status, "opinions/consultation_new.html", "发起征求意见", gin.H{
		"VersionID": c.Query("version"), "ContactPoints": cps, "CSRF": s.csrfToken(c), "Error": errMsg,
		"Opens": now.Format("2006-01-02T15:04"), "Closes": now.Add(30 * 24 * time.Hour).Format("2006-01-02T15:04"),
	})
}

func (s *Server) createConsultationForm(c *gin.Context) error {
	vid, _ := strconv.ParseInt(c.PostForm("version_id"), 10, 64)
	cst := time.FixedZone("CST", 8*3600)
	opens, err1 := time.ParseInLocation("2006-01-02T15:04", c.PostForm("opens_at"), cst)
	closes, err2 := time.ParseInLocation("2006-01-02T15:04", c.PostForm("closes_at"), cst)
	if err1 != nil || err2 != nil {
		c.Request.URL.RawQuery = "version=" + c.PostForm("version_id")
		return s.renderNewConsultation(c, http.StatusBadRequest, "请填写开始和截止时间。")
	}
	var cps []int64
	for _, v := range c.PostFormArray("contact_point_ids") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			cps = append(cps, id)
		}
	}
	cons := &drafts.Consultation{VersionID: vid, Title: c.PostForm("title"), Audience: drafts.Audience(c.PostForm("audience")),
		ContactPointIDs: cps, OpensAt: opens, ClosesAt: closes, Instructions: c.PostForm("instructions")}
	if err := s.store.CreateConsultation(c.Request.Context(), s.actorName(c), cons); err != nil {
		if drafts.ErrorCode(err) == drafts.EINTERNAL {
			return err
		}
		c.Request.URL.RawQuery = "version=" + c.PostForm("version_id")
		return s.renderNewConsultation(c, ErrorStatus(err), drafts.ErrorMessage(err))
	}
	s.dropConsultationCache(cons.VersionID)
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/consultations/%d", cons.ID))
	return nil
}

// followPage is GET /staff/versions/{id}/follow?to=N[&unchanged=true]:
// where each opinion's article went in a later reading, and whether its
// text changed.
func (s *Server) followPage(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	from, err := s.store.Version(ctx, id)
	if err != nil {
		return err
	}
	versions, err := s.store.Versions(ctx, from.RegulationID)
	if err != nil {
		return err
	}
	var later []*drafts.Version
	for _, v := range versions {
		if v.Seq > from.Seq {
			later = append(later, v)
		}
	}
	to, _ := strconv.ParseInt(c.Query("to"), 10, 64)
	if to == 0 && len(later) > 0 {
		to = later[0].ID
	}
	d := gin.H{"From": from, "Later": later, "To": to, "Unchanged": c.Query("unchanged") == "true"}
	if to != 0 {
		ops, _, err := s.store.Opinions(ctx, drafts.OpinionFilter{VersionID: id, Limit: 5000})
		if err != nil {
			return err
		}
		views, err := s.follow(c, id, to, ops, c.Query("unchanged") == "true")
		if err != nil {
			return err
		}
		d["Views"] = views
	}
	from.Document = nil
	return s.render(c, http.StatusOK, "opinions/follow.html", "意见在后一稿中的去向", d)
}

// registerOpinionPages registers the HTML pages of the opinions area.
func (s *Server) registerOpinionPages(pages *gin.RouterGroup) {
	s.homeHooks = append(s.homeHooks, s.homeConsultations)
	pages.GET("/consultations/:id", s.handle(s.consultationPage))
	pages.GET("/consultations/:id/opinion", s.handle(s.opinionFormPage))
	pages.POST("/consultations/:id/opinion", s.handle(s.submitOpinionForm))
	pages.GET("/receipts", s.handle(s.receiptPage))
	pages.GET("/dashboard", s.requireAccount(), s.handle(s.dashboardPage))
	pages.POST("/dashboard/meetings", s.requirePerm(drafts.PermSubmitForPoint), s.handle(s.submitMeetingForm))
	pages.GET("/staff/opinions", s.requirePerm(drafts.PermViewOpinions), s.handle(s.inboxPage))
	pages.POST("/staff/opinions", s.requirePerm(drafts.PermViewOpinions), s.handle(s.inboxAction))
	pages.GET("/staff/versions/:id/summary", s.requirePerm(drafts.PermExport), s.handle(s.summaryPage))
	pages.GET("/staff/versions/:id/follow", s.requirePerm(drafts.PermViewOpinions), s.handle(s.followPage))
	pages.GET("/staff/consultations/new", s.requirePerm(drafts.PermManageConsultations), s.handle(s.newConsultationPage))
	pages.POST("/staff/consultations/new", s.requirePerm(drafts.PermManageConsultations), s.handle(s.createConsultationForm))
	pages.GET("/admin/accounts", s.requirePerm(drafts.PermManageAccounts), s.handle(s.adminAccountsPage))
	pages.POST("/admin/accounts", s.requirePerm(drafts.PermManageAccounts), s.handle(s.adminAccountsAction))
}
