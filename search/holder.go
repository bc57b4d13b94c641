package search

import (
	"sync/atomic"

	"lifa/drafts"
)

// The states of a Holder, as /healthz and /readyz report them.
const (
	StateOff        = "off"        // no index configured
	StateRebuilding = "rebuilding" // being opened, caught up or rebuilt
	StateReady      = "ready"
	StateFailed     = "failed" // could not be opened; see the log
)

// Holder serves the index behind an atomic pointer, so that a server can
// listen while the index is opened or rebuilt (`lifa serve` opens it in
// the background: a damaged index takes a while to rebuild). The zero
// Holder is off: no index configured. A Holder must not be copied.
type Holder struct {
	ix    atomic.Pointer[Index]
	state atomic.Value // string, one of the states
}

// Index returns the index when it is ready, else nil.
func (h *Holder) Index() *Index { return h.ix.Load() }

// Status returns the holder's state: StateOff, StateRebuilding,
// StateReady or StateFailed.
func (h *Holder) Status() string {
	if v, ok := h.state.Load().(string); ok {
		return v
	}
	return StateOff
}

// Pending says that an index is configured and being opened: rebuilding
// until Set (or Failed). It changes nothing once the holder is on.
func (h *Holder) Pending() {
	if h.Status() == StateOff {
		h.state.Store(StateRebuilding)
	}
}

// Set makes ix the index served, from now on. Safe to call while the
// index is in use.
func (h *Holder) Set(ix *Index) {
	h.ix.Store(ix)
	h.state.Store(StateReady)
}

// Failed records that the index could not be opened, unless one is
// already served.
func (h *Holder) Failed() {
	if h.Index() == nil {
		h.state.Store(StateFailed)
	}
}

// Ready returns the index, or EUNAVAILABLE saying in Chinese why there is
// none: being rebuilt (try again shortly; Status says StateRebuilding),
// failed, or not configured.
func (h *Holder) Ready() (*Index, error) {
	if ix := h.Index(); ix != nil {
		return ix, nil
	}
	switch h.Status() {
	case StateRebuilding:
		return nil, drafts.Errorf(drafts.EUNAVAILABLE, "检索索引正在重建，请稍后再试；其他页面不受影响。")
	case StateFailed:
		return nil, drafts.Errorf(drafts.EUNAVAILABLE, "检索服务暂不可用，请联系管理员。")
	}
	return nil, drafts.Errorf(drafts.EUNAVAILABLE, "检索服务未启用。")
}
