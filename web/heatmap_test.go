package web

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestHeatMapSVG(t *testing.T) {
	cells := []HeatCell{{Article: 1, Count: 0, Href: "#art-1"}, {Article: 2, Count: 3, Href: "#art-2"},
		{Article: 3, Count: 30, Href: "#art-3"}, {Article: 3, ArticleSub: 1, Count: 1, Href: `"><script>`}}
	svg := string(HeatMapSVG(cells, 2))
	// Well-formed XML.
	d := xml.NewDecoder(strings.NewReader(svg))
	rects, links := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "rect":
				rects++
			case "a":
				links++
			}
		}
	}
	if rects != len(cells)+len(heatColors) || links != len(cells) {
		t.Errorf("rects %d links %d", rects, links)
	}
	for _, want := range []string{"第三条：30 条意见", "第一条：0 条意见", "第三条之一：1 条意见", `fill="#8e1b10"`, `fill="#f2f2f2"`, "共 34 条意见"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(svg, "<script>") {
		t.Error("href not escaped")
	}
	if HeatMapSVG(nil, 0) == "" {
		t.Error("empty map")
	}
}
