package parse

import (
	"fmt"
	"strings"
	"testing"

	"lifa/drafts"
)

// refsIn parses a small regulation whose 第三条 is text (as its second
// paragraph) and returns the references found in 第三条.
func refsIn(t *testing.T, text string) []drafts.Reference {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("测试条例\n")
	for i := 1; i <= 12; i++ {
		switch i {
		case 3:
			sb.WriteString("第三条　甲。\n" + text + "\n")
		default:
			fmt.Fprintf(&sb, "第%s条　内容。\n第二款。\n", []string{"", "一", "二", "", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}[i])
		}
	}
	doc, err := ParseString(sb.String())
	if err != nil {
		t.Fatal(err)
	}
	var refs []drafts.Reference
	for _, r := range doc.References {
		if r.From == 2 {
			r.From, r.Line = 0, 0
			refs = append(refs, r)
		}
	}
	return refs
}

func TestFindReferences(t *testing.T) {
	const traffic = "《中华人民共和国道路交通安全法》"
	tests := []struct {
		text string
		want []drafts.Reference
	}{
		{"依照第十条规定。", []drafts.Reference{{Text: "第十条", Article: 10}}},
		{"违反第十条第二款规定。", []drafts.Reference{{Text: "第十条第二款", Article: 10, Paragraph: 2}}},
		{"有第十条第二款第（三）项情形的。", []drafts.Reference{{Text: "第十条第二款第（三）项", Article: 10, Paragraph: 2, Item: 3}}},
		// The parser writes (3) full-width beside Chinese text.
		{"有第十条第2款第(3)项情形的。", []drafts.Reference{{Text: "第十条第2款第（3）项", Article: 10, Paragraph: 2, Item: 3}}},
		{"依照本条例第十条执行。", []drafts.Reference{{Text: "本条例第十条", Article: 10}}},
		{"依照本法第十条之一执行。", []drafts.Reference{{Text: "本法第十条之一", Article: 10, ArticleSub: 1}}},
		{"前款规定的情形。", []drafts.Reference{{Text: "前款", Relative: "前款", Paragraph: 1}}},
		{"前两款规定的情形。", []drafts.Reference{{Text: "前两款", Relative: "前两款", Paragraph: 1}}},
		{"本条第一款规定的情形。", []drafts.Reference{{Text: "本条第一款", Relative: "本条", Article: 3, Paragraph: 1}}},
		{"第一款规定的情形。", []drafts.Reference{{Text: "第一款", Relative: "本条", Article: 3, Paragraph: 1}}},
		{"第四条至第六条规定的。", []drafts.Reference{{Text: "第四条至第六条", Article: 4, ToArticle: 6}}},
		{"依照" + traffic + "第九十条处罚。", []drafts.Reference{{Text: traffic + "第九十条", Instrument: traffic, Article: 90}}},
		{"依照" + traffic + "第九十条、第九十一条和第九十二条第一款处罚。", []drafts.Reference{
			{Text: traffic + "第九十条", Instrument: traffic, Article: 90},
			{Text: "第九十一条", Instrument: traffic, Article: 91},
			{Text: "第九十二条第一款", Instrument: traffic, Article: 92, Paragraph: 1}}},
		{"依照" + traffic + "的规定，并依照本条例第五条处罚。", []drafts.Reference{
			{Text: traffic, Instrument: traffic},
			{Text: "本条例第五条", Article: 5}}},
		{"依照«中华人民共和国刑法»第三条。", []drafts.Reference{{Text: "«中华人民共和国刑法»第三条", Instrument: "《中华人民共和国刑法》", Article: 3}}},
		{"依照专利法第二条第二款。", []drafts.Reference{{Text: "专利法第二条第二款", Instrument: "专利法", Article: 2, Paragraph: 2}}},
		{"违反第五条第一款、第二款规定。", []drafts.Reference{
			{Text: "第五条第一款", Article: 5, Paragraph: 1},
			{Text: "第二款", Article: 5, Paragraph: 2}}},
		{"依法处理，第一百零五条不适用。", []drafts.Reference{{Text: "第一百零五条", Article: 105}}},
		{"第三章规定的事项。", nil},
	}
	for _, tt := range tests {
		got := refsIn(t, tt.text)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s\n got %+v\nwant %+v", tt.text, got, tt.want)
		}
	}
}

func TestCheckReferences(t *testing.T) {
	doc, err := ParseString("测试条例\n第一条　前款规定。\n第二条　依照第九条、第一条第三款和本条第二款。\n第三条　甲。\n乙。\n依照前两款。\n第四条　甲。\n依照前两款。\n")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range doc.Warnings {
		msgs = append(msgs, fmt.Sprintf("%d %s", w.Line, w.Message))
	}
	want := []string{
		"2 “前款”出现在条文的第一款，没有可指的前款",
		"3 引用的第九条不存在：第九条",
		"3 引用的第一条第三款不存在（该条只有一款）：第一条第三款",
		"3 引用的第二条第二款不存在（该条只有一款）：本条第二款",
		"8 “前两款”所指的款不存在（本款是第二款）",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}
