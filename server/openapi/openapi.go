// Package openapi is the OpenAPI document of Lifa's JSON API: the
// fragments, one JSON file per area (regulations.json, search.json …),
// and their merging into the one document the server serves at
// /api/openapi.json.
//
// A fragment has the shape {"paths": {…}, "components": {"schemas": {…}}};
// the same path and method, or the same schema name, in two fragments is
// an error. The server's TestOpenAPI_MatchesRoutes checks that every /api route is documented and
// every documented operation is routed. An operation that needs a signed-in
// account says "security": [{"adminToken": []}]; the merged document lists
// for it every way to be one (credentialSchemes).
package openapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.json
var files embed.FS

// Document is the merged document: JSON is what /api/openapi.json serves.
type Document struct {
	doc  map[string]any
	JSON []byte
}

// Load merges the fragments into the document; sessionCookie names the
// session cookie in its security schemes. An error for a fragment that is
// not JSON or that documents an operation or a schema another one does.
func Load(sessionCookie string) (*Document, error) {
	paths := map[string]map[string]any{}
	schemas := map[string]any{}
	owner := map[string]string{}
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := files.ReadFile(name)
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
			return nil, fmt.Errorf("openapi: %s: %w", name, err)
		}
		base := name
		for p, ops := range frag.Paths {
			if paths[p] == nil {
				paths[p] = map[string]any{}
			}
			for m, op := range ops {
				key := strings.ToUpper(m) + " " + p
				if prev, ok := owner[key]; ok {
					return nil, fmt.Errorf("openapi: %s in both %s and %s", key, prev, base)
				}
				owner[key] = base
				paths[p][m] = withCredentials(op)
			}
		}
		for n, sc := range frag.Components.Schemas {
			key := "schema " + n
			if prev, ok := owner[key]; ok {
				return nil, fmt.Errorf("openapi: %s in both %s and %s", key, prev, base)
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
			"description": apiDescription,
		},
		"paths": paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": credentialSchemes(sessionCookie),
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return &Document{doc: doc, JSON: b}, nil
}

// apiDescription introduces the API: what it covers, how to sign in, how
// errors look.
const apiDescription = "法规项目、各审议稿版本、对照、检索与征求意见。" +
	"阅读公开内容无需登录；其余操作须以下列任一方式证明身份：" +
	"（1）账号的 API 令牌：Authorization: Bearer lifa_…（在“API 令牌”页面或 POST /api/v1/accounts/{id}/tokens 创建，权限同该账号）；" +
	"（2）管理令牌：Authorization: Bearer lifa_…（首次运行 lifa serve 时打印一次，以管理员 admin 的身份操作）；" +
	"（3）会话 Cookie lifa_session（登录页面或 POST /api/v1/login），以 Cookie 发出的 POST、PATCH、PUT、DELETE 请求" +
	"还须在请求头 X-CSRF-Token 中带上会话的 CSRF 令牌（GET /api/v1/me 返回），用令牌的请求则不需要。" +
	"错误统一为 {\"error\":{\"code\":…,\"message\":…}}：400 invalid、401 unauthorized、403 forbidden、404 not_found、" +
	"405 method_not_allowed、409 conflict 或 closed、413 too_large、429 rate_limited、500 internal、503 unavailable。"

// credentialSchemes are the ways to act as an account.
func credentialSchemes(sessionCookie string) map[string]any {
	return map[string]any{
		"apiToken": map[string]any{"type": "http", "scheme": "bearer",
			"description": "账号的 API 令牌（lifa_…），权限同该账号；不需要 CSRF 令牌。"},
		"adminToken": map[string]any{"type": "http", "scheme": "bearer",
			"description": "管理令牌（lifa_…，首次运行 lifa serve 时打印一次），以管理员 admin 的身份操作；不需要 CSRF 令牌。"},
		"sessionCookie": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie,
			"description": "登录后的会话 Cookie。以它发出的 POST、PATCH、PUT、DELETE 请求须在请求头 X-CSRF-Token 中带上会话的 CSRF 令牌（GET /api/v1/me 的 csrf）。"},
	}
}

// withCredentials rewrites an operation's requirement of a signed-in
// account ({"adminToken": []}) into its alternatives: an account's API
// token, the admin token, or the session cookie with its CSRF token.
func withCredentials(op any) any {
	m, ok := op.(map[string]any)
	if !ok {
		return op
	}
	sec, ok := m["security"].([]any)
	if !ok {
		return op
	}
	for _, req := range sec {
		if r, ok := req.(map[string]any); ok && len(r) == 1 && r["adminToken"] != nil {
			m["security"] = []any{map[string]any{"apiToken": []any{}}, map[string]any{"adminToken": []any{}},
				map[string]any{"sessionCookie": []any{}}}
			break
		}
	}
	return m
}

// Operations returns "METHOD /path/{param}" for every documented operation.
func (o *Document) Operations() []string {
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

// Path turns a gin path (/regulations/:id) into an OpenAPI path
// (/regulations/{id}).
func Path(ginPath string) string {
	parts := strings.Split(ginPath, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
			parts[i] = "{" + p[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}
