package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	bolt "go.etcd.io/bbolt"

	"lifa/drafts"
)

func idArticle(versionID int64, i int) string {
	return "a:" + strconv.FormatInt(versionID, 10) + ":" + strconv.Itoa(i)
}
func idVersion(versionID int64) string { return "v:" + strconv.FormatInt(versionID, 10) }
func idRegulation(id int64) string     { return "r:" + strconv.FormatInt(id, 10) }
func idOpinion(id int64) string        { return "o:" + strconv.FormatInt(id, 10) }

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// artKey is the value of fArt for article num and sub: "10", "10-1".
func artKey(num, sub int) string {
	if sub > 0 {
		return strconv.Itoa(num) + "-" + strconv.Itoa(sub)
	}
	return strconv.Itoa(num)
}

// docSink receives documents: a *preDoc or a map for the mapping. It is
// a shard's batch (batchSink) or, for rebuilds, a bleve.Builder (whose
// mapping is a docMapping).
type docSink interface {
	Index(id string, data any) error
}

// batchSink adds documents to a bleve batch.
type batchSink struct{ b *bleve.Batch }

// Index implements docSink.
func (s batchSink) Index(id string, data any) error {
	if p, ok := data.(*preDoc); ok {
		return s.b.IndexAdvanced(p.document(id))
	}
	return s.b.Index(id, data)
}

// idDoc is a document and its id.
type idDoc struct {
	id  string
	doc any
}

// artInfo packs what a hit shows of its article into one stored field:
// number, sub-number, label and path, separated by unitSep.
func artInfo(a *drafts.Article) string {
	return strings.Join([]string{strconv.Itoa(a.Num), strconv.Itoa(a.Sub), a.Label, strings.Join(a.Path, " › ")}, unitSep)
}

const unitSep = "\x1f"

// parseArtInfo reads an artInfo value.
func parseArtInfo(s string) (num, sub int, label, path string) {
	f := strings.SplitN(s, unitSep, 4)
	for len(f) < 4 {
		f = append(f, "")
	}
	num, _ = strconv.Atoi(f[0])
	sub, _ = strconv.Atoi(f[1])
	return num, sub, f[2], f[3]
}

// versionDocs returns the documents of version v of reg: one per article
// (analysed here, see docs.go) and the version marker, which carries the
// version's metadata (see verMeta).
func versionDocs(reg *drafts.Regulation, v *drafts.Version, latest bool) []idDoc {
	rid := strconv.FormatInt(reg.ID, 10)
	vid := strconv.FormatInt(v.ID, 10)
	text, art := fTextOld, fArtOld
	if latest {
		text, art = fText, fArt
	}
	out := make([]idDoc, 0, articleCount(v)+1)
	if v.Document != nil {
		// the version's and the regulation's fields are the same in
		// every article: made once, they are shared (bleve and zap only
		// read a keyword field)
		facet, regf := keywordField(fFacet, vid, false, true), keywordField(fReg, rid, false, false)
		for i, a := range v.Document.Articles {
			d := &preDoc{fields: make([]*field, 0, 6)}
			d.add(textField(text, a.Text))
			d.add(storedField(fBody, a.Text))
			d.add(storedField(fArtInfo, artInfo(a)))
			d.add(facet)
			d.add(regf)
			d.add(keywordField(art, artKey(a.Num, a.Sub), false, false))
			out = append(out, idDoc{idArticle(v.ID, i), d})
		}
	}
	vd := map[string]any{
		fType: kindVersion, fReg: rid, fVersion: vid, fLatest: flag(latest),
		fNum: strconv.Itoa(articleCount(v)), fRegTitle: reg.Title, fStage: v.Stage,
		fStageName: v.StageName, fVLabel: v.Label,
	}
	for k, val := range map[string]string{fCommittee: reg.Committee, fDate: v.Date, fLevel: string(reg.Level), fRegion: reg.Region} {
		if val != "" {
			vd[k] = val
		}
	}
	return append(out, idDoc{idVersion(v.ID), vd})
}

// addVersion adds to b the documents of version v of reg (versionDocs)
// and returns the number of articles.
func addVersion(b docSink, reg *drafts.Regulation, v *drafts.Version, latest bool) (int, error) {
	return indexDocs(b, versionDocs(reg, v, latest))
}

