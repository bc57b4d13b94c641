package main

import (
	"fmt"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The layers of Lifa, lowest first (DESIGN.md): a package may import
// packages of lower layers only, except that workflows may use one another
// and a package may use its own sub-packages. Every package of the module
// must have a layer: a new package under drafts/ is a workflow unless listed
// here, one under server/ belongs to the server; anything else must be added.
//
//	main → server → {search, web} → workflows → drafts/{store, diff, parse} → drafts → drafts/{cnum, docx}
const (
	layerLeaf     = iota // drafts/cnum, drafts/docx: helpers that import nothing of Lifa
	layerDomain          // drafts: the domain types and rules
	layerBelow           // drafts/store, drafts/diff, drafts/parse: what workflows are built on
	layerWorkflow        // drafts/<area>: one package per area of work
	layerEdge            // search, web and web/httpx (HTTP plumbing that is no handler)
	layerServer          // server
	layerMain            // the lifa command
)

var layerNames = []string{"leaf helper", "domain", "store/diff/parse", "workflow", "search/web", "server", "main"}

// fixedLayers are the packages whose layer is not given by their place.
var fixedLayers = map[string]int{
	"lifa":                        layerMain,
	"lifa/drafts":                 layerDomain,
	"lifa/drafts/cnum":            layerLeaf,
	"lifa/drafts/docx":            layerLeaf,
	"lifa/drafts/store":           layerBelow,
	"lifa/drafts/store/storetest": layerBelow,
	"lifa/drafts/diff":            layerBelow,
	"lifa/drafts/parse":           layerBelow,
	"lifa/search":                 layerEdge,
	"lifa/web":                    layerEdge,
	"lifa/web/httpx":              layerEdge,
}

// maxImport bounds what some packages may import more tightly than their
// layer: the search index knows drafts' types only — except alsoImport.
var maxImport = map[string]int{
	"lifa/search": layerDomain,
}

// alsoImport are the exceptions to maxImport: similar provisions carry the
// 对照表's character diff (drafts/diff) and find the laws an article cites
// with the parser's references (drafts/parse); the index never reads the
// store.
var alsoImport = map[string][]string{
	"lifa/search": {"lifa/drafts/diff", "lifa/drafts/parse"},
}

// forbiddenDeps are modules that packages up to a layer must not depend on,
// even indirectly: the domain and the workflows know neither the web
// framework nor the search engine, and the domain no database driver and
// no spreadsheet library (file formats are drafts/parse's).
var forbiddenDeps = []struct {
	prefix   string
	maxLayer int
}{
	{"github.com/gin-gonic", layerWorkflow},
	{"github.com/blevesearch", layerWorkflow},
	{"modernc.org/sqlite", layerDomain},
	{"github.com/xuri/excelize", layerDomain},
	{"github.com/jackc", layerDomain},
}

// layerOf returns the layer of package p, or false when it has none.
func layerOf(p string) (int, bool) {
	if l, ok := fixedLayers[p]; ok {
		return l, true
	}
	switch {
	case strings.HasPrefix(p, "lifa/drafts/"):
		return layerWorkflow, true
	case p == "lifa/server" || strings.HasPrefix(p, "lifa/server/"):
		return layerServer, true
	}
	return 0, false
}

// pkgInfo is what go list says of one package: its direct imports and all
// its dependencies.
type pkgInfo struct {
	path    string
	imports []string
	deps    []string
}

// layeringProblems checks the packages against the layers and returns one
// line per violation.
func layeringProblems(pkgs []pkgInfo) []string {
	var out []string
	for _, p := range pkgs {
		lp, ok := layerOf(p.path)
		if !ok {
			out = append(out, fmt.Sprintf("%s has no layer: add it to fixedLayers in layering_test.go", p.path))
			continue
		}
		limit, tight := maxImport[p.path]
		for _, q := range p.imports {
			if q != "lifa" && !strings.HasPrefix(q, "lifa/") {
				continue
			}
			lq, ok := layerOf(q)
			if !ok {
				continue // reported as a package of its own
			}
			nested := strings.HasPrefix(q, p.path+"/") || strings.HasPrefix(p.path, q+"/")
			switch {
			case tight && lq > limit && !slices.Contains(alsoImport[p.path], q):
				out = append(out, fmt.Sprintf("%s imports %s: it may import %s packages at most", p.path, q, layerNames[limit]))
			case lq < lp, lq == lp && (nested || lp == layerWorkflow):
			default:
				out = append(out, fmt.Sprintf("%s (%s) imports %s (%s): dependencies point one way, down", p.path,
					layerNames[lp], q, layerNames[lq]))
			}
		}
		for _, f := range forbiddenDeps {
			if lp > f.maxLayer {
				continue
			}
			for _, d := range p.deps {
				if d == f.prefix || strings.HasPrefix(d, f.prefix+"/") {
					out = append(out, fmt.Sprintf("%s (%s) depends on %s", p.path, layerNames[lp], d))
					break
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestLayering fails when a package of the module imports against the
// layers, so the picture in DESIGN.md stays true.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkgInfo
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		if len(f) != 3 {
			t.Fatalf("go list line %q", line)
		}
		pkgs = append(pkgs, pkgInfo{path: f[0], imports: strings.Fields(f[1]), deps: strings.Fields(f[2])})
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	for _, p := range layeringProblems(pkgs) {
		t.Error(p)
	}
}

// TestLayeringProblems checks the checker on imports that break the rules.
func TestLayeringProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		pkg  pkgInfo
		want string // "" for none
	}{
		{"workflow on store", pkgInfo{path: "lifa/drafts/readings", imports: []string{"lifa/drafts", "lifa/drafts/store"}}, ""},
		{"workflow on workflow", pkgInfo{path: "lifa/drafts/consultations", imports: []string{"lifa/drafts/readings"}}, ""},
		{"server on its own package", pkgInfo{path: "lifa/server", imports: []string{"lifa/server/metrics"}}, ""},
		{"domain on a workflow", pkgInfo{path: "lifa/drafts", imports: []string{"lifa/drafts/readings"}}, "dependencies point one way"},
		{"store on a workflow", pkgInfo{path: "lifa/drafts/store", imports: []string{"lifa/drafts/accounts"}}, "dependencies point one way"},
		{"store on diff", pkgInfo{path: "lifa/drafts/store", imports: []string{"lifa/drafts/diff"}}, "dependencies point one way"},
		{"workflow on web", pkgInfo{path: "lifa/drafts/readings", imports: []string{"lifa/web"}}, "dependencies point one way"},
		{"web on the server", pkgInfo{path: "lifa/web", imports: []string{"lifa/server"}}, "dependencies point one way"},
		{"httpx on web", pkgInfo{path: "lifa/web/httpx", imports: []string{"lifa/web", "lifa/drafts"}}, ""},
		{"httpx on the server", pkgInfo{path: "lifa/web/httpx", imports: []string{"lifa/server/limits"}}, "dependencies point one way"},
		{"search on the store", pkgInfo{path: "lifa/search", imports: []string{"lifa/drafts/store"}}, "at most"},
		{"workflow on gin", pkgInfo{path: "lifa/drafts/accounts", deps: []string{"github.com/gin-gonic/gin"}}, "depends on"},
		{"domain on a driver", pkgInfo{path: "lifa/drafts", deps: []string{"modernc.org/sqlite/lib"}}, "depends on"},
		{"store on a driver", pkgInfo{path: "lifa/drafts/store", deps: []string{"modernc.org/sqlite"}}, ""},
		{"workflow on bleve", pkgInfo{path: "lifa/drafts/consultations", deps: []string{"github.com/blevesearch/bleve/v2"}}, "depends on"},
		{"domain on a module with a like name", pkgInfo{path: "lifa/drafts", deps: []string{"modernc.org/sqlitex"}}, ""},
		{"test helper on its parent", pkgInfo{path: "lifa/drafts/store/storetest", imports: []string{"lifa/drafts/store"}}, ""},
		{"unknown package", pkgInfo{path: "lifa/util"}, "has no layer"},
	} {
		got := strings.Join(layeringProblems([]pkgInfo{tc.pkg}), "\n")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
