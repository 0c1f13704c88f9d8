package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/ingest"
)

// maxJSONBody bounds JSON request bodies.
const maxJSONBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error struct {
		Code      string            `json:"code"`
		Message   string            `json:"message"`
		Params    map[string]string `json:"params,omitempty"`
		RequestID string            `json:"request_id"`
	} `json:"error"`
}

func lang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	return apierr.Lang(r.Header.Get("Accept-Language"))
}

// toAPIError maps any error to a catalogue error. Errors that are not catalogue errors are logged
// with the request id and reported as "internal", so their text never reaches the client.
func (s *Server) toAPIError(r *http.Request, err error) *apierr.Error {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae
	}
	var p *ingest.Problem
	if errors.As(err, &p) {
		return apierr.New("ingest_failed", "detail", p.Message(lang(r)))
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return apierr.New("upload_too_large", "limit", strconv.FormatInt(tooLarge.Limit, 10))
	}
	id := requestID(r)
	s.logger.Error("httpapi: request failed", slog.String("request_id", id), slog.String("path", r.URL.Path), slog.Any("error", err))
	return apierr.New("internal", "request_id", id)
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	ae := s.toAPIError(r, err)
	if ae.Code == "internal" {
		ae.Params["request_id"] = requestID(r)
	}
	if ae.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.RetryAfter))
	}
	var body errorBody
	body.Error.Code = ae.Code
	body.Error.Message = ae.Message(lang(r))
	body.Error.Params = ae.Params
	body.Error.RequestID = requestID(r)
	if ac := auditOf(r); ac != nil {
		ac.result = ae.Code
	}
	writeJSON(w, ae.Status(), body)
}

// decodeJSON reads a JSON request body into v, rejecting unknown fields and bodies over 1 MiB.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return jsonError(err)
	}
	if dec.More() {
		return apierr.New("invalid_json", "detail", "the body holds more than one JSON value")
	}
	return nil
}

// jsonError turns a decoding error into a catalogue error that names the field or the byte
// offset, without the decoder's Go type names.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return apierr.New("invalid_json", "detail", "the body is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apierr.New("invalid_json", "detail", "the body ends before the JSON value is complete")
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "(body)"
		}
		return apierr.New("invalid_parameter", "param", field, "detail", "expected "+jsonKind(typeErr.Type.Kind().String())+", got a JSON "+typeErr.Value)
	case errors.As(err, &syntaxErr):
		return apierr.New("invalid_json", "detail", fmt.Sprintf("syntax error at byte %d", syntaxErr.Offset))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apierr.New("invalid_parameter", "param", field, "detail", "this field is not accepted here; see /api/v1/openapi.json")
	}
	return apierr.New("invalid_json", "detail", "the body could not be read as JSON")
}

// jsonKind names a Go kind as the JSON type a client should send.
func jsonKind(kind string) string {
	switch kind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number"
	case "float32", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "string":
		return "a string"
	case "slice", "array":
		return "a list"
	case "map", "struct":
		return "an object"
	}
	return "another type"
}

func errNotFoundRoute(r *http.Request) error {
	return apierr.New("unknown_endpoint", "value", fmt.Sprintf("%s %s", r.Method, r.URL.Path))
}

func pathInt(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, apierr.New("invalid_parameter", "param", name, "detail", "use a positive whole number")
	}
	return v, nil
}

func queryInt(r *http.Request, name string, def int) (int, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, nil
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < 0 {
		return 0, apierr.New("invalid_parameter", "param", name, "detail", "use a whole number of 0 or more")
	}
	return v, nil
}
