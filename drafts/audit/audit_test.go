package audit

import (
	"context"
	"fmt"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestRowOf_Words checks that the codes an entry keeps are shown in words:
// roles, stages, audiences, moderation, times, the actors that are no
// account; and that what people typed is marked as data.
func TestRowOf_Words(t *testing.T) {
	r := rowOf(drafts.AuditEntry{Actor: "public", Action: "account.create", Entity: "account", EntityID: 3,
		Detail: `{"role":"liaison","stage":"first-reading","audience":"public","status":"published",` +
			`"closes_at":"2027-02-04T04:43:00Z","filename":"a.md","contact_point_id":0}`}, map[string]string{"first-reading": "一审稿"})
	got := map[string]Detail{}
	for _, d := range r.Details {
		got[d.Name] = d
	}
	for name, want := range map[string]string{"角色": "联系点联络员", "阶段": "一审稿", "征求对象": "社会公众",
		"状态": "已公开", "截止时间": "2027年2月4日 12:43", "文件名": "a.md"} {
		if got[name].Value != want {
			t.Errorf("%s: %q, want %q", name, got[name].Value, want)
		}
	}
	if _, ok := got["联系点"]; ok {
		t.Errorf("联系点 shown for no contact point: %+v", got["联系点"])
	}
	if r.Actor != "社会公众" || r.Login != "public" || !got["文件名"].Data || got["角色"].Data {
		t.Errorf("actor %q (%q), data flags %+v", r.Actor, r.Login, got)
	}
	if r.What != "新增用户" || r.Object != "用户 3" || r.Link != "" {
		t.Errorf("what %q, object %q, link %q", r.What, r.Object, r.Link)
	}
}

// TestService_Page reads the log of a real store: entries of a filter in
// words, a page at a time, the actors by the people's names (an actor
// since removed by its login name), and refuses an unknown kind of object.
func TestService_Page(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &drafts.Account{Name: "clerk", DisplayName: "陈敏", Role: drafts.RoleStaff, PasswordHash: "x"}
		if err := st.CreateAccount(ctx, "admin", a); err != nil {
			t.Fatal(err)
		}
		var last *drafts.Regulation
		for i, actor := range []string{"clerk", "clerk", "gone-user"} {
			last = &drafts.Regulation{Title: fmt.Sprintf("某某条例%d", i), Kind: drafts.KindEnact}
			if err := st.CreateRegulation(ctx, actor, last); err != nil {
				t.Fatal(err)
			}
		}
		s := New(st)
		p, err := s.Page(ctx, store.AuditFilter{Entity: "regulation", Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 3 || len(p.Entries) != 2 {
			t.Fatalf("total %d, %d entries", p.Total, len(p.Entries))
		}
		gone, clerk := p.Entries[0], p.Entries[1]
		if gone.Actor != "gone-user" || gone.Person || gone.Link != fmt.Sprintf("/regulations/%d", last.ID) || gone.What != "新建法规项目" {
			t.Errorf("newest entry %+v", gone)
		}
		if clerk.Actor != "陈敏" || !clerk.Person || clerk.Login != "clerk" {
			t.Errorf("clerk's entry names %q (person %v, login %q)", clerk.Actor, clerk.Person, clerk.Login)
		}
		if len(p.Entities) != len(entityLabels) || p.Entities[0].Value != "account" {
			t.Errorf("entities %v", p.Entities)
		}
		if _, err := s.Page(ctx, store.AuditFilter{Entity: "nothing"}); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("unknown entity: %v", err)
		}
	})
}
