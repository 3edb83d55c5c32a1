package pow

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"strings"
)

// Digest is a double SHA-256 in internal byte order (as the hash function
// produced it; a block hash as serialized in the next header).
type Digest [32]byte

// String returns the display form: the bytes reversed, lowercase hex, as
// block explorers and Bitcoin Core's RPC show hashes.
func (d Digest) String() string {
	r := d
	slices.Reverse(r[:])
	return hex.EncodeToString(r[:])
}

// ParseDigest decodes the display form (64 hex digits, either case,
// surrounding white space ignored) into internal byte order.
func ParseDigest(s string) (Digest, error) {
	s = strings.TrimSpace(s)
	if len(s) != 64 {
		return Digest{}, fmt.Errorf("pow: a hash is 64 hex digits, got %d characters", len(s))
	}
	var d Digest
	if _, err := hex.Decode(d[:], []byte(s)); err != nil {
		return Digest{}, fmt.Errorf("pow: hash hex: %w", err)
	}
	slices.Reverse(d[:])
	return d, nil
}

// MarshalText encodes the display form.
func (d Digest) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes the display form.
func (d *Digest) UnmarshalText(b []byte) error {
	v, err := ParseDigest(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Int returns the digest as Bitcoin compares it: a little-endian 256-bit
// unsigned integer (its big-endian hex is the display form).
func (d Digest) Int() *big.Int {
	r := d
	slices.Reverse(r[:])
	return new(big.Int).SetBytes(r[:])
}

// Meets reports whether the digest, as a little-endian integer, is <=
// target. A nil or negative target is met by no digest.
func (d Digest) Meets(target *big.Int) bool {
	if target == nil || target.Sign() < 0 {
		return false
	}
	return d.Int().Cmp(target) <= 0
}

// LeadingZeroBits counts the zero bits at the top of the digest read as a
// little-endian integer, i.e. from the left of the display form. It is the
// "number of zeros" beginners aim for; 256 for the all-zero digest.
func (d Digest) LeadingZeroBits() int {
	n := 0
	for i := len(d) - 1; i >= 0; i-- {
		if d[i] != 0 {
			return n + bits.LeadingZeros8(d[i])
		}
		n += 8
	}
	return n
}
