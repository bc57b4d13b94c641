// Package cnum converts between integers and Chinese numerals as written in
// legal texts: 第一百零五条 ⇄ 105, 一千零一, 十 and 一十, 两, 〇 and 零.
//
// Parse also accepts ASCII and full-width Arabic digits (105, １０５) and
// positional digit strings (一〇五), so that a label such as 第105条 reads.
package cnum

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Errors returned by Parse.
var (
	// ErrEmpty is returned for an empty string.
	ErrEmpty = errors.New("cnum: empty numeral")
	// ErrSyntax is returned for a string that is not a numeral.
	ErrSyntax = errors.New("cnum: invalid numeral")
	// ErrRange is returned for a numeral too large for an int.
	ErrRange = errors.New("cnum: numeral out of range")
)

var digits = [...]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// Format returns n written in Chinese numerals in the style of legal texts:
// 10 → 十, 15 → 十五, 105 → 一百零五, 110 → 一百一十, 1001 → 一千零一,
// 10000 → 一万. Zero is 零; negative numbers get a leading 负.
func Format(n int) string {
	if n == 0 {
		return "零"
	}
	if n < 0 {
		if n == -n { // math.MinInt
			return "负" + strconv.Itoa(n)[1:]
		}
		return "负" + Format(-n)
	}
	b := make([]byte, 0, 24)
	b = formatGroups(b, n, true)
	return string(b)
}

// bigUnits are the myriad units, largest first.
var bigUnits = [...]struct {
	v    int
	name string
}{{1_0000_0000_0000, "兆"}, {1_0000_0000, "亿"}, {1_0000, "万"}}

// formatGroups appends n (> 0). top says whether n starts the numeral, so
// that 10..19 are written 十…, not 一十….
func formatGroups(b []byte, n int, top bool) []byte {
	for _, u := range bigUnits {
		if n >= u.v {
			b = formatGroups(b, n/u.v, top)
			b = append(b, u.name...)
			rest := n % u.v
			if rest == 0 {
				return b
			}
			if rest < u.v/10 {
				b = append(b, "零"...)
			}
			return formatGroups(b, rest, false)
		}
	}
	return formatSmall(b, n, top)
}

// formatSmall appends 1 ≤ n ≤ 9999.
func formatSmall(b []byte, n int, top bool) []byte {
	units := [...]string{"千", "百", "十", ""}
	div := [...]int{1000, 100, 10, 1}
	started, zero := false, false
	for i, d := range div {
		q := n / d % 10
		if q == 0 {
			if started {
				zero = true
			}
			continue
		}
		if zero {
			b = append(b, "零"...)
			zero = false
		}
		if !(d == 10 && q == 1 && !started && top) {
			b = append(b, digits[q]...)
		}
		b = append(b, units[i]...)
		started = true
	}
	return b
}

