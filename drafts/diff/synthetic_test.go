package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// Article texts for synthetic pairs (real 停车场条例-style sentences).
var (
	tA = "为了加强停车场的规划和建设，规范停车场的使用和管理，促进城市交通协调发展，根据有关法律、法规，结合本市实际，制定本条例。"
	tB = "本条例适用于本市行政区域内停车场的规划、建设、使用和管理。"
	tC = "市交通行政主管部门负责本市停车场的监督管理工作，组织实施本条例。区交通行政主管部门负责本行政区域内停车场的管理工作。"
	tD = "市场监督管理部门负责机动车停放服务收费管理，依法查处停车场违法收费行为。"
	tE = "停车场经营者应当在停车场出入口显著位置公示停车场名称、收费标准、投诉电话等信息。"
	tF = "违反本条例第二条规定的，由交通行政主管部门责令限期改正。"
	tG = "本条例自2026年2月1日起施行。"
	tX = "市、区人民政府应当加强停车场工作的组织领导，建立健全综合协调机制，统筹推进停车场规划、建设、管理等工作。"
	// tS1 and tS2 are the two paragraphs of an article that gets split.
	tS1 = "公共停车场应当按照规范设置停车场标志牌，划定交通标线和泊位标线，对停车泊位实施编号管理。"
	tS2 = "公共停车场应当按照安全技术防范标准设置视频监控、出入口控制、车牌识别等安全技术防范系统，并保障其安全运行。"
	// tL1 and tL2 are articles of a lead and a list of duties; tLC
	// condenses them, and tD, into one article keeping only the leads.
	tL1 = "市交通行政主管部门负责本市停车场的管理工作并组织实施本条例，具体履行下列职责：\n（一）组织编制、调整、公布、实施停车场专项规划；\n（二）建立全市统一的停车信息管理系统；\n（三）建立停车场经营者、机动车停放者的信用记录；\n（四）指导停车场行业协会开展行业自律和服务工作；\n（五）法律、法规规定的其他职责。"
	tL2 = "区交通行政主管部门负责本行政区域内停车场的管理工作，具体履行下列职责：\n（一）配合编制、调整、实施停车场专项规划；\n（二）负责经营性停车场的备案工作；\n（三）依法实施有关的行政处罚。"
	tLC = "市交通运输行政主管部门负责本市停车场的管理工作并组织实施本条例。区交通运输行政主管部门负责本行政区域内停车场的管理工作。\n" + tD
)

// mkDoc builds a document whose articles are numbered 1… in order.
func mkDoc(title string, texts ...string) *drafts.Document {
	d := &drafts.Document{Title: title}
	for i, t := range texts {
		n := i + 1
		d.Articles = append(d.Articles, &drafts.Article{Num: n, Label: "第" + cnum.Format(n) + "条", Text: t})
	}
	return d
}

type wantChange struct {
	kind     Kind
	old, new string // article numbers, "3,4"
}

func nums(rs []Ref) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = fmt.Sprint(r.Num)
	}
	return strings.Join(s, ",")
}

