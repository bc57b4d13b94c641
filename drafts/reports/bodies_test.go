package reports

import (
	"testing"

	"lifa/drafts"
)

func TestParseRevision(t *testing.T) {
	if n, err := ParseRevision("3"); err != nil || n != 3 {
		t.Errorf("ParseRevision(3) = %d, %v", n, err)
	}
	for _, rev := range []string{"", "x", " 3"} {
		if _, err := ParseRevision(rev); drafts.ErrorMessage(err) != "请指明要定稿的稿次。" {
			t.Errorf("ParseRevision(%q) = %v", rev, err)
		}
	}
}