// Parse reads a numeral: Chinese (一百零五, 一十, 十, 两千, 一千零一, 二〇二四
// read positionally as 2024), ASCII (105) or full-width (１０５) digits.
// It returns ErrEmpty, ErrSyntax or ErrRange.
func Parse(s string) (int, error) {
	if s == "" {
		return 0, ErrEmpty
	}
	// Arabic digits, ASCII or full-width.
	if n, ok, err := parseArabic(s); ok {
		return n, err
	}
	var (
		total   int  // completed myriad groups
		section int  // current group below 万
		digit   = -1 // pending digit, -1 when none
		lastU   int  // last small unit used in section (1000, 100, 10)
		zero    bool // a 零 since the last unit
		nDigits int
		onlyDig = true // no units at all: read positionally (二〇二四)
		pos     int
	)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if d := digitValue(r); d >= 0 {
			nDigits++
			if onlyDig {
				if nDigits > 18 {
					return 0, ErrRange
				}
				pos = pos*10 + d
				digit = d
				continue
			}
			if digit > 0 {
				return 0, ErrSyntax // two digits in a row: 一百二三
			}
			if d == 0 {
				if digit == 0 {
					return 0, ErrSyntax // 零零
				}
				zero = true
			}
			digit = d
			continue
		}
		u := unitValue(r)
		if u == 0 {
			return 0, ErrSyntax
		}
		if onlyDig && nDigits > 1 {
			return 0, ErrSyntax // 二三百
		}
		onlyDig = false
		if u < 10000 {
			if lastU != 0 && u >= lastU {
				return 0, ErrSyntax // 十百, 百百
			}
			d := digit
			if d < 0 {
				if u != 10 || section != 0 || total != 0 {
					return 0, ErrSyntax // 百 alone, 一百十
				}
				d = 1 // 十 = 一十
			}
			if d == 0 {
				return 0, ErrSyntax // 零十
			}
			section += d * u
			lastU, digit, zero = u, -1, false
			continue
		}
		// 万, 亿, 兆
		if digit > 0 {
			if lastU > 10 && !zero {
				return 0, ErrSyntax // 一百五万
			}
			section += digit
		} else if digit == 0 {
			return 0, ErrSyntax
		}
		if section == 0 {
			if total == 0 || total >= u {
				return 0, ErrSyntax
			}
			if total > (1<<62)/u {
				return 0, ErrRange
			}
			total *= u // 三万亿
			lastU, digit, zero = 0, -1, false
			continue
		}
		if total != 0 && total < u {
			if total+section > (1<<62)/u {
				return 0, ErrRange
			}
			total = (total + section) * u // 三万亿
		} else if total != 0 && total%u != 0 {
			return 0, ErrSyntax // 一亿一万二万
		} else {
			if section > (1<<62)/u || total > 1<<62-section*u {
				return 0, ErrRange
			}
			total += section * u
		}
		if total < 0 || total/u == 0 || total > 1<<62 {
			return 0, ErrRange
		}
		section, lastU, digit, zero = 0, 0, -1, false
	}
	if onlyDig {
		if nDigits == 0 {
			return 0, ErrSyntax
		}
		return pos, nil
	}
	if digit > 0 {
		if (lastU > 10 || lastU == 0 && total > 0) && !zero {
			return 0, ErrSyntax // 一百五 is ambiguous (150 in speech)
		}
		section += digit
	} else if digit == 0 {
		return 0, ErrSyntax // trailing 零
	}
	return total + section, nil
}

func parseArabic(s string) (n int, ok bool, err error) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		var d int
		switch {
		case r >= '0' && r <= '9':
			d = int(r - '0')
		case r >= '０' && r <= '９':
			d = int(r - '０')
		default:
			return 0, false, nil
		}
		if n > (1<<62)/10 {
			return 0, true, ErrRange
		}
		n = n*10 + d
	}
	return n, true, nil
}

// digitValue returns the value of a Chinese digit, -1 if r is none.
func digitValue(r rune) int {
	switch r {
	case '零', '〇', 'Ｏ', '○':
		return 0
	case '一', '壹', '幺':
		return 1
	case '二', '两', '贰', '兩':
		return 2
	case '三', '叁':
		return 3
	case '四', '肆':
		return 4
	case '五', '伍':
		return 5
	case '六', '陆':
		return 6
	case '七', '柒':
		return 7
	case '八', '捌':
		return 8
	case '九', '玖':
		return 9
	}
	return -1
}

// unitValue returns the value of a Chinese unit, 0 if r is none.
func unitValue(r rune) int {
	switch r {
	case '十', '拾':
		return 10
	case '百', '佰':
		return 100
	case '千', '仟':
		return 1000
	case '万', '萬':
		return 1_0000
	case '亿', '億':
		return 1_0000_0000
	case '兆':
		return 1_0000_0000_0000
	}
	return 0
}

// IsNumeralRune reports whether r can occur in a Chinese numeral
// (a digit such as 一 or 〇, or a unit such as 十, 百, 千, 万).
func IsNumeralRune(r rune) bool {
	return digitValue(r) >= 0 || unitValue(r) != 0
}
