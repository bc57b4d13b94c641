package amend

import (
	"strings"

	"lifa/drafts/cnum"
)

// Text returns the decision as issued: title, 题注, preamble, the items
// 一、二、… and the closing paragraphs, one paragraph per line.
func (d *Decision) Text() string {
	var b strings.Builder
	b.WriteString(d.Title + "\n")
	if d.Adopted != "" {
		b.WriteString("（" + d.Adopted + "）\n")
	}
	b.WriteString(d.Preamble + "\n")
	for _, it := range d.Items {
		b.WriteString(cnum.Format(it.Num) + "、" + it.Text + "\n")
	}
	for _, c := range d.Closing {
		b.WriteString(c + "\n")
	}
	return b.String()
}

// quote writes a text as a decision quotes it: each paragraph opens with
// “, only the last closes with ”, and quotation marks inside become ‘’.
func quote(text string) string {
	text = innerQuotes.Replace(text)
	return "“" + strings.ReplaceAll(text, "\n", "\n“") + "”"
}

// innerQuotes writes quotation marks inside a quotation single.
var innerQuotes = strings.NewReplacer("“", "‘", "”", "’")

// labelled joins articles' texts, each after its label: 第三条　…
func labelled(us []Unit, texts []string) string {
	var parts []string
	for k, t := range texts {
		parts = append(parts, articleLabel(us[k].Article, us[k].ArticleSub)+"　"+t)
	}
	return strings.Join(parts, "\n")
}

// cite writes a unit as decisions cite it: 第八条第二项, 第七条第一款.
func cite(u Unit) string {
	var b strings.Builder
	if u.Article > 0 {
		b.WriteString(articleLabel(u.Article, u.ArticleSub))
	}
	b.WriteString(citeBelow(u))
	return b.String()
}

// citeBelow writes the part of a unit below its article: 第二款第三项.
func citeBelow(u Unit) string { return u.inArticle(false) }

// citeList writes several units: 第二十四条、第二十九条第三款和第四款.
func citeList(us []Unit) string {
	var b strings.Builder
	for k, u := range us {
		if k > 0 {
			prev := us[k-1]
			if prev.Article == u.Article && prev.ArticleSub == u.ArticleSub && u.Paragraph > 0 {
				b.WriteString("和" + citeBelow(u))
				continue
			}
			b.WriteString("、")
		}
		b.WriteString(cite(u))
	}
	return b.String()
}

// numbers writes the numbers of new units: 第三条、第四条 / 第二款、第三款.
func numbers(us []Unit) string {
	s := make([]string, len(us))
	for k, u := range us {
		s[k] = cite(u)
	}
	return strings.Join(s, "、")
}

// endSentence closes a clause with 。 unless its quotation ends one.
func endSentence(s string) string {
	if strings.HasSuffix(s, "”") {
		t := strings.TrimSuffix(s, "”")
		if strings.HasSuffix(t, "。") || strings.HasSuffix(t, "；") || strings.HasSuffix(t, "：") {
			return s
		}
	}
	return s + "。"
}

// renderItem writes an item's operations in the drafting style. A
// renumbering leads the clauses about its article (将第七条改为第十条，第一款
// 修改为：…), which then cite only paragraphs and items; other clauses of
// the item follow as paragraphs of their own. Changes of wording in
// sub-items （一）（二） are introduced by 对部分条文中的有关表述作以下修改：.
func renderItem(ops []Op) string {
	var paras []string
	var ctx *Unit
	cur := ""
	sub := 0
	if len(ops) > 0 && ops[0].Sub > 0 {
		paras = append(paras, "对部分条文中的有关表述作以下修改：")
	}
	for k := range ops {
		op := &ops[k]
		if op.Sub > 0 && op.Sub != sub {
			if cur != "" {
				paras = append(paras, endSentence(cur))
				cur = ""
			}
			sub = op.Sub
			cur = "（" + cnum.Format(sub) + "）"
			ctx = nil
		}
		in := ctx != nil && len(op.Targets) > 0 && op.Targets[0].Article == ctx.Article && op.Targets[0].ArticleSub == ctx.ArticleSub
		clause := renderOp(op, in)
		switch {
		case op.Form == Renumber:
			cur += clause + "，"
			ctx = &Unit{Article: op.Targets[0].Article, ArticleSub: op.Targets[0].ArticleSub}
			continue
		case strings.HasSuffix(cur, "，") || strings.HasSuffix(cur, "）"):
			cur += clause
		case cur == "":
			cur = clause
		default:
			paras = append(paras, endSentence(cur))
			cur = clause
		}
		if len(op.Targets) > 0 {
			a := op.Targets[0].article()
			ctx = &a
		}
	}
	if cur != "" {
		paras = append(paras, endSentence(strings.TrimSuffix(cur, "，")))
	}
	return strings.Join(paras, "\n")
}

