// Package diff compares two versions of a regulation article by article and
// produces the comparison table (对照表).
//
// Compare aligns the articles of the old and the new text first — identical
// articles by hash, the rest by text similarity with an order-preserving
// dynamic programme, then moves, splits (one article became several) and
// merges among what is left (a merge may also take several old articles into
// several new ones, and articles of a lead and a list condensed into a
// neighbour's new article that keeps only the leads) — and diffs the
// characters of each aligned pair second (go-diff's DiffMainRunes with
// go-diff's semantic clean-up, sentence by sentence). Pairs whose
// only change is a cross-reference renumbered in step with the alignment are
// recognised as "renumbered". Chapters and sections inserted, removed or
// renamed are listed in Comparison.Divisions.
//
// One Comparison is rendered four ways: JSON (the struct's own encoding),
// plain text (WriteText), HTML (WriteHTML, Body) and a Word table (WriteDocx).
package diff

import (
	"cmp"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"lifa/drafts"
)

// Kind says what became of an article between two versions.
type Kind string

// The kinds of change, as they appear in JSON.
const (
	Unchanged  Kind = "unchanged"  // same text, same number
	Renumbered Kind = "renumbered" // same text up to renumbered cross-references, or only the number changed
	Modified   Kind = "modified"   // text changed
	Added      Kind = "added"      // new article (old is empty)
	Deleted    Kind = "deleted"    // article removed (new is empty)
	Moved      Kind = "moved"      // article moved out of order (text may have changed too)
	Split      Kind = "split"      // one old article became several new ones
	Merged     Kind = "merged"     // several old articles became one (or several, reshuffled)
)

// Kinds lists every kind in the order summaries show them.
var Kinds = []Kind{Unchanged, Renumbered, Modified, Added, Deleted, Moved, Split, Merged}

// Label returns the kind's Chinese name for people: 未修改, 仅序号变化 ….
func (k Kind) Label() string {
	switch k {
	case Unchanged:
		return "未修改"
	case Renumbered:
		return "仅序号变化"
	case Modified:
		return "修改"
	case Added:
		return "新增"
	case Deleted:
		return "删除"
	case Moved:
		return "移动"
	case Split:
		return "拆分"
	case Merged:
		return "合并"
	}
	return string(k)
}

// Side describes one of the two compared texts.
type Side struct {
	Title    string `json:"title"`
	Articles int    `json:"articles"`
}

// Stats counts the changes of each kind (a split or a merge counts once).
type Stats struct {
	Unchanged  int `json:"unchanged"`
	Renumbered int `json:"renumbered"`
	Modified   int `json:"modified"`
	Added      int `json:"added"`
	Deleted    int `json:"deleted"`
	Moved      int `json:"moved"`
	Split      int `json:"split"`
	Merged     int `json:"merged"`
}

// Count returns the number of changes of kind k.
func (s Stats) Count(k Kind) int {
	switch k {
	case Unchanged:
		return s.Unchanged
	case Renumbered:
		return s.Renumbered
	case Modified:
		return s.Modified
	case Added:
		return s.Added
	case Deleted:
		return s.Deleted
	case Moved:
		return s.Moved
	case Split:
		return s.Split
	case Merged:
		return s.Merged
	}
	return 0
}

func (s *Stats) add(k Kind) {
	switch k {
	case Unchanged:
		s.Unchanged++
	case Renumbered:
		s.Renumbered++
	case Modified:
		s.Modified++
	case Added:
		s.Added++
	case Deleted:
		s.Deleted++
	case Moved:
		s.Moved++
	case Split:
		s.Split++
	case Merged:
		s.Merged++
	}
}

// Ref names one article on one side of a change.
type Ref struct {
	Num   int    `json:"num"`
	Sub   int    `json:"sub,omitempty"`
	Label string `json:"label"`
	// Index is the article's index in its Document.Articles.
	Index int `json:"index"`
	// Path names the divisions holding the article (第一章 总则 …).
	Path []string `json:"path,omitempty"`
	// Text is the article's text (without its label).
	Text string `json:"text"`
}

