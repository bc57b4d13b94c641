package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// doc builds a small parsed document by hand.
func doc(title string, texts ...string) *drafts.Document {
	d := &drafts.Document{Title: title, Format: "text", Preamble: []string{"（2017年12月27日通过）"},
		Meta: map[string]string{"office": "广州市人民代表大会常务委员会"}}
	ch := &drafts.Division{Level: drafts.LevelChapter, Num: 1, Label: "第一章", Title: "总则", Line: 1,
		FirstArticle: 0, LastArticle: len(texts) - 1}
	d.Chapters = []*drafts.Division{ch}
	for i, t := range texts {
		d.Articles = append(d.Articles, &drafts.Article{Num: i + 1, Label: fmt.Sprintf("第%d条", i+1), Text: t,
			Paragraphs: []drafts.Paragraph{{Text: t, Line: i + 2, EndLine: i + 2}},
			Path:       []string{"第一章 总则"}, Line: i + 2, EndLine: i + 2})
	}
	d.References = []drafts.Reference{{From: 0, Line: 2, Text: "本条例第二条", Article: 2}}
	d.Warnings = []drafts.Warning{{Line: 9, Message: "测试提示"}}
	return d
}

func newRegulation(t *testing.T, s *store.Store, title string) *drafts.Regulation {
	t.Helper()
	r := &drafts.Regulation{Title: title, Kind: drafts.KindRevise, Committee: "城建环资工委"}
	if err := s.CreateRegulation(context.Background(), "张三", r); err != nil {
		t.Fatalf("CreateRegulation: %v", err)
	}
	return r
}

func newVersion(t *testing.T, s *store.Store, regID int64, stage string, texts ...string) *drafts.Version {
	t.Helper()
	v, err := s.CreateVersion(context.Background(), "李四", drafts.NewVersion{RegulationID: regID, Stage: stage,
		Filename: "draft.txt", Data: []byte(strings.Join(texts, "\n")), Document: doc("广州市停车场条例", texts...)})
	if err != nil {
		t.Fatalf("CreateVersion: %v", err)
	}
	return v
}

// wantCode fails unless err is a *drafts.Error with code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var e *drafts.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
	if e.Message == "" {
		t.Errorf("error %v has no message for people", err)
	}
}

func TestStore_Stages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st, err := s.Stages(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(st, drafts.DefaultStages) {
			t.Errorf("stages %v, want %v", st, drafts.DefaultStages)
		}
	})
}

func TestStore_CreateRegulation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		before := time.Now().Add(-time.Second)
		r := &drafts.Regulation{Title: "  广州市湿地保护规定 ", Kind: drafts.KindEnact}
		if err := s.CreateRegulation(ctx, "张三", r); err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.Title != "广州市湿地保护规定" || r.Status != "起草中" || r.CreatedAt.Before(before) || !r.CreatedAt.Equal(r.UpdatedAt) {
			t.Errorf("created %+v", r)
		}
		got, err := s.Regulation(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != r.Title || got.Kind != r.Kind || got.Status != r.Status || !got.CreatedAt.Equal(r.CreatedAt) || got.Latest != nil {
			t.Errorf("read back %+v, created %+v", got, r)
		}
		for name, bad := range map[string]*drafts.Regulation{
			"empty title": {Title: " ", Kind: drafts.KindEnact},
			"bad kind":    {Title: "某条例", Kind: "起草"},
			"long title":  {Title: strings.Repeat("长", 201), Kind: drafts.KindEnact},
		} {
			err := s.CreateRegulation(ctx, "张三", bad)
			t.Run(name, func(t *testing.T) { wantCode(t, err, drafts.EINVALID) })
		}
		wantCode(t, s.CreateRegulation(ctx, "", &drafts.Regulation{Title: "某条例", Kind: drafts.KindEnact}), drafts.EINVALID)
		if rs, _ := s.ListRegulations(ctx); len(rs) != 1 {
			t.Errorf("invalid regulations were stored: %d regulations", len(rs))
		}
	})
}

