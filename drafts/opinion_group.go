package drafts

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// NormalizeOpinionText reduces an opinion to what matters for spotting
// form letters: full-width and half-width forms folded, Latin lower-cased,
// whitespace, punctuation and symbols dropped.
func NormalizeOpinionText(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), unicode.IsPunct(r), unicode.IsSymbol(r), unicode.IsControl(r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// OpinionNormHash is the hex SHA-256 of the normalised text: opinions with
// the same hash are identical for grouping purposes.
func OpinionNormHash(text string) string {
	sum := sha256.Sum256([]byte(NormalizeOpinionText(text)))
	return hex.EncodeToString(sum[:16])
}

// Grouping parameters: MinHash over character 2-shingles (bigrams) with 64 hash
// functions, banded 16×4 for locality-sensitive hashing, and a final check
// of the exact Jaccard similarity of the shingle sets.
const (
	groupShingle = 2
	groupHashes  = 64
	groupBands   = 16
	groupRows    = groupHashes / groupBands
	// groupRootsPerBucket bounds the comparisons per text and band.
	groupRootsPerBucket = 16
	// GroupThreshold is the Jaccard similarity of character 2-shingles (bigrams) at
	// or above which two opinions are near-identical.
	GroupThreshold = 0.85
)

// GroupInput is one opinion to be grouped.
type GroupInput struct {
	ID   int64
	Text string
}

// OpinionGroup is a set of identical or near-identical opinions
// (typically a form-letter campaign). Representative is the member with the
// smallest id; Members are sorted ascending and include it.
type OpinionGroup struct {
	Representative int64   `json:"representative"`
	Members        []int64 `json:"members"`
}

type groupDoc struct {
	id       int64
	shingles []uint64 // sorted, unique
}

// shingleSet returns the sorted unique hashes of the text's character
// 2-shingles (the whole text as one shingle when shorter).
func shingleSet(norm string) []uint64 {
	runes := []rune(norm)
	n := len(runes) - groupShingle + 1
	if n < 1 {
		n = 1
	}
	out := make([]uint64, 0, n)
	h := fnv.New64a()
	for i := 0; i < n; i++ {
		end := i + groupShingle
		if end > len(runes) {
			end = len(runes)
		}
		h.Reset()
		h.Write([]byte(string(runes[i:end])))
		out = append(out, h.Sum64())
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	u := out[:0]
	for i, v := range out {
		if i == 0 || v != out[i-1] {
			u = append(u, v)
		}
	}
	return u
}

// mix is a 64-bit finaliser (splitmix64) used to derive the MinHash
// functions from one shingle hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func minhash(sh []uint64) [groupHashes]uint64 {
	var sig [groupHashes]uint64
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, s := range sh {
		for i := range sig {
			if v := mix(s + uint64(i)*0x9e3779b97f4a7c15); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// jaccard returns |a∩b| / |a∪b| for sorted unique slices.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// GroupOpinions groups identical and near-identical opinions: same
// normalised text, or Jaccard similarity of character 2-shingles (bigrams) of at
// least GroupThreshold (found through MinHash banding, then checked
// exactly; near-identity is made transitive by union-find). Only groups of
// two or more are returned, largest first. Work is linear in the number of
// opinions plus the candidate pairs.
func GroupOpinions(in []GroupInput) []OpinionGroup {
	parent := make([]int, len(in))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			if in[ra].ID < in[rb].ID {
				parent[rb] = ra
			} else {
				parent[ra] = rb
			}
		}
	}

	// Exact duplicates first: cheap and the common campaign case.
	byNorm := make(map[string]int, len(in))
	docs := make([]groupDoc, 0, len(in))
	docIdx := make([]int, 0, len(in)) // index into in
	for i, op := range in {
		norm := NormalizeOpinionText(op.Text)
		if j, ok := byNorm[norm]; ok {
			union(i, j)
			continue
		}
		byNorm[norm] = i
		docs = append(docs, groupDoc{id: op.ID, shingles: shingleSet(norm)})
		docIdx = append(docIdx, i)
	}

	// Near duplicates among the distinct texts.
	buckets := make(map[uint64][]int, len(docs)*2)
	for d := range docs {
		sig := minhash(docs[d].shingles)
		for b := 0; b < groupBands; b++ {
			h := uint64(b) * 0x9e3779b97f4a7c15
			for r := 0; r < groupRows; r++ {
				h = mix(h ^ sig[b*groupRows+r])
			}
			buckets[h] = append(buckets[h], d)
		}
	}
	// In each bucket, compare a text only with one member of each group
	// already seen there (at most groupRootsPerBucket of them): members of
	// one group need not all be compared, and a bucket full of texts that
	// share a band without being near-identical stays linear.
	for _, ds := range buckets {
		if len(ds) < 2 {
			continue
		}
		var roots []int // doc indexes, one per distinct group in this bucket
		for _, d := range ds {
			joined := false
			for _, r := range roots {
				if find(docIdx[r]) == find(docIdx[d]) {
					joined = true
					break
				}
			}
			if joined {
				continue
			}
			for _, r := range roots {
				if lengthsCompatible(len(docs[r].shingles), len(docs[d].shingles)) &&
					jaccard(docs[r].shingles, docs[d].shingles) >= GroupThreshold {
					union(docIdx[r], docIdx[d])
					joined = true
					break
				}
			}
			if !joined && len(roots) < groupRootsPerBucket {
				roots = append(roots, d)
			}
		}
	}

	members := make(map[int][]int64)
	for i := range in {
		r := find(i)
		members[r] = append(members[r], in[i].ID)
	}
	var out []OpinionGroup
	for _, ids := range members {
		if len(ids) < 2 {
			continue
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		out = append(out, OpinionGroup{Representative: ids[0], Members: ids})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Members) != len(out[j].Members) {
			return len(out[i].Members) > len(out[j].Members)
		}
		return out[i].Representative < out[j].Representative
	})
	return out
}

// lengthsCompatible: two sets can only reach the threshold if the smaller
// is at least GroupThreshold of the larger.
func lengthsCompatible(a, b int) bool {
	if a > b {
		a, b = b, a
	}
	return float64(a) >= GroupThreshold*float64(b)
}