// Op is one span of a character diff: "equal", "insert" or "delete".
type Op struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// The values of Op.Op.
const (
	OpEqual  = "equal"
	OpInsert = "insert"
	OpDelete = "delete"
)

// Change is one row of the comparison table: old articles, what they became,
// and the character diff between the two sides (several articles on one side
// are joined with "\n").
type Change struct {
	Kind Kind  `json:"kind"`
	Old  []Ref `json:"old"`
	New  []Ref `json:"new"`
	// Similarity is 2·(equal characters)/(old+new characters) of the
	// character diff before semantic clean-up, 0 for added and deleted
	// articles.
	Similarity float64 `json:"similarity"`
	Diff       []Op    `json:"diff"`
	// Coarse is set when the character diff was given up for part of the
	// text (time budget) and that part is shown as whole sentences.
	Coarse bool `json:"coarse,omitempty"`
	// Moved is set on a change of another kind whose articles are also out
	// of order (e.g. a modified article that moved).
	Moved bool `json:"moved,omitempty"`
	// Renumbered references: the cross-references changed only because
	// articles were renumbered (set on renumbered changes).
	RefsRenumbered bool `json:"refs_renumbered,omitempty"`
}

// Changed reports whether the change is worth showing unfolded (anything
// but an unchanged or merely renumbered article).
func (c *Change) Changed() bool { return c.Kind != Unchanged && c.Kind != Renumbered }

// DivisionRef names a 编, 章 or 节 heading on one side.
type DivisionRef struct {
	Level drafts.DivisionLevel `json:"level"`
	Num   int                  `json:"num"`
	Label string               `json:"label"`
	Title string               `json:"title"`
}

// DivisionChange says what became of a chapter or section heading:
// "unchanged", "renumbered", "renamed", "added" or "deleted".
type DivisionChange struct {
	Kind string       `json:"kind"`
	Old  *DivisionRef `json:"old,omitempty"`
	New  *DivisionRef `json:"new,omitempty"`
}

// Comparison is the result of comparing two versions: the 对照表.
type Comparison struct {
	Old   Side  `json:"old"`
	New   Side  `json:"new"`
	Stats Stats `json:"stats"`
	// Changes are in the order of the new text; deleted articles stand
	// after the article that preceded them in the old text.
	Changes   []Change         `json:"changes"`
	Divisions []DivisionChange `json:"divisions"`
	// Coarse is set when any change has a coarse diff.
	Coarse bool `json:"coarse,omitempty"`
	// Elapsed is how long the comparison took, in milliseconds.
	ElapsedMS float64 `json:"elapsed_ms"`
}

// Options tune Compare. The zero value gives the defaults.
type Options struct {
	// Threshold is the least bigram similarity (Dice) for two articles
	// to be aligned in order; default 0.35 (half that for the only
	// article between two aligned neighbours on both sides).
	Threshold float64
	// MoveThreshold is the least similarity for an out-of-order pair to
	// count as a move; default 0.5.
	MoveThreshold float64
	// Budget bounds the wall time of the whole comparison: character
	// diffs still running when it is spent fall back to whole sentences
	// and are marked coarse. The diffs get at least MinDiffTime after the
	// alignment whatever the budget. Defaults 650 ms and 250 ms.
	Budget      time.Duration
	MinDiffTime time.Duration
}

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Threshold <= 0 {
		r.Threshold = 0.35
	}
	if r.MoveThreshold <= 0 {
		r.MoveThreshold = 0.5
	}
	if r.Budget <= 0 {
		r.Budget = 650 * time.Millisecond
	}
	if r.MinDiffTime <= 0 {
		r.MinDiffTime = 250 * time.Millisecond
	}
	return r
}