func TestStore_NotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r, err := s.Regulation(ctx, 42)
		wantCode(t, err, drafts.ENOTFOUND)
		if r != nil {
			t.Error("Regulation returned a value with ENOTFOUND")
		}
		_, err = s.Version(ctx, 42)
		wantCode(t, err, drafts.ENOTFOUND)
		_, err = s.Versions(ctx, 42)
		wantCode(t, err, drafts.ENOTFOUND)
		_, _, err = s.VersionFile(ctx, 42)
		wantCode(t, err, drafts.ENOTFOUND)
		_, err = s.UpdateRegulation(ctx, "张三", 42, drafts.RegulationUpdate{})
		wantCode(t, err, drafts.ENOTFOUND)
		wantCode(t, s.UpdateVersion(ctx, "张三", 42, drafts.VersionUpdate{}), drafts.ENOTFOUND)
		_, err = s.CreateVersion(ctx, "张三", drafts.NewVersion{RegulationID: 42, Stage: "draft", Document: doc("x", "y")})
		wantCode(t, err, drafts.ENOTFOUND)
		_, err = s.Setting(ctx, "admin_token")
		wantCode(t, err, drafts.ENOTFOUND)
	})
}

func TestStore_UpdateRegulation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "广州市停车场条例")
		status, kind := "审议中", string(drafts.KindAmend)
		seq0, _ := s.LastChangeSeq(ctx)
		time.Sleep(2 * time.Millisecond)
		got, err := s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Status: &status, Kind: &kind})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != status || got.Kind != drafts.KindAmend || got.Title != r.Title || !got.UpdatedAt.After(r.UpdatedAt) {
			t.Errorf("updated %+v", got)
		}
		reread, _ := s.Regulation(ctx, r.ID)
		if reread.Status != status || !reread.UpdatedAt.Equal(got.UpdatedAt) {
			t.Errorf("read back %+v", reread)
		}
		audit, _ := s.AuditLog(ctx, 1)
		if len(audit) != 1 || audit[0].Action != "regulation.update" || audit[0].Actor != "王五" ||
			!strings.Contains(audit[0].Detail, "审议中") || !strings.Contains(audit[0].Detail, "起草中") {
			t.Errorf("audit %+v", audit)
		}
		if seq, _ := s.LastChangeSeq(ctx); seq != seq0+1 {
			t.Errorf("change seq %d → %d, want one change", seq0, seq)
		}

		// Setting the same values writes nothing.
		n0, _ := s.AuditLog(ctx, 0)
		if _, err := s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Status: &status}); err != nil {
			t.Fatal(err)
		}
		if n1, _ := s.AuditLog(ctx, 0); len(n1) != len(n0) {
			t.Errorf("no-op update wrote %d audit entries", len(n1)-len(n0))
		}

		bad, empty := "起草", ""
		_, err = s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Kind: &bad})
		wantCode(t, err, drafts.EINVALID)
		_, err = s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Title: &empty})
		wantCode(t, err, drafts.EINVALID)
		// An empty status lets it follow the latest reading's stage again.
		if got, err := s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Status: &empty}); err != nil || got.StatusSet || got.Status != "起草中" {
			t.Errorf("status cleared: %+v, %v", got, err)
		}
		if reread, _ := s.Regulation(ctx, r.ID); reread.Title != r.Title || reread.Kind != drafts.KindAmend {
			t.Errorf("a refused update changed the regulation: %+v", reread)
		}
	})
}

