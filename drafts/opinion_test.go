package drafts

import (
	"strings"
	"testing"
	"time"
)

func TestOpinion_Normalize(t *testing.T) {
	tests := []struct {
		name string
		op   Opinion
		code string
	}{
		{"ok", Opinion{Article: 12, Text: "  建议增加罚则。 "}, ""},
		{"whole draft", Opinion{Article: 0, Text: "总体赞成。"}, ""},
		{"empty", Opinion{Article: 1, Text: "   "}, EINVALID},
		{"5000 chars ok", Opinion{Article: 1, Text: strings.Repeat("湿", MaxOpinionText)}, ""},
		{"5001 chars too large", Opinion{Article: 1, Text: strings.Repeat("湿", MaxOpinionText+1)}, ETOOLARGE},
		{"long name", Opinion{Article: 1, Text: "x", Name: strings.Repeat("名", 51)}, EINVALID},
		{"long contact", Opinion{Article: 1, Text: "x", Contact: strings.Repeat("1", 101)}, EINVALID},
		{"negative article", Opinion{Article: -1, Text: "x"}, EINVALID},
		{"quote on whole draft", Opinion{Text: "x", Quote: "湿地"}, EINVALID},
		{"bad offsets", Opinion{Article: 1, Text: "x", Quote: "湿地", QuoteStart: 5, QuoteEnd: 2}, EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := tt.op
			err := op.Normalize()
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q, want %q (%v)", got, tt.code, err)
			}
			if err == nil && op.Text != strings.TrimSpace(tt.op.Text) {
				t.Errorf("text not trimmed: %q", op.Text)
			}
		})
	}
}

func testDoc() *Document {
	return &Document{Articles: []*Article{
		{Num: 1, Label: "第一条", Text: "为了加强湿地保护，维护湿地生态功能和生物多样性，制定本规定。",
			Paragraphs: []Paragraph{{Text: "为了加强湿地保护，维护湿地生态功能和生物多样性，制定本规定。"}}},
		{Num: 4, Label: "第四条", Text: "林业、水务等部门按照职责分工：\n（一）林业负责湿地公园；\n（二）水务负责河流。",
			Paragraphs: []Paragraph{{Text: "林业、水务等部门按照职责分工：", Items: []Item{{Num: 1}, {Num: 2}}}}},
		{Num: 4, Sub: 1, Label: "第四条之一", Text: "新增条文。", Paragraphs: []Paragraph{{Text: "新增条文。"}}},
	}}
}

func TestOpinion_CheckAnchor(t *testing.T) {
	doc := testDoc()
	tests := []struct {
		name      string
		op        Opinion
		code      string
		wantStart int
	}{
		{"article exists", Opinion{Article: 1}, "", 0},
		{"sub article", Opinion{Article: 4, ArticleSub: 1}, "", 0},
		{"missing article", Opinion{Article: 99}, EINVALID, 0},
		{"missing paragraph", Opinion{Article: 1, Paragraph: 2}, EINVALID, 0},
		{"item ok", Opinion{Article: 4, Paragraph: 1, Item: 2}, "", 0},
		{"item missing", Opinion{Article: 4, Paragraph: 1, Item: 3}, EINVALID, 0},
		{"quote at offsets", Opinion{Article: 1, Quote: "湿地保护", QuoteStart: 4, QuoteEnd: 8}, "", 4},
		{"quote offsets corrected", Opinion{Article: 1, Quote: "生物多样性", QuoteStart: 0, QuoteEnd: 5}, "", 18},
		{"quote not in article", Opinion{Article: 1, Quote: "机动车"}, EINVALID, 0},
		{"whole draft", Opinion{}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := tt.op
			err := op.CheckAnchor(doc)
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q, want %q (%v)", got, tt.code, err)
			}
			if err == nil && op.QuoteStart != tt.wantStart {
				t.Errorf("QuoteStart = %d, want %d", op.QuoteStart, tt.wantStart)
			}
			if err == nil && op.Quote != "" {
				if got := string([]rune(doc.Articles[0].Text)[op.QuoteStart:op.QuoteEnd]); got != op.Quote {
					t.Errorf("offsets point at %q, want %q", got, op.Quote)
				}
			}
		})
	}
}

func TestConsultation_CheckOpen(t *testing.T) {
	opens := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	c := &Consultation{VersionID: 1, Audience: AudiencePublic, OpensAt: opens, ClosesAt: opens.Add(30 * 24 * time.Hour)}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckOpen(opens.Add(time.Hour)); err != nil {
		t.Errorf("open period refused: %v", err)
	}
	err := c.CheckOpen(opens.Add(31 * 24 * time.Hour))
	if ErrorCode(err) != ECLOSED || !strings.Contains(ErrorMessage(err), "已于2026年12月1日 08:00截止") {
		t.Errorf("closed: %v", err)
	}
	err = c.CheckOpen(opens.Add(-time.Hour))
	if ErrorCode(err) != ECLOSED || !strings.Contains(ErrorMessage(err), "尚未开始") {
		t.Errorf("not yet open: %v", err)
	}
	if c.CheckOpen(c.ClosesAt) == nil {
		t.Error("closing instant must be closed")
	}
	bad := *c
	bad.ClosesAt = bad.OpensAt
	if ErrorCode(bad.Validate()) != EINVALID {
		t.Error("closes == opens accepted")
	}
	bad = *c
	bad.Audience = "everyone"
	if ErrorCode(bad.Validate()) != EINVALID {
		t.Error("unknown audience accepted")
	}
}