// Compare aligns the articles of old and new and diffs each aligned pair.
// It returns an EINVALID *drafts.Error when either text is not valid UTF-8.
func Compare(old, new *drafts.Document, opt *Options) (*Comparison, error) {
	start := time.Now()
	o := opt.withDefaults()
	valid := true
	for _, d := range []*drafts.Document{old, new} {
		if d == nil {
			return nil, drafts.Errorf(drafts.EINVALID, "缺少要比较的文本")
		}
		for _, a := range d.Articles {
			valid = valid && utf8.ValidString(a.Label)
		}
	}
	// Align twice: the second time with the old text's cross-references
	// renumbered by the first alignment, so that "违反本法第十二条规定"
	// meets "违反本法第十三条规定" when article 12 became 13.
	pr := &profiler{}
	op, np, ok := pr.profiles(old.Articles, new.Articles) // the texts are checked as they are read
	if !valid || !ok {
		for _, d := range []*drafts.Document{old, new} {
			for _, a := range d.Articles {
				if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Label) {
					return nil, drafts.Errorf(drafts.EINVALID, "%s不是有效的 UTF-8 文本", a.Label)
				}
			}
		}
	}
	w := &idf{sides: [][]profile{op, np}, n: pr.nids()}
	ov := newOverlaps(op, np, pr.nids())
	al := align(op, np, ov, w, newMarker(pr.nids()), nil, o)
	var spec *speculation
	if numMap := al.numberMap(old.Articles, new.Articles); len(numMap) > 0 {
		if runtime.GOMAXPROCS(0) > 1 && len(al.groups) >= 16 {
			// Diff the first pass's pairs on another core meanwhile.
			spec = speculate(al.groups, old.Articles, new.Articles, &deadline{end: start.Add(o.Budget)})
		}
		al = realign(al, old.Articles, numMap, pr, op, np, ov, w, o)
	}
	c := &Comparison{
		Old: Side{Title: old.Title, Articles: len(old.Articles)},
		New: Side{Title: new.Title, Articles: len(new.Articles)},
	}
	// The budget counts from the start, but leaves the diffs some time
	// even when the alignment was slow (a busy machine).
	end := start.Add(o.Budget)
	if min := time.Now().Add(o.MinDiffTime); end.Before(min) {
		end = min
	}
	dl := &deadline{end: end}
	numMap := al.numberMap(old.Articles, new.Articles)
	pre := spec.finish()
	c.Changes = make([]Change, len(al.groups))
	build := func(k int, td *textDiffer) {
		c.Changes[k] = buildChange(al.groups[k], old.Articles, new.Articles, op, np, numMap, pre, dl, td)
	}
	// The character diffs are independent: share them among the cores
	// (each worker takes the next group; the result keeps group order).
	if workers := min(runtime.GOMAXPROCS(0), maxWorkers, len(al.groups)/8); workers > 1 {
		// Longest first, so that no worker is left with a long diff
		// at the end while the others idle.
		order := make([]int, len(al.groups))
		cost := make([]int, len(al.groups))
		for k, g := range al.groups {
			order[k] = k
			if len(g.old) == 1 && len(g.new) == 1 && old.Articles[g.old[0]].Text == new.Articles[g.new[0]].Text {
				continue // identical: no diff
			}
			for _, i := range g.old {
				cost[k] += len(old.Articles[i].Text)
			}
			for _, j := range g.new {
				cost[k] += len(new.Articles[j].Text)
			}
		}
		sort.SliceStable(order, func(a, b int) bool { return cost[order[a]] > cost[order[b]] })
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				td := &textDiffer{}
				for n := int(next.Add(1) - 1); n < len(order); n = int(next.Add(1) - 1) {
					build(order[n], td)
				}
			})
		}
		wg.Wait()
	} else {
		td := &textDiffer{}
		for k := range al.groups {
			build(k, td)
		}
	}
	c.Changes = orderChanges(c.Changes)
	for i := range c.Changes {
		c.Stats.add(c.Changes[i].Kind)
		if c.Changes[i].Coarse {
			c.Coarse = true
		}
	}
	c.Divisions = compareDivisions(old, new, al)
	c.ElapsedMS = float64(time.Since(start).Microseconds()) / 1000
	return c, nil
}