func TestStore_CreateVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "广州市停车场条例")
		d := doc("广州市停车场条例", "为了加强停车场管理，制定本条例。", "本条例适用于本市行政区域内停车场的规划、建设和管理。")
		data := []byte("广州市停车场条例\n第一条　为了加强停车场管理，制定本条例。\r\n")
		v1, err := s.CreateVersion(ctx, "李四", drafts.NewVersion{RegulationID: r.ID, Stage: "一审稿", Label: "",
			Date: "2025-09-25", Explanation: "修改说明：……", Filename: `C:\Users\李四\草案.md`, Data: data, Document: d,
			Text: "normalised text"})
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte("normalised text"))
		want := drafts.Version{ID: v1.ID, RegulationID: r.ID, Seq: 1, Stage: "first-reading", StageName: "一审稿",
			Label: "一审稿", Date: "2025-09-25", Explanation: "修改说明：……", Filename: "草案.md", Format: "text",
			SHA256: hex.EncodeToString(sum[:]), Articles: 2, UploadedBy: "李四", CreatedAt: v1.CreatedAt}
		if !reflect.DeepEqual(*v1, want) {
			t.Errorf("created\n%+v\nwant\n%+v", *v1, want)
		}
		got, err := s.Version(ctx, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Document, d) {
			t.Errorf("document did not round-trip:\n%+v\n%+v", got.Document, d)
		}
		got.Document = nil
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("read back\n%+v\nwant\n%+v", *got, want)
		}
		again, err := s.Version(ctx, v1.ID) // served from the document cache
		if err != nil || !reflect.DeepEqual(again.Document, d) {
			t.Errorf("second read: %v", err)
		}
		again.Document = nil
		if !reflect.DeepEqual(*again, want) {
			t.Errorf("second read\n%+v\nwant\n%+v", *again, want)
		}
		name, b, err := s.VersionFile(ctx, v1.ID)
		if err != nil || name != "草案.md" || string(b) != string(data) {
			t.Errorf("file %q %q %v", name, b, err)
		}

		v2, err := s.CreateVersion(ctx, "李四", drafts.NewVersion{RegulationID: r.ID, Stage: "second-reading",
			Label: "二次审议稿", Filename: "b.docx", Document: doc("广州市停车场条例", "为了加强停车场管理，制定本条例。")})
		if err != nil {
			t.Fatal(err)
		}
		if v2.Seq != 2 || v2.StageName != "二审稿" || v2.Label != "二次审议稿" || v2.Articles != 1 || v2.SHA256 == v1.SHA256 {
			t.Errorf("second version %+v", v2)
		}
		if _, b, _ := s.VersionFile(ctx, v2.ID); b == nil || len(b) != 0 {
			t.Errorf("version without data: file %v, want empty non-nil", b)
		}
		other := newRegulation(t, s, "广州市湿地保护规定")
		if v := newVersion(t, s, other.ID, "consultation", "甲"); v.Seq != 1 {
			t.Errorf("other regulation's first version has seq %d", v.Seq)
		}

		vs, err := s.Versions(ctx, r.ID)
		if err != nil || len(vs) != 2 || vs[0].ID != v1.ID || vs[1].ID != v2.ID || vs[0].Document != nil {
			t.Errorf("versions %v %v", vs, err)
		}
		rs, err := s.ListRegulations(ctx)
		if err != nil || len(rs) != 2 {
			t.Fatalf("list %v %v", rs, err)
		}
		for _, x := range rs {
			if x.ID == r.ID && (x.Latest == nil || x.Latest.ID != v2.ID || x.Latest.StageName != "二审稿" || x.Latest.Document != nil) {
				t.Errorf("latest of %d: %+v", r.ID, x.Latest)
			}
		}
		if rr, _ := s.Regulation(ctx, r.ID); rr.Latest == nil || rr.Latest.ID != v2.ID || !rr.UpdatedAt.Equal(v2.CreatedAt) {
			t.Errorf("regulation after versions: %+v latest %+v", rr, rr.Latest)
		}

		for name, in := range map[string]drafts.NewVersion{
			"unknown stage": {RegulationID: r.ID, Stage: "四审稿", Document: d},
			"bad date":      {RegulationID: r.ID, Stage: "draft", Date: "2025-13-01", Document: d},
			"date format":   {RegulationID: r.ID, Stage: "draft", Date: "2025年9月25日", Document: d},
			"no document":   {RegulationID: r.ID, Stage: "draft"},
			"long label":    {RegulationID: r.ID, Stage: "draft", Label: strings.Repeat("长", 101), Document: d},
		} {
			_, err := s.CreateVersion(ctx, "李四", in)
			t.Run(name, func(t *testing.T) { wantCode(t, err, drafts.EINVALID) })
		}
		_, err = s.CreateVersion(ctx, "李四", drafts.NewVersion{RegulationID: r.ID, Stage: "draft", Document: d,
			Data: make([]byte, store.MaxFileSize+1)})
		wantCode(t, err, drafts.ETOOLARGE)
		if vs, _ := s.Versions(ctx, r.ID); len(vs) != 2 {
			t.Errorf("refused versions were stored: %d versions", len(vs))
		}
	})
}

