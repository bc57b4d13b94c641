package store_test

import (
	"context"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestStore_RegulationLevel: level and region are stored on create, read
// back by every query, changed by an update (audited, on the change log)
// and validated.
func TestStore_RegulationLevel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := &drafts.Regulation{Title: "广州市湿地保护规定", Kind: drafts.KindEnact, Level: drafts.LevelLocal, Region: " 广州市 "}
		if err := s.CreateRegulation(ctx, "张三", r); err != nil {
			t.Fatal(err)
		}
		if r.Region != "广州市" {
			t.Errorf("region not trimmed: %q", r.Region)
		}
		got, err := s.Regulation(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Level != drafts.LevelLocal || got.Region != "广州市" {
			t.Errorf("read back level %q region %q", got.Level, got.Region)
		}
		national := &drafts.Regulation{Title: "中华人民共和国湿地保护法", Kind: drafts.KindEnact, Level: drafts.LevelLaw}
		if err := s.CreateRegulation(ctx, "张三", national); err != nil {
			t.Fatal(err)
		}
		list, err := s.ListRegulations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		levels := map[int64]drafts.Level{}
		for _, x := range list {
			levels[x.ID] = x.Level
		}
		if levels[r.ID] != drafts.LevelLocal || levels[national.ID] != drafts.LevelLaw {
			t.Errorf("list levels %v", levels)
		}

		seq0, _ := s.LastChangeSeq(ctx)
		level, region := string(drafts.LevelRule), "广州市"
		up, err := s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Level: &level, Region: &region})
		if err != nil {
			t.Fatal(err)
		}
		if up.Level != drafts.LevelRule || up.Region != "广州市" {
			t.Errorf("updated %+v", up)
		}
		if seq, _ := s.LastChangeSeq(ctx); seq != seq0+1 {
			t.Errorf("change seq %d → %d, want one change for the index to follow", seq0, seq)
		}
		audit, _ := s.AuditLog(ctx, 1)
		if len(audit) != 1 || !strings.Contains(audit[0].Detail, "规章") || strings.Contains(audit[0].Detail, "region") {
			t.Errorf("audit %+v, want the level change only", audit)
		}
		if reread, _ := s.Regulation(ctx, r.ID); reread.Level != drafts.LevelRule {
			t.Errorf("read back after update: %q", reread.Level)
		}
		empty := ""
		if up, err := s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Level: &empty}); err != nil || up.Level != "" {
			t.Errorf("clearing the level: %+v, %v", up, err)
		}

		bad := "部门规章"
		_, err = s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Level: &bad})
		wantCode(t, err, drafts.EINVALID)
		long := strings.Repeat("区", 101)
		_, err = s.UpdateRegulation(ctx, "王五", r.ID, drafts.RegulationUpdate{Region: &long})
		wantCode(t, err, drafts.EINVALID)
		wantCode(t, s.CreateRegulation(ctx, "张三", &drafts.Regulation{Title: "某条例", Kind: drafts.KindEnact, Level: "条例"}), drafts.EINVALID)
	})
}

// TestStore_RegulationWithText: a document whose title and articles were
// imported before is found, whatever its file; any change of text is not.
func TestStore_RegulationWithText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, err := s.RegulationWithText(ctx, doc("广州市停车场条例", "甲", "乙"))
		wantCode(t, err, drafts.ENOTFOUND)
		r := newRegulation(t, s, "广州市停车场条例")
		newVersion(t, s, r.ID, "draft", "停车场应当公示收费标准。", "违反本条例的，责令改正。")
		other := newRegulation(t, s, "广州市湿地保护规定")
		newVersion(t, s, other.ID, "draft", "湿地保护应当坚持生态优先。")

		same := doc("广州市停车场条例", "停车场应当公示收费标准。", "违反本条例的，责令改正。")
		same.Format, same.Meta = "docx", nil // another file of the same text
		got, err := s.RegulationWithText(ctx, same)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != r.ID || got.Latest == nil {
			t.Errorf("found %+v, want regulation %d with its latest version", got, r.ID)
		}
		_, err = s.RegulationWithText(ctx, doc("广州市停车场条例", "停车场应当公示收费标准。", "违反本条例的，责令改正并罚款。"))
		wantCode(t, err, drafts.ENOTFOUND)
	})
}
