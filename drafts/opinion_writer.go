package drafts

import (
	"context"
	"sync"
	"time"
)

// CommitFunc durably stores a batch of opinions in one transaction, setting
// their ids. It must be all or nothing.
type CommitFunc func(ctx context.Context, batch []*Opinion) error

// OpinionWriter is a group-commit writer for opinions: callers Submit from
// many goroutines, one goroutine commits whatever has queued up in one
// transaction, and each caller returns only after the transaction holding
// its opinion has committed. While one commit runs, the next batch forms,
// so the batch size adapts to the load without any timer.
type OpinionWriter struct {
	commit   CommitFunc
	maxBatch int
	linger   time.Duration
	reqs     chan *writeReq
	quit     chan struct{}
	done     chan struct{}
	once     sync.Once

	// closing guards the hand-over between Submit and Close: Submit
	// enqueues under the read lock only while closed is false, and Close
	// sets closed under the write lock before signalling quit, so every
	// request that made it into reqs is there when the drain runs.
	closing sync.RWMutex
	closed  bool

	mu    sync.Mutex
	stats WriterStats
}

// WriterStats counts the writer's work, for benchmarks and /healthz.
type WriterStats struct {
	Batches   int64  `json:"batches"`
	Opinions  int64  `json:"opinions"`
	Failures  int64  `json:"failures"`
	MaxBatch  int    `json:"max_batch"`
	Retries   int64  `json:"retries"` // batches re-committed one by one after a failure
	LastError string `json:"last_error,omitempty"`
}

type writeReq struct {
	op  *Opinion
	err chan error
}

// NewOpinionWriter starts a writer that commits with commit, at most
// maxBatch opinions per transaction (≤ 0: 1,000). Close stops it.
func NewOpinionWriter(commit CommitFunc, maxBatch int) *OpinionWriter {
	return NewOpinionWriterLinger(commit, maxBatch, 0)
}

// NewOpinionWriterLinger is NewOpinionWriter with a linger: when a batch
// has formed from more than one waiting request, the writer waits up to
// linger for more before committing. Under load this makes fewer, larger
// transactions for at most linger of extra latency; a lone request is
// never held back.
func NewOpinionWriterLinger(commit CommitFunc, maxBatch int, linger time.Duration) *OpinionWriter {
	if maxBatch <= 0 {
		maxBatch = 1000
	}
	w := &OpinionWriter{
		commit:   commit,
		maxBatch: maxBatch,
		linger:   linger,
		reqs:     make(chan *writeReq, 4*maxBatch),
		quit:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	go w.loop()
	return w
}

// errWriterClosed is returned by Submit after Close.
var errWriterClosed = Errorf(EINTERNAL, "服务正在停止，请稍后再试。")

// Submit queues op and waits until it is committed (its ID set) or the
// commit failed. If ctx ends first, Submit returns ctx's error, but the
// opinion may still be committed afterwards: a caller that gave up never
// tells the author it was stored.
func (w *OpinionWriter) Submit(ctx context.Context, op *Opinion) error {
	r := &writeReq{op: op, err: make(chan error, 1)}
	w.closing.RLock()
	if w.closed {
		w.closing.RUnlock()
		return errWriterClosed
	}
	select {
	case w.reqs <- r:
	case <-ctx.Done():
		w.closing.RUnlock()
		return ctx.Err()
	}
	w.closing.RUnlock()
	select {
	case err := <-r.err:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stats returns a copy of the writer's counters.
func (w *OpinionWriter) Stats() WriterStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

// Close stops accepting opinions, commits what is queued, and waits for the
// writer goroutine to end.
func (w *OpinionWriter) Close() {
	w.once.Do(func() {
		w.closing.Lock()
		w.closed = true
		w.closing.Unlock()
		close(w.quit)
	})
	<-w.done
}

func (w *OpinionWriter) loop() {
	defer close(w.done)
	batch := make([]*writeReq, 0, w.maxBatch)
	for {
		var first *writeReq
		select {
		case first = <-w.reqs:
		case <-w.quit:
			// Drain what was already queued, then stop.
			for {
				select {
				case r := <-w.reqs:
					batch = append(batch, r)
					if len(batch) == w.maxBatch {
						w.flush(batch)
						batch = batch[:0]
					}
				default:
					if len(batch) > 0 {
						w.flush(batch)
					}
					return
				}
			}
		}
		batch = append(batch[:0], first)
	fill:
		for len(batch) < w.maxBatch {
			select {
			case r := <-w.reqs:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		if w.linger > 0 && len(batch) > 1 && len(batch) < w.maxBatch {
			timer := time.NewTimer(w.linger)
		wait:
			for len(batch) < w.maxBatch {
				select {
				case r := <-w.reqs:
					batch = append(batch, r)
				case <-timer.C:
					break wait
				}
			}
			timer.Stop()
		}
		w.flush(batch)
		batch = batch[:0]
	}
}

func (w *OpinionWriter) flush(batch []*writeReq) {
	ops := make([]*Opinion, len(batch))
	for i, r := range batch {
		ops[i] = r.op
	}
	// The commit runs on its own context: a request that gave up must not
	// abort everyone else's transaction.
	err := w.commit(context.Background(), ops)
	w.mu.Lock()
	w.stats.Batches++
	if len(batch) > w.stats.MaxBatch {
		w.stats.MaxBatch = len(batch)
	}
	if err == nil {
		w.stats.Opinions += int64(len(batch))
	}
	w.mu.Unlock()
	if err == nil || len(batch) == 1 {
		if err != nil {
			w.fail(err)
		}
		for _, r := range batch {
			r.err <- err
		}
		return
	}
	// One bad opinion must not sink the others: retry one by one.
	w.mu.Lock()
	w.stats.Retries++
	w.mu.Unlock()
	for _, r := range batch {
		r.op.ID = 0
		e := w.commit(context.Background(), []*Opinion{r.op})
		w.mu.Lock()
		w.stats.Batches++
		if e == nil {
			w.stats.Opinions++
		}
		w.mu.Unlock()
		if e != nil {
			w.fail(e)
		}
		r.err <- e
	}
}

func (w *OpinionWriter) fail(err error) {
	w.mu.Lock()
	w.stats.Failures++
	w.stats.LastError = err.Error()
	w.mu.Unlock()
}