// TestStore_VersionArticles reads a version's articles alone, from the
// database and from the cache of decoded documents.
func TestStore_VersionArticles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "广州市停车场条例")
		v := newVersion(t, s, r.ID, "一审稿", "为了加强停车场管理，制定本条例。", "本条例适用于本市行政区域内停车场的规划、建设和管理。")
		want := []*drafts.Article{
			{Num: 1, Label: "第1条", Text: "为了加强停车场管理，制定本条例。", Path: []string{"第一章 总则"}},
			{Num: 2, Label: "第2条", Text: "本条例适用于本市行政区域内停车场的规划、建设和管理。", Path: []string{"第一章 总则"}},
		}
		got, err := s.VersionArticles(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("articles\n%+v\nwant\n%+v", got, want)
		}
		full, err := s.Version(ctx, v.ID) // now the document is cached
		if err != nil {
			t.Fatal(err)
		}
		if got, err = s.VersionArticles(ctx, v.ID); err != nil || len(got) != 2 || got[1] != full.Document.Articles[1] {
			t.Errorf("cached: %+v, %v (want the cached document's articles)", got, err)
		}
		_, err = s.VersionArticles(ctx, v.ID+100)
		wantCode(t, err, drafts.ENOTFOUND)
	})
}

func TestStore_VersionsAreImmutable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "广州市停车场条例")
		v := newVersion(t, s, r.ID, "draft", "第一条原文。")
		label := "改过的"
		wantCode(t, s.UpdateVersion(ctx, "张三", v.ID, drafts.VersionUpdate{Label: &label}), drafts.ECONFLICT)

		// The database itself refuses, whatever code runs against it.
		db := s.DB()
		ph := "?"
		if s.Dialect() == store.Postgres {
			ph = "$1"
		}
		for _, q := range []string{
			"UPDATE versions SET label = 'x' WHERE id = " + ph,
			"DELETE FROM versions WHERE id = " + ph,
			"UPDATE version_files SET data = NULL WHERE version_id = " + ph,
			"DELETE FROM version_files WHERE version_id = " + ph,
			"UPDATE audit_log SET actor = 'x' WHERE id = " + ph,
			"DELETE FROM audit_log WHERE id = " + ph,
		} {
			if _, err := db.ExecContext(ctx, q, v.ID); err == nil {
				t.Errorf("%s: the database accepted it", q)
			} else if !strings.Contains(err.Error(), "immutable") && !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v", q, err)
			}
		}
		got, err := s.Version(ctx, v.ID)
		if err != nil || got.Label != v.Label || got.Document.Articles[0].Text != "第一条原文。" {
			t.Errorf("version changed: %+v %v", got, err)
		}
	})
}

func TestStore_AuditLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRegulation(t, s, "广州市停车场条例")
		status := "审议中"
		if _, err := s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Status: &status}); err != nil {
			t.Fatal(err)
		}
		v := newVersion(t, s, r.ID, "first-reading", "甲")
		if err := s.SetSetting(ctx, "admin_token_hash", "secret-hash"); err != nil {
			t.Fatal(err)
		}
		// Refused writes leave no trace.
		s.UpdateVersion(ctx, "赵六", v.ID, drafts.VersionUpdate{})
		s.CreateRegulation(ctx, "赵六", &drafts.Regulation{Title: "", Kind: drafts.KindEnact})

		log, err := s.AuditLog(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		type entry struct {
			actor, action, entity string
			id                    int64
		}
		var got []entry
		for _, e := range log {
			got = append(got, entry{e.Actor, e.Action, e.Entity, e.EntityID})
			if e.At.IsZero() || e.At.Location() != time.UTC || e.ID == 0 {
				t.Errorf("entry %+v", e)
			}
			if strings.Contains(e.Detail, "secret-hash") {
				t.Errorf("audit log holds a setting's value: %+v", e)
			}
		}
		want := []entry{ // newest first
			{"system", "setting.set", "setting", 0},
			{"李四", "version.create", "version", v.ID},
			{"王五", "regulation.update", "regulation", r.ID},
			{"张三", "regulation.create", "regulation", r.ID},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("audit log\n%v\nwant\n%v", got, want)
		}
		if two, _ := s.AuditLog(ctx, 2); len(two) != 2 || two[0].ID != log[0].ID {
			t.Errorf("AuditLog(2) = %v", two)
		}
	})
}

func TestStore_Settings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, v := range []string{"a", "b"} {
			if err := s.SetSetting(ctx, "admin_token_hash", v); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Setting(ctx, "admin_token_hash"); got != v || err != nil {
				t.Errorf("Setting = %q, %v, want %q", got, err, v)
			}
		}
		wantCode(t, s.SetSetting(ctx, " ", "x"), drafts.EINVALID)
	})
}

