package search

import (
	"fmt"
	"sort"
	"strconv"

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
// stage, committee and year facets. The caller holds ix.mu.
func (ix *Index) foldFacets(perVersion map[int64]int, out *Result) {
	type regCount struct {
		id    int64
		title string
		n     int
	}
	regs := make(map[int64]*regCount, len(perVersion))
	stages, committees, years := map[string]int{}, map[string]int{}, map[string]int{}
	counts := map[string]map[string]int{"stage": stages, "committee": committees, "year": years}
	for id, n := range perVersion {
		m, ok := ix.meta[id]
		if !ok {
			continue
		}
		r := regs[m.reg]
		if r == nil {
			r = &regCount{id: m.reg, title: m.title}
			regs[m.reg] = r
		}
		r.n += n
		if m.stage != "" {
			stages[m.stage] += n
		}
		if m.committee != "" {
			committees[m.committee] += n
		}
		if m.year != "" {
			years[m.year] += n
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
