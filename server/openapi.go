package server

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// The OpenAPI document is merged at start-up from fragments in openapi/,
// one JSON file per area (regulations.json, search.json …). A fragment has
// the shape {"paths": {…}, "components": {"schemas": {…}}}; the same path
// and method, or the same schema name, in two fragments is an error.
// TestOpenAPI_MatchesRoutes checks that every /api route is documented and
// every documented operation is routed.
//
//go:embed openapi/*.json
var openapiFiles embed.FS

// openAPI is the merged document.
type openAPI struct {
	doc  map[string]any
	json []byte
}

func loadOpenAPI() (*openAPI, error) {
	paths := map[string]map[string]any{}
	schemas := map[string]any{}
	owner := map[string]string{}
	names, err := fs.Glob(openapiFiles, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := openapiFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var frag struct {
			Paths      map[string]map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("server: %s: %w", name, err)
		}
		base := path.Base(name)
		for p, ops := range frag.Paths {
			if paths[p] == nil {
				paths[p] = map[string]any{}
			}
			for m, op := range ops {
				key := strings.ToUpper(m) + " " + p
				if prev, ok := owner[key]; ok {
					return nil, fmt.Errorf("server: OpenAPI %s in both %s and %s", key, prev, base)
				}
				owner[key] = base
				paths[p][m] = op
			}
		}
		for n, sc := range frag.Components.Schemas {
			key := "schema " + n
			if prev, ok := owner[key]; ok {
				return nil, fmt.Errorf("server: OpenAPI %s in both %s and %s", key, prev, base)
			}
			owner[key] = base
			schemas[n] = sc
		}
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Lifa（立法）API",
			"version":     "1",
			"description": "法规项目、各审议稿版本、对照、检索与征求意见。写操作需要 Authorization: Bearer <管理令牌>。错误统一为 {\"error\":{\"code\":…,\"message\":…}}。",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"adminToken": map[string]any{"type": "http", "scheme": "bearer"},
			},
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return &openAPI{doc: doc, json: b}, nil
}

// operations returns "METHOD /path/{param}" for every documented operation.
func (o *openAPI) operations() []string {
	var ops []string
	for p, m := range o.doc["paths"].(map[string]map[string]any) {
		for method := range m {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options":
				ops = append(ops, strings.ToUpper(method)+" "+p)
			}
		}
	}
	sort.Strings(ops)
	return ops
}

// openAPIPath turns a gin path (/regulations/:id) into an OpenAPI path
// (/regulations/{id}).
func openAPIPath(ginPath string) string {
	parts := strings.Split(ginPath, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
			parts[i] = "{" + p[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}
