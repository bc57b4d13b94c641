package parse

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestDebugWarnings(t *testing.T) {
	counts := map[string]int{}
	examples := map[string][]string{}
	hard := 0
	for _, sub := range []string{"laws", "local", "bulk"} {
		for _, f := range corpusFiles(t, sub) {
			data, _ := os.ReadFile(f)
			doc, err := Parse(f, data)
			if err != nil {
				continue
			}
			b := builder{}
			_ = b
			for _, w := range doc.Warnings {
				k := w.Message
				if i := strings.IndexAny(k, "：（"); i > 0 {
					k = k[:i]
				}
				k = strings.Map(func(r rune) rune {
					if strings.ContainsRune("一二三四五六七八九十百千零", r) {
						return 'N'
					}
					return r
				}, k)
				counts[k]++
				if len(examples[k]) < 200 {
					examples[k] = append(examples[k], fmt.Sprintf("%s:%d %s", strings.TrimPrefix(f, corpusDir+"/"), w.Line, w.Message))
				}
			}
		}
	}
	_ = hard
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return counts[keys[i]] > counts[keys[j]] })
	for _, k := range keys {
		fmt.Printf("%5d %s\n", counts[k], k)
		for _, e := range examples[k] {
			fmt.Printf("        %s\n", e)
		}
	}
	_ = filepath.Base
}
