package drafts

import "testing"

func TestConsultation_VisibleTo(t *testing.T) {
	public := &Consultation{Audience: AudiencePublic, ContactPointIDs: nil, CreatedBy: "staff1"}
	members := &Consultation{Audience: AudienceMembers}
	allCP := &Consultation{Audience: AudienceContactPoints}
	chosen := &Consultation{Audience: AudienceContactPoints, ContactPointIDs: []int64{3}, CreatedBy: "staff1"}
	var anon *Account
	member := &Account{Role: RoleMember}
	liaison3 := &Account{Role: RoleLiaison, ContactPointID: 3}
	liaison5 := &Account{Role: RoleLiaison, ContactPointID: 5}
	staff := &Account{Role: RoleStaff}
	admin := &Account{Role: RoleAdmin}
	disabledStaff := &Account{Role: RoleStaff, Disabled: true}
	tests := []struct {
		c    *Consultation
		a    *Account
		want bool
	}{
		{public, anon, true}, {public, member, true}, {public, liaison5, true}, {public, staff, true},
		{members, anon, false}, {members, member, true}, {members, liaison3, false}, {members, staff, true},
		{allCP, anon, false}, {allCP, member, false}, {allCP, liaison5, true}, {allCP, admin, true},
		{chosen, anon, false}, {chosen, member, false}, {chosen, liaison3, true}, {chosen, liaison5, false},
		{chosen, staff, true}, {chosen, disabledStaff, false},
	}
	for _, tt := range tests {
		if got := tt.c.VisibleTo(tt.a); got != tt.want {
			t.Errorf("%s %v → %v, want %v", tt.c.Audience, tt.a, got, tt.want)
		}
	}
	if v := chosen.ForViewer(liaison3); v == nil || v.ContactPointIDs != nil || v.CreatedBy != "" || chosen.ContactPointIDs == nil {
		t.Errorf("liaison's copy %+v (original %+v)", v, chosen)
	}
	if v := chosen.ForViewer(staff); v != chosen {
		t.Error("staff get a stripped copy")
	}
	if got := VisibleConsultations([]*Consultation{public, members, chosen}, anon); len(got) != 1 || got[0].CreatedBy != "" {
		t.Errorf("anonymous list %+v", got)
	}
}