// renderOp writes one operation; in says the clause is about the article
// the item already named (so paragraphs and items are cited alone).
func renderOp(op *Op, in bool) string {
	target := func() string {
		if in {
			return citeBelow(op.Targets[0])
		}
		return citeList(op.Targets)
	}
	switch op.Form {
	case Renumber:
		return "将" + cite(op.Targets[0]) + "改为" + cite(op.New[0])
	case Replace:
		u := op.Targets[0]
		if in && u.Level() == "条" {
			return "修改为：" + quote(op.Texts[0])
		}
		if in {
			return citeBelow(u) + "修改为：" + quote(op.Texts[0])
		}
		return "将" + cite(u) + "修改为：" + quote(op.Texts[0])
	case ReplaceWords:
		var ws []string
		for _, w := range op.Words {
			ws = append(ws, quote(w.From)+"修改为"+quote(w.To))
		}
		return "将" + citeList(op.Targets) + "中的" + strings.Join(ws, "，")
	case InsertWords:
		var ws []string
		for _, w := range op.Words {
			where := "后增加"
			if w.Before {
				where = "前增加"
			}
			ws = append(ws, quote(w.From)+where+quote(w.To))
		}
		return "在" + citeList(op.Targets) + "中的" + strings.Join(ws, "，")
	case DeleteWords:
		var ws []string
		for _, w := range op.Words {
			ws = append(ws, quote(w.From))
		}
		return "删去" + citeList(op.Targets) + "中的" + strings.Join(ws, "、")
	case Add:
		n := len(op.New)
		level := op.New[0].Level()
		var body string
		switch level {
		case "条":
			if len(op.Texts) == 0 {
				// 增加一条，作为第Y条，将第X条第Z款修改后作为本条第一款：“…”
				return "增加" + count(n) + "条，作为" + numbers(op.New) + "，"
			}
			body = "增加" + count(n) + "条，作为" + numbers(op.New) + "："
			if n > 1 {
				body += quote(labelled(op.New, op.Texts))
			} else {
				body += quote(op.Texts[0])
			}
			switch {
			case op.After != nil:
				return "在" + cite(*op.After) + "后" + body
			case op.Division != nil:
				return "在" + op.Division.String() + "中" + body
			}
			return body
		case "款":
			pos := make([]string, n)
			for k, u := range op.New {
				pos[k] = "第" + cnum.Format(u.Paragraph) + "款"
			}
			body = "增加" + count(n) + "款，作为" + strings.Join(pos, "、") + "：" + quoteEach(op.Texts)
			if len(op.Targets) == 0 && !in {
				// in an added article: 增加一款，作为第Y条第二款
				pos[0] = cite(op.New[0])
				return "增加" + count(n) + "款，作为" + strings.Join(pos, "、") + "：" + quoteEach(op.Texts)
			}
			if len(op.Targets) == 0 {
				return body
			}
			if in {
				return body
			}
			return "在" + cite(op.Targets[0]) + "中" + body
		default:
			pos := make([]string, n)
			for k, u := range op.New {
				pos[k] = "第" + cnum.Format(u.Item) + "项"
			}
			body = "增加" + count(n) + "项，作为" + strings.Join(pos, "、") + "：" + quoteEach(op.Texts)
			if len(op.Targets) == 0 {
				return body
			}
			t := op.Targets[0]
			if in {
				if t.Paragraph > 0 {
					return citeBelow(t) + body
				}
				return body
			}
			return "在" + cite(t) + "中" + body
		}
	case Delete:
		return "删去" + target()
	case Split:
		if len(op.Parts) > 0 {
			arts := map[Unit]bool{}
			for _, pt := range op.Parts {
				arts[pt.To.article()] = true
			}
			return "将" + cite(op.Targets[0]) + "改为" + count(len(arts)) + "条，" + renderParts(op.Parts)
		}
		s := "将" + cite(op.Targets[0]) + "改为" + count(len(op.New)) + "条，作为" + numbers(op.New) + "，修改为："
		return s + quote(labelled(op.New, op.Texts))
	case Merge:
		if len(op.New) == 1 {
			return "将" + citeList(op.Targets) + "合并，作为" + cite(op.New[0]) + "，修改为：" + quote(op.Texts[0])
		}
		return "将" + citeList(op.Targets) + "修改为" + count(len(op.New)) + "条，作为" + numbers(op.New) + "：" + quote(labelled(op.New, op.Texts))
	case Move:
		s := "将" + cite(op.Targets[0]) + "移至"
		if op.Division != nil {
			s += op.Division.String()
		} else {
			s += cite(*op.After) + "之后"
		}
		if len(op.New) == 1 {
			s += "，作为" + cite(op.New[0])
		}
		if len(op.Texts) == 1 {
			s += "，修改为：" + quote(op.Texts[0])
		}
		return s
	case AddDivision:
		d := op.Division
		name := string(d.Level) + "名"
		head := "增加一" + string(d.Level) + "，作为第" + cnum.Format(d.Num) + string(d.Level)
		if len(op.Texts) > 0 {
			return head + "：" + quote("第"+cnum.Format(d.Num)+string(d.Level)+"　"+d.Title+"\n"+labelled(op.New, op.Texts))
		}
		if len(op.Targets) == 1 {
			return "在" + cite(op.Targets[0]) + "前" + head + "，" + name + "为" + quote(d.Title)
		}
		return head + "，" + name + "为" + quote(d.Title) + "，包括" + citeList(op.Targets)
	case MoveDivision:
		return "将" + op.Division.String() + "的" + string(op.Division.Level) + "名移至" + cite(op.Targets[0]) + "前"
	case RenameDivision:
		return "将" + op.Division.String() + "的" + string(op.Division.Level) + "名修改为" + quote(op.Division.Title)
	case DeleteDivision:
		if op.Division.HeadingOnly {
			return "删去" + op.Division.String() + "的" + string(op.Division.Level) + "名"
		}
		return "删去" + op.Division.String()
	case Punctuation:
		return punctuationClause
	case Relocate:
		if to := op.New[0]; to.Paragraph > 0 && len(op.Texts) == 1 {
			// in an article just added: 将第X条第Z款修改后作为本条第一款：“…”
			return "将" + citeList(op.Targets) + "修改后作为本条" + citeBelow(to) + "：" + quote(op.Texts[0])
		}
		s := "将" + citeList(op.Targets) + "改为" + cite(op.New[0])
		if len(op.Texts) == 1 {
			s += "，修改为：" + quote(op.Texts[0])
		}
		return s
	}
	return ""
}

