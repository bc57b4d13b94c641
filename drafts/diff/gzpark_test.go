package diff

import (
	"slices"
	"testing"
)

// TestCompare_gzparkReshuffles checks the many-to-one relations of the
// full revision of 广州市停车场条例 (2021 → 2025, 68 → 39 articles), as
// read in the two texts:
//   - new 3 keeps the leads of old 3 (市交通行政主管部门负责……并组织实施
//     本条例) and old 4 (区交通行政主管部门负责本行政区域内……) without
//     their lists of duties, and old 5's third paragraph (the other
//     departments): old 3, 4, 5 → new 3;
//   - new 7 joins old 13 (编制停车场专项规划, 报市人民政府批准), old 14's
//     second paragraph (专项规划应当包括……) and old 15's 年度建设计划;
//     new 8 takes old 15's 储备土地 sentence: old 13, 14, 15 → new 7, 8;
//   - new 28 condenses the three "……及其工作人员有下列行为之一的……
//     依法给予处分：" articles old 51, 52, 53 (lists dropped) into its
//     first paragraph, and old 54 (泊位日常管理单位) into its second:
//     old 51–54 → new 28.
func TestCompare_gzparkReshuffles(t *testing.T) {
	old, new := parseDoc(t, "gzpark-2021.md"), parseDoc(t, "gzpark-2025.md")
	c, err := Compare(old, new, nil)
	if err != nil {
		t.Fatal(err)
	}
	nums := func(rs []Ref) []int {
		var out []int
		for _, r := range rs {
			out = append(out, r.Num)
		}
		return out
	}
	for _, want := range []struct {
		kind     Kind
		old, new []int
	}{
		{Merged, []int{3, 4, 5}, []int{3}},
		{Merged, []int{13, 14, 15}, []int{7, 8}},
		{Merged, []int{51, 52, 53, 54}, []int{28}},
	} {
		found := false
		for _, ch := range c.Changes {
			if len(ch.Old) > 0 && ch.Old[0].Num == want.old[0] {
				found = true
				if ch.Kind != want.kind || !slices.Equal(nums(ch.Old), want.old) || !slices.Equal(nums(ch.New), want.new) {
					t.Errorf("old %v: got %s %v → %v, want %s %v → %v", want.old, ch.Kind,
						nums(ch.Old), nums(ch.New), want.kind, want.old, want.new)
				}
			}
		}
		if !found {
			t.Errorf("no change starts with old article %d", want.old[0])
		}
	}
	// Articles that were dropped stay deleted (read in the texts: 行业协会,
	// 建设用地使用权的供应方式, 泊位内车辆受损的赔偿).
	for _, o := range []int{12, 16, 50} {
		for _, ch := range c.Changes {
			if len(ch.Old) > 0 && slices.Contains(nums(ch.Old), o) && ch.Kind != Deleted {
				t.Errorf("old %d: got %s → %v, want deleted", o, ch.Kind, nums(ch.New))
			}
		}
	}
}
