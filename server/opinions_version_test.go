package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

// TestVersionPage_OpinionLinks checks the version page's consultation
// banner and per-article opinion links: shown to whom the consultation
// admits while it is open, a closed notice after the deadline, nothing
// for visitors outside the audience.
func TestVersionPage_OpinionLinks(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	ctx := context.Background()
	v, err := f.store.Version(ctx, f.version.ID)
	if err != nil {
		t.Fatal(err)
	}
	nArticles := len(v.Document.Articles)
	page := fmt.Sprintf("/versions/%d", f.version.ID)
	link := fmt.Sprintf(`href="/consultations/%d/opinion?article=12"`, f.cons.ID)
	deadline := drafts.FormatDateTime(f.cons.ClosesAt)

	// Open, public: anonymous visitors get the banner and one link per article.
	for i := 0; i < 2; i++ { // the second request is served from the page cache
		w := f.page(nil, page)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, `id="op-banner"`) || !strings.Contains(body, "截止时间："+deadline) ||
			!strings.Contains(body, "本稿正在征求意见") {
			t.Fatalf("open banner missing (request %d): %d", i+1, w.Code)
		}
		if got := strings.Count(body, `class="op-link"`); got != nArticles {
			t.Errorf("opinion links = %d, want one per article (%d)", got, nArticles)
		}
		if !strings.Contains(body, link) || !strings.Contains(body, "对本条提出意见") {
			t.Errorf("no link to the form for article 12")
		}
		if !strings.Contains(body, "条文沿革") {
			t.Errorf("history links lost")
		}
	}
	// The link leads to the form for that article.
	if w := f.page(nil, fmt.Sprintf("/consultations/%d/opinion?article=12", f.cons.ID)); w.Code != 200 || !strings.Contains(w.Body.String(), "对第十二条提出意见") {
		t.Errorf("form via link = %d", w.Code)
	}

	// After the deadline: the closed notice, no links.
	closedV, closedC := f.another(t, drafts.AudiencePublic, nil, fixtureStart.Add(-48*time.Hour), fixtureStart.Add(-time.Hour))
	w := f.page(nil, fmt.Sprintf("/versions/%d", closedV.ID))
	body := w.Body.String()
	if !strings.Contains(body, "征求意见已于"+drafts.FormatDateTime(closedC.ClosesAt)+"截止") || strings.Contains(body, `class="op-link"`) {
		t.Errorf("closed page: banner %v, links %d", strings.Contains(body, "征求意见已于"), strings.Count(body, `class="op-link"`))
	}

	// A second version asked of one contact point only.
	cp1, cp2 := &drafts.ContactPoint{Name: "沙河街道联系点"}, &drafts.ContactPoint{Name: "石牌街道联系点"}
	f.store.CreateContactPoint(ctx, "admin", cp1)
	f.store.CreateContactPoint(ctx, "admin", cp2)
	now := fixtureStart
	v2, c2 := f.another(t, drafts.AudienceContactPoints, []int64{cp1.ID}, now.Add(-time.Hour), now.Add(10*24*time.Hour))
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp1.ID)
	f.addAccount(t, "liaison2", drafts.RoleLiaison, cp2.ID)
	f.addAccount(t, "member1", drafts.RoleMember, 0)
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	page2 := fmt.Sprintf("/versions/%d", v2.ID)
	link2 := fmt.Sprintf(`href="/consultations/%d/opinion?article=12"`, c2.ID)
	for _, tc := range []struct {
		who  string
		want bool
	}{{"", false}, {"liaison1", true}, {"liaison2", false}, {"member1", false}, {"staff1", true}} {
		var si *signedIn
		if tc.who != "" {
			si = f.login(t, tc.who)
		}
		w := f.page(si, page2)
		body := w.Body.String()
		hasBanner, hasLink := strings.Contains(body, `id="op-banner"`), strings.Contains(body, link2)
		if w.Code != 200 || hasBanner != tc.want || hasLink != tc.want {
			t.Errorf("%q on the contact-point consultation: %d banner %v link %v, want %v", tc.who, w.Code, hasBanner, hasLink, tc.want)
		}
	}

	// Not yet open: the banner says when it opens, no links.
	c3, err := f.consultations.Open(ctx, "staff", consultations.NewConsultation{VersionID: v2.ID, Audience: drafts.AudiencePublic,
		OpensAt: now.Add(24 * time.Hour), ClosesAt: now.Add(30 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	w = f.page(nil, page2)
	body = w.Body.String()
	if !strings.Contains(body, "征求意见将于"+drafts.FormatDateTime(c3.OpensAt)+"开始") || strings.Contains(body, `class="op-link"`) {
		t.Errorf("upcoming consultation page wrong")
	}

	// A version without any consultation has neither banner nor links.
	v3, err := f.store.CreateVersion(ctx, "staff", drafts.NewVersion{RegulationID: v.RegulationID, Stage: "second-reading",
		Filename: "wetland.md", Data: []byte("y"), Document: v.Document})
	if err != nil {
		t.Fatal(err)
	}
	w = f.page(nil, fmt.Sprintf("/versions/%d", v3.ID))
	if w.Code != 200 || strings.Contains(w.Body.String(), `id="op-banner"`) || strings.Contains(w.Body.String(), `class="op-link"`) {
		t.Errorf("version without consultation: %d", w.Code)
	}
}

// BenchmarkVersionPage_Consultation serves the version page of 公司法 with
// an open public consultation: the banner and 266 opinion links, cached
// for anonymous visitors, rendered around the cached linked text for
// signed-in ones.
func BenchmarkVersionPage_Consultation(b *testing.B) {
	ts, path := benchServerWithGongsifa(b)
	ctx := context.Background()
	var vid int64
	fmt.Sscan(strings.TrimPrefix(path, "/versions/"), &vid)
	now := time.Now()
	if err := ts.store.CreateConsultation(ctx, "staff", &drafts.Consultation{VersionID: vid, Audience: drafts.AudiencePublic,
		OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(30 * 24 * time.Hour)}); err != nil {
		b.Fatal(err)
	}
	w := ts.get(path)
	if n := strings.Count(w.Body.String(), `class="op-link"`); n != 266 {
		b.Fatalf("%d opinion links, want 266", n)
	}
	b.Run("plain", func(b *testing.B) { benchGet(b, ts.Handler(), path, nil) })
	b.Run("gzip", func(b *testing.B) { benchGet(b, ts.Handler(), path, map[string]string{"Accept-Encoding": "gzip"}) })
	cookie, _ := ts.adminSession(b)
	b.Run("signed-in", func(b *testing.B) {
		benchGet(b, ts.Handler(), path, map[string]string{"Cookie": cookie})
	})
}
