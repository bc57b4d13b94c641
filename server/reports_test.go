package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/demo"
	"lifa/drafts/readings"
)

// reportFixture is the opinions fixture with answered opinions on its
// reading from a contact point (on a contact-point consultation that has
// closed), and a next reading that changes 第七条 (as an adopted opinion
// asked) and 第三条 (no opinion asked).
type reportFixture struct {
	*opFixture
	cp      *drafts.ContactPoint
	closed  *drafts.Consultation
	adopted *drafts.Opinion
	next    *drafts.Version
}

func newReportFixture(t *testing.T) *reportFixture {
	t.Helper()
	f := &reportFixture{opFixture: newOpFixture(t, OpinionConfig{RatePerMinute: -1})}
	ctx := context.Background()
	f.cp = &drafts.ContactPoint{Name: "瀛洲生态公园基层立法联系点"}
	if err := f.store.CreateContactPoint(ctx, "admin", f.cp); err != nil {
		t.Fatal(err)
	}
	f.closed = &drafts.Consultation{VersionID: f.version.ID, Audience: drafts.AudienceContactPoints, Title: "向联系点征求意见",
		ContactPointIDs: []int64{f.cp.ID}, OpensAt: fixtureStart.Add(-20 * 24 * time.Hour), ClosesAt: fixtureStart.Add(-time.Hour)}
	if err := f.store.CreateConsultation(ctx, "staff", f.closed); err != nil {
		t.Fatal(err)
	}
	ops := []*drafts.Opinion{
		{VersionID: f.version.ID, ConsultationID: f.closed.ID, Article: 7, Text: "湿地资源调查周期太长，建议缩短。",
			Source: drafts.SourceContactPoint, ContactPointID: f.cp.ID},
		{VersionID: f.version.ID, ConsultationID: f.closed.ID, Article: 9, Text: "建议细化一般湿地的认定标准。",
			Source: drafts.SourceContactPoint, ContactPointID: f.cp.ID},
	}
	if err := f.store.CreateOpinions(ctx, "liaison", &drafts.Meeting{ContactPointID: f.cp.ID, ConsultationID: f.closed.ID,
		Date: "2026-03-05", Place: "公园会议室", Participants: 12}, ops); err != nil {
		t.Fatal(err)
	}
	f.adopted = ops[0]
	f.store.AnswerOpinions(ctx, "staff", []int64{ops[0].ID}, drafts.Answer{Disposition: drafts.DispositionAdopted, Reason: "采纳，调查周期改为三年。"})
	f.store.AnswerOpinions(ctx, "staff", []int64{ops[1].ID}, drafts.Answer{Disposition: drafts.DispositionReference, Reason: "在配套文件中细化。"})
	data, _ := demo.File("guangzhou-wetland-protection-2020.md")
	next := strings.Replace(string(data), "每五年开展一次", "每三年开展一次", 1)
	next = strings.Replace(next, "定期研究、协调涉及湿地保护的重大事项", "每年至少召开一次会议，研究、协调涉及湿地保护的重大事项", 1)
	v, err := f.readings.ImportUpload(ctx, "staff", f.version.RegulationID, readings.Upload{Stage: "first-reading",
		Filename: "wetland-next.md", Data: []byte(next)})
	if err != nil {
		t.Fatal(err)
	}
	f.next = v
	return f
}