func TestStore_ChangesSince(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if seq, err := s.LastChangeSeq(ctx); seq != 0 || err != nil {
			t.Fatalf("empty store: LastChangeSeq = %d, %v", seq, err)
		}
		r := newRegulation(t, s, "广州市停车场条例")
		v1 := newVersion(t, s, r.ID, "draft", "甲")
		status := "审议中"
		s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Status: &status})
		v2 := newVersion(t, s, r.ID, "first-reading", "乙")
		s.SetSetting(ctx, "k", "v") // not a change: nothing derived depends on settings

		all, err := s.ChangesSince(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		type ch struct {
			entity string
			id     int64
			op     string
		}
		var got []ch
		for i, c := range all {
			got = append(got, ch{c.Entity, c.ID, c.Op})
			if i > 0 && c.Seq <= all[i-1].Seq {
				t.Errorf("seq not increasing: %d after %d", c.Seq, all[i-1].Seq)
			}
		}
		want := []ch{{"regulation", r.ID, "create"}, {"version", v1.ID, "create"},
			{"regulation", r.ID, "update"}, {"version", v2.ID, "create"}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("changes %v, want %v", got, want)
		}
		if last, _ := s.LastChangeSeq(ctx); last != all[3].Seq {
			t.Errorf("LastChangeSeq = %d, want %d", last, all[3].Seq)
		}
		page, _ := s.ChangesSince(ctx, all[0].Seq, 2)
		if len(page) != 2 || page[0].Seq != all[1].Seq || page[1].Seq != all[2].Seq {
			t.Errorf("ChangesSince(%d, 2) = %v", all[0].Seq, page)
		}
		if rest, _ := s.ChangesSince(ctx, all[3].Seq, 10); len(rest) != 0 {
			t.Errorf("changes after the last: %v", rest)
		}
	})
}

// TestStore_ConcurrentWrites writes from several goroutines while a follower
// polls the change log as the search index does: every write must succeed,
// and the follower, which only ever asks for changes after the last seq it
// saw, must see every change exactly once.
func TestStore_ConcurrentWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const writers, each = 4, 10
		regs := make([]*drafts.Regulation, writers)
		for i := range regs {
			regs[i] = newRegulation(t, s, fmt.Sprintf("条例%d", i))
		}
		start, _ := s.LastChangeSeq(ctx)
		done := make(chan struct{})
		seen := map[int64]int{}
		var followErr error
		var fwg sync.WaitGroup
		fwg.Add(1)
		go func() {
			defer fwg.Done()
			last := start
			for {
				select {
				case <-done:
					for { // drain
						cs, err := s.ChangesSince(ctx, last, 100)
						if err != nil || len(cs) == 0 {
							followErr = err
							return
						}
						for _, c := range cs {
							seen[c.Seq]++
							last = c.Seq
						}
					}
				default:
				}
				cs, err := s.ChangesSince(ctx, last, 100)
				if err != nil {
					followErr = err
					return
				}
				for _, c := range cs {
					seen[c.Seq]++
					last = c.Seq
				}
			}
		}()
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					_, err := s.CreateVersion(ctx, "并发", drafts.NewVersion{RegulationID: regs[w].ID, Stage: "draft",
						Document: doc("条例", fmt.Sprintf("第%d稿。", i))})
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(done)
		fwg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent write: %v", err)
			}
		}
		if followErr != nil {
			t.Fatal(followErr)
		}
		all, _ := s.ChangesSince(ctx, start, 1000)
		if len(all) != writers*each {
			t.Fatalf("%d changes, want %d", len(all), writers*each)
		}
		for _, c := range all {
			if seen[c.Seq] != 1 {
				t.Errorf("follower saw change %d %d times", c.Seq, seen[c.Seq])
			}
		}
		for _, r := range regs {
			vs, _ := s.Versions(ctx, r.ID)
			for i, v := range vs {
				if v.Seq != i+1 {
					t.Errorf("regulation %d: version seqs not 1..n: %d at %d", r.ID, v.Seq, i)
				}
			}
		}
	})
}

// TestOpen_Reopen checks that reopening applies no migration twice and keeps
// the data.
func TestOpen_Reopen(t *testing.T) {
	dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "sub", "lifa.db")}
	t.Run("sqlite", func(t *testing.T) { reopen(t, dsns["sqlite"]) })
	t.Run("postgres", func(t *testing.T) {
		dsn, _ := storetest.PostgresDSN(t)
		reopen(t, dsn)
	})
}

