package ciphers

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// maxHexInput bounds text a learner can paste, so a huge paste costs no more
// than a quick refusal.
const maxHexInput = 1 << 20

// DecodeHex reads hex as learners paste it: upper or lower case, an optional
// 0x prefix, and spaces, newlines, colons or dashes between digits (as key
// fingerprints and RFC test vectors are often printed).
func DecodeHex(s string) ([]byte, error) {
	if len(s) > maxHexInput {
		return nil, fmt.Errorf("%w: hex input of %d characters is longer than %d", ErrMalformed, len(s), maxHexInput)
	}
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', ':', '-':
		default:
			clean = append(clean, c)
		}
	}
	if len(clean)%2 != 0 {
		return nil, fmt.Errorf("%w: odd number of hex digits (%d)", ErrMalformed, len(clean))
	}
	out := make([]byte, len(clean)/2)
	if _, err := hex.Decode(out, clean); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return out, nil
}
