package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// schemaVersion names the mapping and document layout. An index built with
// another schema is rebuilt on open.
const schemaVersion = "lifa-search-11"

// Field names of indexed documents.
const (
	fType      = "type"    // kindArticle, kindRegulation, kindVersion, kindOpinion
	fReg       = "reg"     // regulation id
	fFacet     = "fv"      // version id: the one doc-values field all facets and groups come from
	fTitle     = "title"   // regulation title (grams), regulation documents only
	fRegTitle  = "rtitle"  // regulation title, stored with articles and opinions
	fVersion   = "version" // version id
	fStage     = "stage"   // stage code
	fStageName = "stage_name"
	fVLabel    = "vlabel" // version label
	fCommittee = "committee"
	fDate      = "date" // YYYY-MM-DD or ""
	fYear      = "year"
	fLatest    = "latest" // "1" or "0"
	fArt       = "art"    // article number, "10" or "10-1" for 第十条之一, of latest versions' articles
	fArtOld    = "oart"   // the same for older versions' articles
	fArtOp     = "part"   // the same for the article an opinion is on
	fArtInfo   = "ai"     // an article's number, sub-number, label and path, stored (see artInfo)
	fLevel     = "level"  // the regulation's level (法律 …), version markers
	fRegion    = "region" // the regulation's region, version markers
	fNum       = "num"
	fSub       = "sub"
	fLabel     = "label"
	fPath      = "path"
	fText      = "text"  // grams of the latest versions' articles (textGrams)
	fTextOld   = "otext" // grams of older versions' articles
	fTextOp    = "ptext" // grams of opinions (staff only)
	fBody      = "body"  // the text, stored for snippets
	fTitleUni  = "title_uni"
	fVis       = "vis" // visibility: visPublic or visStaff
	fRef       = "ref" // opinion: free reference stored for display
)

// Document kinds (field fType).
const (
	kindArticle    = "article"
	kindRegulation = "regulation"
	kindVersion    = "version"
	kindOpinion    = "opinion"
	kindShard      = "shard" // one per shard, which bleve's builder cannot leave empty
)

// Visibility values stored in fVis.
const (
	visPublic = "public"
	visStaff  = "staff"
)

// Article documents are lean: the text fields, the stored text and
// article info, the version (fFacet, which also has doc values), the
// regulation and the article number. Everything else a hit shows or a
// filter asks — title, stage, committee, date, level, region, latest —
// belongs to the version, and comes from the metadata the index keeps in
// memory for every version (verMeta, loaded from the version markers).

// Article texts of latest versions, of older versions and opinions are
// indexed in separate text fields (textField), so that the default
// search (latest versions, public) needs no filter at all.

// fieldPair names the gram and unigram fields of regulation titles, which
// bleve analyses (gramAnalyzer, with positions, and uniAnalyzer) and
// phraseQuery searches.
type fieldPair struct{ grams, uni string }

var titleText = fieldPair{fTitle, fTitleUni}

// newMapping returns the index mapping. Articles and opinions are
// analysed by Lifa itself (docs.go) into the fields declared here; the
// mapping names them for bleve, and maps the other documents (version
// markers, regulations). Only the fields that queries need are indexed,
// stored or given doc values: text fields have no positions (see
// textquery.go), titles do, for phrase queries; fFacet, the version of
// every document, and fDate are the doc-values fields the collector reads
// (collect.go); what a hit shows is stored.
func newMapping() mapping.IndexMapping {
	kw := func(store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.DocValues = docValues
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	storeOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.DocValues = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	grams := func(store, positions bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = store
		f.DocValues = false
		f.IncludeInAll = false
		f.IncludeTermVectors = positions
		return f
	}

	uni := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = uniAnalyzerName
		f.Store = false
		f.DocValues = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}

	dm := bleve.NewDocumentStaticMapping()
	add := func(name string, f *mapping.FieldMapping) { dm.AddFieldMappingsAt(name, f) }
	add(fType, kw(false, false))
	add(fReg, kw(true, false))
	add(fFacet, kw(false, true))
	add(fTitle, grams(true, true))
	add(fRegTitle, storeOnly())
	add(fVersion, kw(true, false))
	add(fStage, kw(true, false))
	add(fStageName, storeOnly())
	add(fVLabel, storeOnly())
	add(fCommittee, kw(true, false))
	add(fDate, kw(true, true))
	add(fYear, kw(false, false))
	add(fLatest, kw(true, false))
	add(fArt, kw(false, false))
	add(fArtOld, kw(false, false))
	add(fArtOp, kw(false, false))
	add(fArtInfo, storeOnly())
	add(fLevel, kw(true, false))
	add(fRegion, kw(true, false))
	add(fNum, storeOnly())
	add(fSub, storeOnly())
	add(fLabel, storeOnly())
	add(fPath, storeOnly())
	for _, f := range []string{fText, fTextOld, fTextOp} {
		add(f, grams(false, false))
	}
	add(fBody, storeOnly())
	add(fTitleUni, uni())
	add(fVis, kw(false, false))
	add(fRef, storeOnly())

	// no _all composite field: every query names its field
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = keyword.Name
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
