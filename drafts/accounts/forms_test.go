package accounts

import (
	"context"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestService_Administer: each form of the accounts page does its work
// and says so in words; a temporary password is a secret to hand over;
// an unknown action is refused.
func TestService_Administer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newService(st)
		ctx := context.Background()
		me, _ := s.Create(ctx, "admin", NewAccount{Name: "boss", Role: drafts.RoleAdmin, Password: "password1"})
		done, err := s.Administer(ctx, me, AdminForm{Action: "account",
			Account: NewAccount{Name: "clerk", DisplayName: "陈敏", Role: drafts.RoleStaff, Password: "password1"}})
		if err != nil || done.Text != "已创建用户 clerk（工作人员）。" || done.Secret != "" {
			t.Fatalf("create: %+v, %v", done, err)
		}
		clerk, err := st.AccountByName(ctx, "clerk")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Administer(ctx, me, AdminForm{Action: "account", Account: NewAccount{Name: "clerk", Role: drafts.RoleStaff,
			Password: "password1"}}); code(err) != drafts.ECONFLICT {
			t.Errorf("a taken name: %v", err)
		}
		if done, err := s.Administer(ctx, me, AdminForm{Action: "contact_point", ContactPoint: drafts.ContactPoint{Name: "三元里街道联系点"}}); err != nil || !strings.Contains(done.Text, "三元里街道联系点") {
			t.Errorf("contact point: %+v, %v", done, err)
		}
		if done, err := s.Administer(ctx, me, AdminForm{Action: "disable", ID: clerk.ID}); err != nil || done.Text != "已停用用户 clerk，其登录已失效。" {
			t.Errorf("disable: %+v, %v", done, err)
		}
		if done, err := s.Administer(ctx, me, AdminForm{Action: "enable", ID: clerk.ID}); err != nil || done.Text != "已启用用户 clerk。" {
			t.Errorf("enable: %+v, %v", done, err)
		}
		done, err = s.Administer(ctx, me, AdminForm{Action: "reset", ID: clerk.ID})
		if err != nil || len(done.Secret) != tempPasswordLength || done.SecretLabel != "临时密码" || !strings.Contains(done.Text, "clerk（陈敏）") {
			t.Errorf("reset: %+v, %v", done, err)
		}
		if _, err := s.Administer(ctx, me, AdminForm{Action: "disable", ID: me.ID}); code(err) != drafts.EINVALID {
			t.Errorf("disabling oneself: %v", err)
		}
		if _, err := s.Administer(ctx, me, AdminForm{Action: "drop"}); err != ErrUnknownAction {
			t.Errorf("unknown action: %v", err)
		}
	})
}

// TestService_ManageTokens: a new token is a secret shown once, a revoked
// one is named; an unknown action is refused.
func TestService_ManageTokens(t *testing.T) {
	s := newService(storetest.Open(t))
	ctx := context.Background()
	staff, _ := s.Create(ctx, "admin", NewAccount{Name: "staff", Role: drafts.RoleStaff, Password: "password1"})
	done, err := s.ManageTokens(ctx, "staff", staff.ID, "create", "同步脚本", 0)
	if err != nil || !strings.HasPrefix(done.Secret, "lifa_") || done.SecretLabel != "新令牌" || !strings.Contains(done.Text, "“同步脚本”") {
		t.Fatalf("create: %+v, %v", done, err)
	}
	list, _ := s.Tokens(ctx, staff.ID)
	if done, err := s.ManageTokens(ctx, "staff", staff.ID, "revoke", "", list[0].ID); err != nil || done.Text != "已撤销令牌“同步脚本”，使用它的请求将被拒绝。" {
		t.Errorf("revoke: %+v, %v", done, err)
	}
	if _, err := s.ManageTokens(ctx, "staff", staff.ID, "create", " ", 0); code(err) != drafts.EINVALID {
		t.Errorf("empty label: %v", err)
	}
	if _, err := s.ManageTokens(ctx, "staff", staff.ID, "rename", "", 0); err != ErrUnknownAction {
		t.Errorf("unknown action: %v", err)
	}
}
