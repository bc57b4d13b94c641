package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bolt "go.etcd.io/bbolt"

	"lifa/drafts"
)

// Source is what the index reads from the store. *store.Store satisfies it.
type Source interface {
	// ChangesSince returns up to limit change-log entries with Seq > afterSeq, in order.
	ChangesSince(ctx context.Context, afterSeq int64, limit int) ([]drafts.Change, error)
	// LastChangeSeq returns the Seq of the newest change, 0 when there is none.
	LastChangeSeq(ctx context.Context) (int64, error)
	// ListRegulations returns every regulation.
	ListRegulations(ctx context.Context) ([]*drafts.Regulation, error)
	// Regulation returns one regulation, ENOTFOUND when missing.
	Regulation(ctx context.Context, id int64) (*drafts.Regulation, error)
	// Versions returns a regulation's versions, oldest first, without Document.
	Versions(ctx context.Context, regulationID int64) ([]*drafts.Version, error)
	// Version returns one version with its Document.
	Version(ctx context.Context, id int64) (*drafts.Version, error)
}

// ArticleSource is a Source that can read a version's articles without
// the rest of its document (drafts.DecodeArticles), which is all Rebuild
// needs of a version besides the metadata Versions lists; the store
// implements it. Rebuild reads whole documents from other sources.
type ArticleSource interface {
	VersionArticles(ctx context.Context, id int64) ([]*drafts.Article, error)
}

// Internal keys kept inside the bleve index.
var (
	keySchema   = []byte("lifa.schema")
	keyLastSeq  = []byte("lifa.last_seq")
	keyComplete = []byte("lifa.complete")
)

// pointerName is the file in the search directory that names the current
// index directory; it is replaced atomically (write + rename) on rebuild.
const pointerName = "CURRENT"

// Options tune an Index. The zero value is usable.
type Options struct {
	// Logger receives rebuild and follow messages; slog.Default() if nil.
	Logger *slog.Logger
	// BatchSize is the number of documents per bleve batch during a
	// rebuild, shared by the shards (default 1000: half the peak memory
	// of 2000 above the corpus, for ~10 % more CPU; BenchmarkIndexBulk).
	BatchSize int
	// LockTimeout is how long Open waits for another process's lock on
	// the index before failing (default 1 s).
	LockTimeout time.Duration
	// OpinionLag is how long Follow may leave opinions unindexed while
	// they arrive in a flood (default 10 min); see Follow.
	OpinionLag time.Duration
	// Progress, when set, is called during a rebuild with the number of
	// versions done and the total.
	Progress func(done, total int)
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	if o.OpinionLag <= 0 {
		o.OpinionLag = 10 * time.Minute
	}
	return o
}

// Index is Lifa's full-text index: one bleve index in a directory named by
// dir/CURRENT, derived from the store and kept in step with its change log.
// It is safe for concurrent use.
type Index struct {
	dir  string
	src  Source
	opts Options

	mu   sync.RWMutex // guards idx, cur and meta; writers hold wmu too
	idx  *shards
	cur  string            // name of the current index directory
	meta map[int64]verMeta // every indexed version, for facets (see facets.go)
	// stale are versions indexed as latest whose regulation has a newer
	// version indexed; their re-indexing as old is left to the follower
	// and searches of the latest scope exclude them meanwhile.
	stale map[int64]bool
	wmu   sync.Mutex // serialises writes (IndexVersion, follower, reload)
	seq   int64      // last applied change, guarded by wmu
	// ahead is the last change looked at past seq while opinions wait
	// (applyAhead), guarded by wmu
	ahead int64
	stat  Status
	// mapping is the index mapping, for bleve's searchers.
	mapping mapping.IndexMapping
	// segs caches what the collector reads of each segment (collect.go).
	segs segCache
}

// Status describes what Open found and did, for logs and health checks.
type Status struct {
	Dir      string `json:"dir"`
	Rebuilt  bool   `json:"rebuilt"`
	Reason   string `json:"reason,omitempty"` // why it was rebuilt
	CaughtUp int    `json:"caught_up"`        // changes applied on open
	LastSeq  int64  `json:"last_seq"`
}