func TestCompare_synthetic(t *testing.T) {
	cases := []struct {
		name     string
		old, new []string
		want     []wantChange
	}{
		{"identical", []string{tA, tB, tC}, []string{tA, tB, tC},
			[]wantChange{{Unchanged, "1", "1"}, {Unchanged, "2", "2"}, {Unchanged, "3", "3"}}},
		{"insertion", []string{tA, tB, tC, tD}, []string{tA, tX, tB, tC, tD},
			[]wantChange{{Unchanged, "1", "1"}, {Added, "", "2"}, {Renumbered, "2", "3"}, {Renumbered, "3", "4"}, {Renumbered, "4", "5"}}},
		{"deletion", []string{tA, tB, tC, tD}, []string{tA, tC, tD},
			[]wantChange{{Unchanged, "1", "1"}, {Deleted, "2", ""}, {Renumbered, "3", "2"}, {Renumbered, "4", "3"}}},
		{"modification", []string{tA, tC, tD}, []string{tA, strings.Replace(tC, "监督管理工作", "监督管理和统筹协调工作", 1), tD},
			[]wantChange{{Unchanged, "1", "1"}, {Modified, "2", "2"}, {Unchanged, "3", "3"}}},
		{"move", []string{tA, tB, tC, tD, tE, tG}, []string{tA, tC, tD, tE, tB, tG},
			[]wantChange{{Unchanged, "1", "1"}, {Renumbered, "3", "2"}, {Renumbered, "4", "3"}, {Renumbered, "5", "4"}, {Moved, "2", "5"}, {Unchanged, "6", "6"}}},
		{"split", []string{tA, tS1 + "\n" + tS2, tG}, []string{tA, tS1, tS2, tG},
			[]wantChange{{Unchanged, "1", "1"}, {Split, "2", "2,3"}, {Renumbered, "3", "4"}}},
		{"merge", []string{tA, tS1, tS2, tG}, []string{tA, tS1 + "\n" + tS2, tG},
			[]wantChange{{Unchanged, "1", "1"}, {Merged, "2,3", "2"}, {Renumbered, "4", "3"}}},
		{"renumbered-refs", []string{tA, tB, tC, tF, tG}, []string{tA, tX, tB, tC, strings.Replace(tF, "第二条", "第三条", 1), tG},
			[]wantChange{{Unchanged, "1", "1"}, {Added, "", "2"}, {Renumbered, "2", "3"}, {Renumbered, "3", "4"}, {Renumbered, "4", "5"}, {Renumbered, "5", "6"}}},
		// Same text, new number: renumbered, even though its reference
		// to 第二条 went stale (the parser's drafting checks report that).
		{"stale-ref", []string{tA, tB, tC, tF}, []string{tA, tX, tB, tC, tF},
			[]wantChange{{Unchanged, "1", "1"}, {Added, "", "2"}, {Renumbered, "2", "3"}, {Renumbered, "3", "4"}, {Renumbered, "4", "5"}}},
		// A reference changed to a number the renumbering does not explain.
		{"ref-changed", []string{tA, tB, tC, tF}, []string{tA, tB, tC, strings.Replace(tF, "第二条", "第三条", 1)},
			[]wantChange{{Unchanged, "1", "1"}, {Unchanged, "2", "2"}, {Unchanged, "3", "3"}, {Modified, "4", "4"}}},
		// Lists of duties dropped, leads condensed into one article.
		{"condensed-lists", []string{tA, tL1, tL2, tD, tG}, []string{tA, tLC, tG},
			[]wantChange{{Unchanged, "1", "1"}, {Merged, "2,3,4", "2"}, {Renumbered, "5", "3"}}},
		// The new article keeps its list: the other list article was
		// deleted, not condensed into it.
		{"list-deleted", []string{tA, tL1, tL2, tG}, []string{tA, strings.Replace(tL2, "备案工作", "备案和监督检查工作", 1), tG},
			[]wantChange{{Unchanged, "1", "1"}, {Deleted, "2", ""}, {Modified, "3", "2"}, {Renumbered, "4", "3"}}},
		{"all-new", []string{tA, tB}, []string{tD, tE},
			[]wantChange{{Deleted, "1", ""}, {Deleted, "2", ""}, {Added, "", "1"}, {Added, "", "2"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Compare(mkDoc("旧", tc.old...), mkDoc("新", tc.new...), nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []wantChange
			for _, ch := range c.Changes {
				got = append(got, wantChange{ch.Kind, nums(ch.Old), nums(ch.New)})
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("changes\n got  %v\n want %v", got, tc.want)
			}
			c.ElapsedMS = 0
			js, err := json.MarshalIndent(c, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name+".json", js)
			var txt bytes.Buffer
			if err := c.WriteText(&txt, TextOptions{All: true}); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name+".txt", txt.Bytes())
		})
	}
}

// TestRenumberRefs checks the rewriting of references through a number map.
func TestRenumberRefs(t *testing.T) {
	m := map[[2]int][2]int{{2, 0}: {3, 0}, {10, 0}: {10, 1}}
	for in, want := range map[string]string{
		"违反本条例第二条规定的":             "违反本条例第三条规定的",
		"依照《中华人民共和国道路交通安全法》第二条处罚": "依照《中华人民共和国道路交通安全法》第二条处罚",
		"适用第十条和第九条":               "适用第十条之一和第九条",
	} {
		if got := RenumberRefs(in, m); got != want {
			t.Errorf("RenumberRefs(%q) = %q, want %q", in, got, want)
		}
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\n got:\n%s", name, got)
	}
}

// TestCompare_invalidUTF8 checks that invalid input, in a text of either
// side or in a label, is an EINVALID error naming the article, and that a
// U+FFFD written as such is not.
func TestCompare_invalidUTF8(t *testing.T) {
	badLabel := mkDoc("新", tA, tB)
	badLabel.Articles[1].Label = "第\xff条"
	// Enough articles for the two sides to be read at the same time.
	var many []string
	for i := range 40 {
		many = append(many, fmt.Sprintf("%s（%d）", tA, i))
	}
	for _, tc := range []struct {
		name     string
		old, new *drafts.Document
		want     string // in the message; "" for no error
	}{
		{"old text", mkDoc("旧", tA, "\xff\xfe坏"), mkDoc("新", tA), "第二条"},
		{"new text", mkDoc("旧", tA), mkDoc("新", tA, tB, "坏\xe4\xb8"), "第三条"},
		{"label", mkDoc("旧", tA), badLabel, "第\xff条"},
		{"U+FFFD", mkDoc("旧", tA), mkDoc("新", tA, "替换字符\uFFFD是有效的。"), ""},
		{"many", mkDoc("旧", many...), mkDoc("新", append(many, "坏\xff")...), "第四十一条"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compare(tc.old, tc.new, nil)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("err = %v, want none", err)
			case tc.want != "" && (drafts.ErrorCode(err) != drafts.EINVALID || !strings.Contains(drafts.ErrorMessage(err), tc.want)):
				t.Fatalf("err = %v, want EINVALID naming %q", err, tc.want)
			}
		})
	}
}

