package drafts

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// Real article text (广州市湿地保护规定) for synthetic opinions.
var wetlandSentences = []string{
	"市、区人民政府应当将湿地保护纳入本级国民经济和社会发展规划",
	"各级人民政府应当建立健全综合协调、分部门实施的湿地保护管理体制",
	"将湿地保护、管理所需经费列入本级财政预算",
	"保障湿地保护建设项目和管理工作所需的资金投入",
	"湿地保护联席会议制度的组织实施，由同级林业行政主管部门负责",
	"街道办事处应当协助相关部门做好本辖区内湿地保护的相关工作",
	"林业行政主管部门负责湿地公园、湿地保护小区、鸟类栖息地的保护与管理",
	"水务行政主管部门负责河流、湖泊、水库等湿地的保护与管理",
	"农业行政主管部门负责湿地内农业生产的管理，防止因农业生产造成湿地生态环境污染",
	"禁止在湿地内开垦、填埋或者排干湿地",
	"禁止擅自采砂、取土、采矿",
	"禁止向湿地排放超标废水或者倾倒固体废弃物",
	"建议增加对破坏湿地行为的罚款数额",
	"建议明确湿地公园的开放时间和收费标准",
	"建议将红树林纳入重点保护范围",
	"建议设立湿地保护志愿者制度，鼓励市民参与",
	"建议规定湿地保护规划每五年评估一次",
	"建议对候鸟迁徙季节的湿地实行临时封闭管理",
}

// campaign returns a form letter of n sentences drawn with the given seed.
func campaignLetter(r *rand.Rand, n int) string {
	s := "我认为，"
	for i := 0; i < n; i++ {
		s += wetlandSentences[r.IntN(len(wetlandSentences))] + "。"
	}
	return s + "以上意见请予考虑。"
}

// varyLetter makes a copy as a campaign member would: a signature, changed
// punctuation and spacing, full-width digits, and now and then a few
// characters changed.
func varyLetter(r *rand.Rand, letter string, i int) string {
	runes := []rune(letter)
	switch r.IntN(4) {
	case 0: // identical
	case 1: // punctuation and spacing
		for j, c := range runes {
			if c == '，' && r.IntN(2) == 0 {
				runes[j] = ','
			}
		}
		return " " + string(runes) + "  "
	case 2: // signature appended
		return string(runes) + fmt.Sprintf("——市民%d", i%100)
	case 3: // one or two characters changed
		for k := 0; k < 1+r.IntN(2); k++ {
			runes[4+r.IntN(len(runes)-8)] = '湿'
		}
	}
	return string(runes)
}

type syntheticSet struct {
	in    []GroupInput
	truth map[int64]int // opinion id → campaign number, -1 for independent
}

// syntheticCampaigns builds campaigns of various sizes plus independent
// opinions made of the same sentences (hard negatives).
func syntheticCampaigns(seed uint64, campaigns, perCampaign, independent int) syntheticSet {
	r := rand.New(rand.NewPCG(seed, 1))
	s := syntheticSet{truth: map[int64]int{}}
	id := int64(1)
	for c := 0; c < campaigns; c++ {
		letter := campaignLetter(r, 6+r.IntN(6))
		for i := 0; i < perCampaign; i++ {
			s.in = append(s.in, GroupInput{ID: id, Text: varyLetter(r, letter, i)})
			s.truth[id] = c
			id++
		}
	}
	for i := 0; i < independent; i++ {
		s.in = append(s.in, GroupInput{ID: id, Text: campaignLetter(r, 2+r.IntN(6))})
		s.truth[id] = -1
		id++
	}
	r.Shuffle(len(s.in), func(i, j int) { s.in[i], s.in[j] = s.in[j], s.in[i] })
	return s
}

// pairScores counts, over all pairs of opinions, true and false positives
// and false negatives of the grouping against the campaigns.
func pairScores(s syntheticSet, groups []OpinionGroup) (tp, fp, fn int) {
	groupOf := map[int64]int64{}
	for _, g := range groups {
		for _, m := range g.Members {
			groupOf[m] = g.Representative
		}
	}
	ids := make([]int64, 0, len(s.in))
	for _, op := range s.in {
		ids = append(ids, op.ID)
	}
	for i := 0; i < len(ids); i++ {
		for j := i + 1; j < len(ids); j++ {
			a, b := ids[i], ids[j]
			same := s.truth[a] >= 0 && s.truth[a] == s.truth[b]
			ga, oka := groupOf[a]
			gb, okb := groupOf[b]
			grouped := oka && okb && ga == gb
			switch {
			case same && grouped:
				tp++
			case !same && grouped:
				fp++
			case same && !grouped:
				fn++
			}
		}
	}
	return
}

func TestGroupOpinions_campaigns(t *testing.T) {
	s := syntheticCampaigns(42, 8, 60, 300)
	groups := GroupOpinions(s.in)
	tp, fp, fn := pairScores(s, groups)
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	t.Logf("%d opinions, %d groups: pair precision %.4f, recall %.4f (tp %d fp %d fn %d)",
		len(s.in), len(groups), precision, recall, tp, fp, fn)
	if precision < 0.99 || recall < 0.95 {
		t.Errorf("precision %.4f recall %.4f below 0.99/0.95", precision, recall)
	}
}

func TestGroupOpinions_basic(t *testing.T) {
	in := []GroupInput{
		{5, "建议增加对破坏湿地行为的罚款数额。"},
		{2, "建议增加对破坏湿地行为的罚款数额"},
		{9, "建议 增加对破坏湿地行为的罚款数额！"},
		{3, "建议将红树林纳入重点保护范围。"},
		{4, "建议设立湿地保护志愿者制度，鼓励市民参与。"},
	}
	groups := GroupOpinions(in)
	if len(groups) != 1 {
		t.Fatalf("groups = %+v, want one", groups)
	}
	g := groups[0]
	if g.Representative != 2 || fmt.Sprint(g.Members) != "[2 5 9]" {
		t.Errorf("group = %+v", g)
	}
	if OpinionNormHash(in[0].Text) != OpinionNormHash(in[1].Text) {
		t.Error("identical after normalisation but hashes differ")
	}
	if OpinionNormHash(in[0].Text) == OpinionNormHash(in[3].Text) {
		t.Error("different texts share a hash")
	}
	if GroupOpinions(nil) != nil {
		t.Error("groups of nothing")
	}
}

func BenchmarkGroupOpinions(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		s := syntheticCampaigns(7, n/100, 50, n/2)
		b.Run(fmt.Sprint(len(s.in)), func(b *testing.B) {
			for b.Loop() {
				GroupOpinions(s.in)
			}
		})
	}
}
