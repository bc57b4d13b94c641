package drafts

import (
	"crypto/rand"
	"strings"
)

// receiptAlphabet is Crockford's base32: no I, L, O, U, so a receipt read
// aloud or retyped is hard to get wrong.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// receiptBody is the number of random symbols in a receipt (50 bits).
const receiptBody = 10

// NewReceipt returns a fresh receipt number (回执号) such as
// YJ-7K3M9-Q2PXWD: "YJ", ten random symbols (about 49 bits) and a check symbol.
// Receipts are unguessable, so knowing one is what entitles a member of
// the public to read the answer to their opinion.
func NewReceipt() string {
	body := make([]byte, 0, receiptBody)
	var buf [32]byte
	for len(body) < receiptBody {
		if _, err := rand.Read(buf[:]); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		for _, b := range buf {
			// 31 symbols (no Z), so every symbol is distinct modulo 31;
			// rejecting b ≥ 248 keeps the choice uniform.
			if b < 248 && len(body) < receiptBody {
				body = append(body, receiptAlphabet[b%31])
			}
		}
	}
	return formatReceipt(string(body) + string(receiptCheck(string(body))))
}

// receiptCheck is a weighted sum modulo 31 (a prime): it catches any single
// wrong symbol and any swap of two neighbours. Bodies use the first 31
// symbols only; a body holding Z gets no valid check symbol.
func receiptCheck(body string) byte {
	sum := 0
	for i := 0; i < len(body); i++ {
		v := strings.IndexByte(receiptAlphabet, body[i])
		if v < 0 || v > 30 {
			return 0
		}
		sum += (i + 1) * v
	}
	return receiptAlphabet[sum%31]
}

func formatReceipt(s string) string { return "YJ-" + s[:5] + "-" + s[5:] }

// ParseReceipt normalises a receipt typed by a person (lower case, spaces,
// missing dashes, O for 0, I or L for 1) and checks it. It returns the
// canonical form or EINVALID.
func ParseReceipt(s string) (string, error) {
	bad := Errorf(EINVALID, "回执号格式不正确，应形如 YJ-XXXXX-XXXXXX。")
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(s)) {
		switch {
		case r == '-' || r == ' ' || r == '－' || r == '—':
		case r == 'O':
			b.WriteByte('0')
		case r == 'I' || r == 'L':
			b.WriteByte('1')
		case r < 128 && strings.ContainsRune(receiptAlphabet, r):
			b.WriteRune(r)
		default:
			return "", bad
		}
	}
	t := b.String()
	if !strings.HasPrefix(t, "YJ") && !strings.HasPrefix(t, "Y1") {
		return "", bad
	}
	t = t[2:]
	if len(t) != receiptBody+1 || receiptCheck(t[:receiptBody]) != t[receiptBody] {
		return "", bad
	}
	return formatReceipt(t), nil
}
