package drafts

import "testing"

func TestAccount_ShownName(t *testing.T) {
	if got := (&Account{Name: "li", DisplayName: "李四"}).ShownName(); got != "李四" {
		t.Errorf("ShownName = %q, want the display name", got)
	}
	if got := (&Account{Name: "li"}).ShownName(); got != "li" {
		t.Errorf("ShownName = %q, want the login name", got)
	}
}
