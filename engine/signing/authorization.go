package signing

import (
	"crypto/ed25519"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/consensus-lab/playground/engine/problem"
)

// The Authorization schemes of the sandbox API: HMAC with a shared secret,
// and Ed25519, where the server holds only the public key.
const (
	Scheme        = "HMAC"
	SchemeEd25519 = "Ed25519"
)

// Nonce length bounds of the contract. The upper bound also bounds the bytes
// the nonce cache holds per entry.
const (
	MinNonceLen = 16
	MaxNonceLen = 64
)

// maxAuthorizationLen caps the header before any parsing work: a valid one
// is a few hundred bytes.
const maxAuthorizationLen = 2048

// Authorization is a parsed "Authorization: HMAC ..." header value.
type Authorization struct {
	// Scheme is Scheme (also when empty) or SchemeEd25519.
	Scheme    string
	APIKey    string
	Signature string // lowercase hex (HMAC) or standard base64 of 64 bytes (Ed25519)
	Timestamp int64  // Unix seconds
	Nonce     string
	// Algorithm is "" when the header names none (hmac-sha256 then applies);
	// String writes the parameter only when it is set.
	Algorithm Algorithm
}

// EffectiveAlgorithm is Algorithm with the default applied; ed25519 for
// the Ed25519 scheme.
func (a Authorization) EffectiveAlgorithm() Algorithm {
	if a.Scheme == SchemeEd25519 {
		return AlgorithmEd25519
	}
	return a.Algorithm.normalize()
}

// String builds the header value, the parameters in the contract's order,
// quoting each value (a '"' or '\' inside is escaped as a quoted-pair).
func (a Authorization) String() string {
	var b strings.Builder
	if a.Scheme == SchemeEd25519 {
		b.WriteString(SchemeEd25519)
	} else {
		b.WriteString(Scheme)
	}
	b.WriteString(` apiKey=`)
	writeQuoted(&b, a.APIKey)
	b.WriteString(`, signature=`)
	writeQuoted(&b, a.Signature)
	b.WriteString(`, timestamp=`)
	writeQuoted(&b, strconv.FormatInt(a.Timestamp, 10))
	b.WriteString(`, nonce=`)
	writeQuoted(&b, a.Nonce)
	if a.Algorithm != "" {
		b.WriteString(`, algorithm=`)
		writeQuoted(&b, string(a.Algorithm))
	}
	return b.String()
}

func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

// ParseAuthorization parses an Authorization header value of the form
//
//	HMAC apiKey="K", signature="S", timestamp="T", nonce="N"[, algorithm="A"]
//
// It is tolerant where HTTP is (the scheme and parameter names match
// case-insensitively, parameters come in any order, spaces and tabs around
// "," and "=" are ignored) and strict on content: every value is a quoted
// string, every name is known and appears once, the four required ones are
// present, the timestamp is decimal Unix seconds without sign or leading
// zeros, the nonce is 16 to 64 characters of [A-Za-z0-9_-], and the signature
// is lowercase hex of the algorithm's length. algorithm="hmac-md5" or
// "hmac-sha1" fails with weak_algorithm; every other problem is
// malformed_authorization. The error is a problem.Details.
func ParseAuthorization(value string) (Authorization, error) {
	a, _, err := parseAuthorization(value)
	return a, err
}

// Stages of parseAuthorization, for the Trace.
const (
	stageSyntax    = "parse"
	stageAlgorithm = "algorithm"
)

// parseAuthorization also says which stage failed, so that the trace can
// show a weak algorithm as a failed "algorithm" step after a good parse.
func parseAuthorization(value string) (Authorization, string, error) {
	scheme, params, err := splitParams(value)
	if err != nil {
		return Authorization{}, stageSyntax, err
	}
	for _, name := range [...]string{"apiKey", "signature", "timestamp", "nonce"} {
		if _, ok := params[strings.ToLower(name)]; !ok {
			return Authorization{}, stageSyntax, malformed("parameter %s is missing", name)
		}
	}
	var a Authorization
	if scheme == SchemeEd25519 {
		a.Scheme = scheme
	}
	if _, ok := params["algorithm"]; ok && scheme == SchemeEd25519 {
		return Authorization{}, stageSyntax, malformed("the Ed25519 scheme takes no algorithm parameter")
	}
	if alg, ok := params["algorithm"]; ok {
		parsed, err := parseAlgorithm(alg)
		if err != nil {
			return Authorization{}, stageAlgorithm, err
		}
		a.Algorithm = parsed
	}
	a.APIKey = params["apikey"]
	if a.APIKey == "" {
		return Authorization{}, stageSyntax, malformed("apiKey is empty")
	}
	ts, err := parseTimestamp(params["timestamp"])
	if err != nil {
		return Authorization{}, stageSyntax, err
	}
	a.Timestamp = ts
	a.Nonce = params["nonce"]
	if err := checkNonce(a.Nonce); err != nil {
		return Authorization{}, stageSyntax, err
	}
	a.Signature = params["signature"]
	if err := checkSignature(a.Signature, a.EffectiveAlgorithm()); err != nil {
		return Authorization{}, stageSyntax, err
	}
	return a, "", nil
}

func malformed(format string, args ...any) problem.Details {
	return unauthorized(CodeMalformedAuthorization, format, args...)
}

var knownParams = map[string]string{
	"apikey": "apiKey", "signature": "signature", "timestamp": "timestamp",
	"nonce": "nonce", "algorithm": "algorithm",
}

