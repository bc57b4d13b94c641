package drafts

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewReceipt(t *testing.T) {
	re := regexp.MustCompile(`^YJ-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{6}$`)
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		r := NewReceipt()
		if !re.MatchString(r) {
			t.Fatalf("receipt %q has the wrong shape", r)
		}
		if seen[r] {
			t.Fatalf("duplicate receipt %q", r)
		}
		seen[r] = true
		got, err := ParseReceipt(r)
		if err != nil || got != r {
			t.Fatalf("ParseReceipt(%q) = %q, %v", r, got, err)
		}
	}
}

func TestParseReceipt_typing(t *testing.T) {
	r := "YJ-10ABC-DEFGH" // body 10ABCDEFGH, then the check symbol
	body := "10ABCDEFGH"
	r = r + string(receiptCheck(body))
	for _, typed := range []string{
		r, strings.ToLower(r), " yj 10abc defgh" + strings.ToLower(string(receiptCheck(body))) + " ",
		"YJ-LOABC-DEFGH" + string(receiptCheck(body)), // L for 1, O for 0
		"YJ10ABCDEFGH" + string(receiptCheck(body)),
	} {
		got, err := ParseReceipt(typed)
		if err != nil || got != r {
			t.Errorf("ParseReceipt(%q) = %q, %v; want %q", typed, got, err, r)
		}
	}
}

func TestParseReceipt_detectsErrors(t *testing.T) {
	r := NewReceipt()
	plain := strings.ReplaceAll(r, "-", "")
	// Every single-symbol substitution in the body is caught.
	for i := 2; i < len(plain); i++ {
		for _, c := range receiptAlphabet {
			if byte(c) == plain[i] {
				continue
			}
			typo := plain[:i] + string(c) + plain[i+1:]
			if _, err := ParseReceipt(typo); err == nil {
				t.Fatalf("typo %q of %q accepted", typo, r)
			}
		}
	}
	// Swapping neighbours is caught unless they are equal.
	for i := 2; i+1 < len(plain)-1; i++ {
		if plain[i] == plain[i+1] {
			continue
		}
		sw := plain[:i] + string(plain[i+1]) + string(plain[i]) + plain[i+2:]
		if _, err := ParseReceipt(sw); err == nil {
			t.Fatalf("swap %q of %q accepted", sw, r)
		}
	}
	for _, bad := range []string{"", "YJ", "AB-12345-123456", "YJ-12345-1234567", "YJ-中文-123456"} {
		if _, err := ParseReceipt(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseReceipt(%q) = %v", bad, err)
		}
	}
}

func FuzzParseReceipt(f *testing.F) {
	f.Add(NewReceipt())
	f.Add("yj-10abc-defgh0")
	f.Add("YJ-中文-123456")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseReceipt(s)
		if err != nil {
			return
		}
		again, err := ParseReceipt(got)
		if err != nil || again != got {
			t.Fatalf("canonical %q does not parse to itself: %q, %v", got, again, err)
		}
	})
}
