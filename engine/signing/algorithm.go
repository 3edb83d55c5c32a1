package signing

import (
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"strings"
)

// Algorithm names the HMAC used for the signature, as written in the
// Authorization header's algorithm parameter.
type Algorithm string

// The algorithms the sandbox accepts. The body digest inside the canonical
// string is SHA-256 whichever is used.
const (
	AlgorithmSHA256 Algorithm = "hmac-sha256" // the default when the header names none
	AlgorithmSHA512 Algorithm = "hmac-sha512"
	// AlgorithmEd25519 is not a header value: it names what the Ed25519
	// scheme uses, in a Result.
	AlgorithmEd25519 Algorithm = "ed25519"
)

// weakAlgorithms are refused with weak_algorithm rather than
// malformed_authorization: a client that asks for them is well formed but
// unsafe, and the lesson wants to say so.
var weakAlgorithms = map[string]bool{"hmac-md5": true, "hmac-sha1": true}

// normalize maps "" to the default so callers can leave the field empty.
func (a Algorithm) normalize() Algorithm {
	if a == "" {
		return AlgorithmSHA256
	}
	return a
}

// newHash returns the hash constructor of a supported algorithm, nil otherwise.
func (a Algorithm) newHash() func() hash.Hash {
	switch a.normalize() {
	case AlgorithmSHA256:
		return sha256.New
	case AlgorithmSHA512:
		return sha512.New
	}
	return nil
}

// hexLen is the length of a lowercase hex signature of a, 0 if unsupported.
func (a Algorithm) hexLen() int {
	switch a.normalize() {
	case AlgorithmSHA256:
		return 2 * sha256.Size
	case AlgorithmSHA512:
		return 2 * sha512.Size
	}
	return 0
}

// Supported reports whether a (or the default, for "") can be used.
func (a Algorithm) Supported() bool { return a.newHash() != nil }

// parseAlgorithm reads a header value. Token values are matched
// case-insensitively, so "HMAC-SHA512" is accepted and "HMAC-MD5" is weak.
func parseAlgorithm(s string) (Algorithm, error) {
	l := strings.ToLower(s)
	switch {
	case Algorithm(l) == AlgorithmSHA256 || Algorithm(l) == AlgorithmSHA512:
		return Algorithm(l), nil
	case weakAlgorithms[l]:
		return "", unauthorized(CodeWeakAlgorithm,
			"algorithm %q is too weak; use %q (the default) or %q", s, AlgorithmSHA256, AlgorithmSHA512)
	}
	return "", unauthorized(CodeMalformedAuthorization,
		"unknown algorithm %q; use %q (the default) or %q", s, AlgorithmSHA256, AlgorithmSHA512)
}