func reopen(t *testing.T, dsn string) {
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	r := newRegulation(t, s, "广州市停车场条例")
	newVersion(t, s, r.ID, "draft", "甲")
	var migrations int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&migrations); err != nil || migrations < 3 {
		t.Fatalf("%d migrations recorded, %v", migrations, err)
	}
	s.Close()
	for range 2 {
		s, err = store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		var n int
		s.DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
		if n != migrations {
			t.Errorf("reopen: %d migrations recorded, want %d", n, migrations)
		}
		if st, _ := s.Stages(ctx); len(st) != len(drafts.DefaultStages) {
			t.Errorf("reopen: %d stages", len(st))
		}
		if rs, _ := s.ListRegulations(ctx); len(rs) != 1 || rs[0].Latest == nil {
			t.Errorf("reopen: regulations %v", rs)
		}
		s.Close()
	}
}

func TestStore_Backup(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	r := newRegulation(t, s, "广州市停车场条例")
	newVersion(t, s, r.ID, "draft", "甲")

	// Back up while writers write.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.CreateVersion(ctx, "并发", drafts.NewVersion{RegulationID: r.ID, Stage: "draft",
				Data: make([]byte, 10000), Document: doc("条例", fmt.Sprintf("第%d稿。", writes))}); err != nil {
				t.Error(err)
				return
			}
			writes++
		}
	}()
	dir := t.TempDir()
	var paths []string
	for i := range 3 {
		time.Sleep(20 * time.Millisecond)
		p := filepath.Join(dir, fmt.Sprintf("b%d", i), "backup.db")
		if err := s.Backup(ctx, p); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	close(stop)
	wg.Wait()
	if writes == 0 {
		t.Fatal("no write happened during the backups")
	}
	wantCode(t, s.Backup(ctx, paths[0]), drafts.ECONFLICT)

	for _, p := range paths {
		b, err := store.Open(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		var ok string
		b.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ok)
		if ok != "ok" {
			t.Errorf("%s: integrity_check %q", p, ok)
		}
		vs, err := b.Versions(ctx, r.ID)
		if err != nil || len(vs) == 0 {
			t.Fatalf("%s: versions %v", p, err)
		}
		// Consistent: every version has its file and one change entry.
		changes, _ := b.ChangesSince(ctx, 0, 100000)
		var versionChanges int
		for _, c := range changes {
			if c.Entity == "version" {
				versionChanges++
			}
		}
		if versionChanges != len(vs) {
			t.Errorf("%s: %d versions, %d version changes", p, len(vs), versionChanges)
		}
		for _, v := range vs {
			if _, _, err := b.VersionFile(ctx, v.ID); err != nil {
				t.Errorf("%s: version %d: %v", p, v.ID, err)
			}
		}
		t.Logf("%s: %d versions (%d written during backups)", filepath.Base(filepath.Dir(p)), len(vs), writes)
		b.Close()
	}
}

func TestStore_BackupPostgres(t *testing.T) {
	s := storetest.OpenPostgres(t)
	wantCode(t, s.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db")), drafts.EINVALID)
}

// TestOpen_Concurrent opens a new database from several handles at once, as
// a server and an import started together would: the migrations must run
// once and every handle must work.
func TestOpen_Concurrent(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { openConcurrently(t, filepath.Join(t.TempDir(), "lifa.db")) })
	t.Run("postgres", func(t *testing.T) {
		dsn, _ := storetest.PostgresDSN(t)
		openConcurrently(t, dsn)
	})
}

func openConcurrently(t *testing.T, dsn string) {
	ctx := context.Background()
	const n = 4
	stores := make([]*store.Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = store.Open(ctx, dsn)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	for i, s := range stores {
		newRegulation(t, s, fmt.Sprintf("条例%d", i))
	}
	var dup int
	stores[0].DB().QueryRow(`SELECT COUNT(*) - COUNT(DISTINCT version) FROM schema_migrations`).Scan(&dup)
	st, _ := stores[0].Stages(ctx)
	rs, _ := stores[0].ListRegulations(ctx)
	if dup != 0 || len(st) != len(drafts.DefaultStages) || len(rs) != n {
		t.Errorf("duplicate migrations %d, %d stages, %d regulations", dup, len(st), len(rs))
	}
}
