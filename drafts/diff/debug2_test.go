package diff

import (
	"os"
	"testing"
)

func TestDebugTruthDice(t *testing.T) {
	if os.Getenv("DEBUG_TRUTH") == "" {
		t.Skip()
	}
	for _, tc := range [][3]string{{"lifafa-2015.md", "lifafa-2023.md", "lifafa-mapping.csv"}, {"fbzd-2019.md", "fbzd-2025.md", "fbzd-mapping.csv"}, {"zhian-2012.md", "zhian-2025.md", "zhian-2012-2025-mapping.csv"}, {"zhian-draft2.md", "zhian-2025.md", "zhian-draft2-2025-mapping.csv"}} {
		old, new := readDoc(t, tc[0]), readDoc(t, tc[1])
		pr := &profiler{ids: map[uint64]int32{}}
		for _, l := range readMapping(t, tc[2]) {
			if l[0] == 0 || l[1] == 0 {
				continue
			}
			a, b := pr.profile(old.Articles[l[0]-1].Text), pr.profile(new.Articles[l[1]-1].Text)
			if d := dice(a.bg, b.bg); d < 0.5 {
				t.Logf("%s %v dice=%.3f", tc[2], l, d)
			}
		}
	}
}
