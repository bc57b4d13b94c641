package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"lifa/drafts"
)

// HeatCell is one article in the opinion heat map.
type HeatCell struct {
	Article    int    `json:"article"`
	ArticleSub int    `json:"article_sub,omitempty"`
	Count      int    `json:"count"`
	Href       string `json:"href,omitempty"` // link target, e.g. "#art-12"
}

// heatColors runs from no opinions (light grey) to the most (deep red);
// each step also changes lightness, so the map reads in grey-scale print.
var heatColors = []string{"#f2f2f2", "#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#f2855d", "#ef6a4c", "#e34f3f", "#c0392b", "#8e1b10"}

// HeatMapSVG draws the number of opinions per article as an SVG grid
// (perRow cells a row, in article order), each cell linked to its article
// and titled with its count; the darkest colour is the busiest article.
// The result is a complete <svg> element, safe to embed in HTML: every
// text it writes is escaped, the rest are numbers and fixed colours.
func HeatMapSVG(cells []HeatCell, perRow int) template.HTML {
	if perRow <= 0 {
		perRow = 20
	}
	const size, gap, pad, legendH = 30, 3, 4, 28
	maxCount := 0
	total := 0
	for _, c := range cells {
		if c.Count > maxCount {
			maxCount = c.Count
		}
		total += c.Count
	}
	rows := (len(cells) + perRow - 1) / perRow
	cols := perRow
	if len(cells) < perRow {
		cols = max(len(cells), 1)
	}
	w := pad*2 + cols*(size+gap)
	w = max(w, 260)
	h := pad*2 + rows*(size+gap) + legendH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="heatmap-title">`, w, h, w, h)
	fmt.Fprintf(&b, `<title id="heatmap-title">各条意见数热力图：共 %d 条意见，最多的一条 %d 条</title>`, total, maxCount)
	for i, c := range cells {
		x := pad + (i%perRow)*(size+gap)
		y := pad + (i/perRow)*(size+gap)
		color := heatColors[0]
		if c.Count > 0 && maxCount > 0 {
			k := 1 + (c.Count*(len(heatColors)-2)+maxCount-1)/maxCount
			color = heatColors[min(k, len(heatColors)-1)]
		}
		label := drafts.ArticleRefLabel(c.Article, c.ArticleSub)
		textColor := "#222"
		if color == heatColors[len(heatColors)-1] || color == heatColors[len(heatColors)-2] {
			textColor = "#fff"
		}
		if c.Href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, html.EscapeString(c.Href))
		}
		fmt.Fprintf(&b, `<g><title>%s：%d 条意见</title><rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="%s" stroke="#999" stroke-width="0.5"/>`,
			html.EscapeString(label), c.Count, x, y, size, size, color)
		num := fmt.Sprint(c.Article)
		if c.ArticleSub > 0 {
			num += "-" + fmt.Sprint(c.ArticleSub)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="%s">%s</text></g>`,
			x+size/2, y+size/2+4, textColor, num)
		if c.Href != "" {
			b.WriteString(`</a>`)
		}
	}
	ly := pad + rows*(size+gap) + 8
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#222">少</text>`, pad, ly+11)
	for i, c := range heatColors {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="#999" stroke-width="0.5"/>`, pad+16+i*16, ly, c)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#222">多</text>`, pad+20+len(heatColors)*16, ly+11)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
