package parse

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"lifa/drafts"
)

// An .xlsx file is a zip archive of XML parts: xl/workbook.xml lists the
// sheets, xl/_rels/workbook.xml.rels says which part holds each,
// xl/sharedStrings.xml holds the strings the cells point to. BatchFile
// reads the first sheet with the standard library (a spreadsheet library
// cost every start of the program 2.5 ms of package initialisation).

// maxXLSXUnzip bounds what an .xlsx may decompress to in all: a
// 5,000-row sheet of opinions is a few megabytes.
const maxXLSXUnzip = 64 << 20

// errXLSXTooLarge is the refusal of an archive past maxXLSXUnzip.
var errXLSXTooLarge = errors.New("xlsx: decompressed size exceeds the bound")

// xlsxBudget is what is left of maxXLSXUnzip, shared by the parts read.
type xlsxBudget struct{ left int64 }

// open opens a part for reading within the budget.
func (b *xlsxBudget) open(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(b.left) {
		return nil, errXLSXTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &budgetReader{rc: rc, b: b}, nil
}

// budgetReader counts what it reads against the budget (the declared
// sizes may lie) and fails past it.
type budgetReader struct {
	rc io.ReadCloser
	b  *xlsxBudget
}

func (r *budgetReader) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	r.b.left -= int64(n)
	if r.b.left < 0 {
		return n, errXLSXTooLarge
	}
	return n, err
}

func (r *budgetReader) Close() error { return r.rc.Close() }

// readXLSX reads the first sheet row by row, streaming its XML, and stops
// past the header and MaxBatchRows rows: an 870 KB file of 3 million rows
// is refused without reading it whole. Rows missing from the sheet are
// empty rows, so that rows[i] is row i+1.
func readXLSX(data []byte) ([][]string, error) {
	rows, err := xlsxRows(data)
	switch {
	case err == nil:
		return rows, nil
	case errors.Is(err, errXLSXTooLarge):
		return nil, &drafts.Error{Code: drafts.ETOOLARGE, Message: "Excel 文件解压后过大，一次最多导入 " + fmt.Sprint(MaxBatchRows) + " 条意见。", Err: err}
	}
	var de *drafts.Error
	if errors.As(err, &de) {
		return nil, err
	}
	return nil, &drafts.Error{Code: drafts.EINVALID, Message: "无法读取 Excel 文件，请确认是 .xlsx 格式。", Err: err}
}

func xlsxRows(data []byte) ([][]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		name := strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/")
		if _, ok := parts[name]; !ok {
			parts[name] = f
		}
	}
	budget := &xlsxBudget{left: maxXLSXUnzip}
	sheet, shared, err := firstSheet(parts, budget)
	if err != nil {
		return nil, err
	}
	if sheet == "" {
		return nil, drafts.Errorf(drafts.EINVALID, "Excel 文件中没有工作表。")
	}
	var strs []string
	if f := parts[shared]; f != nil {
		if strs, err = sharedStrings(f, budget); err != nil {
			return nil, err
		}
	}
	f := parts[sheet]
	if f == nil {
		return nil, fmt.Errorf("xlsx: no part %s", sheet)
	}
	rc, err := budget.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return sheetRows(rc, strs)
}

// firstSheet returns the part of the workbook's first sheet and that of
// its shared strings.
func firstSheet(parts map[string]*zip.File, budget *xlsxBudget) (sheet, shared string, err error) {
	wb := "xl/workbook.xml"
	if f := parts["_rels/.rels"]; f != nil {
		rels, err := readRels(f, budget, "")
		if err != nil {
			return "", "", err
		}
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wb = r.target
			}
		}
	}
	f := parts[wb]
	if f == nil {
		return "", "", fmt.Errorf("xlsx: no workbook")
	}
	rc, err := budget.open(f)
	if err != nil {
		return "", "", err
	}
	defer rc.Close()
	var id string
	d := xml.NewDecoder(rc)
	for id == "" {
		tok, err := d.Token()
		if err == io.EOF {
			return "", "", nil // no sheet
		}
		if err != nil {
			return "", "", err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
			if id = attr(se, "id"); id == "" {
				return "", "", fmt.Errorf("xlsx: a sheet without r:id")
			}
		}
	}
	dir := path.Dir(wb)
	shared = path.Join(dir, "sharedStrings.xml")
	relsF := parts[path.Join(dir, "_rels", path.Base(wb)+".rels")]
	if relsF == nil {
		return "", "", fmt.Errorf("xlsx: no workbook relationships")
	}
	rels, err := readRels(relsF, budget, dir)
	if err != nil {
		return "", "", err
	}
	for _, r := range rels {
		switch {
		case r.id == id:
			sheet = r.target
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			shared = r.target
		}
	}
	if sheet == "" {
		return "", "", fmt.Errorf("xlsx: sheet %s not in the relationships", id)
	}
	return sheet, shared, nil
}

