package search

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"lifa/drafts"
)

// Facets and groups are folded from the number of hits per version,
// which the collector counts (collect.go), with verMeta, which the index
// keeps in memory for every indexed version. The same metadata serves the
// filters and what a hit shows: article documents carry only their
// version.

// verMeta is what the index knows of an indexed version without reading
// its documents.
type verMeta struct {
	reg       int64
	title     string
	stage     string
	stageName string
	label     string
	committee string
	date      string
	year      string
	level     drafts.Level
	region    string
	latest    bool
	subject   []rune // subject(title), for Similar
}

// metaOf returns the metadata of version v of reg.
func metaOf(reg *drafts.Regulation, v *drafts.Version, latest bool) verMeta {
	m := verMeta{reg: reg.ID, title: reg.Title, stage: v.Stage, stageName: v.StageName, label: v.Label,
		committee: reg.Committee, date: v.Date, level: reg.Level, region: reg.Region, latest: latest}
	if len(v.Date) >= 4 {
		m.year = v.Date[:4]
	}
	m.subject = []rune(subject(m.title))
	return m
}

// loadMeta reads the version marker documents of idx.
func loadMeta(idx *shards) (map[int64]verMeta, error) {
	q := bleve.NewTermQuery(kindVersion)
	q.SetField(fType)
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	res, err := idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: load versions: %w", err)
	}
	out := make(map[int64]verMeta, res.Total)
	if res.Total == 0 {
		return out, nil
	}
	req = bleve.NewSearchRequestOptions(q, int(res.Total), 0, false)
	req.Fields = []string{fVersion, fReg, fRegTitle, fStage, fStageName, fVLabel, fCommittee, fDate, fLevel, fRegion, fLatest}
	req.Score = "none"
	res, err = idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: load versions: %w", err)
	}
	for _, h := range res.Hits {
		f := h.Fields
		id, _ := strconv.ParseInt(str(f[fVersion]), 10, 64)
		reg, _ := strconv.ParseInt(str(f[fReg]), 10, 64)
		m := verMeta{reg: reg, title: str(f[fRegTitle]), stage: str(f[fStage]), stageName: str(f[fStageName]),
			label: str(f[fVLabel]), committee: str(f[fCommittee]), date: str(f[fDate]),
			level: drafts.Level(str(f[fLevel])), region: str(f[fRegion]), latest: str(f[fLatest]) == "1"}
		if len(m.date) >= 4 {
			m.year = m.date[:4]
		}
		m.subject = []rune(subject(m.title))
		out[id] = m
	}
	return out, nil
}

// maxGroups is the number of regulations listed in Result.Groups.
const maxGroups = 50

// foldFacets turns the number of hits per version into groups and the
// stage, committee and year facets. The caller holds ix.mu. A query found
// in most articles has a thousand versions to fold: the facets' few
// values are counted in slices (a comparison of strings, which the
// versions mostly share, instead of a hash), and the regulations sorted
// without reflection.
func (ix *Index) foldFacets(perVersion map[int64]int, out *Result) {
	type regCount struct {
		id    int64
		title string
		n     int
	}
	at := make(map[int64]int, len(perVersion)) // regulation → index in rs
	rs := make([]regCount, 0, len(perVersion))
	var stages, committees, years facetCounter
	for id, n := range perVersion {
		m, ok := ix.meta[id]
		if !ok {
			continue
		}
		i, ok := at[m.reg]
		if !ok {
			i = len(rs)
			at[m.reg] = i
			rs = append(rs, regCount{id: m.reg, title: m.title})
		}
		rs[i].n += n
		stages.add(m.stage, n)
		committees.add(m.committee, n)
		years.add(m.year, n)
	}
	rs = leastK(rs, maxGroups, func(a, b regCount) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return cmp.Compare(a.id, b.id)
	})
	for _, r := range rs {
		out.Groups = append(out.Groups, Group{RegulationID: r.id, RegulationTitle: r.title, Count: r.n})
	}
	for k, c := range map[string]facetCounter{"stage": stages, "committee": committees, "year": years} {
		fc := c.counts
		if fc == nil {
			fc = []FacetCount{}
		}
		if k == "year" {
			slices.SortFunc(fc, func(a, b FacetCount) int { return strings.Compare(b.Value, a.Value) })
		} else {
			slices.SortFunc(fc, func(a, b FacetCount) int {
				if a.Count != b.Count {
					return b.Count - a.Count
				}
				return strings.Compare(a.Value, b.Value)
			})
		}
		out.Facets[k] = fc
	}
}

// leastK returns the k least elements of s by cmp (a strict order),
// sorted; it reorders s. A query found in most articles has a thousand
// regulations, of which the groups list 50: selecting them first
// (quickselect) costs a tenth of sorting them all.
func leastK[T any](s []T, k int, cmp func(a, b T) int) []T {
	if len(s) > k {
		lo, hi := 0, len(s)-1
		for lo < hi {
			p := s[lo+(hi-lo)/2]
			i, j := lo, hi
			for i <= j {
				for cmp(s[i], p) < 0 {
					i++
				}
				for cmp(s[j], p) > 0 {
					j--
				}
				if i <= j {
					s[i], s[j] = s[j], s[i]
					i++
					j--
				}
			}
			// s[lo:j+1] ≤ p ≤ s[i:hi+1], and s[j+1:i] is p
			switch {
			case k-1 <= j:
				hi = j
			case k-1 >= i:
				lo = i
			default:
				lo = hi
			}
		}
		s = s[:k]
	}
	slices.SortFunc(s, cmp)
	return s
}

// facetCounter counts the hits of a facet's values ("" is not counted):
// a few values by comparison, more through a map.
type facetCounter struct {
	counts []FacetCount
	last   int            // index of the value counted last
	idx    map[string]int // value → index, once there are more than a few
}

func (c *facetCounter) add(v string, n int) {
	if v == "" {
		return
	}
	if c.last < len(c.counts) && c.counts[c.last].Value == v {
		c.counts[c.last].Count += n
		return
	}
	if c.idx != nil {
		if i, ok := c.idx[v]; ok {
			c.counts[i].Count += n
			c.last = i
			return
		}
	} else {
		for i := range c.counts {
			if c.counts[i].Value == v {
				c.counts[i].Count += n
				c.last = i
				return
			}
		}
	}
	c.last = len(c.counts)
	c.counts = append(c.counts, FacetCount{Value: v, Count: n})
	switch {
	case c.idx != nil:
		c.idx[v] = c.last
	case len(c.counts) > 8:
		c.idx = make(map[string]int, 32)
		for i, fc := range c.counts {
			c.idx[fc.Value] = i
		}
	}
}
