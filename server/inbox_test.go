package server

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
)

// inboxFixture adds to the fixture a contact point, a liaison's meeting
// with three opinions on 第十条, and n public opinions on 第三条.
func inboxFixture(t *testing.T, n int) (*opFixture, *drafts.ContactPoint, *drafts.Meeting) {
	t.Helper()
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.noSignInLimits()
	ctx := context.Background()
	cp := f.addContactPoint(t, "三元里街道基层立法联系点", "")
	m := &drafts.Meeting{ContactPointID: cp.ID, ConsultationID: f.cons.ID, Date: "2026-11-18", Place: "三元里街道议事厅", Participants: 18}
	var ops []*drafts.Opinion
	for i, text := range []string{"居民建议明确区级湿地保护经费。", "建议加大对非法捕捞的处罚。", "建议设立湿地志愿者制度。"} {
		ops = append(ops, &drafts.Opinion{VersionID: f.version.ID, ConsultationID: f.cons.ID, Article: 10, Text: text,
			Source: drafts.SourceContactPoint, ContactPointID: cp.ID, Receipt: fmt.Sprintf("MEET%04d", i)})
	}
	if err := f.store.CreateOpinions(ctx, "lianluo", m, ops); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if code, body := f.post(map[string]any{"article": 3, "text": fmt.Sprintf("第 %d 位市民：建议第三条写明湿地名录的公布时限。", i+1)}); code != http.StatusCreated {
			t.Fatalf("post: %d %v", code, body)
		}
	}
	f.addAccount(t, "clerk", drafts.RoleStaff, 0)
	return f, cp, m
}

// TestInbox_OriginsPagesAndAnswers: the inbox names each opinion's contact
// point and meeting, pages its opinions, answers every opinion matching
// its filter and returns to the same filtered page (post, redirect, get);
// a refused answer keeps what was typed and says what is missing.
func TestInbox_OriginsPagesAndAnswers(t *testing.T) {
	f, cp, m := inboxFixture(t, 235)
	ss := f.login(t, "clerk")
	inbox := fmt.Sprintf("/staff/opinions?version=%d", f.version.ID)
	// 238 opinions: the count above the list is the pager's, and the five
	// pages list each of them once.
	body := f.page(ss, inbox).Body.String()
	if !strings.Contains(body, `<span id="inbox-total">共 238 条</span>`) || !strings.Contains(body, "第 1–50 条，共 238 条 · 第 1/5 页") ||
		!strings.Contains(body, fmt.Sprintf(`href="/staff/opinions?page=2&amp;version=%d" rel="next"`, f.version.ID)) {
		t.Errorf("no pager over 238 opinions:\n%s", regexp.MustCompile(`(?s)<nav class="pager".*?</nav>`).FindString(body))
	}
	seen := map[string]bool{}
	for page := 1; page <= 5; page++ {
		p := f.page(ss, fmt.Sprintf("%s&page=%d", inbox, page)).Body.String()
		rows := regexp.MustCompile(`<tr id="op-(\d+)">`).FindAllStringSubmatch(p, -1)
		if want := min(50, 238-(page-1)*50); len(rows) != want {
			t.Errorf("page %d lists %d opinions, want %d", page, len(rows), want)
		}
		for _, r := range rows {
			if seen[r[1]] {
				t.Errorf("opinion %s on two pages", r[1])
			}
			seen[r[1]] = true
		}
	}
	if len(seen) != 238 {
		t.Errorf("the pages list %d opinions, want 238", len(seen))
	}
	withCP := f.page(ss, inbox+fmt.Sprintf("&contact_point=%d", cp.ID)).Body.String()
	if strings.Count(withCP, `<tr id="op-`) != 3 || !strings.Contains(withCP, `<a href="/contact-points/`+fmt.Sprint(cp.ID)+`">三元里街道基层立法联系点</a>`) ||
		!strings.Contains(withCP, "座谈会 2026-11-18 · 三元里街道议事厅 · 18 人") {
		t.Errorf("the contact point's opinions do not name it and its meeting:\n%.3000s", withCP)
	}

	// No disposition chosen: refused, the reason kept, no empty quotes.
	next := inbox + fmt.Sprintf("&contact_point=%d", cp.ID)
	w := f.form(ss, "/staff/opinions", url.Values{"action": {"answer"}, "scope": {"matching"}, "reason": {"已在第十条中明确。"}, "next": {next}})
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "请选择处理结果") || strings.Contains(w.Body.String(), "“”") ||
		!strings.Contains(w.Body.String(), ">已在第十条中明确。</textarea>") {
		t.Errorf("answer without a disposition = %d:\n%.2000s", w.Code, w.Body)
	}

	// Every opinion the filter matches: the three of the meeting.
	w = f.form(ss, "/staff/opinions", url.Values{"action": {"answer"}, "scope": {"matching"}, "disposition": {"部分采纳"},
		"reason": {"已在第十条中明确区级经费。"}, "next": {next}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != next {
		t.Fatalf("answer matching = %d %q", w.Code, w.Header().Get("Location"))
	}
	if p := f.follow(t, ss, w); !strings.Contains(p.Body.String(), "已答复 3 条意见（部分采纳）") {
		t.Errorf("no word of the answer after the redirect")
	}
	answered, total, _ := f.store.Opinions(t.Context(), drafts.OpinionFilter{VersionID: f.version.ID, Disposition: "部分采纳"})
	if total != 3 {
		t.Fatalf("%d opinions answered, want the meeting's 3", total)
	}
	for _, o := range answered {
		if o.MeetingID != m.ID {
			t.Errorf("answered opinion %d is not the meeting's", o.ID)
		}
	}
	// Reloading the page after the redirect answers nothing again.
	if w := f.page(ss, next); strings.Contains(w.Body.String(), "已答复") {
		t.Errorf("the message shows twice")
	}
}

// TestSummary_ExportsTitledAndNamed: the 意见汇总 in Word and CSV carries
// the regulation, reading, consultation with its period and the date, and
// downloads under its Chinese name.
func TestSummary_ExportsTitledAndNamed(t *testing.T) {
	f, _, _ := inboxFixture(t, 2)
	ss := f.login(t, "clerk")
	day := time.Now().In(drafts.ChinaTime).Format("2006-01-02")
	for _, ext := range []string{"docx", "csv"} {
		w := f.page(ss, fmt.Sprintf("/api/v1/versions/%d/opinions/summary?format=%s", f.version.ID, ext))
		_, p, err := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
		if want := "广州市湿地保护规定（修订）-征求意见稿-意见汇总-" + day + "." + ext; err != nil || p["filename"] != want {
			t.Errorf("%s named %q (%v), want %q", ext, p["filename"], err, want)
		}
		text := w.Body.String()
		if ext == "docx" {
			text = docxText(t, w.Body.Bytes())
		}
		for _, want := range []string{"《广州市湿地保护规定（修订）》征求意见稿意见汇总", "征求意见：公开征求意见（社会公众），",
			drafts.FormatDate(f.cons.OpensAt) + "至" + drafts.FormatDate(f.cons.ClosesAt), "截至" + drafts.FormatDate(time.Now())} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", ext, want)
			}
		}
	}
}