func TestReports_API(t *testing.T) {
	f := newReportFixture(t)
	reg := f.version.RegulationID
	base := fmt.Sprintf("/api/v1/regulations/%d/reports", reg)
	if w := f.postJSON(base, map[string]any{}, false); w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous create = %d", w.Code)
	}
	w := f.do(http.MethodGet, base+"/draft", nil, nil, true)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), fmt.Sprintf(`"opinions":[%d]`, f.adopted.ID)) {
		t.Fatalf("draft = %d %s", w.Code, w.Body)
	}
	w = f.postJSON(base, map[string]any{"from": f.version.ID, "to": f.next.ID}, true)
	if w.Code != http.StatusCreated {
		t.Fatalf("create = %d %s", w.Code, w.Body)
	}
	var r struct {
		ID       int64 `json:"id"`
		Revision struct {
			Seq int `json:"seq"`
		} `json:"revision"`
		Content struct {
			Title    string `json:"title"`
			Sections []struct {
				ID       string  `json:"id"`
				Heading  string  `json:"heading"`
				Opinions []int64 `json:"opinions"`
			} `json:"sections"`
		} `json:"content"`
		Problems []string `json:"problems"`
	}
	decode(t, w, &r)
	if r.Revision.Seq != 1 || len(r.Content.Sections) != 2 || r.Content.Sections[0].Opinions[0] != f.adopted.ID ||
		r.Content.Sections[1].ID != "others" {
		t.Fatalf("created %+v", r)
	}
	if w := f.postJSON(base, map[string]any{"from": f.version.ID, "to": f.next.ID}, true); w.Code != http.StatusConflict {
		t.Errorf("second report on the same readings = %d", w.Code)
	}
	one := fmt.Sprintf("%s/%d", base, r.ID)
	edit := map[string]any{"base": 1, "note": "改标题", "content": map[string]any{"title": "关于修改情况的汇报", "annex": true,
		"sections": []map[string]any{{"id": r.Content.Sections[0].ID, "heading": "关于资源调查周期", "opinions": []int64{f.adopted.ID}}}}}
	put := func(v any) *httpResult {
		return f.doJSON(http.MethodPut, one, v)
	}
	if res := put(edit); res.Code != http.StatusOK || !strings.Contains(res.Body, `"关于资源调查周期"`) {
		t.Fatalf("save = %d %s", res.Code, res.Body)
	}
	if res := put(edit); res.Code != http.StatusConflict {
		t.Errorf("save on a stale revision = %d %s", res.Code, res.Body)
	}
	if w := f.postJSON(one+"/final", map[string]int{"revision": 2}, true); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"final_seq":2`) {
		t.Errorf("final = %d %s", w.Code, w.Body)
	}
	w = f.do(http.MethodGet, one+"/docx", nil, nil, true)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "PK") || !strings.Contains(w.Header().Get("Content-Disposition"), "docx") {
		t.Errorf("docx = %d %q", w.Code, w.Header().Get("Content-Disposition"))
	}
	if w := f.do(http.MethodGet, one+"/revisions", nil, nil, true); !strings.Contains(w.Body.String(), `"note":"改标题"`) {
		t.Errorf("revisions = %d %s", w.Code, w.Body)
	}
	if w := f.do(http.MethodGet, base, nil, nil, true); !strings.Contains(w.Body.String(), `"title":"关于修改情况的汇报"`) {
		t.Errorf("list = %d %s", w.Code, w.Body)
	}
	if w := f.do(http.MethodGet, fmt.Sprintf("/api/v1/regulations/%d/reports/%d", reg+1000, r.ID), nil, nil, true); w.Code != http.StatusNotFound {
		t.Errorf("report under another regulation = %d", w.Code)
	}
}

// httpResult is a response's status and body.
type httpResult struct {
	Code int
	Body string
}

// doJSON sends v as JSON with the admin token.
func (f *reportFixture) doJSON(method, target string, v any) *httpResult {
	b, _ := json.Marshal(v)
	w := f.do(method, target, bytes.NewReader(b), map[string]string{"Content-Type": "application/json"}, true)
	return &httpResult{w.Code, w.Body.String()}
}

func TestReports_Pages(t *testing.T) {
	f := newReportFixture(t)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	si := f.login(t, "staff1")
	reg := f.version.RegulationID
	if w := f.page(si, fmt.Sprintf("/regulations/%d/reports", reg)); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "起草新的报告") {
		t.Fatalf("index = %d", w.Code)
	}
	w := f.form(si, fmt.Sprintf("/regulations/%d/reports", reg), url.Values{"from": {fmt.Sprint(f.version.ID)}, "to": {fmt.Sprint(f.next.ID)}})
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/reports/") {
		t.Fatalf("create = %d %s", w.Code, w.Header().Get("Location"))
	}
	page := w.Header().Get("Location")
	w = f.page(si, page)
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `name="opinions_c`) || !strings.Contains(body, "调查周期") {
		t.Fatalf("editor = %d", w.Code)
	}
	sec := between(body, `name="sec" value="`, `"`)
	v := url.Values{"base": {"1"}, "title": {"关于《广州市湿地保护规定（修订草案）》修改情况的汇报"}, "sec": {sec},
		"heading_" + sec: {"关于湿地资源调查"}, "text_" + sec: {"有的联系点提出缩短调查周期。"}, "opinions_" + sec: {fmt.Sprint(f.adopted.ID)},
		"heading_new": {"关于其他问题"}, "text_new": {"新增的部分。"}, "order_new": {"0"}}
	if w := f.form(si, page, v); w.Code != http.StatusSeeOther {
		t.Fatalf("save = %d %s", w.Code, w.Body)
	}
	w = f.page(si, page)
	if body := w.Body.String(); !strings.Contains(body, "第 2 稿") || strings.Index(body, "关于其他问题") > strings.Index(body, "关于湿地资源调查") {
		t.Errorf("after saving: the new section should come first and the revision be 2")
	}
	bad := url.Values{"base": {"2"}, "title": {"标题"}, "sec": {sec}, "heading_" + sec: {"打错的编号"}, "opinions_" + sec: {"十二"}}
	if w := f.form(si, page, bad); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "打错的编号") ||
		!strings.Contains(w.Body.String(), "不是有效的编号") {
		t.Errorf("refused save = %d, typed text kept and reason shown?", w.Code)
	}
	if w := f.form(si, page+"/final", url.Values{"rev": {"2"}}); w.Code != http.StatusSeeOther {
		t.Errorf("final = %d", w.Code)
	}
	if w := f.page(si, page+"/docx"); w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Disposition"), "filename*=utf-8''") {
		t.Errorf("docx = %d %q", w.Code, w.Header().Get("Content-Disposition"))
	}
	if w := f.page(si, page+"?rev=1"); !strings.Contains(w.Body.String(), `id="read-only"`) {
		t.Errorf("revision 1 is not shown read-only")
	}
	if w := f.page(nil, page); w.Code != http.StatusUnauthorized && w.Code != http.StatusSeeOther && w.Code != http.StatusForbidden {
		t.Errorf("anonymous editor = %d", w.Code)
	}
}