// indexDocs adds docs to b and returns how many were articles.
func indexDocs(b docSink, docs []idDoc) (int, error) {
	n := 0
	for _, d := range docs {
		if err := b.Index(d.id, d.doc); err != nil {
			return n, fmt.Errorf("search: index %s: %w", d.id, err)
		}
		if strings.HasPrefix(d.id, "a:") {
			n++
		}
	}
	return n, nil
}

func articleCount(v *drafts.Version) int {
	if v.Document == nil {
		return 0
	}
	return len(v.Document.Articles)
}

// addRegulation adds the regulation's own document (searched by title).
func addRegulation(b docSink, reg *drafts.Regulation) error {
	d := map[string]any{
		fType:     kindRegulation,
		fReg:      strconv.FormatInt(reg.ID, 10),
		fTitle:    reg.Title,
		fTitleUni: reg.Title,
		fVis:      visPublic,
	}
	if reg.Committee != "" {
		d[fCommittee] = reg.Committee
	}
	return b.Index(idRegulation(reg.ID), d)
}

// latestID returns the id of the newest version (highest Seq), 0 if none.
func latestID(vs []*drafts.Version) int64 {
	var id int64
	best := -1
	for _, v := range vs {
		if v.Seq > best || (v.Seq == best && v.ID > id) {
			best, id = v.Seq, v.ID
		}
	}
	return id
}

