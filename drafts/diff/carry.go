package diff

// Destination says where an article of the old text went in the new one:
// what kind of change it took part in, the new articles it became, and
// whether (and how) its text changed. Opinions on the old text are carried
// forward to the next reading with it.
type Destination struct {
	// Kind is a Kind, or "whole" for the text as a whole (article 0);
	// "deleted" when the article has no counterpart.
	Kind    string `json:"kind"`
	New     []Ref  `json:"new"`
	Changed bool   `json:"changed"`
	// Diff is the character diff when the text changed.
	Diff []Op `json:"diff,omitempty"`
}

// KindLabel says in words what became of the article: the change's kind
// (修改, 拆分, 仅序号变化 …), 已删除, or 整体意见 for the text as a whole.
func (d Destination) KindLabel() string {
	switch d.Kind {
	case "whole":
		return "整体意见"
	case "deleted":
		return "已删除"
	}
	return Kind(d.Kind).Label()
}

// Carrier answers where the articles of a comparison's old text went.
// Build it once per comparison with Comparison.Carrier.
type Carrier struct {
	where map[[2]int]*Change
}

// Carrier indexes the comparison's changes by their old articles.
func (c *Comparison) Carrier() *Carrier {
	k := &Carrier{where: map[[2]int]*Change{}}
	for i := range c.Changes {
		ch := &c.Changes[i]
		for _, r := range ch.Old {
			k.where[[2]int{r.Num, r.Sub}] = ch
		}
	}
	return k
}

// Carry returns where article (num, sub) of the old text went; num 0 is
// the text as a whole, which always counts as changed.
func (k *Carrier) Carry(num, sub int) Destination {
	if num == 0 {
		return Destination{Kind: "whole", Changed: true}
	}
	ch := k.where[[2]int{num, sub}]
	if ch == nil {
		return Destination{Kind: string(Deleted), Changed: true}
	}
	d := Destination{Kind: string(ch.Kind), New: ch.New, Changed: ch.Changed()}
	if d.Changed {
		d.Diff = ch.Diff
	}
	return d
}
