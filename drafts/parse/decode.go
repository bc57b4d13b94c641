package parse

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// zipMagic starts every .docx (a ZIP archive).
var zipMagic = []byte("PK\x03\x04")

// decodeText returns data as a UTF-8 string and the name of the encoding it
// was in: UTF-16 when data starts with its byte order mark, UTF-8 when data
// is valid UTF-8 (a BOM is dropped), else GB18030 when data decodes cleanly
// as GB18030. Otherwise it returns an *Error
// naming the first line that is neither.
func decodeText(data []byte) (string, string, error) {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		// UTF-16 with a byte order mark, as Windows Notepad saves "Unicode".
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
			return "", "", &Error{Line: 1, Reason: "文字编码无法识别（UTF-16 解码失败）"}
		}
		return string(out), "UTF-16", nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), "UTF-8", nil
	}
	if line, ok := validGB18030(data); !ok {
		// Name the line where the likelier encoding (the one that
		// read further) breaks.
		if u := invalidUTF8Line(data); u >= line {
			return "", "", &Error{Line: u, Reason: "文字编码无法识别：这一行不是有效的 UTF-8（全文也不是 GB18030/GBK）"}
		}
		return "", "", &Error{Line: line, Reason: "文字编码无法识别：这一行不是有效的 GB18030/GBK（全文也不是 UTF-8）"}
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		return "", "", &Error{Line: 1, Reason: "文字编码无法识别（GB18030 解码失败）"}
	}
	return string(out), "GB18030", nil
}

// validGB18030 reports whether data is well-formed GB18030, and if not the
// 1-based line of the first malformed sequence. The decoder in x/text
// replaces bad bytes with U+FFFD instead of failing, so check the byte
// structure here: one byte 0x00–0x7F; two bytes 0x81–0xFE then 0x40–0x7E or
// 0x80–0xFE; four bytes 0x81–0xFE, 0x30–0x39, 0x81–0xFE, 0x30–0x39.
func validGB18030(data []byte) (int, bool) {
	line := 1
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c < 0x80:
			if c == '\n' {
				line++
			}
			i++
		case c == 0x80 || c == 0xFF:
			return line, false
		case i+1 < len(data) && (data[i+1] >= 0x40 && data[i+1] <= 0x7E || data[i+1] >= 0x80 && data[i+1] <= 0xFE):
			i += 2
		case i+3 < len(data) && data[i+1] >= 0x30 && data[i+1] <= 0x39 &&
			data[i+2] >= 0x81 && data[i+2] <= 0xFE && data[i+3] >= 0x30 && data[i+3] <= 0x39:
			i += 4
		default:
			return line, false
		}
	}
	return line, true
}

// invalidUTF8Line returns the 1-based line of the first invalid UTF-8
// sequence in data.
func invalidUTF8Line(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			if data[i] == '\n' {
				line++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		i += size
	}
	return line
}
