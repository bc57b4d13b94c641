package reports_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"lifa/drafts/cnum"
	"lifa/drafts/reports"
)

// TestContent_DocxRendered renders a report's .docx with LibreOffice, when
// it is installed (soffice, and pdfinfo and pdftotext of poppler-utils),
// and checks the pages as GB/T 9704 lays them out: A4 portrait, the page
// numbers — N —, the title on the first page, the signature and date on
// the last.
func TestContent_DocxRendered(t *testing.T) {
	for _, tool := range []string{"soffice", "pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	if testing.Short() {
		t.Skip("rendering with LibreOffice skipped in -short mode")
	}
	c := &reports.Content{Title: "关于《广州市湿地保护规定（修订草案）》修改情况的汇报", Occasion: "（××××年××月××日在广州市人大常委会第××次会议上）",
		Salutation: "主任、各位副主任、秘书长、各位委员：", Opening: strings.Repeat("草案形成后，法制工作委员会在网上公开征求社会公众意见。", 12),
		Closing: "以上汇报和修订草案修改稿是否妥当，请审议。", Signature: "广州市人民代表大会法制委员会", Date: "2026年12月6日"}
	for i := range 6 {
		c.Sections = append(c.Sections, reports.Section{Heading: "关于修订草案第" + cnum.Format(3+i) + "条",
			Text: strings.Repeat("有的社会公众提出，应当鼓励志愿服务。", 4), Conclusion: "法制委员会经研究，建议增加一条。"})
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(in, c.Docx(nil, "").Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "report.pdf")
	info, err := exec.Command("pdfinfo", "-f", "1", "-l", "99", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, l := range strings.Split(string(info), "\n") {
		if strings.HasPrefix(l, "Page ") && strings.Contains(l, " size: ") {
			pages++
			if !strings.Contains(l, "595.") || !strings.Contains(l, "x 841.") {
				t.Errorf("not A4 portrait: %s", l)
			}
		}
	}
	if pages < 2 {
		t.Fatalf("%d pages, want the report on two or more", pages)
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// The text of each page without its spaces (pdftotext spaces out
	// figures and drops the spaces of — 1 —).
	byPage := strings.Split(string(text), "\f")
	for i, p := range byPage {
		byPage[i] = strings.Join(strings.Fields(p), "")
	}
	first, last := byPage[0], byPage[pages-1]
	if !strings.Contains(first, "修改情况的汇报") || !strings.Contains(first, "主任、各位副主任") {
		t.Errorf("the first page lacks the title or the salutation:\n%s", first)
	}
	for i := range pages {
		if want := "—" + strconv.Itoa(i+1) + "—"; !strings.Contains(byPage[i], want) {
			t.Errorf("page %d lacks its number %q", i+1, want)
		}
	}
	if !strings.Contains(last, c.Signature) || !strings.Contains(last, "2026年12月6日") {
		t.Errorf("the last page lacks the signature and date:\n%s", last)
	}
}