// TestBrowser_InboxWorkingLayout: at 1280 px the inbox's filters stand in
// one row, article labels do not wrap, each opinion names its contact
// point and meeting; a clerk ticks the page's opinions, answers them,
// is brought back with a message, and reloading does not answer again.
func TestBrowser_InboxWorkingLayout(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f, cp, _ := inboxFixture(t, 4)
	base := f.serve(t)
	b.login(base, "clerk", fmt.Sprintf("/staff/opinions?version=%d", f.version.ID))
	b.shots("inbox")
	b.do("a wide window", chromedp.EmulateViewport(1280, 900), chromedp.WaitVisible(css(".inbox-filter button")))
	rows, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`new Set(Array.from(document.querySelectorAll('.inbox-filter > *')).map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))).size`))
	if err != nil || rows != 1 {
		t.Errorf("the filters stand in %d rows at 1280 px (%v)", rows, err)
	}
	wrapped, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('.op-article a')).filter(a => a.getClientRects().length > 1).length`))
	if err != nil || wrapped != 0 {
		t.Errorf("%d article labels wrap (%v)", wrapped, err)
	}
	if origin := b.text(".op-origin a"); origin != cp.Name {
		t.Errorf("origin shows %q", origin)
	}
	b.do("filter to the contact point",
		chromedp.SetValue(css("#f-cp"), fmt.Sprint(cp.ID)),
		chromedp.Submit(css("#f-cp")))
	// The page before the submit has #select-all too: wait for the
	// filtered one, or the clicks below race the navigation.
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if loc, err := chromedp.Run(b.ctx, chromedp.Location()); err == nil && strings.Contains(loc, fmt.Sprintf("contact_point=%d", cp.ID)) {
			break
		}
		if time.Since(start) > 20*time.Second {
			t.Fatal("the filtered inbox did not open")
		}
	}
	b.do("tick all, answer",
		chromedp.WaitVisible(css("#select-all")),
		chromedp.Click(css("#select-all")),
		chromedp.SetValue(css("#a-disp"), "采纳"),
		chromedp.SendKeys(css("#a-reason"), "已在第十条中明确。"),
		chromedp.Click(css("#answer")),
		chromedp.WaitVisible(css(".flash")))
	if msg := b.text(".flash"); !strings.Contains(msg, "已答复 3 条意见") {
		t.Errorf("flash %q", msg)
	}
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	if !strings.Contains(loc, fmt.Sprintf("contact_point=%d", cp.ID)) {
		t.Errorf("back at %q, not the filtered inbox", loc)
	}
	b.do("reload", chromedp.Reload(), chromedp.WaitVisible(css(".inbox-filter")))
	if n, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('.flash').length`)); n != 0 {
		t.Error("the message shows again after a reload")
	}
	st, _ := f.store.OpinionStats(t.Context(), f.version.ID)
	_, answered, _ := f.store.Opinions(t.Context(), drafts.OpinionFilter{VersionID: f.version.ID, Disposition: "采纳"})
	if answered != 3 || st.Opinions != 7 {
		t.Errorf("%d answered of %d", answered, st.Opinions)
	}
}