// Rebuild builds a complete new index from src into a fresh directory
// under dir, records the store's last change Seq read before the build,
// and makes it current by atomically replacing dir/CURRENT. It returns the
// new directory's name. Processes that have the old index open switch to
// the new one on their next follow step.
func Rebuild(ctx context.Context, dir string, src Source, opts Options) (string, error) {
	opts = opts.withDefaults()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("search: %w", err)
	}
	seq, err := src.LastChangeSeq(ctx)
	if err != nil {
		return "", fmt.Errorf("search: rebuild: %w", err)
	}
	name := fmt.Sprintf("index-%s-%d", time.Now().UTC().Format("20060102T150405.000"), os.Getpid())
	path := filepath.Join(dir, name)
	fail := func(err error) (string, error) {
		os.RemoveAll(path)
		return "", err
	}
	regs, err := src.ListRegulations(ctx)
	if err != nil {
		return "", fmt.Errorf("search: rebuild: %w", err)
	}
	// Count versions first for the progress bar.
	type regVers struct {
		reg *drafts.Regulation
		vs  []*drafts.Version
	}
	all := make([]regVers, 0, len(regs))
	total := 0
	for _, r := range regs {
		vs, err := src.Versions(ctx, r.ID)
		if err != nil {
			return "", fmt.Errorf("search: rebuild: versions of %d: %w", r.ID, err)
		}
		all = append(all, regVers{r, vs})
		total += len(vs)
	}
	// Each shard is built by bleve's offline builder, which writes
	// segments of BatchSize/shardCount documents and merges them once at
	// the end: no per-batch fsync and no online merging, and each shard
	// is one segment, which queries fastest. mergeMax is high enough that
	// a shard of the bulk corpus is merged in one pass instead of two (7 %
	// faster than mergeMax 20, BenchmarkIndexBulk).
	blds := make([]bleve.Builder, shardCount)
	for i := range blds {
		bld, err := bleve.NewBuilder(shardPath(path, i), docMapping{newMapping().(*mapping.IndexMappingImpl)}, map[string]any{
			"batchSize":       max(opts.BatchSize/shardCount, 1),
			"mergeMax":        100,
			"buildPathPrefix": dir,
		})
		if err != nil {
			for _, b := range blds[:i] {
				b.Close()
			}
			return fail(fmt.Errorf("search: create index: %w", err))
		}
		blds[i] = bld
	}
	// Versions are read from the store (their articles alone when it is
	// an ArticleSource, see loadVersion) by two loaders while one
	// goroutine per shard feeds that shard's builder (the builders are
	// single-threaded), so that loading and the shards' building overlap
	// on the machine's cores.
	type job struct {
		rv     *regVers
		meta   *drafts.Version
		latest bool
	}
	type loaded struct {
		job
		docs []idDoc
		err  error
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job)
	// analysed versions are large (tens of KB an article): few wait
	results := make(chan loaded, 2)
	go func() {
		defer close(jobs)
		for i := range all {
			rv := &all[i]
			latest := latestID(rv.vs)
			for _, meta := range rv.vs {
				select {
				case jobs <- job{rv, meta, meta.ID == latest}:
				case <-lctx.Done():
					return
				}
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var docs []idDoc
				v, err := loadVersion(lctx, src, j.meta)
				if err == nil {
					docs = versionDocs(j.rv.reg, v, j.latest)
				}
				select {
				case results <- loaded{j, docs, err}:
				case <-lctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// Each shard's feeder takes functions that add documents to its
	// builder; the first error stops the rebuild. A builder takes its
	// documents one by one and then spends seconds building a segment of
	// them; meanwhile the other shard must be able to take documents too,
	// or the two builders take turns instead of using both cores. So a
	// shard's feed holds up to two segments' worth of documents
	// (feed.wait) rather than two versions: with two versions a feed the
	// builders waited for documents 28 % of the time of feeding them, with
	// one segment's worth 11–18 %, with two 1–2 % (BenchmarkIndexBulk;
	// peak RSS unchanged, ~250 MB).
	var (
		errMu    sync.Mutex
		firstErr error
		done     int
	)
	setErr := func(err error) {
		errMu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
		errMu.Unlock()
	}
	perSeg := max(opts.BatchSize/shardCount, 1)
	feeds := make([]*feed, shardCount)
	var fwg sync.WaitGroup
	for i := range feeds {
		feeds[i] = newFeed(2 * perSeg)
		fwg.Add(1)
		go func(sink *segMarker, f *feed) {
			defer fwg.Done()
			for it := range f.ch {
				if lctx.Err() == nil {
					if err := it.add(sink); err != nil {
						setErr(err)
					}
				}
				f.done(it.n) // also while draining
			}
		}(newSegMarker(blds[i], i, perSeg), feeds[i])
	}
	send := func(reg int64, n int, add func(docSink) error) {
		f := feeds[shardOf(reg)]
		f.wait(n)
		f.ch <- feedItem{n, add}
	}
	for _, f := range feeds {
		// bleve's builder cannot close without a document: the first
		// segment's marker is always there
		f.wait(1)
		f.ch <- feedItem{1, func(b docSink) error { return b.(*segMarker).mark() }}
	}
	for _, rv := range all {
		reg := rv.reg
		send(reg.ID, 1, func(b docSink) error { return addRegulation(b, reg) })
	}
	for r := range results {
		if r.err != nil {
			setErr(fmt.Errorf("search: rebuild: version %d: %w", r.meta.ID, r.err))
			continue
		}
		send(r.rv.reg.ID, len(r.docs), func(b docSink) error {
			if _, err := indexDocs(b, r.docs); err != nil {
				return err
			}
			errMu.Lock()
			done++
			if opts.Progress != nil {
				opts.Progress(done, total)
			}
			errMu.Unlock()
			return nil
		})
	}
	if ol, ok := src.(OpinionLister); ok && lctx.Err() == nil {
		// Opinions whose change-log entries lie before seq would never
		// reach the index otherwise.
		var after int64
		for lctx.Err() == nil {
			list, err := ol.SearchOpinions(lctx, after, 1000)
			if err != nil {
				setErr(fmt.Errorf("search: rebuild: opinions: %w", err))
				break
			}
			if len(list) == 0 {
				break
			}
			for _, o := range list {
				send(o.RegulationID, 1, func(b docSink) error {
					if err := b.Index(idOpinion(o.ID), opinionDoc(o)); err != nil {
						return fmt.Errorf("search: rebuild: opinion %d: %w", o.ID, err)
					}
					return nil
				})
				after = o.ID
			}
		}
	}
	for _, f := range feeds {
		close(f.ch)
	}
	fwg.Wait()
	// The analysed documents are garbage now (tens of KB an article);
	// returned to the system before the merges map every segment, the
	// peak memory of a rebuild is ~80 MB lower (BenchmarkIndexBulk).
	debug.FreeOSMemory()
	// The builders merge their segments as they close, side by side.
	cerrs := make([]error, shardCount)
	var cwg sync.WaitGroup
	for i, bld := range blds {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			cerrs[i] = bld.Close()
		}()
	}
	cwg.Wait()
	if firstErr != nil {
		return fail(firstErr)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	for _, err := range cerrs {
		if err != nil {
			return fail(fmt.Errorf("search: rebuild: %w", err))
		}
	}
	if done != total {
		return fail(fmt.Errorf("search: rebuild: %d of %d versions indexed", done, total))
	}
	return finishRebuild(dir, name, path, seq, opts)
}

// loadVersion returns the version meta (listed by Versions) with what
// Rebuild indexes of its document: the articles alone when src is an
// ArticleSource, else the whole document.
func loadVersion(ctx context.Context, src Source, meta *drafts.Version) (*drafts.Version, error) {
	as, ok := src.(ArticleSource)
	if !ok {
		return src.Version(ctx, meta.ID)
	}
	arts, err := as.VersionArticles(ctx, meta.ID)
	if err != nil {
		return nil, err
	}
	v := *meta
	v.Document = &drafts.Document{Articles: arts}
	return &v, nil
}

// segMarker passes a shard's documents to its builder during a rebuild
// and begins every segment the builder writes (perSeg documents, the
// builder's batch size) with a shard marker document that has every field
// of the mapping, empty (markerDoc). Every segment then has the same
// fields with the same options, which lets zap merge them by copying
// each posting's encoded frequency and norm (and each document's stored
// fields) instead of decoding and re-encoding them: the segments of a
// rebuild otherwise differ (regulations' titles in the first, opinions
// in some). The first segment's marker is the shard's marker "s:<shard>";
// the others are "s:<shard>:<segment>", a few dozen documents of no
// kind a search asks for.
type segMarker struct {
	bld    bleve.Builder
	shard  int
	perSeg int
	n      int // documents given to the builder
	marker *preDoc
}

func newSegMarker(bld bleve.Builder, shard, perSeg int) *segMarker {
	return &segMarker{bld: bld, shard: shard, perSeg: max(perSeg, 2), marker: markerDoc()}
}

// Index implements docSink.
func (s *segMarker) Index(id string, data any) error {
	if s.n%s.perSeg == 0 {
		if err := s.mark(); err != nil {
			return err
		}
	}
	s.n++
	return s.bld.Index(id, data)
}

// mark adds the marker of the segment that begins now.
func (s *segMarker) mark() error {
	id := "s:" + strconv.Itoa(s.shard)
	if s.n > 0 {
		id += ":" + strconv.Itoa(s.n/s.perSeg)
	}
	s.n++
	if err := s.bld.Index(id, s.marker); err != nil {
		return fmt.Errorf("search: index %s: %w", id, err)
	}
	return nil
}

// markerDoc returns a shard marker (fType kindShard) with every field of
// the mapping, with the mapping's options and no terms or values.
func markerDoc() *preDoc {
	props := newMapping().(*mapping.IndexMappingImpl).DefaultMapping.Properties
	names := make([]string, 0, len(props))
	for name, p := range props {
		if len(p.Fields) > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	d := &preDoc{}
	for _, name := range names {
		opts := props[name].Fields[0].Options()
		f := &field{name: name, opts: opts}
		if opts.IsStored() {
			f.value = []byte{}
		}
		if opts.IsIndexed() {
			f.freqs = index.TokenFrequencies{}
		}
		if name == fType {
			tf := &index.TokenFreq{Term: []byte(kindShard)}
			tf.SetFrequency(1)
			f.freqs, f.length = index.TokenFrequencies{kindShard: tf}, 1
		}
		d.add(f)
	}
	return d
}

// feed passes a shard's documents to its builder during a rebuild,
// holding up to max documents (but always at least one item).
type feed struct {
	ch   chan feedItem
	mu   sync.Mutex
	cond *sync.Cond
	n    int // documents in ch or being added
	max  int
}

// feedItem adds n documents to a builder.
type feedItem struct {
	n   int
	add func(docSink) error
}

func newFeed(max int) *feed {
	f := &feed{ch: make(chan feedItem, max+1), max: max}
	f.cond = sync.NewCond(&f.mu)
	return f
}

// wait blocks until n more documents fit, and counts them.
func (f *feed) wait(n int) {
	f.mu.Lock()
	for f.n > 0 && f.n+n > f.max {
		f.cond.Wait()
	}
	f.n += n
	f.mu.Unlock()
}

// done uncounts n documents the builder has taken.
func (f *feed) done(n int) {
	f.mu.Lock()
	f.n -= n
	f.cond.Broadcast()
	f.mu.Unlock()
}

// finishRebuild records the schema, the change Seq and completion in the
// built index at path and makes it current.
func finishRebuild(dir, name, path string, seq int64, opts Options) (string, error) {
	fail := func(err error) (string, error) {
		os.RemoveAll(path)
		return "", err
	}
	idx, err := openShards(path, opts.LockTimeout)
	if err != nil {
		return fail(fmt.Errorf("search: rebuild: open: %w", err))
	}
	for _, p := range idx.parts {
		b := p.NewBatch()
		b.SetInternal(keySchema, []byte(schemaVersion))
		b.SetInternal(keyLastSeq, []byte(strconv.FormatInt(seq, 10)))
		b.SetInternal(keyComplete, []byte("1"))
		if err := p.Batch(b); err != nil {
			idx.Close()
			return fail(fmt.Errorf("search: rebuild: %w", err))
		}
	}
	if err := idx.flush(seq); err != nil {
		idx.Close()
		return fail(fmt.Errorf("search: rebuild: %w", err))
	}
	if err := idx.Close(); err != nil {
		return fail(fmt.Errorf("search: rebuild: close: %w", err))
	}
	if err := writePointer(dir, name); err != nil {
		return fail(fmt.Errorf("search: rebuild: swap: %w", err))
	}
	return name, nil
}

// RemoveUnused deletes index directories under dir that are not current
// and that no process holds open. `lifa reindex` calls it after a swap.
func RemoveUnused(dir string) {
	cur, err := readPointer(dir)
	if err != nil {
		return
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "index-") || e.Name() == cur {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if inUse(p) {
			continue // in use by a running server; it removes it after switching
		}
		os.RemoveAll(p)
	}
}

// inUse reports whether a process holds a shard of the index at path open.
func inUse(path string) bool {
	for i := 0; i < shardCount; i++ {
		db, err := bolt.Open(filepath.Join(shardPath(path, i), "store", "root.bolt"), 0o600, &bolt.Options{Timeout: 50 * time.Millisecond, ReadOnly: true})
		if err != nil {
			if isLockTimeout(err) {
				return true
			}
			continue
		}
		db.Close()
	}
	return false
}

// IndexVersion makes version id searchable now. The server calls it
// before an upload's response is sent, so it does only what that needs:
// one batch with the regulation and the new version's documents. The
// previous latest version is not re-indexed here (that was half the
// work): it is marked stale, excluded from scope=latest searches at once,
// and re-indexed as old by the follower (CatchUp) within its interval.
// Store errors come back wrapped.
func (ix *Index) IndexVersion(ctx context.Context, id int64) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	v, err := ix.src.Version(ctx, id)
	if err != nil {
		return fmt.Errorf("search: version %d: %w", id, err)
	}
	return ix.syncRegulation(ctx, v.RegulationID, map[int64]*drafts.Version{v.ID: v}, true, false, nil, true)
}

// syncRegulation brings the documents of regulation regID in line with the
// store in one batch: a version is (re)indexed when it is missing, when its
// latest flag is wrong, when all is set, or when it is in have and force is
// set. have holds versions already loaded. setSeq, when not nil, is
// recorded as the last applied change in the same batch. With demoteLater,
// versions indexed as latest that no longer are are not re-indexed but
// marked stale (IndexVersion). The caller holds wmu.
func (ix *Index) syncRegulation(ctx context.Context, regID int64, have map[int64]*drafts.Version, force, all bool, setSeq *int64, demoteLater bool) error {
	reg, err := ix.src.Regulation(ctx, regID)
	if err != nil {
		return fmt.Errorf("search: regulation %d: %w", regID, err)
	}
	vs, err := ix.src.Versions(ctx, regID)
	if err != nil {
		return fmt.Errorf("search: versions of %d: %w", regID, err)
	}
	latest := latestID(vs)
	flags, err := ix.versionFlags(vs)
	if err != nil {
		return err
	}
	ix.mu.RLock()
	idx := ix.idx
	ix.mu.RUnlock()
	if idx == nil {
		return errClosed
	}
	b := idx.newBatch()
	if err := addRegulation(b.of(regID), reg); err != nil {
		return err
	}
	gone, err := ix.dropGone(ctx, b, regID, vs)
	if err != nil {
		return err
	}
	metas := map[int64]verMeta{}
	var stale []int64
	for _, meta := range vs {
		want := flag(meta.ID == latest)
		v := have[meta.ID]
		got, indexed := flags[meta.ID]
		if !all && !(force && v != nil) && indexed && got == want {
			continue
		}
		if demoteLater && v == nil && indexed && got == "1" && want == "0" {
			stale = append(stale, meta.ID)
			continue
		}
		if v == nil {
			if v, err = ix.src.Version(ctx, meta.ID); err != nil {
				return fmt.Errorf("search: version %d: %w", meta.ID, err)
			}
		}
		if _, err := addVersion(b.of(regID), reg, v, meta.ID == latest); err != nil {
			return err
		}
		metas[v.ID] = metaOf(reg, v, meta.ID == latest)
	}
	if setSeq != nil {
		b.setSeq(*setSeq)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx != idx {
		return errClosed
	}
	if err := b.run(); err != nil {
		return fmt.Errorf("search: index regulation %d: %w", regID, err)
	}
	ix.mu.RUnlock()
	ix.mu.Lock()
	for id, m := range metas {
		ix.meta[id] = m
		delete(ix.stale, id)
	}
	for _, id := range stale {
		if ix.stale == nil {
			ix.stale = map[int64]bool{}
		}
		ix.stale[id] = true
	}
	for _, id := range gone {
		delete(ix.meta, id)
		delete(ix.stale, id)
	}
	ix.mu.Unlock()
	ix.mu.RLock()
	return nil
}

// dropGone adds to b the deletion of the documents of every version of
// regulation regID that is indexed but no longer one of its readings vs (a
// version withdrawn as uploaded by mistake: the store keeps it, readable by
// id, but it is nobody's reading), and returns their ids.
func (ix *Index) dropGone(ctx context.Context, b *batch, regID int64, vs []*drafts.Version) ([]int64, error) {
	keep := make(map[int64]bool, len(vs))
	for _, v := range vs {
		keep[v.ID] = true
	}
	var gone []int64
	ix.mu.RLock()
	for id, m := range ix.meta {
		if m.reg == regID && !keep[id] {
			gone = append(gone, id)
		}
	}
	ix.mu.RUnlock()
	for _, id := range gone {
		v, err := ix.src.Version(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("search: version %d: %w", id, err)
		}
		for i := range articleCount(v) {
			b.delete(idArticle(id, i))
		}
		b.delete(idVersion(id))
	}
	return gone, nil
}

// staleVersions returns the versions marked stale by IndexVersion.
func (ix *Index) staleVersions() []int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if len(ix.stale) == 0 {
		return nil
	}
	out := make([]int64, 0, len(ix.stale))
	for id := range ix.stale {
		out = append(out, id)
	}
	return out
}

// versionFlags returns the stored latest flag of each indexed version.
func (ix *Index) versionFlags(vs []*drafts.Version) (map[int64]string, error) {
	if len(vs) == 0 {
		return nil, nil
	}
	ids := make([]string, len(vs))
	for i, v := range vs {
		ids[i] = idVersion(v.ID)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fVersion, fLatest}
	req.Score = "none"
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errClosed
	}
	res, err := ix.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: version flags: %w", err)
	}
	out := make(map[int64]string, len(res.Hits))
	for _, h := range res.Hits {
		id, _ := strconv.ParseInt(strings.TrimPrefix(h.ID, "v:"), 10, 64)
		s, _ := h.Fields[fLatest].(string)
		out[id] = s
	}
	return out, nil
}

// CatchUp applies every change the index has not applied yet and returns
// how many it applied. It also switches to a rebuilt index if `lifa
// reindex` swapped one in.
func (ix *Index) CatchUp(ctx context.Context) (int, error) {
	return ix.catchUp(ctx, catchUpAll, 0)
}

// catchUpMode says how catchUp treats runs of opinion changes.
type catchUpMode int

const (
	catchUpAll       catchUpMode = iota // apply everything at once
	catchUpPaced                        // apply, pausing after each run of opinions (see duty)
	catchUpNoOpinion                    // stop at the first opinion change
)

// opinionRun is the most opinion changes applied in one batch.
const opinionRun = 500

// Shares of one core the follower spends applying runs of opinion changes
// in catchUpPaced mode, during a flood (once OpinionLag has passed) and
// after it: after each run it pauses, without holding wmu, for the time
// the run took times (1-duty)/duty.
const (
	floodDuty = 0.25
	quietDuty = 0.5
)

// catchUp is CatchUp in the given mode; duty is for catchUpPaced.
func (ix *Index) catchUp(ctx context.Context, mode catchUpMode, duty float64) (int, error) {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.reloadIfSwapped(); err != nil {
		return 0, err
	}
	applied := 0
	for {
		cs, err := ix.src.ChangesSince(ctx, ix.seq, 500)
		if err != nil {
			return applied, fmt.Errorf("search: changes since %d: %w", ix.seq, err)
		}
		if len(cs) == 0 {
			return applied, nil
		}
		for i := 0; i < len(cs); {
			j := i + 1
			var took time.Duration
			if cs[i].Entity == "opinion" {
				if mode == catchUpNoOpinion {
					return applied, ix.applyAhead(ctx)
				}
				for j < len(cs) && cs[j].Entity == "opinion" && j-i < opinionRun {
					j++
				}
				t0 := time.Now()
				err = ix.applyOpinions(ctx, cs[i:j])
				took = time.Since(t0)
			} else {
				err = ix.apply(ctx, cs[i])
			}
			if err != nil {
				return applied, err
			}
			ix.seq = cs[j-1].Seq
			applied += j - i
			i = j
			if took > 0 && mode == catchUpPaced {
				// the index may be swapped during the pause: read the
				// changes again from ix.seq
				if err := ix.pause(ctx, time.Duration(float64(took)*(1-duty)/duty)); err != nil {
					return applied, err
				}
				// a backlog of opinions may take minutes: what is not an
				// opinion past it is applied now
				if err := ix.applyAhead(ctx); err != nil {
					return applied, err
				}
				break
			}
		}
	}
}

// applyAhead applies the changes other than opinions that lie past
// opinions not indexed yet (deferred, or a backlog being caught up paced),
// without recording them as applied: a version imported by another
// process during a flood is searchable within the follower's interval all
// the same. They are applied again, in order,
// when the opinions before them are (which changes nothing). The caller
// holds wmu.
func (ix *Index) applyAhead(ctx context.Context) error {
	from := max(ix.seq, ix.ahead)
	for {
		cs, err := ix.src.ChangesSince(ctx, from, 500)
		if err != nil {
			return fmt.Errorf("search: changes since %d: %w", from, err)
		}
		if len(cs) == 0 {
			return nil
		}
		for _, c := range cs {
			switch c.Entity {
			case "version":
				var v *drafts.Version
				v, err = ix.src.Version(ctx, c.ID)
				if err == nil {
					err = ix.syncRegulation(ctx, v.RegulationID, map[int64]*drafts.Version{v.ID: v}, false, false, nil, false)
				}
			case "regulation":
				err = ix.syncRegulation(ctx, c.ID, nil, false, c.Op != "create", nil, false)
			}
			if err != nil && drafts.ErrorCode(err) != drafts.ENOTFOUND {
				return fmt.Errorf("search: apply change %d (%s %d) ahead: %w", c.Seq, c.Entity, c.ID, err)
			}
			from = c.Seq
			ix.ahead = from
		}
	}
}

// pause releases wmu for d (or until ctx is done) and takes it back,
// reloading the index if it was swapped meanwhile. The caller holds wmu.
func (ix *Index) pause(ctx context.Context, d time.Duration) error {
	ix.wmu.Unlock()
	t := time.NewTimer(d)
	select {
	case <-t.C:
	case <-ctx.Done():
		t.Stop()
	}
	ix.wmu.Lock()
	if err := ctx.Err(); err != nil {
		return err
	}
	return ix.reloadIfSwapped()
}

// apply applies one change and records its Seq in the same batch where
// there is one. The caller holds wmu.
func (ix *Index) apply(ctx context.Context, c drafts.Change) error {
	seq := c.Seq
	var err error
	switch c.Entity {
	case "version":
		var v *drafts.Version
		v, err = ix.src.Version(ctx, c.ID)
		if err == nil {
			err = ix.syncRegulation(ctx, v.RegulationID, map[int64]*drafts.Version{v.ID: v}, false, false, &seq, false)
		}
	case "regulation":
		err = ix.syncRegulation(ctx, c.ID, nil, false, c.Op != "create", &seq, false)
	case "opinion":
		err = ix.applyOpinion(ctx, c, seq)
	default:
		err = ix.setSeq(seq)
	}
	if drafts.ErrorCode(err) == drafts.ENOTFOUND {
		ix.opts.Logger.Warn("search: change refers to a missing record; skipped", "seq", c.Seq, "entity", c.Entity, "id", c.ID)
		return ix.setSeq(seq)
	}
	if err != nil {
		return fmt.Errorf("search: apply change %d (%s %d): %w", c.Seq, c.Entity, c.ID, err)
	}
	return nil
}

func (ix *Index) setSeq(seq int64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return errClosed
	}
	return ix.idx.setSeq(seq)
}

