package idempotency

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/dunglas/httpsfv"
)

// HeaderName is the request header that carries the key.
const HeaderName = "Idempotency-Key"

// ReplayedHeader is set to "true" on a response that repeats a stored one.
const ReplayedHeader = "Idempotent-Replayed"

// MaxKeyLength is the longest key accepted, in characters (Stripe's limit;
// the draft leaves it to the resource).
const MaxKeyLength = 255

// maxRawLength bounds the header value before any parsing: a 255-character
// key needs at most 2*255+2 bytes as an escaped sf-string, and parameters
// (which are ignored) get generous room. Longer values are refused without
// being scanned.
const maxRawLength = 4096

var (
	// ErrKeyMissing reports a request without an Idempotency-Key header.
	ErrKeyMissing = errors.New("idempotency: Idempotency-Key header is missing")
	// ErrKeyInvalid is wrapped by every error about a malformed key.
	ErrKeyInvalid = errors.New("idempotency: invalid Idempotency-Key")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrKeyInvalid, fmt.Sprintf(format, args...))
}

// ParseKey reads one Idempotency-Key field value and returns the key it names.
//
// The draft's form is an RFC 8941 sf-string ("abc"); parameters after it are
// ignored, as RFC 8941 asks for unknown parameters. A bare value of 1 to 255
// printable ASCII characters that does not start with a double quote is
// accepted too and names the same key, so `abc` and `"abc"` are one key.
// Surrounding spaces and tabs are not part of the key. Errors wrap
// ErrKeyInvalid.
func ParseKey(value string) (string, error) {
	v := strings.Trim(value, " \t")
	if len(v) > maxRawLength {
		return "", invalid("longer than %d characters", MaxKeyLength)
	}
	if v == "" {
		return "", invalid("empty")
	}
	var key string
	if v[0] == '"' {
		item, err := httpsfv.UnmarshalItem([]string{v})
		if err != nil {
			return "", invalid("not a valid structured-field string (%v)", err)
		}
		s, ok := item.Value.(string)
		if !ok { // cannot happen after a leading quote; kept so a library change fails safe
			return "", invalid("not a structured-field string")
		}
		key = s
	} else {
		key = v
	}
	if key == "" {
		return "", invalid("empty")
	}
	if len(key) > MaxKeyLength {
		return "", invalid("%d characters, at most %d allowed", len(key), MaxKeyLength)
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c < 0x20 || c > 0x7e {
			return "", invalid("byte 0x%02x at position %d is not printable ASCII", c, i)
		}
	}
	return key, nil
}

// FromHeader returns the key of h: ErrKeyMissing when there is none, an error
// wrapping ErrKeyInvalid when it is malformed or sent more than once (two
// fields could name two keys; the draft defines a single Item).
func FromHeader(h http.Header) (string, error) {
	values := h.Values(HeaderName)
	switch len(values) {
	case 0:
		return "", ErrKeyMissing
	case 1:
		return ParseKey(values[0])
	default:
		return "", invalid("sent %d times, exactly one expected", len(values))
	}
}