// splitParams reads the scheme and the auth-params (RFC 9110 section 11.2,
// quoted-string values only) into a map keyed by lower-case name.
func splitParams(value string) (string, map[string]string, error) {
	if len(value) > maxAuthorizationLen {
		return "", nil, malformed("header is %d bytes, more than %d", len(value), maxAuthorizationLen)
	}
	s := trimOWS(value)
	i := 0
	for i < len(s) && isTchar(s[i]) {
		i++
	}
	scheme := s[:i]
	switch {
	case strings.EqualFold(scheme, Scheme):
		scheme = Scheme
	case strings.EqualFold(scheme, SchemeEd25519):
		scheme = SchemeEd25519
	default:
		shown := scheme
		if shown == "" {
			shown = s
		}
		return "", nil, malformed("scheme must be %s or %s, got %q", Scheme, SchemeEd25519, truncate(shown, 32))
	}
	if i == len(s) {
		return "", nil, malformed("no parameters after %s", scheme)
	}
	if s[i] != ' ' && s[i] != '\t' {
		return "", nil, malformed("expected a space after %s at byte %d", scheme, i)
	}
	p := &paramParser{s: s, i: i}
	params := make(map[string]string, 5)
	for {
		p.skipOWS()
		name := p.token()
		if name == "" {
			return "", nil, malformed("expected a parameter name at byte %d", p.i)
		}
		lower := strings.ToLower(name)
		canonical, known := knownParams[lower]
		if !known {
			return "", nil, malformed("unknown parameter %q", truncate(name, 32))
		}
		if _, dup := params[lower]; dup {
			return "", nil, malformed("parameter %s appears twice", canonical)
		}
		p.skipOWS()
		if !p.eat('=') {
			return "", nil, malformed("expected '=' after %s at byte %d", canonical, p.i)
		}
		p.skipOWS()
		v, err := p.quoted()
		if err != nil {
			return "", nil, malformed("value of %s: %s", canonical, err.Error())
		}
		params[lower] = v
		p.skipOWS()
		if p.i == len(p.s) {
			return scheme, params, nil
		}
		if !p.eat(',') {
			return "", nil, malformed("expected ',' after the value of %s at byte %d", canonical, p.i)
		}
	}
}

type paramParser struct {
	s string
	i int
}

func (p *paramParser) skipOWS() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *paramParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *paramParser) token() string {
	start := p.i
	for p.i < len(p.s) && isTchar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

type parseError string

func (e parseError) Error() string { return string(e) }

// quoted reads an RFC 9110 quoted-string. obs-text (bytes >= 0x80) and
// control characters are refused: no valid value needs them.
func (p *paramParser) quoted() (string, error) {
	if !p.eat('"') {
		return "", parseError("must be a quoted string")
	}
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '"':
			return b.String(), nil
		case c == '\\':
			if p.i == len(p.s) {
				return "", parseError("ends inside an escape")
			}
			c = p.s[p.i]
			p.i++
			if !isQuotedPairChar(c) {
				return "", parseError("bad escaped character")
			}
			b.WriteByte(c)
		case c == '\t' || (c >= 0x20 && c < 0x7f):
			b.WriteByte(c)
		default:
			return "", parseError("contains a control or non-ASCII byte")
		}
	}
	return "", parseError("has no closing quote")
}

func isQuotedPairChar(c byte) bool { return c == '\t' || (c >= 0x20 && c < 0x7f) }

// isTchar is RFC 9110 section 5.6.2.
func isTchar(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func trimOWS(s string) string { return strings.Trim(s, " \t") }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// parseTimestamp accepts 1 to 19 decimal digits without a leading zero, so
// that the text in the header and the number signed are one and the same.
func parseTimestamp(s string) (int64, error) {
	if s == "" {
		return 0, malformed("timestamp is empty")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, malformed("timestamp %q is not decimal Unix seconds", truncate(s, 24))
		}
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, malformed("timestamp %q has a leading zero", truncate(s, 24))
	}
	ts, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, malformed("timestamp %q is out of range", truncate(s, 24))
	}
	return ts, nil
}

// checkNonce enforces the contract's charset and length.
func checkNonce(n string) error {
	if len(n) < MinNonceLen || len(n) > MaxNonceLen {
		return malformed("nonce has %d characters; it must have %d to %d", len(n), MinNonceLen, MaxNonceLen)
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return malformed("nonce character %d is %q; only A-Z a-z 0-9 - _ are allowed", i+1, string(c))
		}
	}
	return nil
}

// checkSignature wants lowercase hex of the algorithm's output length, or
// for Ed25519 the standard base64 of 64 bytes.
func checkSignature(sig string, alg Algorithm) error {
	if alg == AlgorithmEd25519 {
		b, err := base64.StdEncoding.Strict().DecodeString(sig)
		if err != nil || len(b) != ed25519.SignatureSize {
			return malformed("an Ed25519 signature is the standard base64 of 64 bytes (88 characters); got %d characters", len(sig))
		}
		return nil
	}
	want := alg.hexLen()
	for i := 0; i < len(sig); i++ {
		c := sig[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return malformed("signature must be lowercase hex; character %d is %q", i+1, string(c))
		}
	}
	if len(sig) != want {
		return malformed("signature has %d hex digits; %s gives %d", len(sig), alg, want)
	}
	return nil
}
