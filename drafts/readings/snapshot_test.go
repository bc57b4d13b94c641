package readings_test

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestService_Snapshot: the version page's regulation is read once per
// TTL, and the Service's own changes drop it at once.
func TestService_Snapshot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rd := readings.New(st)
		r, vs := project(t, rd)
		snap := func() (*drafts.Regulation, []*drafts.Version) {
			t.Helper()
			reg, all, err := rd.Snapshot(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			return reg, all
		}
		reg, all := snap()
		if reg.ID != r.ID || len(all) != 3 {
			t.Fatalf("snapshot %+v with %d versions", reg, len(all))
		}
		if again, _ := snap(); again != reg {
			t.Error("second read within the TTL is not the snapshot")
		}

		title := "湿地保护条例"
		if _, err := rd.UpdateRegulation(ctx, "staff", r.ID, drafts.RegulationUpdate{Title: &title}); err != nil {
			t.Fatal(err)
		}
		if reg, _ := snap(); reg.Title != title {
			t.Errorf("after UpdateRegulation the snapshot says %q", reg.Title)
		}
		if _, err := rd.Withdraw(ctx, "staff", vs[2].ID, "误传"); err != nil {
			t.Fatal(err)
		}
		if _, all := snap(); len(all) != 3 || readings.Around(all, vs[1].ID).Next != nil {
			t.Errorf("after Withdraw the second reading still has a next one: %+v", readings.Around(all, vs[1].ID))
		}
		if _, err := rd.ImportUpload(ctx, "staff", r.ID, readings.Upload{Stage: "三审稿", Filename: "a.md", Data: []byte(texts[2])}); err != nil {
			t.Fatal(err)
		}
		if _, all := snap(); len(all) != 4 {
			t.Errorf("after Import the snapshot has %d versions", len(all))
		}

		// A change made elsewhere shows once forgotten.
		other := "湿地保护管理条例"
		if _, err := st.UpdateRegulation(ctx, "staff", r.ID, drafts.RegulationUpdate{Title: &other}); err != nil {
			t.Fatal(err)
		}
		if reg, _ := snap(); reg.Title != title {
			t.Errorf("a change elsewhere showed before the TTL: %q", reg.Title)
		}
		rd.ForgetRegulation(r.ID)
		if reg, _ := snap(); reg.Title != other {
			t.Errorf("after ForgetRegulation the snapshot says %q", reg.Title)
		}
		if _, _, err := rd.Snapshot(ctx, 9999); code(err) != drafts.ENOTFOUND {
			t.Errorf("unknown regulation: %v", err)
		}
	})
}
