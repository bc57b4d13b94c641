package search

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// shardCount is the number of bleve indexes (shards) an index directory
// holds, in subdirectories 0, 1, …. Every document of a regulation — its
// title, versions, articles and opinions — lives in the shard shardOf(its
// regulation id). Rebuild builds the shards side by side, one offline
// builder each, and a search runs on all of them at once through a bleve
// IndexAlias, which merges hits, totals and facets: on two cores both
// indexing and the slowest queries take about half the time of one index
// (BenchmarkIndexBulk, BenchmarkQueries; see the package doc).
const shardCount = 2

// shardOf returns the shard of regulation reg. Ids are mixed first
// (splitmix64's finaliser) so that ids with a common stride still spread.
func shardOf(reg int64) int {
	z := uint64(reg)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return int(z % shardCount)
}

func shardPath(path string, i int) string { return filepath.Join(path, strconv.Itoa(i)) }

// shards is an open index: its shards and the alias that searches them.
type shards struct {
	parts []bleve.Index
	alias bleve.IndexAlias
}

// openShards opens the shards of the index directory path (see openBleve).
func openShards(path string, lockTimeout time.Duration) (*shards, error) {
	s := &shards{}
	for i := 0; i < shardCount; i++ {
		idx, err := openBleve(shardPath(path, i), lockTimeout)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.parts = append(s.parts, idx)
	}
	s.alias = bleve.NewIndexAlias(s.parts...)
	return s, nil
}

// Close closes every shard.
func (s *shards) Close() error {
	var first error
	for _, p := range s.parts {
		if err := p.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Search and SearchInContext search every shard. The alias answers with
// the other shards' hits when one fails; that would be a silently wrong
// result, so it is an error here.
func (s *shards) Search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return s.SearchInContext(context.Background(), req)
}

func (s *shards) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := s.alias.SearchInContext(ctx, req)
	if err == nil && res.Status != nil && res.Status.Failed > 0 {
		for _, e := range res.Status.Errors {
			return nil, fmt.Errorf("%d of %d shards failed: %w", res.Status.Failed, res.Status.Total, e)
		}
		return nil, fmt.Errorf("%d of %d shards failed", res.Status.Failed, res.Status.Total)
	}
	return res, err
}

// DocCount returns the number of documents in all shards.
func (s *shards) DocCount() (uint64, error) { return s.alias.DocCount() }

// lastSeq returns the last change applied to every shard (the smallest of
// their records: applying a change again is harmless, see CatchUp).
func (s *shards) lastSeq() (int64, error) {
	var low int64 = -1
	for _, p := range s.parts {
		n, err := lastSeq(p)
		if err != nil {
			return 0, err
		}
		if low < 0 || n < low {
			low = n
		}
	}
	return low, nil
}

// flush records seq in every shard and waits until it is persisted.
func (s *shards) flush(seq int64) error {
	for _, p := range s.parts {
		if err := flush(p, seq); err != nil {
			return err
		}
	}
	return nil
}

// setSeq records seq as the last applied change in every shard.
func (s *shards) setSeq(seq int64) error {
	b := s.newBatch()
	b.setSeq(seq)
	return b.run()
}

// batch is one bleve batch per shard, executed together.
type batch struct {
	s    *shards
	b    []*bleve.Batch
	used []bool
}

func (s *shards) newBatch() *batch {
	b := &batch{s: s, b: make([]*bleve.Batch, len(s.parts)), used: make([]bool, len(s.parts))}
	for i, p := range s.parts {
		b.b[i] = p.NewBatch()
	}
	return b
}

// of returns the batch of regulation reg's shard.
func (b *batch) of(reg int64) docSink {
	i := shardOf(reg)
	b.used[i] = true
	return batchSink{b.b[i]}
}

// delete removes document id from whichever shard holds it.
func (b *batch) delete(id string) {
	for i, x := range b.b {
		x.Delete(id)
		b.used[i] = true
	}
}

// setSeq records seq in every shard, in the same batches as the documents.
func (b *batch) setSeq(seq int64) {
	v := []byte(strconv.FormatInt(seq, 10))
	for i, x := range b.b {
		x.SetInternal(keyLastSeq, v)
		b.used[i] = true
	}
}

// run executes the batches of the shards that have work. Each is atomic;
// after a crash between two of them the change log replays what one shard
// misses (lastSeq is the smallest of the shards').
func (b *batch) run() error {
	for i, x := range b.b {
		if b.used[i] {
			if err := b.s.parts[i].Batch(x); err != nil {
				return err
			}
		}
	}
	return nil
}
