// Package hashing computes what the hash widgets show: a SHA-256 digest and
// which of its bits differ from another digest (the avalanche effect).
package hashing

import (
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
)

// Digest is a SHA-256 output.
type Digest [32]byte

// Sum is the SHA-256 digest of s's UTF-8 bytes.
func Sum(s string) Digest { return sha256.Sum256([]byte(s)) }

// Hex is the digest as 64 lowercase hex characters.
func (d Digest) Hex() string { return hex.EncodeToString(d[:]) }

// Bit reports bit i (0 = the most significant bit of the first byte).
func (d Digest) Bit(i int) bool { return d[i/8]>>(7-uint(i%8))&1 == 1 }

// Comparison says how two digests differ.
type Comparison struct {
	Changed int      // number of differing bits, 0..256
	Diff    [32]byte // XOR of the digests: a set bit marks a changed bit
}

// Compare counts the bits that differ between a and b.
func Compare(a, b Digest) Comparison {
	var c Comparison
	for i := range a {
		c.Diff[i] = a[i] ^ b[i]
		c.Changed += bits.OnesCount8(c.Diff[i])
	}
	return c
}

// HexCharChanged reports whether hex character i (0..63) of the digests
// differs, for highlighting the printed form.
func (c Comparison) HexCharChanged(i int) bool {
	b := c.Diff[i/2]
	if i%2 == 0 {
		return b>>4 != 0
	}
	return b&0x0f != 0
}
