package diff

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNormAppendBytes checks that the normalised text profiles keep (built
// as bytes) is the normalised characters as a string.
func TestNormAppendBytes(t *testing.T) {
	for _, s := range []string{
		"", "第一条　为了规范（试行）, 制定本法.", "1.5 亿元; 见第十条: “说明”!",
		"ＡＢＣ１２３ａｂｃ\u200b\ufeff\n\t 汉字", "<标准>?(附件)", "a.b 3.4 。.",
		"𠀀𪚥 emoji 🙂 混排",
	} {
		rs, b := normAppend(appendRunes(nil, s), nil, nil)
		if string(b) != string(rs) || string(rs) != normalize(s) {
			t.Errorf("normAppend(%q): bytes %q, runes %q, normalize %q", s, b, string(rs), normalize(s))
		}
	}
}

// FuzzNormAppendBytes is TestNormAppendBytes on any valid text.
func FuzzNormAppendBytes(f *testing.F) {
	f.Add("第一条　为了规范（试行）, 制定本法.")
	f.Fuzz(func(t *testing.T, s string) {
		rs, b := normAppend(appendRunes(nil, s), nil, nil)
		if string(b) != string(rs) && utf8.ValidString(s) {
			t.Errorf("normAppend(%q): bytes %q, runes %q", s, b, string(rs))
		}
	})
}

// FuzzAppendRunes checks that appendRunes decodes any text, valid or not,
// as []rune does.
func FuzzAppendRunes(f *testing.F) {
	for _, s := range []string{"第一条　为了规范（试行）, 制定本法.", "\xe0\x80\x80\xed\xa0\x80", "\xe4\xb8", "𠀀🙂\xff混排", "\xef\xbf\xbf\xe1\x80\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendRunes(nil, s), []rune(s); !slices.Equal(got, want) {
			t.Errorf("appendRunes(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzBigramsOf checks that bigramsOf, which reads a text in one pass,
// gives the normalised text, its length, its bigrams in order and its
// clause boundaries as normalize and []rune do, for any text.
func FuzzBigramsOf(f *testing.F) {
	for _, s := range []string{"第一条　为了规范（试行）, 制定本法.", "1.5 亿元; 见第十条: “说明”!", "汉", "", " ", "ＡＢＣ１２３.\u200b", "坏\xff\xe4\xb8字。", "\u4000\u4dff\u9fff\ua000"} {
		f.Add(s)
	}
	sc := &scratch{}
	f.Fuzz(func(t *testing.T, s string) {
		bg, runes := bigramsOf(s, sc)
		pf := profile{norm: string(sc.bytes), cuts: sc.cuts, runes: runes}
		rs := []rune(normalize(s))
		var want []bigram
		for i := 0; i+1 < len(rs); i++ {
			want = append(want, bigramOf(rs[i], rs[i+1]))
		}
		if len(rs) == 1 {
			want = append(want, bigramOf(rs[0], 0))
		}
		var cuts []int32
		for i, r := range rs {
			if strings.ContainsRune("，。；、：！？\n", r) {
				cuts = append(cuts, int32(i))
			}
		}
		if pf.norm != normalize(s) || pf.runes != len(rs) || !slices.Equal(bg, want) || !slices.Equal(pf.cuts, cuts) {
			t.Errorf("bigramsOf(%q): norm %q runes %d cuts %v bigrams %x; want %q %d %v %x", s, pf.norm, pf.runes, pf.cuts, bg, normalize(s), len(rs), cuts, want)
		}
		// (ContainsRune finds U+FFFD and invalid bytes alike.)
		if sc.suspect != strings.ContainsRune(s, utf8.RuneError) {
			t.Errorf("bigramsOf(%q): suspect %v", s, sc.suspect)
		}
	})
}

// FuzzSentenceCut checks that cut, which splits and decodes a text in one
// pass, gives the sentences (after each 。；; and newline) and the
// characters that splitting on the delimiters and []rune give, for any
// valid text.
func FuzzSentenceCut(f *testing.F) {
	for _, s := range []string{"第一条　为了规范。制定本法；\n（一）甲;乙", "。", "；；", "\n", "", "无句号", "𠀀🙂。混排\r\n"} {
		f.Add(s)
	}
	var st sentenceText
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		var want []string
		start := 0
		for i, r := range s {
			if r == '。' || r == '；' || r == ';' || r == '\n' {
				end := i + utf8.RuneLen(r)
				want = append(want, s[start:end])
				start = end
			}
		}
		if start < len(s) {
			want = append(want, s[start:])
		}
		st.cut(s, st.runes)
		got := make([]string, st.n())
		for k := range got {
			got[k] = st.sentence(k)
			if rs := st.runes[st.at[k]:st.at[k+1]]; string(rs) != got[k] {
				t.Errorf("cut(%q): sentence %d is %q, its characters %q", s, k, got[k], string(rs))
			}
		}
		if !slices.Equal(got, want) || !slices.Equal(st.runes, []rune(s)) {
			t.Errorf("cut(%q) = %q, %q; want %q", s, got, string(st.runes), want)
		}
	})
}