// floodRate is the rate of new changes (per second, nearly all of them
// opinions) above which the follower treats the change log as a flood of
// public comments.
const floodRate = 100

// Follow applies the store's change log every interval (at most 1 s is
// what the platform promises) until ctx is done. Errors are logged and
// retried on the next tick.
//
// Opinions are indexed for staff search only, and the readers of the
// public pages come first: while the change log grows faster than
// floodRate, the follower applies the changes other than opinions (also
// those past the deferred opinions, see applyAhead) and leaves the
// opinions for later, for up to Options.OpinionLag
// (measured: indexing a flood of 2,000 opinions/s as it came took a fifth of
// the server's CPU and multiplied the version page's p99 by eight). After
// that it indexes them in runs of opinionRun paced to a quarter of a core
// (floodDuty), and when the flood is over to half a core (quietDuty), so
// the index never takes both cores from the readers; even so, the
// version page's p99 was 2.8–10 ms instead of ~1.5 in that paced phase
// at 2,000 opinions/s, which is why the lag is minutes, not seconds.
func (ix *Index) Follow(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = 500 * time.Millisecond
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	var (
		prevSeq   int64 = -1
		prevAt    time.Time
		floodFrom time.Time // zero when there is no flood
	)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		mode, duty := catchUpPaced, quietDuty
		now := time.Now()
		if last, err := ix.src.LastChangeSeq(ctx); err == nil {
			if prevSeq >= 0 && float64(last-prevSeq) > floodRate*now.Sub(prevAt).Seconds() {
				if floodFrom.IsZero() {
					floodFrom = now
					ix.opts.Logger.Info("search: flood of changes; opinions are indexed later", "lag", ix.opts.OpinionLag)
				}
				duty = floodDuty
				if now.Sub(floodFrom) < ix.opts.OpinionLag {
					mode = catchUpNoOpinion
				}
			} else {
				floodFrom = time.Time{}
			}
			prevSeq, prevAt = last, now
		}
		if _, err := ix.catchUp(ctx, mode, duty); err != nil && ctx.Err() == nil {
			ix.opts.Logger.Error("search: follow", "err", err)
		}
		if err := ix.warm(); err != nil && ctx.Err() == nil {
			ix.opts.Logger.Error("search: follow", "err", err)
		}
	}
}
