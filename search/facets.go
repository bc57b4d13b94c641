package search

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"lifa/drafts"
)

// Facets and groups come from one doc-values field, fFacet (the version
// id): bleve counts hits per version, and the counts are folded into
// regulations, stages, committees and years with verMeta, which the index
// keeps in memory for every indexed version. Visiting one doc-values field
// per hit instead of four was the largest single saving in query time.

// verMeta is what facets need to know of an indexed version.
type verMeta struct {
	reg       int64
	title     string
	stage     string
	committee string
	year      string
}

// metaOf returns the facet data of version v of reg.
func metaOf(reg *drafts.Regulation, v *drafts.Version) verMeta {
	m := verMeta{reg: reg.ID, title: reg.Title, stage: v.Stage, committee: reg.Committee}
	if len(v.Date) >= 4 {
		m.year = v.Date[:4]
	}
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
	req.Fields = []string{fVersion, fReg, fRegTitle, fStage, fCommittee, fDate}
	req.Score = "none"
	res, err = idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: load versions: %w", err)
	}
	for _, h := range res.Hits {
		id, _ := strconv.ParseInt(str(h.Fields[fVersion]), 10, 64)
		reg, _ := strconv.ParseInt(str(h.Fields[fReg]), 10, 64)
		m := verMeta{reg: reg, title: str(h.Fields[fRegTitle]), stage: str(h.Fields[fStage]), committee: str(h.Fields[fCommittee])}
		if d := str(h.Fields[fDate]); len(d) >= 4 {
			m.year = d[:4]
		}
		out[id] = m
	}
	return out, nil
}

// maxGroups is the number of regulations listed in Result.Groups.
const maxGroups = 50

// foldFacets turns the per-version counts of fFacet into groups and the
// stage, committee and year facets. The caller holds ix.mu.
func (ix *Index) foldFacets(f *bsearch.FacetResult, out *Result) {
	type regCount struct {
		id    int64
		title string
		n     int
	}
	regs := map[int64]*regCount{}
	counts := map[string]map[string]int{"stage": {}, "committee": {}, "year": {}}
	if f != nil {
		for _, t := range f.Terms.Terms() {
			id, _ := strconv.ParseInt(t.Term, 10, 64)
			m, ok := ix.meta[id]
			if !ok {
				continue
			}
			r := regs[m.reg]
			if r == nil {
				r = &regCount{id: m.reg, title: m.title}
				regs[m.reg] = r
			}
			r.n += t.Count
			for k, v := range map[string]string{"stage": m.stage, "committee": m.committee, "year": m.year} {
				if v != "" {
					counts[k][v] += t.Count
				}
			}
		}
	}
	rs := make([]*regCount, 0, len(regs))
	for _, r := range regs {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].n != rs[j].n {
			return rs[i].n > rs[j].n
		}
		return rs[i].id < rs[j].id
	})
	for i, r := range rs {
		if i == maxGroups {
			break
		}
		out.Groups = append(out.Groups, Group{RegulationID: r.id, RegulationTitle: r.title, Count: r.n})
	}
	for k, m := range counts {
		fc := make([]FacetCount, 0, len(m))
		for v, n := range m {
			fc = append(fc, FacetCount{Value: v, Count: n})
		}
		if k == "year" {
			sort.Slice(fc, func(i, j int) bool { return fc[i].Value > fc[j].Value })
		} else {
			sort.Slice(fc, func(i, j int) bool {
				if fc[i].Count != fc[j].Count {
					return fc[i].Count > fc[j].Count
				}
				return fc[i].Value < fc[j].Value
			})
		}
		out.Facets[k] = fc
	}
}