// realign aligns the articles again with the cross-references of the old
// texts renumbered by numMap (from the first alignment al), keeping the
// confident in-order pairs of al as anchors, so that only the uncertain
// stretches are aligned again. It returns al when no reference changed.
func realign(al *alignment, olds []*drafts.Article, numMap map[[2]int][2]int, pr *profiler, op, np []profile, ov *overlaps, w *idf, o Options) *alignment {
	rp := make([]profile, len(op))
	renumbered := make([]bool, len(op))
	changed := false
	for i, a := range olds {
		rp[i] = op[i]
		if t := RenumberRefs(a.Text, numMap); t != a.Text {
			rp[i] = pr.profile(t)
			renumbered[i], changed = true, true
		}
	}
	if !changed {
		return al
	}
	rov := ov.with(rp, renumbered)
	var seed [][2]int
	mk := newMarker(pr.nids())
	for _, g := range al.groups {
		if g.kind != "" || g.moved || len(g.old) != 1 || len(g.new) != 1 {
			continue
		}
		i, j := g.old[0], g.new[0]
		if diceN(rov.pair(i, j, np[j], mk), len(rp[i].ids), len(np[j].ids)) >= 0.7 {
			seed = append(seed, [2]int{i, j})
		}
	}
	return align(rp, np, rov, w, mk, seed, o)
}

func refOf(a *drafts.Article, i int) Ref {
	return Ref{Num: a.Num, Sub: a.Sub, Label: a.Label, Index: i, Path: a.Path, Text: a.Text}
}

// speculation diffs the 1:1 pairs of the first alignment on another core
// while the second alignment runs; buildChange takes a pair's diff from it
// when the pair survived. Only diffs that finished within the budget (not
// coarse) are kept, so that they are what buildChange would compute.
type speculation struct {
	stop atomic.Bool
	wg   sync.WaitGroup
	mu   sync.Mutex
	done map[[2]int]specDiff
}

// specDiff is textDiffer.diff's result for one pair.
type specDiff struct {
	ops []Op
	sim float64
}

func speculate(groups []group, olds, news []*drafts.Article, dl *deadline) *speculation {
	sp := &speculation{done: map[[2]int]specDiff{}}
	var pairs [][2]int
	for _, g := range groups {
		if len(g.old) == 1 && len(g.new) == 1 && olds[g.old[0]].Text != news[g.new[0]].Text {
			pairs = append(pairs, [2]int{g.old[0], g.new[0]})
		}
	}
	// Longest first: the most to gain.
	cost := func(p [2]int) int { return len(olds[p[0]].Text) + len(news[p[1]].Text) }
	sort.SliceStable(pairs, func(a, b int) bool { return cost(pairs[a]) > cost(pairs[b]) })
	sp.wg.Go(func() {
		td := &textDiffer{}
		for _, p := range pairs {
			if sp.stop.Load() {
				return
			}
			if ops, coarse, sim := td.diff(olds[p[0]].Text, news[p[1]].Text, dl); !coarse {
				sp.mu.Lock()
				sp.done[p] = specDiff{ops: ops, sim: sim}
				sp.mu.Unlock()
			}
		}
	})
	return sp
}

// finish stops the speculation and returns the diffs it finished (nil for
// no speculation); the map is only read from then on.
func (sp *speculation) finish() map[[2]int]specDiff {
	if sp == nil {
		return nil
	}
	sp.stop.Store(true)
	sp.wg.Wait()
	return sp.done
}

// maxWorkers bounds the goroutines one comparison diffs with.
const maxWorkers = 4