// Open opens the index under dir (created if needed) and brings it in step
// with src: a missing index, one built with another schema, one whose build
// did not finish, one that cannot be opened (damaged) or one that is ahead
// of the store (restored database) is rebuilt; otherwise the changes it has
// not applied yet are applied. If another process holds the index, Open
// fails after opts.LockTimeout instead of waiting.
func Open(ctx context.Context, dir string, src Source, opts Options) (*Index, error) {
	opts = opts.withDefaults()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ix := &Index{dir: dir, src: src, opts: opts, mapping: newMapping()}
	reason := ""
	name, err := readPointer(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		reason = "索引不存在"
	case err != nil:
		reason = "索引指针损坏: " + err.Error()
	default:
		// The segments are checked before bleve opens the index: once
		// open, its merger may be writing a new segment file at any time.
		verr := verifySegments(filepath.Join(dir, name), opts.LockTimeout)
		if isLockTimeout(verr) {
			return nil, fmt.Errorf("search: 索引 %s 正被另一个进程使用: %w", dir, verr)
		}
		idx, err := openShards(filepath.Join(dir, name), opts.LockTimeout)
		if err != nil {
			if isLockTimeout(err) {
				return nil, fmt.Errorf("search: 索引 %s 正被另一个进程使用: %w", dir, err)
			}
			reason = "索引无法打开: " + err.Error()
		} else if verr != nil {
			idx.Close()
			reason = verr.Error()
		} else if why := checkIndex(ctx, idx, src); why != "" {
			idx.Close()
			reason = why
		} else {
			ix.idx, ix.cur = idx, name
		}
	}
	if ix.idx == nil {
		opts.Logger.Info("search: rebuilding index", "dir", dir, "reason", reason)
		ix.stat.Rebuilt, ix.stat.Reason = true, reason
		name, err := Rebuild(ctx, dir, src, opts)
		if err != nil {
			return nil, err
		}
		idx, err := openShards(filepath.Join(dir, name), opts.LockTimeout)
		if err != nil {
			return nil, fmt.Errorf("search: open rebuilt index: %w", err)
		}
		ix.idx, ix.cur = idx, name
	}
	seq, err := ix.idx.lastSeq()
	if err != nil {
		ix.Close()
		return nil, err
	}
	ix.seq = seq
	if ix.meta, err = loadMeta(ix.idx); err != nil {
		ix.Close()
		return nil, err
	}
	n, err := ix.CatchUp(ctx)
	if err != nil {
		ix.Close()
		return nil, err
	}
	ix.stat.Dir = filepath.Join(dir, ix.cur)
	ix.stat.CaughtUp = n
	ix.stat.LastSeq = ix.LastSeq()
	removeStale(dir, ix.cur)
	return ix, nil
}

// verifySegments checks the CRC-32 that ends every zap segment file of the
// index at path (bleve does not check it on open): flipped bytes would
// otherwise be served as wrong results or crash a query. Only the segments
// of each shard's newest snapshot (its root.bolt) are checked: a directory
// may also hold the partial output of a merge that a close or a crash
// interrupted, or a segment a merge made obsolete, which bleve deletes when
// it opens the shard. Call it while no process has the index open — once
// open, the shard's merger writes new files — a lock held by another
// process is a timeout error after lockTimeout.
func verifySegments(path string, lockTimeout time.Duration) error {
	for i := 0; i < shardCount; i++ {
		store := filepath.Join(shardPath(path, i), "store")
		segs, err := rootSegments(filepath.Join(store, "root.bolt"), lockTimeout)
		if err != nil {
			return err
		}
		for _, seg := range segs {
			if err := verifySegment(filepath.Join(store, seg)); err != nil {
				return err
			}
		}
	}
	return nil
}