type xlsxRel struct{ id, typ, target string }

// readRels reads a relationships part; targets are resolved against dir.
func readRels(f *zip.File, budget *xlsxBudget, dir string) ([]xlsxRel, error) {
	rc, err := budget.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var rels []xlsxRel
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rels, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			t := strings.ReplaceAll(attr(se, "Target"), "\\", "/")
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(t, "/")
			} else {
				t = path.Join(dir, t)
			}
			rels = append(rels, xlsxRel{id: attr(se, "Id"), typ: attr(se, "Type"), target: t})
		}
	}
}

// sharedStrings reads the shared strings, each the text of its runs
// (without phonetic runs, rPh).
func sharedStrings(f *zip.File, budget *xlsxBudget) ([]string, error) {
	rc, err := budget.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var strs []string
	var sb strings.Builder
	inT, phonetic := false, 0
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return strs, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				sb.Reset()
			case "t":
				inT = true
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				strs = append(strs, unescapeXLSX(sb.String()))
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if inT && phonetic == 0 {
				sb.Write(t)
			}
		}
	}
}

// maxXLSXColumn is the last column of a sheet (XFD).
const maxXLSXColumn = 16384

// sheetRows reads the rows of a sheet's XML, cell values as text.
func sheetRows(r io.Reader, strs []string) ([][]string, error) {
	var rows [][]string
	var row []string
	col, typ := 0, ""
	var val strings.Builder
	inV, inT, inIs, phonetic := false, false, false, 0
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				n := len(rows) + 1
				if s := attr(t, "r"); s != "" {
					if n, err = strconv.Atoi(s); err != nil || n <= len(rows) {
						return nil, fmt.Errorf("xlsx: row %q out of order", s)
					}
				}
				for len(rows) < n-1 { // rows the sheet leaves out
					if len(rows) > MaxBatchRows {
						return nil, drafts.Errorf(drafts.ETOOLARGE, "一次最多导入 %d 条意见。", MaxBatchRows)
					}
					rows = append(rows, nil)
				}
				if len(rows) > MaxBatchRows {
					return nil, drafts.Errorf(drafts.ETOOLARGE, "一次最多导入 %d 条意见。", MaxBatchRows)
				}
				row, col = nil, 0
			case "c":
				if ref := attr(t, "r"); ref != "" {
					c, ok := columnOf(ref)
					if !ok {
						return nil, fmt.Errorf("xlsx: bad cell reference %q", ref)
					}
					col = c
				}
				if col >= maxXLSXColumn {
					return nil, fmt.Errorf("xlsx: too many columns")
				}
				typ = attr(t, "t")
				val.Reset()
			case "v":
				inV = true
			case "is":
				inIs = true
			case "t":
				inT = true
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				rows = append(rows, row)
			case "c":
				v := val.String()
				switch typ {
				case "s":
					k, err := strconv.Atoi(strings.TrimSpace(v))
					if err != nil || k < 0 || k >= len(strs) {
						return nil, fmt.Errorf("xlsx: shared string %q out of range", v)
					}
					v = strs[k]
				case "inlineStr", "str":
					v = unescapeXLSX(v)
				case "b":
					v = map[string]string{"1": "TRUE", "0": "FALSE"}[strings.TrimSpace(v)]
				}
				for len(row) < col {
					row = append(row, "")
				}
				row = append(row, v)
				col++
			case "v":
				inV = false
			case "is":
				inIs = false
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if inV || inIs && inT && phonetic == 0 {
				val.Write(t)
			}
		}
	}
}

// columnOf returns the 0-based column of a cell reference (B12 → 1).
func columnOf(ref string) (int, bool) {
	c, k := 0, 0
	for ; k < len(ref) && k < 4; k++ {
		b := ref[k] | 0x20 // lower case
		if b < 'a' || b > 'z' {
			break
		}
		c = c*26 + int(b-'a') + 1
	}
	if k == 0 {
		return 0, false
	}
	return c - 1, true
}

// unescapeXLSX decodes the _xHHHH_ escapes Excel writes for characters
// XML cannot hold (_x000D_ for a carriage return, _x005F_ for _).
func unescapeXLSX(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) {
			break
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil || s[i+6] != '_' {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(n))
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}
