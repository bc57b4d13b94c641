package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"lifa/drafts"
	"lifa/drafts/store"
)

// TestAudit_Page: staff read the audit log in words, filtered and a page
// at a time; members may not; the API pages the same entries.
func TestAudit_Page(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.addAccount(t, "clerk", drafts.RoleStaff, 0)
	f.addAccount(t, "member1", drafts.RoleMember, 0)
	for i := range 60 {
		r := &drafts.Regulation{Title: fmt.Sprintf("测试条例%02d", i), Kind: drafts.KindEnact}
		if err := f.store.CreateRegulation(t.Context(), "clerk", r); err != nil {
			t.Fatal(err)
		}
	}
	ss := f.login(t, "clerk")
	w := f.page(ss, "/admin/audit?entity=regulation&actor=clerk")
	body := w.Body.String()
	if w.Code != 200 || strings.Count(body, "新建法规项目") != 50 || !strings.Contains(body, "标题：测试条例59") {
		t.Fatalf("audit page = %d, %d entries:\n%.2000s", w.Code, strings.Count(body, "新建法规项目"), body)
	}
	if !strings.Contains(body, "共 60 条") || !strings.Contains(body, `href="/admin/audit?actor=clerk&amp;entity=regulation&amp;page=2"`) {
		t.Errorf("no pager over 60 entries")
	}
	if strings.Contains(body, `"title"`) || strings.Contains(body, "regulation.create") {
		t.Errorf("raw log text on the page")
	}
	if w := f.page(ss, "/admin/audit?entity=regulation&actor=clerk&page=2"); strings.Count(w.Body.String(), "新建法规项目") != 10 {
		t.Errorf("page 2 has %d entries", strings.Count(w.Body.String(), "新建法规项目"))
	}
	if w := f.page(ss, "/admin/audit?entity=nothing"); w.Code != http.StatusBadRequest {
		t.Errorf("unknown entity = %d", w.Code)
	}
	if w := f.page(f.login(t, "member1"), "/admin/audit"); w.Code != http.StatusForbidden {
		t.Errorf("member = %d", w.Code)
	}
	w = f.req(ss, http.MethodGet, "/api/v1/audit?entity=regulation&actor=clerk&limit=5&offset=55", nil, false)
	var out struct {
		Entries []drafts.AuditEntry
		Total   int
	}
	decode(t, w, &out)
	if out.Total != 60 || len(out.Entries) != 5 || out.Entries[4].Action != "regulation.create" {
		t.Errorf("API: total %d, %d entries", out.Total, len(out.Entries))
	}
}

// TestBrowser_AuditLog: a clerk opens the log from the accounts page
// link, narrows it to one kind of object and follows an entry to it.
func TestBrowser_AuditLog(t *testing.T) {
	b := browserSteps{t, newBrowser(t)}
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	f.addAccount(t, "clerk", drafts.RoleStaff, 0)
	r := &drafts.Regulation{Title: "广州市湿地保护规定", Kind: drafts.KindRevise}
	f.store.CreateRegulation(t.Context(), "clerk", r)
	base := f.serve(t)
	b.login(base, "clerk", "/admin/audit")
	b.do("narrow to regulations and follow the entry",
		chromedp.WaitVisible(css("#f-entity")),
		chromedp.SetValue(css("#f-entity"), "regulation"),
		chromedp.Submit(css("#f-entity")),
		chromedp.WaitVisible(css(fmt.Sprintf(`.audit-table a[href="/regulations/%d"]`, r.ID))),
		chromedp.Click(css(fmt.Sprintf(`.audit-table a[href="/regulations/%d"]`, r.ID))),
		chromedp.WaitVisible(css(".timeline, .empty")))
	if h := b.text("main h1"); h != r.Title {
		t.Errorf("followed to %q", h)
	}
}

// TestAudit_ActorDisplayName: the log names the person who acted (陈敏),
// not the login name, and links to that person's entries; an actor that
// is no account keeps its word (系统), one since removed its login name.
func TestAudit_ActorDisplayName(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	a := f.addAccount(t, "clerk", drafts.RoleStaff, 0)
	name := "陈敏"
	if _, err := f.store.UpdateAccount(t.Context(), "admin", a.ID, store.AccountUpdate{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	for _, actor := range []string{"clerk", "gone-user"} {
		r := &drafts.Regulation{Title: "某某条例 " + actor, Kind: drafts.KindEnact}
		if err := f.store.CreateRegulation(t.Context(), actor, r); err != nil {
			t.Fatal(err)
		}
	}
	body := f.page(f.login(t, "clerk"), "/admin/audit?entity=regulation").Body.String()
	if !strings.Contains(body, `<a href="/admin/audit?actor=clerk" title="用户名 clerk：只看此人的操作">陈敏</a>`) {
		t.Errorf("the clerk's entries do not name 陈敏:\n%.3000s", body)
	}
	if !strings.Contains(body, `<td class="audit-actor">gone-user</td>`) {
		t.Errorf("an actor with no account is not shown by its login name")
	}
}
