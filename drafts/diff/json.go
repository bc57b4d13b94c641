package diff

import (
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// A comparison of two long texts is a large JSON document (公司法 2018 →
// 2023: 0.5 MB) that encoding/json spends as long writing as Compare
// spends comparing, by reflection. MarshalJSON and WriteJSON write the
// same bytes directly (TestComparison_JSON checks them against
// encoding/json).

// MarshalJSON encodes the comparison as encoding/json would encode its
// fields (without escaping HTML, which encoding/json applies afterwards
// when asked to).
func (c *Comparison) MarshalJSON() ([]byte, error) {
	e := jsonWriter{b: make([]byte, 0, c.jsonSize())}
	e.comparison(c)
	return e.b, nil
}

// WriteJSON writes the comparison as json.Encoder does with
// SetEscapeHTML(false) and, when indent is set, SetIndent("", "  "),
// newline included.
func (c *Comparison) WriteJSON(w io.Writer, indent bool) error {
	e := jsonWriter{b: make([]byte, 0, c.jsonSize()*5/4), indent: indent}
	e.comparison(c)
	e.b = append(e.b, '\n')
	_, err := w.Write(e.b)
	return err
}

// jsonSize estimates the size of the encoding, to allocate once.
func (c *Comparison) jsonSize() int {
	n := 1024
	for i := range c.Changes {
		ch := &c.Changes[i]
		for _, r := range ch.Old {
			n += len(r.Text) + 128
		}
		for _, r := range ch.New {
			n += len(r.Text) + 128
		}
		for _, o := range ch.Diff {
			n += len(o.Text) + 48
		}
		n += 160
	}
	return n + 200*len(c.Divisions)
}

// jsonWriter appends JSON, indented by two spaces per level or compact.
type jsonWriter struct {
	b      []byte
	indent bool
	depth  int
	first  []bool // per open object or array: nothing written in it yet
}

func (e *jsonWriter) newline() {
	if !e.indent {
		return
	}
	e.b = append(e.b, '\n')
	for range e.depth {
		e.b = append(e.b, ' ', ' ')
	}
}

func (e *jsonWriter) open(c byte) {
	e.b = append(e.b, c)
	e.depth++
	e.first = append(e.first, true)
}

// close ends an object or array; an empty one stays {} or [].
func (e *jsonWriter) close(c byte) {
	e.depth--
	empty := e.first[len(e.first)-1]
	e.first = e.first[:len(e.first)-1]
	if !empty {
		e.newline()
	}
	e.b = append(e.b, c)
}

// next starts an element of the open object or array.
func (e *jsonWriter) next() {
	k := len(e.first) - 1
	if !e.first[k] {
		e.b = append(e.b, ',')
	}
	e.first[k] = false
	e.newline()
}

func (e *jsonWriter) key(k string) {
	e.next()
	e.b = append(e.b, '"')
	e.b = append(e.b, k...)
	e.b = append(e.b, '"', ':')
	if e.indent {
		e.b = append(e.b, ' ')
	}
}

func (e *jsonWriter) putStr(k, v string) {
	e.key(k)
	e.b = appendJSONString(e.b, v)
}

func (e *jsonWriter) putInt(k string, v int) {
	e.key(k)
	e.b = strconv.AppendInt(e.b, int64(v), 10)
}

func (e *jsonWriter) putBool(k string, v bool) {
	e.key(k)
	e.b = strconv.AppendBool(e.b, v)
}

// float writes a float64 as encoding/json does.
func (e *jsonWriter) putFloat(k string, f float64) {
	e.key(k)
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(e.b); n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
			e.b[n-2] = e.b[n-1]
			e.b = e.b[:n-1]
		}
	}
}

func (e *jsonWriter) comparison(c *Comparison) {
	e.open('{')
	e.key("old")
	e.side(c.Old)
	e.key("new")
	e.side(c.New)
	e.key("stats")
	e.open('{')
	s := c.Stats
	e.putInt("unchanged", s.Unchanged)
	e.putInt("renumbered", s.Renumbered)
	e.putInt("modified", s.Modified)
	e.putInt("added", s.Added)
	e.putInt("deleted", s.Deleted)
	e.putInt("moved", s.Moved)
	e.putInt("split", s.Split)
	e.putInt("merged", s.Merged)
	e.close('}')
	e.key("changes")
	if c.Changes == nil {
		e.b = append(e.b, "null"...)
	} else {
		e.open('[')
		for i := range c.Changes {
			e.next()
			e.change(&c.Changes[i])
		}
		e.close(']')
	}
	e.key("divisions")
	if c.Divisions == nil {
		e.b = append(e.b, "null"...)
	} else {
		e.open('[')
		for _, d := range c.Divisions {
			e.next()
			e.open('{')
			e.putStr("kind", d.Kind)
			if d.Old != nil {
				e.key("old")
				e.division(d.Old)
			}
			if d.New != nil {
				e.key("new")
				e.division(d.New)
			}
			e.close('}')
		}
		e.close(']')
	}
	if c.Coarse {
		e.putBool("coarse", true)
	}
	e.putFloat("elapsed_ms", c.ElapsedMS)
	e.close('}')
}

func (e *jsonWriter) side(s Side) {
	e.open('{')
	e.putStr("title", s.Title)
	e.putInt("articles", s.Articles)
	e.close('}')
}

func (e *jsonWriter) division(d *DivisionRef) {
	e.open('{')
	e.putStr("level", string(d.Level))
	e.putInt("num", d.Num)
	e.putStr("label", d.Label)
	e.putStr("title", d.Title)
	e.close('}')
}

func (e *jsonWriter) refs(k string, rs []Ref) {
	e.key(k)
	if rs == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.open('[')
	for _, r := range rs {
		e.next()
		e.open('{')
		e.putInt("num", r.Num)
		if r.Sub != 0 {
			e.putInt("sub", r.Sub)
		}
		e.putStr("label", r.Label)
		e.putInt("index", r.Index)
		if len(r.Path) > 0 {
			e.key("path")
			e.open('[')
			for _, p := range r.Path {
				e.next()
				e.b = appendJSONString(e.b, p)
			}
			e.close(']')
		}
		e.putStr("text", r.Text)
		e.close('}')
	}
	e.close(']')
}

func (e *jsonWriter) change(ch *Change) {
	e.open('{')
	e.putStr("kind", string(ch.Kind))
	e.refs("old", ch.Old)
	e.refs("new", ch.New)
	e.putFloat("similarity", ch.Similarity)
	e.key("diff")
	if ch.Diff == nil {
		e.b = append(e.b, "null"...)
	} else {
		e.open('[')
		for _, o := range ch.Diff {
			e.next()
			e.open('{')
			e.putStr("op", o.Op)
			e.putStr("text", o.Text)
			e.close('}')
		}
		e.close(']')
	}
	if ch.Coarse {
		e.putBool("coarse", true)
	}
	if ch.Moved {
		e.putBool("moved", true)
	}
	if ch.RefsRenumbered {
		e.putBool("refs_renumbered", true)
	}
	e.close('}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json does without HTML
// escaping: \" \\ \n \r \t, other control characters as \u00XX, U+2028
// and U+2029 escaped, invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