// punctuationClause is the text of a Punctuation operation.
const punctuationClause = "将部分条文中的半角标点符号修改为全角标点符号"

// renderParts writes where the paragraphs of a split article go:
// 第一款作为第八十条；第二款作为第八十一条第一款，修改为：“…”；第三、四、五款
// 分别作为第八十一条第二、三、四款.
func renderParts(parts []Part) string {
	single := map[Unit]int{} // paragraphs each new article gets
	for _, pt := range parts {
		single[pt.To.article()]++
	}
	var groups []string
	for k := 0; k < len(parts); {
		pt := parts[k]
		e := k + 1
		for e < len(parts) && pt.Text == "" && parts[e].Text == "" && parts[e].To.article() == pt.To.article() &&
			parts[e].From.Paragraph == parts[e-1].From.Paragraph+1 && parts[e].To.Paragraph == parts[e-1].To.Paragraph+1 {
			e++
		}
		if e-k > 1 {
			var from, to []string
			for _, x := range parts[k:e] {
				from = append(from, cnum.Format(x.From.Paragraph))
				to = append(to, cnum.Format(x.To.Paragraph))
			}
			groups = append(groups, "第"+strings.Join(from, "、")+"款分别作为"+cite(pt.To.article())+"第"+strings.Join(to, "、")+"款")
		} else {
			g := "第" + cnum.Format(pt.From.Paragraph) + "款作为" + cite(pt.To.article())
			if single[pt.To.article()] > 1 || pt.To.Paragraph > 1 {
				g += "第" + cnum.Format(pt.To.Paragraph) + "款"
			}
			if pt.Text != "" {
				g += "，修改为：" + quote(pt.Text)
			}
			groups = append(groups, g)
		}
		k = e
	}
	return strings.Join(groups, "；")
}

// quoteEach quotes several added units, each as its own quotation.
func quoteEach(texts []string) string {
	var b strings.Builder
	for k, t := range texts {
		if k > 0 {
			b.WriteString("\n")
		}
		b.WriteString(quote(t))
	}
	return b.String()
}
