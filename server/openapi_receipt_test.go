package server

import (
	"reflect"
	"strings"
	"testing"

	"lifa/drafts/consultations"
)

// TestOpenAPI_ReceiptSchema: the Receipt schema lists every field the
// receipt's JSON carries (it lacked the regulation, consultation,
// moderation, outcome and landing fields added since), and nothing else.
func TestOpenAPI_ReceiptSchema(t *testing.T) {
	ts := newTestServer(t)
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	decode(t, ts.get("/api/openapi.json"), &doc)
	for schema, typ := range map[string]reflect.Type{
		"Receipt":        reflect.TypeFor[consultations.Receipt](),
		"ReceiptLanding": reflect.TypeFor[consultations.Landing](),
	} {
		props := doc.Components.Schemas[schema].Properties
		fields := map[string]bool{}
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || name == "" {
				continue
			}
			fields[name] = true
			if props[name] == nil {
				t.Errorf("%s schema lacks %s", schema, name)
			}
		}
		for name := range props {
			if !fields[name] {
				t.Errorf("%s schema has %s, which the JSON does not carry", schema, name)
			}
		}
	}
}
