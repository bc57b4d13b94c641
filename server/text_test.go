package server

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lifa/drafts"
	"lifa/drafts/parse"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestText_RefusedAlikeOnBothStores: on PostgreSQL an opinion, a title or
// a login name holding NUL answered 500 (invalid byte sequence for
// encoding "UTF8": 0x00) while SQLite stored it. The edge now refuses
// text Lifa does not accept with 400 on both, before any store sees it.
func TestText_RefusedAlikeOnBothStores(t *testing.T) {
	stores := map[string]func(t *testing.T) *store.Store{
		"sqlite": func(t *testing.T) *store.Store {
			st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lifa.db"))
			if err != nil {
				t.Fatal(err)
			}
			return st
		},
		"postgres": func(t *testing.T) *store.Store {
			dsn, _ := storetest.PostgresDSN(t)
			st, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			return st
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			ts := newTestServerOn(t, open(t), WithOpinionConfig(OpinionConfig{RatePerMinute: -1}))
			ctx := context.Background()
			r := &drafts.Regulation{Title: "某某条例", Kind: drafts.KindEnact}
			if err := ts.store.CreateRegulation(ctx, "staff", r); err != nil {
				t.Fatal(err)
			}
			text := []byte("某某条例\n第一条　甲。\n第二条　乙。\n")
			doc, err := parse.Parse("a.txt", text)
			if err != nil {
				t.Fatal(err)
			}
			v, err := ts.store.CreateVersion(ctx, "staff", drafts.NewVersion{RegulationID: r.ID, Stage: "draft", Filename: "a.txt", Data: text, Document: doc})
			if err != nil {
				t.Fatal(err)
			}
			cons := &drafts.Consultation{VersionID: v.ID, Audience: drafts.AudiencePublic,
				OpensAt: time.Now().Add(-time.Hour), ClosesAt: time.Now().Add(time.Hour)}
			if err := ts.store.CreateConsultation(ctx, "staff", cons); err != nil {
				t.Fatal(err)
			}
			json := map[string]string{"Content-Type": "application/json"}
			formCT := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
			for _, bad := range []string{"\x00", "\x01", "\x1b", "\x7f", "\u0085", "\\u0000"} {
				esc := strings.ReplaceAll(bad, "\x00", `\u0000`)
				esc = strings.ReplaceAll(esc, "\x01", `\u0001`)
				esc = strings.ReplaceAll(esc, "\x1b", `\u001b`)
				esc = strings.ReplaceAll(esc, "\x7f", `\u007f`)
				reqs := []struct {
					what, method, target, body string
					hdr                        map[string]string
					auth                       bool
				}{
					{"opinion (API)", "POST", "/api/v1/versions/" + itoa(v.ID) + "/opinions", `{"text":"意见` + esc + `内容"}`, json, false},
					{"opinion name (API)", "POST", "/api/v1/versions/" + itoa(v.ID) + "/opinions", `{"text":"意见","name":"张` + esc + `"}`, json, false},
					{"opinion (form)", "POST", "/consultations/" + itoa(cons.ID) + "/opinion", url.Values{"text": {"意见" + bad}}.Encode(), formCT, false},
					{"title (API)", "POST", "/api/v1/regulations", `{"title":"条例` + esc + `","kind":"制定"}`, json, true},
					{"title (PATCH)", "PATCH", "/api/v1/regulations/" + itoa(r.ID), `{"title":"条例` + esc + `"}`, json, true},
					{"version text (API)", "POST", "/api/v1/regulations/" + itoa(r.ID) + "/versions", `{"stage":"draft","text":"第一条　甲` + esc + `。"}`, json, true},
					{"login name (API)", "POST", "/api/v1/login", `{"name":"a` + esc + `","password":"password-123"}`, json, false},
					{"login name (form)", "POST", "/admin/login", url.Values{"name": {"a" + bad}, "password": {"password-123"}}.Encode(), formCT, false},
					{"account name (API)", "POST", "/api/v1/accounts", `{"name":"a` + esc + `","role":"staff","password":"password-123"}`, json, true},
					{"search", "GET", "/api/v1/search?q=" + url.QueryEscape("停车"+bad), "", nil, false},
					{"search page", "GET", "/search?q=" + url.QueryEscape("停车"+bad), "", nil, false},
					{"receipt page", "GET", "/receipts?r=" + url.QueryEscape(bad), "", nil, false},
					{"path", "GET", "/api/v1/receipts/" + url.PathEscape("A"+bad), "", nil, false},
					{"inbox filter", "GET", "/api/v1/versions/" + itoa(v.ID) + "/opinions?q=" + url.QueryEscape(bad), "", nil, true},
				}
				if bad == "\\u0000" {
					// A JSON escape that is no control character is fine.
					continue
				}
				for _, rq := range reqs {
					w := ts.do(rq.method, rq.target, strings.NewReader(rq.body), rq.hdr, rq.auth)
					if w.Code != http.StatusBadRequest {
						t.Errorf("%s with %q: %d %.200s", rq.what, bad, w.Code, w.Body)
					}
				}
			}
			// Invalid UTF-8 in JSON (encoding/json would make it U+FFFD).
			w := ts.do("POST", "/api/v1/regulations", strings.NewReader("{\"title\":\"条例\xff\",\"kind\":\"制定\"}"), json, true)
			if w.Code != http.StatusBadRequest {
				t.Errorf("invalid UTF-8 title: %d %s", w.Code, w.Body)
			}
			// An uploaded file with a control character in an article.
			w = ts.upload(r.ID, "bad.txt", []byte("某某条例\n第一条　甲\x00乙。\n第二条　丙。\n"), map[string]string{"stage": "draft"}, true)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "第一条") {
				t.Errorf("file with NUL: %d %s", w.Code, w.Body)
			}
			// Carriage returns are normalised, not refused.
			w = ts.do("POST", "/api/v1/versions/"+itoa(v.ID)+"/opinions", strings.NewReader(`{"text":"第一行\r\n第二行"}`), json, false)
			if w.Code != http.StatusCreated {
				t.Fatalf("opinion with CRLF: %d %s", w.Code, w.Body)
			}
			ops, _, err := ts.store.Opinions(ctx, drafts.OpinionFilter{VersionID: v.ID})
			if err != nil || len(ops) != 1 || ops[0].Text != "第一行\n第二行" {
				t.Errorf("stored %v %v", ops, err)
			}
		})
	}
}