// buildChange turns an aligned group into a Change with its diff (made
// with td). op and np are the profiles of the articles as written (their
// norm is the normalised text).
func buildChange(g group, olds, news []*drafts.Article, op, np []profile, numMap map[[2]int][2]int, pre map[[2]int]specDiff, dl *deadline, td *textDiffer) Change {
	ch := Change{Kind: g.kind, Moved: g.moved, Old: []Ref{}, New: []Ref{}}
	var ot, nt []string
	for _, i := range g.old {
		ch.Old = append(ch.Old, refOf(olds[i], i))
		ot = append(ot, olds[i].Text)
	}
	for _, j := range g.new {
		ch.New = append(ch.New, refOf(news[j], j))
		nt = append(nt, news[j].Text)
	}
	a, b := joinTexts(ot), joinTexts(nt)
	switch {
	case len(g.old) == 0:
		ch.Kind = Added
		ch.Diff = []Op{{Op: OpInsert, Text: b}}
		return ch
	case len(g.new) == 0:
		ch.Kind = Deleted
		ch.Diff = []Op{{Op: OpDelete, Text: a}}
		return ch
	}
	if d, ok := pre[[2]int{g.old[0], g.new[0]}]; ok && len(g.old) == 1 && len(g.new) == 1 {
		ch.Diff, ch.Similarity = d.ops, d.sim
	} else {
		ch.Diff, ch.Coarse, ch.Similarity = td.diff(a, b, dl)
	}
	if ch.Kind == "" { // a 1:1 pair in order
		on, nn := olds[g.old[0]], news[g.new[0]]
		switch {
		case op[g.old[0]].norm == np[g.new[0]].norm: // normalize(a) == normalize(b)
			if on.Num == nn.Num && on.Sub == nn.Sub {
				ch.Kind = Unchanged
			} else {
				ch.Kind = Renumbered
			}
		case renumberedEqual(a, np[g.new[0]].norm, numMap):
			ch.Kind = Renumbered
			ch.RefsRenumbered = true
		default:
			ch.Kind = Modified
		}
		if g.moved {
			ch.Kind = Moved
		}
	}
	return ch
}

// renumberedEqual reports whether a with its cross-references renumbered
// by numMap normalises to nnorm. Callers know a itself does not, so when
// no reference changes the answer is no.
func renumberedEqual(a, nnorm string, numMap map[[2]int][2]int) bool {
	r := RenumberRefs(a, numMap)
	return r != a && normalize(r) == nnorm
}

func joinTexts(ts []string) string {
	switch len(ts) {
	case 0:
		return ""
	case 1:
		return ts[0]
	}
	n := 0
	for _, t := range ts {
		n += len(t) + 1
	}
	b := make([]byte, 0, n)
	for i, t := range ts {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, t...)
	}
	return string(b)
}

// orderChanges sorts changes into new-text order, each deleted article
// right after the change holding the old article before it.
func orderChanges(cs []Change) []Change {
	// keys, and the change's index in cs: sorting them moves less than
	// sorting the changes.
	type keyed struct{ k1, k2, k3, i int }
	// position of each old index in new order (-1 for none)
	n := 0
	for i := range cs {
		for _, r := range cs[i].Old {
			n = max(n, r.Index+1)
		}
	}
	oldPos := make([]int, n)
	for i := range oldPos {
		oldPos[i] = -1
	}
	for i := range cs {
		if c := &cs[i]; len(c.New) > 0 {
			for _, r := range c.Old {
				oldPos[r.Index] = c.New[0].Index
			}
		}
	}
	ks := make([]keyed, 0, len(cs))
	for i := range cs {
		c := &cs[i]
		if len(c.New) > 0 {
			ks = append(ks, keyed{c.New[0].Index, 0, 0, i})
			continue
		}
		oi := c.Old[0].Index
		k1 := -1
		for p := oi - 1; p >= 0; p-- {
			if oldPos[p] >= 0 {
				k1 = oldPos[p]
				break
			}
		}
		ks = append(ks, keyed{k1, 1, oi, i})
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.k1, b.k1), cmp.Compare(a.k2, b.k2), cmp.Compare(a.k3, b.k3))
	})
	out := make([]Change, len(ks))
	for i, k := range ks {
		out[i] = cs[k.i]
	}
	return out
}
