package readings_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"lifa/drafts/readings"
	"lifa/drafts/store/storetest"
)

// TestComparison_JSON: the API's comparison is byte for byte what the
// server wrote as a map before it had a type.
func TestComparison_JSON(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	r, vs := project(t, rd)
	cp, err := rd.Compare(context.Background(), r.ID, vs[0].ID, vs[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(cp.JSON())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(map[string]any{
		"regulation_id": cp.Regulation.ID, "from": cp.From.ID, "to": cp.To.ID,
		"old": cp.Cmp.Old, "new": cp.Cmp.New, "stats": cp.Cmp.Stats, "changes": cp.Cmp.Changes,
		"divisions": cp.Cmp.Divisions, "coarse": cp.Cmp.Coarse, "elapsed_ms": cp.Cmp.ElapsedMS,
	})
	if !bytes.Equal(got, want) {
		t.Errorf("JSON() = %s\nwant %s", got, want)
	}
}
