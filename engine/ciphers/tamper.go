package ciphers

import (
	"fmt"
	"strings"
)

// Part names one field of a Sealed message.
type Part int

// The parts a learner can tamper with.
const (
	PartNonce Part = iota
	PartCiphertext
	PartTag
	PartAAD
)

// Parts lists every Part in display order.
var Parts = []Part{PartNonce, PartCiphertext, PartTag, PartAAD}

var partNames = [...]string{"nonce", "ciphertext", "tag", "aad"}

// String is the short name used in widget parameters: nonce, ciphertext,
// tag or aad.
func (p Part) String() string {
	if p < 0 || int(p) >= len(partNames) {
		return fmt.Sprintf("Part(%d)", int(p))
	}
	return partNames[p]
}

// ParsePart reads a part name as String writes it (case-insensitive; "ct" and
// "associated-data" are accepted too).
func ParsePart(s string) (Part, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "nonce", "iv":
		return PartNonce, nil
	case "ciphertext", "ct":
		return PartCiphertext, nil
	case "tag", "mac":
		return PartTag, nil
	case "aad", "ad", "associated-data", "associated data":
		return PartAAD, nil
	}
	return 0, fmt.Errorf("%w: unknown part %q (want nonce, ciphertext, tag or aad)", ErrMalformed, s)
}

// MarshalText writes the part's name, so JSON says "tag" rather than 2.
func (p Part) MarshalText() ([]byte, error) {
	if p < 0 || int(p) >= len(partNames) {
		return nil, fmt.Errorf("%w: unknown part %d", ErrMalformed, int(p))
	}
	return []byte(partNames[p]), nil
}

// UnmarshalText reads a part name as ParsePart does.
func (p *Part) UnmarshalText(b []byte) error {
	v, err := ParsePart(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

func (s *Sealed) part(p Part) ([]byte, error) {
	switch p {
	case PartNonce:
		return s.Nonce, nil
	case PartCiphertext:
		return s.Ciphertext, nil
	case PartTag:
		return s.Tag, nil
	case PartAAD:
		return s.AAD, nil
	}
	return nil, fmt.Errorf("%w: unknown part %d", ErrMalformed, int(p))
}

// Bits is the number of bits in part p (0 for an unknown part).
func (s Sealed) Bits(p Part) int {
	b, err := s.part(p)
	if err != nil {
		return 0
	}
	return 8 * len(b)
}

// Tamper describes one flipped bit and carries the tampered message.
type Tamper struct {
	Part   Part   `json:"part"`
	Bit    int    `json:"bit"`    // index within the part; bit 0 is the top bit of byte 0
	Byte   int    `json:"byte"`   // index of the byte that changed
	Mask   byte   `json:"mask"`   // the bit within that byte
	Before byte   `json:"before"` // the byte before the flip
	After  byte   `json:"after"`  // the byte after the flip
	Sealed Sealed `json:"sealed"` // a copy of the message with the bit flipped
}

// Flip returns a copy of s with one bit of part p flipped; s is unchanged.
// Bits are numbered as they read in hex, left to right: bit 0 is the most
// significant bit of byte 0. A bit outside the part is an error wrapping
// ErrBitOutOfRange (an empty AAD has no bits at all).
func (s Sealed) Flip(p Part, bit int) (Tamper, error) {
	t := Tamper{Part: p, Bit: bit, Sealed: s.Clone()}
	b, err := t.Sealed.part(p)
	if err != nil {
		return Tamper{}, err
	}
	if bit < 0 || bit >= 8*len(b) {
		if len(b) == 0 {
			return Tamper{}, fmt.Errorf("%w: the %s is empty, there is no bit %d to flip", ErrBitOutOfRange, p, bit)
		}
		return Tamper{}, fmt.Errorf("%w: bit %d is outside the %s (bits 0 to %d)", ErrBitOutOfRange, bit, p, 8*len(b)-1)
	}
	t.Byte, t.Mask = bit/8, 0x80>>(bit%8)
	t.Before = b[t.Byte]
	b[t.Byte] ^= t.Mask
	t.After = b[t.Byte]
	return t, nil
}
