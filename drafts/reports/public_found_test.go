package reports

import (
	"testing"

	"lifa/drafts"
)

func TestPublicFeedback_Found(t *testing.T) {
	f := &PublicFeedback{Notice: "征求意见结束后公布。"}
	if err := f.Found(); drafts.ErrorCode(err) != drafts.ENOTFOUND || drafts.ErrorMessage(err) != f.Notice {
		t.Errorf("Found() = %v, want ENOTFOUND with the notice", err)
	}
	f.Preview = true
	if err := f.Found(); err != nil {
		t.Errorf("a preview: Found() = %v", err)
	}
}
