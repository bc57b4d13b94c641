package diff

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestDebugPairs prints similarity figures for DEBUG_PAIRS="old.md new.md o:n o:n".
func TestDebugPairs(t *testing.T) {
	env := os.Getenv("DEBUG_PAIRS")
	if env == "" {
		t.Skip("DEBUG_PAIRS not set")
	}
	f := strings.Fields(env)
	old, new := readDoc(t, f[0]), readDoc(t, f[1])
	pr := &profiler{ids: map[uint64]int32{}}
	for _, p := range f[2:] {
		x := strings.Split(p, ":")
		o, _ := strconv.Atoi(x[0])
		n, _ := strconv.Atoi(x[1])
		a, b := pr.profile(old.Articles[o-1].Text), pr.profile(new.Articles[n-1].Text)
		t.Logf("%d:%d dice=%.3f cont(new in old)=%.3f cont(old in new)=%.3f\n  O: %.200s\n  N: %.200s", o, n, dice(a.bg, b.bg), containment(b.bg, a.bg), containment(a.bg, b.bg), old.Articles[o-1].Text, new.Articles[n-1].Text)
	}
}

// TestDebugPartOf prints partOf figures for DEBUG_PART="old.md new.md o:got:x ...".
func TestDebugPartOf(t *testing.T) {
	env := os.Getenv("DEBUG_PART")
	if env == "" {
		t.Skip("DEBUG_PART not set")
	}
	f := strings.Fields(env)
	old, new := readDoc(t, f[0]), readDoc(t, f[1])
	pr := &profiler{ids: map[uint64]int32{}}
	for _, p := range f[2:] {
		x := strings.Split(p, ":")
		o, _ := strconv.Atoi(x[0])
		g, _ := strconv.Atoi(x[1])
		n, _ := strconv.Atoi(x[2])
		w, gp, xp := pr.profile(old.Articles[o-1].Text), pr.profile(new.Articles[g-1].Text), pr.profile(new.Articles[n-1].Text)
		docs := make([]profile, 0, len(old.Articles)+len(new.Articles))
		for _, a := range old.Articles {
			docs = append(docs, pr.profile(a.Text))
		}
		for _, a := range new.Articles {
			docs = append(docs, pr.profile(a.Text))
		}
		wt := weights(len(pr.ids), docs)
		cx := wcontainment(xp.bg, w.bg, wt)
		before := containment(w.bg, gp.bg)
		after := containment(w.bg, union(gp.bg, xp.bg))
		t.Logf("%s cx=%.3f covgain=%.3f partOf=%.3f", p, cx, after-before, partOf(w, gp.bg, xp, wt))
	}
}
