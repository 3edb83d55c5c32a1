// Package problem writes and reads RFC 9457 problem details, the error format
// of the sandbox API. Every error carries a machine-readable Code so that a
// client (or a widget) can branch on it without parsing prose.
package problem

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// ContentType is the media type of a problem document.
const ContentType = "application/problem+json"

// TypeBase prefixes Type: each code has its own documented URI.
const TypeBase = "https://consensus-lab.github.io/playground/problems/"

// Details is one problem document.
type Details struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Code   string `json:"code"`
}

// New builds a problem whose Type is derived from code and whose Title is
// the standard text of status.
func New(status int, code, detail string) Details {
	return Details{
		Type:   TypeBase + code,
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Code:   code,
	}
}

// Newf is New with a formatted detail.
func Newf(status int, code, format string, args ...any) Details {
	return New(status, code, fmt.Sprintf(format, args...))
}

// Error makes Details usable as an error.
func (d Details) Error() string {
	return fmt.Sprintf("%d %s: %s", d.Status, d.Code, d.Detail)
}

// Write sends d with the problem media type and d.Status.
func Write(w http.ResponseWriter, d Details) {
	b, err := json.Marshal(d)
	if err != nil { // cannot happen for this struct; keep the status anyway
		b = []byte(`{"code":"internal"}`)
	}
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Cache-Control", "no-store")
	h.Del("Content-Length")
	w.WriteHeader(d.Status)
	_, _ = w.Write(append(b, '\n'))
}

// Parse reads a problem document from a response body. It returns an error
// when body is not one (no code and no status).
func Parse(body []byte) (Details, error) {
	var d Details
	if err := json.Unmarshal(body, &d); err != nil {
		return Details{}, fmt.Errorf("problem: not JSON: %w", err)
	}
	if d.Code == "" && d.Status == 0 {
		return Details{}, fmt.Errorf("problem: no code and no status in %q", body)
	}
	return d, nil
}
