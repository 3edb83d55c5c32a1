package signing

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// StepName names one step of verification, in the order they run.
type StepName string

// The steps a Verifier records.
const (
	StepParse     StepName = "parse"     // Authorization present and well formed
	StepKey       StepName = "key"       // API key known, a secret valid now
	StepAlgorithm StepName = "algorithm" // hmac-sha256 or hmac-sha512
	StepTimestamp StepName = "timestamp" // within the window of the server clock
	StepNonce     StepName = "nonce"     // not spent before by this key
	StepCanonical StepName = "canonical" // canonical string rebuilt from the request
	StepSignature StepName = "signature" // HMAC compared in constant time
)

// Step is one verification step and its outcome. Detail never contains a
// secret.
type Step struct {
	Name   StepName `json:"name"`
	OK     bool     `json:"ok"`
	Code   string   `json:"code,omitempty"` // the problem code when !OK
	Detail string   `json:"detail"`
}

// CanonicalLine is one line of the canonical string, named as in
// CanonicalLineNames.
type CanonicalLine struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// LineDiff is a line where the client's canonical string and the server's
// differ. Index is 0-based; Name is "" past the sixth line.
type LineDiff struct {
	Index  int    `json:"index"`
	Name   string `json:"name"`
	Server string `json:"server"`
	Client string `json:"client"`
}

// Trace is what a verifier did, step by step, for the lesson widget.
type Trace struct {
	Steps []Step `json:"steps"`
	// SkewSeconds is the server clock minus the request timestamp, in whole
	// seconds (positive: the request is older than the server's now). Set
	// when HasSkew.
	SkewSeconds int64 `json:"skewSeconds"`
	HasSkew     bool  `json:"hasSkew"`
	// Canonical is the server's canonical string line by line, once built.
	Canonical []CanonicalLine `json:"canonical,omitempty"`
	// ClientCanonical is the client's, when it sent one (DebugCanonicalHeader).
	ClientCanonical []string `json:"clientCanonical,omitempty"`
	// Diffs are the lines that differ between the two; empty when they agree
	// or the client sent none.
	Diffs []LineDiff `json:"diffs,omitempty"`
}

// Failed returns the step that failed, if any.
func (t Trace) Failed() (Step, bool) {
	for _, s := range t.Steps {
		if !s.OK {
			return s, true
		}
	}
	return Step{}, false
}

func (t *Trace) pass(name StepName, detail string) {
	t.Steps = append(t.Steps, Step{Name: name, OK: true, Detail: detail})
}

func (t *Trace) fail(name StepName, code, detail string) {
	t.Steps = append(t.Steps, Step{Name: name, Code: code, Detail: detail})
}

// DebugCanonicalHeader carries the client's canonical string, base64
// (standard, padded) because it spans lines. It is optional and changes
// nothing about verification; when present, a bad_signature says which line
// differed. The canonical string holds no secret.
const DebugCanonicalHeader = "X-Debug-Canonical"

// SetDebugCanonical puts canonical in h for the server to compare with.
func SetDebugCanonical(h http.Header, canonical string) {
	h.Set(DebugCanonicalHeader, base64.StdEncoding.EncodeToString([]byte(canonical)))
}

// DiffCanonical compares the server's canonical string with a client's, line
// by line, and returns the lines that differ (an extra or a missing line
// counts, with "" on the side that lacks it).
func DiffCanonical(server, client string) []LineDiff {
	s, c := strings.Split(server, "\n"), strings.Split(client, "\n")
	var diffs []LineDiff
	for i := 0; i < max(len(s), len(c)); i++ {
		var sv, cv string
		if i < len(s) {
			sv = s[i]
		}
		if i < len(c) {
			cv = c[i]
		}
		if sv == cv && i < len(s) && i < len(c) {
			continue
		}
		d := LineDiff{Index: i, Server: sv, Client: cv}
		if i < len(CanonicalLineNames) {
			d.Name = CanonicalLineNames[i]
		}
		diffs = append(diffs, d)
	}
	return diffs
}

func canonicalLines(canonical string) []CanonicalLine {
	parts := strings.Split(canonical, "\n")
	lines := make([]CanonicalLine, len(parts))
	for i, p := range parts {
		lines[i].Value = p
		if i < len(CanonicalLineNames) {
			lines[i].Name = CanonicalLineNames[i]
		}
	}
	return lines
}