func TestConsultation_Admits(t *testing.T) {
	pub := &Consultation{Audience: AudiencePublic}
	all := &Consultation{Audience: AudienceContactPoints}
	chosen := &Consultation{Audience: AudienceContactPoints, ContactPointIDs: []int64{3, 5}}
	members := &Consultation{Audience: AudienceMembers}
	tests := []struct {
		c      *Consultation
		source Source
		cp     int64
		want   bool
	}{
		{pub, SourcePublic, 0, true}, {pub, SourceContactPoint, 3, true}, {pub, SourceMember, 0, true},
		{all, SourcePublic, 0, false}, {all, SourceContactPoint, 9, true}, {all, SourceMember, 0, false},
		{chosen, SourceContactPoint, 5, true}, {chosen, SourceContactPoint, 4, false}, {chosen, SourcePublic, 0, false},
		{members, SourceMember, 0, true}, {members, SourcePublic, 0, false}, {members, SourceContactPoint, 3, false},
		{members, SourceStaff, 0, true},
	}
	for _, tt := range tests {
		if got := tt.c.Admits(tt.source, tt.cp); got != tt.want {
			t.Errorf("%s admits %s/%d = %v, want %v", tt.c.Audience, tt.source, tt.cp, got, tt.want)
		}
	}
}

func TestParseDisposition(t *testing.T) {
	for _, d := range Dispositions {
		if got, err := ParseDisposition(" " + string(d)); err != nil || got != d {
			t.Errorf("ParseDisposition(%q) = %q, %v", d, got, err)
		}
	}
	if _, err := ParseDisposition("同意"); ErrorCode(err) != EINVALID {
		t.Errorf("unknown disposition: %v", err)
	}
	a := Answer{Disposition: DispositionAdopted}
	if ErrorCode(a.Validate()) != EINVALID {
		t.Error("answer without reason accepted")
	}
}

func TestParseArticleRef(t *testing.T) {
	tests := []struct {
		in       string
		num, sub int
		ok       bool
	}{
		{"第十二条", 12, 0, true}, {"第12条", 12, 0, true}, {"12", 12, 0, true}, {"１２", 12, 0, true},
		{"十二", 12, 0, true}, {"第一百零五条", 105, 0, true}, {"第十条之一", 10, 1, true},
		{"第十二条第二款", 12, 0, true}, {"", 0, 0, true}, {"整体", 0, 0, true}, {"全文", 0, 0, true},
		{"第条", 0, 0, false}, {"附件", 0, 0, false}, {"abc", 0, 0, false},
	}
	for _, tt := range tests {
		num, sub, ok := ParseArticleRef(tt.in)
		if num != tt.num || sub != tt.sub || ok != tt.ok {
			t.Errorf("ParseArticleRef(%q) = %d, %d, %v; want %d, %d, %v", tt.in, num, sub, ok, tt.num, tt.sub, tt.ok)
		}
	}
	if got := ArticleRefLabel(10, 1); got != "第十条之一" {
		t.Errorf("label = %q", got)
	}
	if got := ArticleRefLabel(0, 0); got != "整体意见" {
		t.Errorf("label = %q", got)
	}
}

func TestMeeting_Validate(t *testing.T) {
	m := Meeting{Date: "2026-11-20", Place: "白云区三元里街道立法联系点", Participants: 23}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Meeting{
		{Date: "2026/11/20", Place: "x", Participants: 1},
		{Date: "2026-11-20", Place: "", Participants: 1},
		{Date: "2026-11-20", Place: "x", Participants: 0},
	} {
		if ErrorCode(bad.Validate()) != EINVALID {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func FuzzParseArticleRef(f *testing.F) {
	for _, s := range []string{"第十二条", "12", "第十条之一", "第一百零五条第二款", "整体", "", "第条", "１２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		num, sub, ok := ParseArticleRef(s)
		if !ok {
			return
		}
		if num < 0 || sub < 0 {
			t.Fatalf("ParseArticleRef(%q) = %d, %d", s, num, sub)
		}
		if num == 0 || num > 99999 || sub > 99999 {
			return
		}
		label := ArticleRefLabel(num, sub)
		n2, s2, ok2 := ParseArticleRef(label)
		if !ok2 || n2 != num || s2 != sub {
			t.Fatalf("%q → %d/%d → %q → %d/%d/%v", s, num, sub, label, n2, s2, ok2)
		}
	})
}
