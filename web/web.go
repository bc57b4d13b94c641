// Package web holds Lifa's HTML templates and static files, embedded in the
// binary, and the helpers that render them. It has no business logic: the
// server passes it ready data.
//
// Templates live in templates/<folder>/<name>.html and each file defines the
// template named by its path, e.g. templates/regulations/show.html holds
// {{define "regulations/show.html"}}…{{end}}. Partials a file needs may be
// defined in the same file, but their names must start with the file's
// folder ("regulations/…"); Parse refuses two files defining the same name,
// so a collision fails the start-up, not a request.
//
// Static files live in static/ and are served under /static/; templates
// link to them with {{static "lifa.css"}}, which adds a content hash so
// browsers may cache them for a long time.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"text/template/parse"

	"lifa/drafts"
)

//go:embed templates static
var files embed.FS

// Static returns the embedded static files (CSS, JavaScript, icons), rooted
// at the static folder.
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}

// Page is what every page template receives: the layout fields and the
// page's own data in Data.
type Page struct {
	// Title is the page title, without the site name.
	Title string
	// Actor is the signed-in person's name (their display name, else
	// their login name), "" for anonymous visitors.
	Actor string
	// Unread is how many unread notices (通知) the signed-in person has.
	Unread int
	// Query fills the search box in the header.
	Query string
	// Nav marks the current section in the header: "home", "search", …
	Nav string
	// AppVersion is the build version shown in the footer.
	AppVersion string
	// RequestID is shown on error pages so people can quote it.
	RequestID string
	// CSRF is the signed-in session's CSRF token for the page's forms
	// (the header's logout form among them); "" for anonymous visitors.
	CSRF string
	// Role is the signed-in person's role, "" for the public; Can asks it.
	Role drafts.Role
	// LargeText is the browser's choice of larger text (大字, 适老化): the
	// layout puts class="text-large" on <html>.
	LargeText bool
	// Path is this page's address (path and query) when it was got with
	// GET, else "/": where the header's 大字 switch comes back to.
	Path string
	// Flash is the outcome of the form this browser submitted just
	// before (post, redirect, get), shown once at the top of the page;
	// nil when there is none.
	Flash *Flash
	// Data is the page's own data.
	Data any
}

// Can reports whether the signed-in person may do perm ("regulations.edit",
// a drafts.Permission): a page offers an action only to who may take it.
func (p Page) Can(perm drafts.Permission) bool { return p.Role.Can(perm) }

// Flash is the one-line outcome of a form, carried over the redirect
// that follows a successful POST: "已答复 5 条意见。", or a refusal when
// Error is set.
type Flash struct {
	Text  string `json:"t"`
	Error bool   `json:"e,omitempty"`
	// Secret, with SecretLabel naming it, is shown once beside the text
	// for the person to copy (a new API token, a temporary password).
	Secret      string `json:"s,omitempty"`
	SecretLabel string `json:"l,omitempty"`
}

// Templates is the parsed set of templates. It is safe for concurrent use.
type Templates struct {
	t      *template.Template
	static map[string]string // file name → short content hash
	pool   sync.Pool
}

// Parse parses every embedded template, with the package's functions
// (Funcs). It fails when a template does not parse, when a file does not
// define the template named by its path, or when two files define the same
// name.
func Parse() (*Templates, error) {
	return parseFS(files, Static())
}

// parseFS is Parse on any file system holding a templates folder.
func parseFS(files, static fs.FS) (*Templates, error) {
	ts := &Templates{static: map[string]string{}}
	ts.pool.New = func() any { return new(bytes.Buffer) }
	if err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ts.static[p] = hex.EncodeToString(sum[:4])
		return nil
	}); err != nil {
		return nil, fmt.Errorf("web: hash static files: %w", err)
	}

	funcs := Funcs(ts.StaticURL)
	root := template.New("").Funcs(funcs)
	owner := map[string]string{} // template name → file defining it
	err := fs.WalkDir(files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		src, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "templates/")
		folder := path.Dir(name) + "/"
		trees, err := parse.Parse(name, string(src), "", "", map[string]any(funcs), builtinStubs())
		if err != nil {
			return fmt.Errorf("web: %w", err)
		}
		if tr, ok := trees[name]; !ok || parse.IsEmptyTree(tr.Root) {
			return fmt.Errorf("web: %s does not define template %q", p, name)
		}
		for def := range trees {
			if def != name && !strings.HasPrefix(def, folder) {
				return fmt.Errorf("web: %s defines %q; names must start with %q", p, def, folder)
			}
			if prev, ok := owner[def]; ok {
				return fmt.Errorf("web: template %q defined in both %s and %s", def, prev, p)
			}
			owner[def] = p
		}
		if _, err := root.New(name).Parse(string(src)); err != nil {
			return fmt.Errorf("web: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ts.t = root
	return ts, nil
}

// builtinStubs lets parse.Parse accept html/template's own functions.
func builtinStubs() map[string]any {
	m := map[string]any{}
	for _, name := range []string{"and", "or", "not", "len", "index", "slice", "print", "printf", "println",
		"html", "js", "urlquery", "call", "eq", "ne", "lt", "le", "gt", "ge"} {
		m[name] = true // parse only checks that the name maps to a non-nil value
	}
	return m
}

// Names returns the names of all templates, sorted.
func (ts *Templates) Names() []string {
	var names []string
	for _, t := range ts.t.Templates() {
		if t.Name() != "" {
			names = append(names, t.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Render executes the named template with data into a buffer first, so a
// failing template never sends half a page, then writes it to w.
func (ts *Templates) Render(w io.Writer, name string, data any) error {
	buf := ts.pool.Get().(*bytes.Buffer)
	buf.Reset()
	defer ts.pool.Put(buf)
	if err := ts.t.ExecuteTemplate(buf, name, data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Execute renders the named template into a new byte slice.
func (ts *Templates) Execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := ts.t.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// StaticURL returns the URL of a static file with its content hash, e.g.
// /static/lifa.css?v=1a2b3c4d. Unknown files get no hash.
func (ts *Templates) StaticURL(name string) string {
	if h, ok := ts.static[name]; ok {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}
