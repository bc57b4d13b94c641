package accounts

import (
	"context"
	"fmt"

	"lifa/drafts"
)

// The forms of the account pages — the administration of accounts and
// contact points, one's API tokens — each done in one call that says in
// words what was done (Done), for the page to show once after its
// redirect.

// Done says what a form did: Text to show once and, when there is one, a
// Secret named by SecretLabel to hand over once (a new API token, a
// temporary password).
type Done struct {
	Text, Secret, SecretLabel string
}

// ErrUnknownAction is the answer to a form with an action no form has.
var ErrUnknownAction = drafts.Errorf(drafts.EINVALID, "未知操作。")

// AdminForm is a form of the accounts page: Action "account" creates
// Account, "contact_point" creates ContactPoint, "disable", "enable" and
// "reset" (the password) act on account ID.
type AdminForm struct {
	Action       string
	ID           int64
	Account      NewAccount
	ContactPoint drafts.ContactPoint
}

// Administer does what an administrator (me) asked on the accounts page;
// the errors are those of Create, CreateContactPoint, SetDisabled and
// ResetPassword, or ErrUnknownAction.
func (s *Service) Administer(ctx context.Context, me *drafts.Account, f AdminForm) (Done, error) {
	switch f.Action {
	case "account":
		a, err := s.Create(ctx, me.Name, f.Account)
		if err != nil {
			return Done{}, err
		}
		return Done{Text: fmt.Sprintf("已创建用户 %s（%s）。", a.Name, a.Role.Label())}, nil
	case "contact_point":
		cp, err := s.CreateContactPoint(ctx, me.Name, f.ContactPoint)
		if err != nil {
			return Done{}, err
		}
		return Done{Text: "已创建联系点“" + cp.Name + "”。请再新增角色为“联系点联络员”的用户，并选择这个联系点。"}, nil
	case "disable", "enable":
		a, err := s.SetDisabled(ctx, me, f.ID, f.Action == "disable")
		if err != nil {
			return Done{}, err
		}
		if a.Disabled {
			return Done{Text: "已停用用户 " + a.Name + "，其登录已失效。"}, nil
		}
		return Done{Text: "已启用用户 " + a.Name + "。"}, nil
	case "reset":
		pw, a, err := s.ResetPassword(ctx, me, f.ID, "")
		if err != nil {
			return Done{}, err
		}
		return Done{Text: "已重置用户 " + a.Name + "（" + a.DisplayName + "）的密码。请把临时密码当面或电话告知本人；对方用它登录后须先设置新密码。临时密码只显示这一次。",
			Secret: pw, SecretLabel: "临时密码"}, nil
	}
	return Done{}, ErrUnknownAction
}

// ManageTokens does what actor asked of the API tokens of account
// accountID: action "create" (labelled label, the token shown once) or
// "revoke" (token id). The errors are those of CreateToken and
// RevokeToken, or ErrUnknownAction.
func (s *Service) ManageTokens(ctx context.Context, actor string, accountID int64, action, label string, id int64) (Done, error) {
	switch action {
	case "create":
		tok, k, err := s.CreateToken(ctx, actor, accountID, label)
		if err != nil {
			return Done{}, err
		}
		return Done{Text: fmt.Sprintf("已创建令牌“%s”。请立即复制并妥善保存：令牌只显示这一次，离开本页后无法再次查看，遗失只能撤销后重新创建。", k.Label),
			Secret: tok, SecretLabel: "新令牌"}, nil
	case "revoke":
		k, err := s.RevokeToken(ctx, actor, accountID, id)
		if err != nil {
			return Done{}, err
		}
		return Done{Text: fmt.Sprintf("已撤销令牌“%s”，使用它的请求将被拒绝。", k.Label)}, nil
	}
	return Done{}, ErrUnknownAction
}

// SignInForm signs in from the login form: with the name and password,
// or — when no name is given and a token is — with the admin token
// (SignInWithAdminToken). The answers are those of SignIn.
func (s *Service) SignInForm(ctx context.Context, name, password, token string) (*drafts.Account, *drafts.Session, string, error) {
	if name != "" || token == "" {
		return s.SignIn(ctx, name, password)
	}
	return s.SignInWithAdminToken(ctx, token)
}
