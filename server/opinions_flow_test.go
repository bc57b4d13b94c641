package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/consultations"
	"lifa/drafts/parse"
)

func TestAPI_MeetingUpload(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	cp := f.addContactPoint(t, "天河区沙河街道基层立法联系点", "")
	f.addAccount(t, "liaison1", drafts.RoleLiaison, cp.ID)
	si := f.login(t, "liaison1")
	v, pts := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-time.Hour), fixtureStart.Add(30*24*time.Hour))

	// The public consultation takes no meeting (consultations.TakesMeetings):
	// the liaison comments on its page like anyone.
	w := f.req(si, "POST", "/api/v1/meetings", map[string]any{"consultation_id": f.cons.ID, "date": "2026-11-18", "place": "x",
		"participants": 3, "opinions": []map[string]any{{"article": 1, "text": "总体赞成。"}}}, true)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "不收座谈会意见") {
		t.Fatalf("a meeting on the public consultation = %d %s", w.Code, w.Body)
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"consultation_id": fmt.Sprint(pts.ID), "date": "2026-11-18",
		"place": "沙河街道议事厅", "participants": "26", "csrf": si.csrf,
		"article_1": "第五条", "text_1": "会上手写的一条意见。"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "座谈会意见.csv")
	fw.Write([]byte("条文,意见,姓名\n第三条,建议明确区级经费保障。,陈某\n第九百条,条文不存在,\n整体,总体赞成。,\n"))
	mw.Close()
	r := httptest.NewRequest("POST", "/api/v1/meetings", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(si.cookie)
	w = httptest.NewRecorder()
	f.Handler().ServeHTTP(w, r)
	// Article 900 does not exist: the whole submission is refused with the row.
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "文件第 3 行") {
		t.Fatalf("bad row = %d %s", w.Code, w.Body)
	}

	// A line of the file that cannot be read refuses the meeting too (sent
	// again once put right, nothing is stored twice); put right, the
	// form's row and the file's opinions are stored.
	for _, tc := range []struct {
		csv  string
		code int
	}{
		{"条文,意见,姓名\n第三条,建议明确区级经费保障。,陈某\n附件一,看不懂,\n整体,总体赞成。,\n", http.StatusBadRequest},
		{"条文,意见,姓名\n第三条,建议明确区级经费保障。,陈某\n整体,总体赞成。,\n", http.StatusCreated},
	} {
		buf.Reset()
		mw = multipart.NewWriter(&buf)
		for k, v := range map[string]string{"consultation_id": fmt.Sprint(pts.ID), "date": "2026-11-18",
			"place": "沙河街道议事厅", "participants": "26", "csrf": si.csrf, "article_1": "第五条", "text_1": "会上手写的一条意见。"} {
			mw.WriteField(k, v)
		}
		fw, _ = mw.CreateFormFile("file", "座谈会意见.csv")
		fw.Write([]byte(tc.csv))
		mw.Close()
		r = httptest.NewRequest("POST", "/api/v1/meetings", &buf)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		r.AddCookie(si.cookie)
		w = httptest.NewRecorder()
		f.Handler().ServeHTTP(w, r)
		if w.Code != tc.code || (tc.code == http.StatusBadRequest && !strings.Contains(w.Body.String(), "文件第 3 行：无法识别条文“附件一”")) {
			t.Fatalf("upload = %d %s, want %d", w.Code, w.Body, tc.code)
		}
	}
	var out struct {
		Opinions int
		Receipts []string
	}
	json.Unmarshal(w.Body.Bytes(), &out)
	if out.Opinions != 3 || len(out.Receipts) != 3 {
		t.Errorf("upload result %s", w.Body)
	}
	// The dashboard lists them; stats count the 26 participants once.
	w = f.req(si, "GET", "/api/v1/me/opinions", nil, false)
	if strings.Count(w.Body.String(), `"receipt"`) != 3 {
		t.Errorf("my opinions = %s", w.Body)
	}
	st, _ := f.store.OpinionStats(context.Background(), v.ID)
	if st.People != 26 || st.Opinions != 3 {
		t.Errorf("stats = %+v", st)
	}
	// Closed consultation: refused with the period's message.
	_, closed := f.another(t, drafts.AudienceContactPoints, []int64{cp.ID}, fixtureStart.Add(-48*time.Hour), fixtureStart.Add(-time.Hour))
	w = f.req(si, "POST", "/api/v1/meetings", map[string]any{"consultation_id": closed.ID, "date": "2026-12-25", "place": "x",
		"participants": 3, "opinions": []map[string]any{{"article": 1, "text": "迟了"}}}, true)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "截止") {
		t.Errorf("closed = %d %s", w.Code, w.Body)
	}
}