// TestTexts_worstCase: two unrelated 100,000-character texts finish within a
// second, and say so when the diff fell back to whole sentences.
func TestTexts_worstCase(t *testing.T) {
	a, b := unrelated(100000, 1), unrelated(100000, 2)
	for _, tc := range []struct {
		name string
		a, b string
	}{
		{"sentences", a, b},
		{"no-punctuation", strings.NewReplacer("。", "", "；", "").Replace(a), strings.NewReplacer("。", "", "；", "").Replace(b)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start, cpu0 := time.Now(), cpuTime()
			c, err := Compare(mkDoc("旧", tc.a), mkDoc("新", tc.b), nil)
			el, cpu := time.Since(start), cpuTime()-cpu0
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d vs %d characters: %v wall, %v CPU, coarse=%v", len([]rune(tc.a)), len([]rune(tc.b)), el, cpu, c.Coarse)
			// CPU time, not wall time: on a loaded machine (other
			// builds, other tests) the wall clock says little.
			if cpu > time.Second {
				t.Errorf("took %v of CPU, want < 1s", cpu)
			}
			var ra, rb strings.Builder
			for _, ch := range c.Changes {
				for _, op := range ch.Diff {
					if op.Op != OpInsert {
						ra.WriteString(op.Text)
					}
					if op.Op != OpDelete {
						rb.WriteString(op.Text)
					}
				}
			}
			if ra.String() != tc.a || rb.String() != tc.b {
				t.Errorf("diff does not reproduce the texts")
			}
		})
	}
}

// cpuTime is the user+system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// unrelated returns n characters of pseudo-random Chinese text in
// sentences, different for each seed.
func unrelated(n int, seed uint32) string {
	const chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
	rs := []rune(chars)
	var b strings.Builder
	x := seed*2654435761 + 1
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		if i%37 == 36 {
			b.WriteRune('。')
			continue
		}
		b.WriteRune(rs[x%uint32(len(rs))])
	}
	return b.String()
}

// FuzzTexts: whatever the input, the diff's old side is a and its new side
// is b.
func FuzzTexts(f *testing.F) {
	f.Add(tA, strings.Replace(tA, "规划", "规划和建设", 1))
	f.Add(tS1+"\n"+tS2, tS2+"\n"+tS1)
	f.Add("", "新增一条。")
	f.Add("第一条；第二条。\n", "第一条。第二条；")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip()
		}
		ops, _ := Texts(a, b, 100*time.Millisecond)
		var ra, rb strings.Builder
		for _, op := range ops {
			if op.Text == "" {
				t.Fatalf("empty op in %v", ops)
			}
			switch op.Op {
			case OpEqual:
				ra.WriteString(op.Text)
				rb.WriteString(op.Text)
			case OpDelete:
				ra.WriteString(op.Text)
			case OpInsert:
				rb.WriteString(op.Text)
			default:
				t.Fatalf("bad op %q", op.Op)
			}
		}
		if ra.String() != a || rb.String() != b {
			t.Fatalf("diff of %q and %q does not give them back: %v", a, b, ops)
		}
	})
}

// TestWriteHTML_golden renders the split and renumbered-refs cases as
// pages, side by side and inline.
func TestWriteHTML_golden(t *testing.T) {
	c, err := Compare(mkDoc("旧", tA, tS1+"\n"+tS2, tC, tF, tG), mkDoc("新", tA, tS1, tS2, strings.Replace(tC, "监督管理工作", "监督管理和统筹协调工作", 1), strings.Replace(tF, "第二条", "第三条", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, inline := range []bool{false, true} {
		var b bytes.Buffer
		if err := c.WriteHTML(&b, HTMLOptions{Inline: inline}); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		for _, want := range []string{"<ins>和统筹协调</ins>", `<details class="fold">`, "data-changed", "拆分", "<del>"} {
			if !strings.Contains(page, want) {
				t.Errorf("inline=%v: page lacks %q", inline, want)
			}
		}
		golden(t, fmt.Sprintf("page-inline-%v.html", inline), b.Bytes())
	}
	var b bytes.Buffer
	if err := c.WriteDocx(&b, DocxOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("PK")) {
		t.Error("docx is not a zip")
	}
}
