package httpapi

import (
	"net/http"
	"regexp"
	"strings"
	"sync"

	"govshare/internal/apierr"
	"govshare/internal/cli/version"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// bodySchemas describes the request bodies named by the routes.
var bodySchemas = map[string]map[string]any{
	"Login":        object(map[string]any{"username": str(), "password": str()}, "username", "password"),
	"TokenInput":   object(map[string]any{"name": str(), "ttl_days": integer()}, "name"),
	"Department":   object(map[string]any{"code": str(), "name_zh": str(), "name_en": str(), "parent_code": str(), "region_code": str()}, "code", "name_zh"),
	"User":         object(map[string]any{"username": str(), "display_name": str(), "department_code": str(), "password": str(), "roles": list(str())}, "username", "department_code", "password", "roles"),
	"Roles":        object(map[string]any{"roles": list(str())}, "roles"),
	"CalendarDay":  object(map[string]any{"kind": map[string]any{"type": "string", "enum": []string{"holiday", "workday"}}, "name": str()}, "kind"),
	"Note":         object(map[string]any{"note": str(), "reason": str()}),
	"MaskOperator": object(map[string]any{"kind": str(), "first": integer(), "last": integer(), "preset": str(), "level": str(), "char": str(), "length": integer(), "suite": str()}, "kind"),
	"TableSchema": object(map[string]any{"fields": list(object(map[string]any{"name": str(), "title": str(), "type": str(), "format": str(),
		"description": str(), "govshare:dataElement": str()}, "name")), "missingValues": list(str()), "primaryKey": list(str())}, "fields"),
	"File": {"type": "string", "format": "binary", "description": "The data file as the raw body (give ?filename=) or as the multipart part 'file'. Options: format, encoding, delimiter, sheet, header_row, header_rows, json_path, ragged, fill_down, decimal_comma, index."},
	"Metadata": object(map[string]any{
		"name": str(), "name_en": str(), "summary": str(), "classification": str(), "base_category": str(), "theme": str(),
		"keywords": list(str()), "format": str(), "items": list(object(map[string]any{"name": str(), "label": str(), "type": str(), "length": integer(), "data_element": str(), "description": str()}, "name")),
		"sharing_type": str(), "sharing_conditions": str(), "sharing_method": str(), "legal_basis": str(), "open_type": str(),
		"open_conditions": str(), "update_cycle": str(), "publish_date": str(), "related_codes": list(str()), "security_level": integer(),
	}, "name", "summary", "classification", "sharing_type", "security_level"),
	"ApplyInput": object(map[string]any{"fields": list(str()), "purpose": str(), "scenario": str(), "legal_basis": str(), "duration_days": integer()},
		"fields", "purpose", "scenario", "legal_basis", "duration_days"),
	"Decision": object(map[string]any{"fields": list(str()), "clear_fields": list(str()), "row_filter": list(conditionSchema()),
		"masking": map[string]any{"type": "object"}, "quota_requests": integer(), "quota_rows": integer(), "expires_at": integer(), "note": str()}),
	"GradeDecision": object(map[string]any{"level": integer(), "info_type": str(), "reason": str()}, "level"),
	"ScanInput":     object(map[string]any{"text": str(), "document": map[string]any{"description": "any JSON value; each key hints the type of its values"}}),
	"Query": object(map[string]any{"version": integer(), "fields": list(str()), "filters": list(conditionSchema()), "sort": list(str()),
		"limit": integer(), "cursor": str(), "total": str()}),
}

func str() map[string]any     { return map[string]any{"type": "string"} }
func integer() map[string]any { return map[string]any{"type": "integer"} }
func list(item map[string]any) map[string]any {
	return map[string]any{"type": "array", "items": item}
}
func object(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}
func conditionSchema() map[string]any {
	return object(map[string]any{"field": str(), "op": map[string]any{"type": "string",
		"enum": []string{"eq", "ne", "in", "gt", "gte", "lt", "lte", "prefix"}}, "values": list(str())}, "field", "op", "values")
}

var (
	openapiOnce sync.Once
	openapiDoc  map[string]any
)

// OpenAPI builds the OpenAPI 3 description from the route table, so that every endpoint is in it.
func (s *Server) OpenAPI() map[string]any {
	openapiOnce.Do(func() { openapiDoc = s.buildOpenAPI() })
	return openapiDoc
}

func (s *Server) buildOpenAPI() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routes() {
		item, _ := paths[rt.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Path] = item
		}
		op := map[string]any{
			"operationId": rt.Name + "." + strings.ToLower(rt.Method),
			"summary":     rt.Summary,
			"tags":        []string{strings.SplitN(rt.Name, ".", 2)[0]},
			"responses": map[string]any{
				"200":     map[string]any{"description": "Success (201 for created objects)", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}},
				"default": map[string]any{"description": "Error", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
			},
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": str()})
		}
		for _, q := range rt.Query {
			name := q
			desc := ""
			if strings.HasSuffix(q, ".*") {
				name = strings.TrimSuffix(q, "*") + "{field}"
				desc = "filter on a field: <op>:<value>, op one of eq, ne, in, gt, gte, lt, lte, prefix; 'in' takes a comma-separated or JSON list"
			}
			params = append(params, map[string]any{"name": name, "in": "query", "required": false, "schema": str(), "description": desc})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if !rt.Public {
			op["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}}
		}
		if rt.Body != "" {
			ct := "application/json"
			if rt.Body == "File" {
				ct = "application/octet-stream"
			}
			op["requestBody"] = map[string]any{"required": rt.Body != "Note", "content": map[string]any{ct: map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + rt.Body}}}}
		}
		item[strings.ToLower(rt.Method)] = op
	}

	schemas := map[string]any{}
	for name, sch := range bodySchemas {
		schemas[name] = sch
	}
	var codes []string
	for _, d := range apierr.Definitions() {
		codes = append(codes, d.Code)
	}
	schemas["Error"] = object(map[string]any{"error": object(map[string]any{
		"code": map[string]any{"type": "string", "enum": codes}, "message": str(),
		"params": map[string]any{"type": "object", "additionalProperties": str()}, "request_id": str(),
	}, "code", "message", "request_id")}, "error")

	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "govshare API", "version": version.Version,
			"description": "Government data sharing and exchange platform. Errors carry a stable code and a message in the language of Accept-Language (zh-CN or en)."},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "API token gst_..."},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
			},
		},
	}
}

func (s *Server) openapi(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.OpenAPI())
}
