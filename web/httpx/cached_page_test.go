package httpx

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"
)

// TestCachedPage_Write: plain or gzipped as the client accepts, 304 for
// the page's own ETag.
func TestCachedPage_Write(t *testing.T) {
	html := bytes.Repeat([]byte("<p>第一条　为了保护湿地。</p>\n"), 100)
	pg := NewCachedPage("k", html)

	c, w := testContext(http.MethodGet, "/versions/1")
	pg.Write(c)
	etag := w.Header().Get("ETag")
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), html) || etag == "" || w.Header().Get("Content-Encoding") != "" {
		t.Fatalf("plain: %d %q %q", w.Code, etag, w.Header())
	}

	c, w = testContext(http.MethodGet, "/versions/1")
	c.Request.Header.Set("Accept-Encoding", "gzip, br")
	pg.Write(c)
	zr, err := gzip.NewReader(w.Body)
	if err != nil || w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("gzip: %v %q", err, w.Header())
	}
	if got, _ := io.ReadAll(zr); !bytes.Equal(got, html) {
		t.Errorf("gzip: the page does not round-trip")
	}

	c, w = testContext(http.MethodGet, "/versions/1")
	c.Request.Header.Set("If-None-Match", etag)
	pg.Write(c)
	if c.Writer.Status() != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", c.Writer.Status(), w.Body.Len())
	}
}

func TestIsSharedPage(t *testing.T) {
	for target, want := range map[string]bool{
		"/versions/12": true, "/versions/": false, "/versions/12?x=1": false, "/versions/12/file": false,
		"/versions/1a": false, "/regulations/12": false, "/versions/١٢": false,
	} {
		c, _ := testContext(http.MethodGet, target)
		if got := IsSharedPage(c, "/versions/"); got != want {
			t.Errorf("%s: %v, want %v", target, got, want)
		}
	}
	for _, h := range []string{"Authorization", "Cookie"} {
		c, _ := testContext(http.MethodGet, "/versions/12")
		c.Request.Header.Set(h, "x")
		if IsSharedPage(c, "/versions/") {
			t.Errorf("with %s: shared", h)
		}
	}
}

// TestBudgetCache_Put: the oldest go when the budget is reached, a value
// over a quarter of it is not kept, a key kept is not replaced.
func TestBudgetCache_Put(t *testing.T) {
	bc := NewBudgetCache[int64, string](100)
	for id := int64(1); id <= 4; id++ {
		bc.Put(id, "v", 25)
	}
	bc.Put(1, "replaced", 25)
	if v, ok := bc.Get(1); !ok || v != "v" {
		t.Errorf("Get(1) = %q, %v: want the value first kept", v, ok)
	}
	bc.Put(5, "v", 25) // over budget: 1 goes
	if _, ok := bc.Get(1); ok {
		t.Errorf("the oldest was kept over the budget")
	}
	for id := int64(2); id <= 5; id++ {
		if _, ok := bc.Get(id); !ok {
			t.Errorf("%d was dropped", id)
		}
	}
	bc.Put(6, "large", 26)
	if _, ok := bc.Get(6); ok {
		t.Errorf("a value over a quarter of the budget was kept")
	}
}
