package idempotency

import (
	"crypto/sha256"
	"encoding/hex"
)

// Fingerprint identifies a request's payload: SHA-256 of method, escaped path
// and body. Headers are deliberately left out (X-Sandbox-Fault, signatures
// and nonces change on every retry of the same logical request).
type Fingerprint [sha256.Size]byte

// NewFingerprint computes the fingerprint of one request. Method and path
// cannot contain a newline in a parsed HTTP request, so newline separators
// make the encoding unambiguous; the body comes last and is taken whole.
func NewFingerprint(method, escapedPath string, body []byte) Fingerprint {
	h := sha256.New()
	h.Write([]byte(method))
	h.Write([]byte{'\n'})
	h.Write([]byte(escapedPath))
	h.Write([]byte{'\n'})
	h.Write(body)
	var f Fingerprint
	h.Sum(f[:0])
	return f
}

// String is the lowercase hex form.
func (f Fingerprint) String() string { return hex.EncodeToString(f[:]) }
