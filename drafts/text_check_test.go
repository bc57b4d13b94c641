package drafts

import (
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	for _, ok := range []string{"", "停车场", "第一款\n第二款", "a\tb", "（一）", "\u3000全角空格", "😀"} {
		if err := CheckText("text", ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"a\x00b", "\x01", "a\rb", "\x1b[31m", "\x7f", "\u0085", "\xff\xfe", "ab\xc3"} {
		if err := CheckText("text", bad); ErrorCode(err) != EINVALID {
			t.Errorf("%q: %v, want EINVALID", bad, err)
		}
	}
	if s, err := CleanText("text", "一\r\n二\r三"); err != nil || s != "一\n二\n三" {
		t.Errorf("CleanText = %q, %v", s, err)
	}
}

func TestCheckStrings(t *testing.T) {
	type inner struct {
		Name string `json:"name"`
	}
	type req struct {
		Title string            `json:"title"`
		Tags  []string          `json:"tags"`
		In    *inner            `json:"in"`
		Meta  map[string]string `json:"meta"`
		Data  []byte            `json:"data"`
		Skip  string            `json:"-"`
	}
	r := &req{Title: "甲\r\n乙", Tags: []string{"a"}, In: &inner{Name: "x"}, Meta: map[string]string{"k": "v\r"},
		Data: []byte{0, 1}, Skip: "\x00"}
	if err := CheckStrings(r); err != nil {
		t.Fatal(err)
	}
	if r.Title != "甲\n乙" || r.Meta["k"] != "v\n" {
		t.Errorf("newlines not normalised: %q %q", r.Title, r.Meta["k"])
	}
	r.In.Name = "n\x00"
	err := CheckStrings(r)
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "name") {
		t.Errorf("NUL in a nested field: %v", err)
	}
	r.In.Name = ""
	r.Tags = []string{"\x00"}
	if ErrorCode(CheckStrings(r)) != EINVALID {
		t.Error("NUL in a slice accepted")
	}
	r.Tags = nil
	r.Meta = map[string]string{"\x00": ""}
	if ErrorCode(CheckStrings(r)) != EINVALID {
		t.Error("NUL in a map key accepted")
	}
}

func TestDocument_CheckText(t *testing.T) {
	d := &Document{Title: "条例", Articles: []*Article{{Num: 1, Label: "第一条", Text: "甲", Line: 3}, {Num: 2, Label: "第二条", Text: "乙\f丙", Line: 4}}}
	err := d.CheckText()
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "第二条") || !strings.Contains(ErrorMessage(err), "第 4 行") {
		t.Fatalf("got %v", err)
	}
	d.Articles[1].Text = "乙丙"
	if err := d.CheckText(); err != nil {
		t.Fatal(err)
	}
}
