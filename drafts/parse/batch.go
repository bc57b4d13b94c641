package parse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"lifa/drafts"
)

// MaxBatchRows is the most opinions one batch file may hold.
const MaxBatchRows = 5000

// BatchRow is one opinion read from a contact point's batch file.
type BatchRow struct {
	Line       int    `json:"line"` // 1-based line (CSV) or row (Excel) in the file
	Article    int    `json:"article"`
	ArticleSub int    `json:"article_sub,omitempty"`
	Text       string `json:"text"`
	Name       string `json:"name,omitempty"`
}

// BatchProblem is a row that could not be read, with its row number.
type BatchProblem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Batch is a parsed batch file: the rows read and the rows refused.
type Batch struct {
	Rows     []BatchRow     `json:"rows"`
	Problems []BatchProblem `json:"problems,omitempty"`
}

// Header names recognised in a batch file's first row (after trimming).
var (
	batchArticleHeaders = []string{"条文", "条款", "条", "条目", "针对条文", "所提条文", "article"}
	batchTextHeaders    = []string{"意见", "意见内容", "内容", "意见建议", "修改意见", "具体意见", "text", "opinion"}
	batchNameHeaders    = []string{"姓名", "提出人", "提出者", "署名", "name"}
)

// BatchFile reads a batch of opinions from a CSV (UTF-8, with or
// without BOM, or GB18030 as saved by Excel on Chinese Windows) or an
// Excel .xlsx file (first sheet). The first row is a header naming the
// columns: 条文 (第十二条, 12, 整体 or empty for the whole draft), 意见 and
// optionally 姓名. Rows that cannot be read are listed in Problems with
// their row number; blank rows are skipped. It returns drafts.EINVALID for a file
// that is not a readable table or has no 意见 column.
func BatchFile(filename string, data []byte) (*Batch, error) {
	var rows [][]string
	var lines []int
	var err error
	lower := strings.ToLower(filename)
	switch {
	case strings.HasSuffix(lower, ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04")):
		rows, err = readXLSX(data)
		for i := range rows {
			lines = append(lines, i+1)
		}
	case strings.HasSuffix(lower, ".xls"):
		return nil, drafts.Errorf(drafts.EINVALID, "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV。")
	default:
		rows, lines, err = readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	return batchFromRows(rows, lines)
}

// readCSV returns the records and the line each starts on.
func readCSV(data []byte) ([][]string, []int, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return nil, nil, drafts.Errorf(drafts.EINVALID, "CSV 文件编码无法识别，请保存为 UTF-8 或 GBK 编码。")
		}
		data = dec
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	// Excel in a Chinese locale may use the full-width or ASCII semicolon
	// when the system list separator is changed; accept tab too.
	if first, _, _ := bytes.Cut(data, []byte("\n")); !bytes.Contains(first, []byte(",")) {
		if bytes.Contains(first, []byte("\t")) {
			r.Comma = '\t'
		} else if bytes.Contains(first, []byte(";")) {
			r.Comma = ';'
		}
	}
	var rows [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, nil, &drafts.Error{Code: drafts.EINVALID, Message: fmt.Sprintf("CSV 文件第 %d 行格式错误。", line), Err: err}
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
		if len(rows) > MaxBatchRows+1 {
			return nil, nil, drafts.Errorf(drafts.ETOOLARGE, "一次最多导入 %d 条意见。", MaxBatchRows)
		}
	}
	return rows, lines, nil
}

func headerIndex(header []string, names []string) int {
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.Trim(h, "\ufeff*＊")))
		for _, n := range names {
			if h == n {
				return i
			}
		}
	}
	return -1
}

func batchFromRows(rows [][]string, lines []int) (*Batch, error) {
	if len(rows) == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "文件是空的。")
	}
	header := rows[0]
	ia, it, in := headerIndex(header, batchArticleHeaders), headerIndex(header, batchTextHeaders), headerIndex(header, batchNameHeaders)
	if it < 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "第一行应为表头，并有“意见”一列（可选“条文”“姓名”列）。")
	}
	if len(rows)-1 > MaxBatchRows {
		return nil, drafts.Errorf(drafts.ETOOLARGE, "一次最多导入 %d 条意见。", MaxBatchRows)
	}
	cell := func(row []string, i int) string {
		if i < 0 || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	b := &Batch{}
	for n, row := range rows[1:] {
		line := lines[n+1]
		text, art, name := cell(row, it), cell(row, ia), cell(row, in)
		if text == "" && art == "" && name == "" {
			continue
		}
		if text == "" {
			b.Problems = append(b.Problems, BatchProblem{line, "意见内容为空。"})
			continue
		}
		text = drafts.NormalizeNewlines(text)
		if err := drafts.CheckText("意见", drafts.NormalizeNewlines(text+art+name)); err != nil {
			b.Problems = append(b.Problems, BatchProblem{line, drafts.ErrorMessage(err)})
			continue
		}
		num, sub, ok := drafts.ParseArticleRef(art)
		if !ok {
			b.Problems = append(b.Problems, BatchProblem{line, fmt.Sprintf("无法识别条文“%s”，应写作“第十二条”“12”或“整体”。", art)})
			continue
		}
		op := drafts.Opinion{Article: num, ArticleSub: sub, Text: text, Name: name}
		if err := op.Normalize(); err != nil {
			b.Problems = append(b.Problems, BatchProblem{line, drafts.ErrorMessage(err)})
			continue
		}
		b.Rows = append(b.Rows, BatchRow{Line: line, Article: num, ArticleSub: sub, Text: op.Text, Name: op.Name})
	}
	if len(b.Rows) == 0 && len(b.Problems) == 0 {
		return nil, drafts.Errorf(drafts.EINVALID, "文件中没有意见。")
	}
	return b, nil
}
