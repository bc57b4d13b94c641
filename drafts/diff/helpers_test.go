package diff

import (
	"bufio"
	"encoding/csv"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/cnum"
)

var (
	testArticleRe = regexp.MustCompile(`^第([零〇一二两三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?[ 　]*`)
	testChapterRe = regexp.MustCompile(`^(?:#+ *)?(第[零一二三四五六七八九十百]+[章节])[ 　]*(.*)$`)
)

// readDoc reads a testdata text with a minimal splitter (articles at line
// start, chapters and sections as headings), enough for alignment tests.
func readDoc(t testing.TB, name string) *drafts.Document {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return splitDoc(string(data))
}

func splitDoc(s string) *drafts.Document {
	d := &drafts.Document{}
	var cur *drafts.Article
	var chapter, section string
	sc := bufio.NewScanner(strings.NewReader(strings.ReplaceAll(s, "\r", "")))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(strings.Trim(sc.Text(), "\u200b"))
		line = strings.TrimPrefix(line, "\u3000")
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "# ") && d.Title == "" {
			d.Title = strings.TrimPrefix(line, "# ")
			continue
		}
		if m := testChapterRe.FindStringSubmatch(line); m != nil && !strings.Contains(m[2], "。") {
			title := strings.ReplaceAll(m[2], "　", "")
			if strings.HasSuffix(m[1], "章") {
				chapter, section = m[1]+" "+title, ""
			} else {
				section = m[1] + " " + title
			}
			cur = nil
			continue
		}
		if m := testArticleRe.FindStringSubmatchIndex(line); m != nil {
			n, _ := cnum.Parse(line[m[2]:m[3]])
			sub := 0
			if m[4] >= 0 {
				sub, _ = cnum.Parse(line[m[4]:m[5]])
			}
			if len(d.Articles) == 0 || n == d.Articles[len(d.Articles)-1].Num+1 || sub > 0 {
				cur = &drafts.Article{Num: n, Sub: sub, Label: strings.TrimSpace(line[:m[1]])}
				if chapter != "" {
					cur.Path = append(cur.Path, chapter)
				}
				if section != "" {
					cur.Path = append(cur.Path, section)
				}
				d.Articles = append(d.Articles, cur)
				line = line[m[1]:]
				if line == "" {
					continue
				}
			}
		}
		if cur != nil {
			if cur.Text != "" {
				cur.Text += "\n"
			}
			cur.Text += line
		}
	}
	return d
}

// readMapping reads a ground-truth CSV: (old, new) article numbers per row,
// 0 for none.
func readMapping(t testing.TB, name string) [][2]int {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]int
	for _, r := range rows[1:] {
		o, _ := strconv.Atoi(r[0])
		n, _ := strconv.Atoi(r[1])
		out = append(out, [2]int{o, n})
	}
	return out
}
