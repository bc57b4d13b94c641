package drafts

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// memCommit is an in-memory CommitFunc that takes a fixed time per batch,
// like an fsync, and fails any batch holding an opinion whose text is "bad".
type memCommit struct {
	mu      sync.Mutex
	stored  map[int64]string
	nextID  int64
	batches []int
	delay   time.Duration
}

func (m *memCommit) commit(ctx context.Context, batch []*Opinion) error {
	time.Sleep(m.delay)
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, op := range batch {
		if op.Text == "bad" {
			return errors.New("constraint failed")
		}
	}
	for _, op := range batch {
		m.nextID++
		op.ID = m.nextID
		m.stored[op.ID] = op.Text
	}
	m.batches = append(m.batches, len(batch))
	return nil
}

func TestOpinionWriter_groupsCommits(t *testing.T) {
	m := &memCommit{stored: map[int64]string{}, delay: 5 * time.Millisecond}
	w := NewOpinionWriter(m.commit, 100)
	defer w.Close()
	const n = 400
	var wg sync.WaitGroup
	var ok atomic.Int64
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			op := &Opinion{Text: "意见"}
			if err := w.Submit(context.Background(), op); err != nil {
				t.Error(err)
				return
			}
			// Returned only after commit: the id is set and stored.
			m.mu.Lock()
			_, stored := m.stored[op.ID]
			m.mu.Unlock()
			if op.ID == 0 || !stored {
				t.Errorf("Submit returned before the commit (id %d)", op.ID)
			}
			ok.Add(1)
		}()
	}
	wg.Wait()
	if ok.Load() != n || len(m.stored) != n {
		t.Fatalf("stored %d of %d", len(m.stored), n)
	}
	st := w.Stats()
	t.Logf("%d opinions in %d batches, largest %d", n, st.Batches, st.MaxBatch)
	if st.Batches >= n/4 || st.MaxBatch < 10 || st.MaxBatch > 100 {
		t.Errorf("batches = %d, max %d: commits were not grouped (or exceeded the limit)", st.Batches, st.MaxBatch)
	}
}

func TestOpinionWriter_badOpinionIsolated(t *testing.T) {
	m := &memCommit{stored: map[int64]string{}, delay: 20 * time.Millisecond}
	w := NewOpinionWriter(m.commit, 100)
	defer w.Close()
	// Occupy the writer so that the next three queue into one batch.
	go w.Submit(context.Background(), &Opinion{Text: "first"})
	time.Sleep(5 * time.Millisecond)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, text := range []string{"good1", "bad", "good2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = w.Submit(context.Background(), &Opinion{Text: text})
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[2] != nil || errs[1] == nil {
		t.Fatalf("errors = %v, want only the bad one to fail", errs)
	}
	if w.Stats().Failures != 1 {
		t.Errorf("failures = %d", w.Stats().Failures)
	}
}

func TestOpinionWriter_closeDrains(t *testing.T) {
	m := &memCommit{stored: map[int64]string{}, delay: time.Millisecond}
	w := NewOpinionWriter(m.commit, 10)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.Submit(context.Background(), &Opinion{Text: "x"})
		}()
	}
	time.Sleep(2 * time.Millisecond)
	w.Close()
	wg.Wait()
	if err := w.Submit(context.Background(), &Opinion{Text: "late"}); err == nil {
		t.Error("Submit after Close succeeded")
	}
}

func TestOpinionWriter_contextCancelled(t *testing.T) {
	m := &memCommit{stored: map[int64]string{}, delay: 50 * time.Millisecond}
	w := NewOpinionWriter(m.commit, 10)
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if err := w.Submit(ctx, &Opinion{Text: "x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}