func TestAPI_AnswerGroupAndSummary(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	letter := "我们坚决支持加强湿地保护，建议将海珠湿地周边的候鸟栖息地纳入重点保护范围，禁止在迁徙季节开展施工。"
	var ids []int64
	for i, txt := range []string{letter, letter + "——市民甲", strings.Replace(letter, "坚决", "", 1), letter, "建议增加罚款数额。"} {
		code, m := f.post(map[string]any{"article": 10 + i%2, "text": txt})
		if code != http.StatusCreated {
			t.Fatalf("post = %d %v", code, m)
		}
		ids = append(ids, int64(m["id"].(float64)))
	}
	w := f.postJSON(fmt.Sprintf("/api/v1/versions/%d/opinions/regroup", f.version.ID), nil, true)
	var g struct{ Groups []drafts.OpinionGroup }
	json.Unmarshal(w.Body.Bytes(), &g)
	if len(g.Groups) != 1 || len(g.Groups[0].Members) != 4 || g.Groups[0].Representative != ids[0] {
		t.Fatalf("groups = %s", w.Body)
	}
	w = f.postJSON("/api/v1/opinions/answer", map[string]any{"group": ids[0], "disposition": "部分采纳", "reason": "已将候鸟栖息地列入第十条。"}, true)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"answered":4`) {
		t.Fatalf("answer group = %d %s", w.Code, w.Body)
	}
	w = f.get(fmt.Sprintf("/api/v1/versions/%d/opinions?disposition=none", f.version.ID))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous inbox = %d", w.Code)
	}
	w = f.do("GET", fmt.Sprintf("/api/v1/versions/%d/opinions?disposition=none", f.version.ID), nil, nil, true)
	if !strings.Contains(w.Body.String(), `"total":1`) {
		t.Errorf("unanswered = %s", w.Body)
	}
	// Summary: one representative for the group of four.
	w = f.do("GET", fmt.Sprintf("/api/v1/versions/%d/opinions/summary", f.version.ID), nil, nil, true)
	var sum struct {
		Articles []struct {
			Label           string
			Total           int
			Representatives []drafts.Opinion
		}
	}
	json.Unmarshal(w.Body.Bytes(), &sum)
	reps := 0
	for _, a := range sum.Articles {
		reps += len(a.Representatives)
	}
	if len(sum.Articles) != 2 || reps != 2 {
		t.Errorf("summary = %s", w.Body)
	}
	w = f.do("GET", fmt.Sprintf("/api/v1/versions/%d/opinions/summary?format=csv", f.version.ID), nil, nil, true)
	if !strings.HasPrefix(w.Body.String(), "\ufeff《") || !strings.Contains(w.Body.String(), "\n条文,意见数") || !strings.Contains(w.Body.String(), "第十条") {
		t.Errorf("csv = %s", w.Body)
	}
	w = f.do("GET", fmt.Sprintf("/api/v1/versions/%d/opinions/summary?format=docx", f.version.ID), nil, nil, true)
	zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	found := false
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, _ := zf.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			found = strings.Contains(b.String(), "候鸟栖息地")
		}
	}
	if !found {
		t.Error("docx lacks the representative opinion")
	}
	w = f.get(fmt.Sprintf("/api/v1/versions/%d/opinions/heatmap.svg", f.version.ID))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "第十条：3 条意见") {
		t.Errorf("heat map = %d", w.Code)
	}
}

func TestAPI_FollowIntoNextReading(t *testing.T) {
	f := newOpFixture(t, OpinionConfig{RatePerMinute: -1})
	ctx := context.Background()
	old, _ := f.store.Version(ctx, f.version.ID)
	// The next reading: article 3 reworded, article 2 unchanged, a new
	// article inserted after article 1 (so the rest are renumbered).
	var b strings.Builder
	b.WriteString("# 广州市湿地保护规定\n\n")
	for _, a := range old.Document.Articles {
		text := a.Text
		if a.Num == 3 {
			text = strings.Replace(text, "国民经济和社会发展规划", "国民经济和社会发展规划及国土空间规划", 1)
		}
		fmt.Fprintf(&b, "%s　%s\n\n", a.Label, text)
	}
	doc, err := parse.Parse("next.md", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := f.store.CreateVersion(ctx, "staff", drafts.NewVersion{RegulationID: f.version.RegulationID, Stage: "first-reading",
		Filename: "next.md", Data: []byte(b.String()), Document: doc})
	if err != nil {
		t.Fatal(err)
	}
	for _, art := range []int{2, 3} {
		if code, m := f.post(map[string]any{"article": art, "text": fmt.Sprintf("对第%d条的意见", art)}); code != 201 {
			t.Fatalf("post = %d %v", code, m)
		}
	}
	w := f.do("GET", fmt.Sprintf("/api/v1/versions/%d/opinions/follow?to=%d", f.version.ID, v2.ID), nil, nil, true)
	var out struct {
		Opinions []consultations.Followed
	}
	json.Unmarshal(w.Body.Bytes(), &out)
	if len(out.Opinions) != 2 {
		t.Fatalf("follow = %d %s", w.Code, w.Body)
	}
	byArt := map[int]consultations.Followed{}
	for _, v := range out.Opinions {
		byArt[v.Opinion.Article] = v
	}
	if v := byArt[2]; v.Changed || len(v.New) != 1 || v.New[0].Num != 2 {
		t.Errorf("article 2: %+v", v)
	}
	if v := byArt[3]; !v.Changed || v.Kind != "modified" || len(v.Diff) == 0 {
		t.Errorf("article 3: %+v", v)
	}
	f.addAccount(t, "staff1", drafts.RoleStaff, 0)
	page := f.page(f.login(t, "staff1"), fmt.Sprintf("/staff/versions/%d/follow?to=%d&unchanged=true", f.version.ID, v2.ID))
	if page.Code != 200 || !strings.Contains(page.Body.String(), "对第2条的意见") || strings.Contains(page.Body.String(), "对第3条的意见") {
		t.Errorf("follow page = %d", page.Code)
	}
	w = f.do("GET", fmt.Sprintf("/api/v1/versions/%d/opinions/follow?to=%d&unchanged=true", f.version.ID, v2.ID), nil, nil, true)
	json.Unmarshal(w.Body.Bytes(), &out)
	if len(out.Opinions) != 1 || out.Opinions[0].Opinion.Article != 2 {
		t.Errorf("unchanged = %s", w.Body)
	}
}
