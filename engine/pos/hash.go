package pos

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Hash is a 32-byte value (a seed, a RANDAO mix, a digest). It prints and
// marshals as 0x-prefixed lowercase hex, the way the consensus specs and
// their test vectors write Bytes32, so traces read well in JSON.
type Hash [32]byte

// ErrBadHex reports a seed or hash that is not 64 hex digits.
var ErrBadHex = errors.New("pos: want 64 hex digits (optionally 0x-prefixed)")

// String returns the 0x-prefixed lowercase hex form.
func (h Hash) String() string { return "0x" + hex.EncodeToString(h[:]) }

// MarshalText implements encoding.TextMarshaler.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseHash's rules.
func (h *Hash) UnmarshalText(b []byte) error {
	v, err := ParseHash(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// ParseHash parses 64 hex digits, with or without a 0x prefix, ignoring
// surrounding white space (values arrive from URLs and lesson lines).
func ParseHash(s string) (Hash, error) {
	var h Hash
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) != 64 {
		return h, fmt.Errorf("%w: got %d digits", ErrBadHex, len(s))
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return Hash{}, fmt.Errorf("%w: %v", ErrBadHex, err)
	}
	return h, nil
}

// SeedFromText derives a seed from a word or phrase (SHA-256 of its UTF-8
// bytes), so a lesson can say seed=lesson-1 instead of 64 hex digits.
func SeedFromText(s string) Hash { return sha256.Sum256([]byte(s)) }

// sum hashes the concatenation of parts.
func sum(parts ...[]byte) Hash {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	var out Hash
	h.Sum(out[:0])
	return out
}

func be64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
