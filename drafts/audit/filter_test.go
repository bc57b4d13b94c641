package audit

import (
	"net/url"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store"
)

func TestParseFilter(t *testing.T) {
	q, _ := url.ParseQuery("entity=consultation&entity_id=4&actor=+admin+&action=consultation.")
	want := store.AuditFilter{Entity: "consultation", EntityID: 4, Actor: "admin", ActionPrefix: "consultation."}
	if f, err := ParseFilter(q); err != nil || f != want {
		t.Errorf("ParseFilter = %+v, %v", f, err)
	}
	for query, msg := range map[string]string{
		"entity=king":  `未知的对象类型 "king"。`,
		"entity_id=0":  "参数 entity_id 应为 1 到 4611686018427387904 之间的整数。",
		"entity_id=x1": "参数 entity_id 应为 1 到 4611686018427387904 之间的整数。",
	} {
		q, _ := url.ParseQuery(query)
		if _, err := ParseFilter(q); drafts.ErrorCode(err) != drafts.EINVALID || drafts.ErrorMessage(err) != msg {
			t.Errorf("%s: %v", query, err)
		}
	}
}
