package httpapi

import (
	"encoding/json"
	"net/http"
	"unicode/utf8"

	"govshare/internal/apierr"
	"govshare/internal/dlp"
	"govshare/internal/identity"
)

// scanInput is the body of a free-text scan: text, or a JSON document scanned value by value.
type scanInput struct {
	Text     *string         `json:"text"`
	Document json.RawMessage `json:"document"`
}

// scanText finds sensitive values in a text or a JSON document and returns them with rune
// offsets and a masked copy. The body is bounded like every JSON body (1 MiB); the audit entry
// keeps only the number of findings per type, never the text.
func (s *Server) scanText(w http.ResponseWriter, r *http.Request, _ *identity.Principal) (any, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	var in scanInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	engine := s.grading.Engine()
	counts := map[string]int{}
	switch {
	case in.Text != nil && len(in.Document) > 0:
		return nil, apierr.New("invalid_parameter", "param", "text", "detail", "give either text or document, not both")
	case in.Text != nil:
		if !utf8.ValidString(*in.Text) {
			return nil, apierr.New("invalid_parameter", "param", "text", "detail", "the text is not valid UTF-8")
		}
		findings := engine.Scan(*in.Text)
		for _, f := range findings {
			counts[f.Type]++
		}
		auditOf(r).detail = map[string]any{"kind": "text", "findings": counts}
		return map[string]any{"findings": nonNilFindings(findings), "masked": engine.MaskText(*in.Text, findings)}, nil
	case len(in.Document) > 0:
		findings, masked, err := engine.ScanJSON(in.Document)
		if err != nil {
			return nil, apierr.New("invalid_parameter", "param", "document", "detail", err.Error())
		}
		for _, f := range findings {
			counts[f.Type]++
		}
		auditOf(r).detail = map[string]any{"kind": "document", "findings": counts}
		if findings == nil {
			findings = []dlp.JSONFinding{}
		}
		return map[string]any{"findings": findings, "masked": json.RawMessage(masked)}, nil
	default:
		return nil, apierr.New("missing_parameter", "param", "text")
	}
}

func nonNilFindings(f []dlp.Finding) []dlp.Finding {
	if f == nil {
		return []dlp.Finding{}
	}
	return f
}
