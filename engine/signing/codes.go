package signing

import (
	"net/http"

	"github.com/consensus-lab/playground/engine/problem"
)

// The problem codes of CONTRACT.md section 3. Every authentication failure is
// a 401 with one of the first seven; an oversized body is a 413.
const (
	CodeMissingAuthorization   = "missing_authorization"
	CodeMalformedAuthorization = "malformed_authorization"
	CodeUnknownKey             = "unknown_key"
	CodeWeakAlgorithm          = "weak_algorithm"
	CodeStaleTimestamp         = "stale_timestamp"
	CodeReplayedNonce          = "replayed_nonce"
	CodeBadSignature           = "bad_signature"
	CodeBodyTooLarge           = "body_too_large"
)

// unauthorized builds the 401 problem every verification failure returns.
func unauthorized(code, format string, args ...any) problem.Details {
	return problem.Newf(http.StatusUnauthorized, code, format, args...)
}