// rootSegments returns the segment files named by the newest snapshot in
// the scorch root file boltPath (bleve's layout: bucket "s" holds one
// bucket per snapshot, whose segment buckets hold the file name under
// "p"). A missing file is no segments: opening the shard reports it.
func rootSegments(boltPath string, lockTimeout time.Duration) ([]string, error) {
	if _, err := os.Stat(boltPath); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	db, err := bolt.Open(boltPath, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: true})
	if err != nil {
		if isLockTimeout(err) {
			return nil, err
		}
		return nil, fmt.Errorf("索引文件 %s 无法读取: %w", filepath.Base(boltPath), err)
	}
	defer db.Close()
	var segs []string
	err = db.View(func(tx *bolt.Tx) error {
		snaps := tx.Bucket([]byte("s"))
		if snaps == nil {
			return nil
		}
		c := snaps.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			snap := snaps.Bucket(k)
			if v != nil || snap == nil {
				continue // not a snapshot bucket
			}
			return snap.ForEachBucket(func(k []byte) error {
				if p := snap.Bucket(k).Get([]byte("p")); p != nil {
					segs = append(segs, string(p))
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("索引文件 %s 无法读取: %w", filepath.Base(boltPath), err)
	}
	return segs, nil
}

// verifySegment checks the CRC-32 at the end of the zap file path.
func verifySegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("索引文件 %s 无法读取: %w", filepath.Base(path), err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() < 4 {
		return fmt.Errorf("索引文件 %s 不完整", filepath.Base(path))
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.LimitReader(f, st.Size()-4)); err != nil {
		return fmt.Errorf("索引文件 %s 无法读取: %w", filepath.Base(path), err)
	}
	var want [4]byte
	if _, err := io.ReadFull(f, want[:]); err != nil || binary.BigEndian.Uint32(want[:]) != h.Sum32() {
		return fmt.Errorf("索引文件 %s 校验和不符（已损坏）", filepath.Base(path))
	}
	return nil
}

// checkIndex returns why an opened index cannot be used as it is, or "".
func checkIndex(ctx context.Context, idx *shards, src Source) string {
	last, lastErr := src.LastChangeSeq(ctx)
	for i, p := range idx.parts {
		v, err := p.GetInternal(keySchema)
		if err != nil {
			return fmt.Sprintf("索引分片 %d 元数据无法读取: %v", i, err)
		}
		if string(v) != schemaVersion {
			return fmt.Sprintf("索引结构版本 %q 与程序 %q 不符", v, schemaVersion)
		}
		if c, _ := p.GetInternal(keyComplete); string(c) != "1" {
			return "上次重建未完成"
		}
		seq, err := lastSeq(p)
		if err != nil {
			return err.Error()
		}
		// a store error is left to the catch-up to report
		if lastErr == nil && seq > last {
			return fmt.Sprintf("索引已应用到变更 %d，数据库只到 %d（数据库可能已从备份恢复）", seq, last)
		}
	}
	if _, err := idx.DocCount(); err != nil {
		return "索引损坏: " + err.Error()
	}
	return ""
}

func lastSeq(idx bleve.Index) (int64, error) {
	v, err := idx.GetInternal(keyLastSeq)
	if err != nil {
		return 0, fmt.Errorf("search: read last seq: %w", err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("search: bad last seq %q", v)
	}
	return n, nil
}

// openBleve opens the bleve index at path. Batches return once their
// documents are searchable ("unsafe_batch"), not after the segment has
// been written and synced: that wait was most of an upload's indexing
// time. Snapshots are persisted in order, with the last applied Seq in the
// same batch as its documents, so a crash loses at most a suffix of
// changes, which the change log replays on open; Close waits for
// persistence (flush).
func openBleve(path string, lockTimeout time.Duration) (bleve.Index, error) {
	return bleve.OpenUsing(path, map[string]any{"bolt_timeout": lockTimeout.String(), "unsafe_batch": true})
}

// flush records seq in a batch and waits (at most 30 s) until it, and so
// everything before it, has been persisted.
func flush(idx bleve.Index, seq int64) error {
	return setInternalSync(idx, keyLastSeq, []byte(strconv.FormatInt(seq, 10)))
}

// setInternalSync sets (or, with a nil value, deletes) an internal key and
// waits until the batch, and so everything before it, has been persisted.
func setInternalSync(idx bleve.Index, key, value []byte) error {
	done := make(chan error, 1)
	b := idx.NewBatch()
	if value == nil {
		b.DeleteInternal(key)
	} else {
		b.SetInternal(key, value)
	}
	b.SetPersistedCallback(func(err error) { done <- err })
	if err := idx.Batch(b); err != nil {
		return err
	}
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		return errors.New("search: persisting the index timed out")
	}
}

func isLockTimeout(err error) bool {
	return err != nil && strings.Contains(err.Error(), "timeout")
}

func readPointer(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, pointerName))
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("bad pointer %q", name)
	}
	return name, nil
}

// writePointer atomically makes name the current index directory.
func writePointer(dir, name string) error {
	tmp := filepath.Join(dir, pointerName+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(name + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, pointerName)); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// removeStale deletes index directories other than keep. A directory that
// another process still has open stays readable to it until closed.
func removeStale(dir, keep string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), "index-") && e.Name() != keep {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// Close closes the bleve index.
func (ix *Index) Close() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	err := ix.idx.flush(ix.seq)
	if err2 := ix.idx.Close(); err == nil {
		err = err2
	}
	ix.idx = nil
	return err
}

// Status reports what Open found and did.
func (ix *Index) Status() Status {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	s := ix.stat
	return s
}

// LastSeq returns the last change-log Seq applied to the index.
func (ix *Index) LastSeq() int64 {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	return ix.seq
}

// DocCount returns the number of documents in the index (all kinds).
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, errClosed
	}
	return ix.idx.DocCount()
}

var errClosed = &drafts.Error{Code: drafts.EINTERNAL, Message: "检索索引已关闭。"}

// reloadIfSwapped switches to a new index directory when `lifa reindex`
// has swapped the pointer. The caller holds wmu.
func (ix *Index) reloadIfSwapped() error {
	name, err := readPointer(ix.dir)
	if err != nil || name == ix.cur {
		return nil
	}
	idx, err := openShards(filepath.Join(ix.dir, name), ix.opts.LockTimeout)
	if err != nil {
		return fmt.Errorf("search: open swapped index %s: %w", name, err)
	}
	seq, err := idx.lastSeq()
	if err != nil {
		idx.Close()
		return err
	}
	meta, err := loadMeta(idx)
	if err != nil {
		idx.Close()
		return err
	}
	ix.mu.Lock()
	old := ix.idx
	ix.idx, ix.cur, ix.meta, ix.stale = idx, name, meta, nil
	ix.stat.Dir = filepath.Join(ix.dir, name)
	ix.mu.Unlock()
	ix.seq, ix.ahead = seq, 0
	if old != nil {
		old.Close() // being replaced: nothing to persist
	}
	ix.opts.Logger.Info("search: switched to rebuilt index", "dir", name, "last_seq", seq)
	removeStale(ix.dir, name)
	return nil
}
