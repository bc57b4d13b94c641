package drafts

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// What text Lifa accepts, everywhere people type or send it (titles,
// opinions, names, search words, form fields, JSON strings, URL
// parameters) and in the parsed text of an uploaded version: valid UTF-8
// without control characters, except line feed and tab. A carriage return
// is not refused but normalised: "\r\n" and a lone "\r" become "\n"
// (NormalizeNewlines). Both databases then store the same thing; before
// this rule PostgreSQL refused NUL with an internal error while SQLite
// stored it.

// TextProblem returns the first character of s that Lifa does not accept
// and true, or 0 and false when s is acceptable. Invalid UTF-8 is reported
// as utf8.RuneError. Carriage returns are reported: normalise first.
func TextProblem(s string) (rune, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return rune(c), true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return utf8.RuneError, true
		}
		if r >= 0x80 && r <= 0x9f { // C1 controls
			return r, true
		}
		i += size
	}
	return 0, false
}

// CheckText returns nil when s is text Lifa accepts (see TextProblem),
// else an EINVALID *Error naming field and the character.
func CheckText(field, s string) error {
	r, bad := TextProblem(s)
	if !bad {
		return nil
	}
	if r == utf8.RuneError {
		return Errorf(EINVALID, "%s不是有效的 UTF-8 文字，请检查编码后重试。", fieldLabel(field))
	}
	return Errorf(EINVALID, "%s含有不可见的控制字符（U+%04X），只接受文字、换行和制表符，请删除后重试。", fieldLabel(field), r)
}

func fieldLabel(field string) string {
	if field == "" {
		return "提交的内容"
	}
	return "“" + field + "”"
}

// NormalizeNewlines turns "\r\n" and lone "\r" into "\n".
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// CleanText normalises the newlines of s and checks it (CheckText).
func CleanText(field, s string) (string, error) {
	s = NormalizeNewlines(s)
	return s, CheckText(field, s)
}

// CheckStrings applies CleanText to every string reachable from v (a
// pointer to a struct, slice or map, as decoded from JSON): newlines are
// normalised in place where the string can be set, and the first string
// Lifa does not accept is returned as EINVALID, named by its JSON field
// name. Map keys are checked too.
func CheckStrings(v any) error {
	return checkValue(reflect.ValueOf(v), "", 0)
}

// maxCheckDepth bounds the recursion of CheckStrings (JSON nesting is
// bounded by the decoder; this only guards against cycles).
const maxCheckDepth = 64

func checkValue(v reflect.Value, field string, depth int) error {
	if depth > maxCheckDepth {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkValue(v.Elem(), field, depth+1)
	case reflect.String:
		s, err := CleanText(field, v.String())
		if err != nil {
			return err
		}
		if v.CanSet() && len(s) != v.Len() {
			v.SetString(s)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := f.Name
			if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == "-" {
				continue
			} else if tag != "" {
				name = tag
			}
			if f.Anonymous {
				name = field
			}
			if err := checkValue(v.Field(i), name, depth+1); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // []byte is data, not text
		}
		for i := 0; i < v.Len(); i++ {
			if err := checkValue(v.Index(i), field, depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if k := it.Key(); k.Kind() == reflect.String {
				if err := CheckText(field, k.String()); err != nil {
					return err
				}
			}
			val := it.Value()
			if val.Kind() == reflect.String {
				// Map values cannot be set in place: check only.
				if err := CheckText(field, NormalizeNewlines(val.String())); err != nil {
					return err
				}
				if s := val.String(); strings.Contains(s, "\r") {
					v.SetMapIndex(it.Key(), reflect.ValueOf(NormalizeNewlines(s)).Convert(val.Type()))
				}
				continue
			}
			if err := checkValue(val, field, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckText checks the parsed text of an uploaded version against the same
// rule, naming the article (or heading, or block) and source line of the
// first character Lifa does not accept. A parser keeps every character of
// its input, so this is where a control character in a file is refused.
func (d *Document) CheckText() error {
	bad := func(where string, line int, s string) error {
		r, ok := TextProblem(NormalizeNewlines(s))
		if !ok {
			return nil
		}
		at := where
		if line > 0 {
			at += fmt.Sprintf("（第 %d 行）", line)
		}
		if r == utf8.RuneError {
			return Errorf(EINVALID, "上传的文本中%s不是有效的 UTF-8 文字。", at)
		}
		return Errorf(EINVALID, "上传的文本中%s含有不可见的控制字符（U+%04X），请删除后重新上传。", at, r)
	}
	if err := bad("标题", 0, d.Title); err != nil {
		return err
	}
	for _, p := range d.Preamble {
		if err := bad("题注", 0, p); err != nil {
			return err
		}
	}
	for k, v := range d.Meta {
		if err := bad("元数据 "+k, 0, k+v); err != nil {
			return err
		}
	}
	var divs func([]*Division) error
	divs = func(ds []*Division) error {
		for _, dv := range ds {
			if err := bad(dv.Label, dv.Line, dv.Label+dv.Title); err != nil {
				return err
			}
			if err := divs(dv.Children); err != nil {
				return err
			}
		}
		return nil
	}
	if err := divs(d.Chapters); err != nil {
		return err
	}
	for _, a := range d.Articles {
		if err := bad(a.Label, a.Line, a.Label+a.Text); err != nil {
			return err
		}
		for _, p := range a.Path {
			if err := bad(a.Label, a.Line, p); err != nil {
				return err
			}
		}
	}
	for _, b := range d.Blocks {
		if err := bad("“"+b.Title+"”", b.Line, b.Title+b.Text); err != nil {
			return err
		}
	}
	return nil
}
