package httpx

import (
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
)

// Attachment sets Content-Disposition for a download named name (which
// may be Chinese: 广州市湿地保护规定-一审稿-意见汇总-2026-12-06.docx), as
// RFC 6266 says: filename* with the UTF-8 name percent-encoded (RFC 5987)
// for every current browser, and filename with an ASCII fallback for old
// clients. Characters no file system accepts (/ \ : * ? " < > | and
// control characters) become "-".
func Attachment(c *gin.Context, name, fallback string) {
	name = safeFilename(name)
	fallback = asciiFilename(safeFilename(fallback))
	c.Header("Content-Disposition", `attachment; filename="`+fallback+`"; filename*=UTF-8''`+rfc5987(name))
}

// safeFilename replaces what file systems refuse and trims the name.
func safeFilename(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '-'
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.Trim(name, "."))
	if name == "" {
		return "lifa"
	}
	return name
}

// asciiFilename keeps a name's printable ASCII, "_" for anything else.
func asciiFilename(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '%' || r == ';' {
			b.WriteByte('_')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// rfc5987 percent-encodes s (UTF-8) leaving only RFC 5987's attr-char.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
