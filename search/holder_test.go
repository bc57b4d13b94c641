package search

import (
	"strings"
	"testing"

	"lifa/drafts"
)

// TestHolder: off until Pending, rebuilding until Set, ready after; Failed
// counts only while no index is served; Ready says why there is none.
func TestHolder(t *testing.T) {
	check := func(h *Holder, state, msg string) {
		t.Helper()
		if got := h.Status(); got != state {
			t.Errorf("Status() = %q, want %q", got, state)
		}
		ix, err := h.Ready()
		if msg == "" {
			if err != nil || ix == nil {
				t.Errorf("Ready() = %v, %v, want the index", ix, err)
			}
			return
		}
		if ix != nil || drafts.ErrorCode(err) != drafts.EUNAVAILABLE || !strings.Contains(drafts.ErrorMessage(err), msg) {
			t.Errorf("Ready() = %v, %v, want EUNAVAILABLE %q", ix, err, msg)
		}
	}
	var h Holder
	check(&h, StateOff, "未启用")
	h.Pending()
	check(&h, StateRebuilding, "正在重建")
	h.Failed()
	check(&h, StateFailed, "暂不可用")
	h.Pending() // already on: stays failed
	check(&h, StateFailed, "暂不可用")

	ix := &Index{}
	h.Set(ix)
	check(&h, StateReady, "")
	h.Failed() // an index is served: still ready
	h.Pending()
	check(&h, StateReady, "")
	if h.Index() != ix {
		t.Errorf("Index() is not the index set")
	}
}