func TestFeedback_PublicAndLetters(t *testing.T) {
	f := newReportFixture(t)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	f.addAccount(t, "liu", drafts.RoleLiaison, f.cp.ID)
	other := &drafts.ContactPoint{Name: "别的联系点"}
	f.store.CreateContactPoint(context.Background(), "admin", other)
	f.addAccount(t, "wang", drafts.RoleLiaison, other.ID)
	staff, liaison, stranger := f.login(t, "staff1"), f.login(t, "liu"), f.login(t, "wang")
	fb := fmt.Sprintf("/consultations/%d/feedback", f.closed.ID)

	if w := f.page(liaison, fb); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `id="notice"`) {
		t.Errorf("feedback before it is published = %d", w.Code)
	}
	if w := f.page(nil, fb); w.Code != http.StatusNotFound {
		t.Errorf("a contact-point consultation's feedback for the public = %d", w.Code)
	}
	if w := f.req(liaison, http.MethodGet, "/api/v1"+fb, nil, false); w.Code != http.StatusNotFound {
		t.Errorf("API before it is published = %d", w.Code)
	}
	if w := f.page(staff, fb); !strings.Contains(w.Body.String(), `id="preview"`) || !strings.Contains(w.Body.String(), `id="publish"`) {
		t.Errorf("staff preview lacks the preview note or the publish button")
	}
	if w := f.form(staff, fb, url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("publish = %d", w.Code)
	}
	w := f.req(liaison, http.MethodGet, "/api/v1"+fb, nil, false)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "每三年") || strings.Contains(w.Body.String(), "周期太长") {
		t.Errorf("published feedback = %d %s", w.Code, w.Body)
	}
	open := fmt.Sprintf("/consultations/%d/feedback", f.cons.ID)
	if w := f.form(staff, open, url.Values{}); w.Code != http.StatusSeeOther || !strings.Contains(f.page(staff, open).Body.String(), "截止") {
		t.Errorf("publishing an open consultation's feedback = %d", w.Code)
	}

	letters := fmt.Sprintf("/staff/consultations/%d/letters", f.closed.ID)
	if w := f.page(staff, letters); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), f.cp.Name) {
		t.Fatalf("letters = %d", w.Code)
	}
	letter := fmt.Sprintf("/consultations/%d/letters/%d", f.closed.ID, f.cp.ID)
	if w := f.page(liaison, letter); w.Code != http.StatusNotFound {
		t.Errorf("letter before it is published = %d", w.Code)
	}
	if w := f.form(staff, letters, url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("publish letters = %d", w.Code)
	}
	if w := f.page(liaison, "/dashboard/feedback"); !strings.Contains(w.Body.String(), letter) {
		t.Errorf("the liaison's list lacks the letter")
	}
	if w := f.page(liaison, letter); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "公园会议室") || !strings.Contains(w.Body.String(), "每三年") {
		t.Errorf("letter = %d", w.Code)
	}
	if w := f.page(liaison, letter+"/docx"); w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "PK") {
		t.Errorf("letter docx = %d", w.Code)
	}
	if w := f.page(stranger, letter); w.Code != http.StatusForbidden {
		t.Errorf("another contact point's letter = %d", w.Code)
	}
	if w := f.req(liaison, http.MethodGet, "/api/v1/me/letters", nil, false); !strings.Contains(w.Body.String(), `"published"`) {
		t.Errorf("/me/letters = %d %s", w.Code, w.Body)
	}
}

// between returns the text of s between the first from and the next to.
func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}
