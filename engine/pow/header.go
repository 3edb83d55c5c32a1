package pow

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// HeaderSize is the length of a serialized block header.
const HeaderSize = 80

// Header is a Bitcoin block header. Integers serialize little-endian; the
// two hashes are kept in internal byte order, exactly as serialized.
type Header struct {
	Version           int32
	PrevBlock         [32]byte // internal byte order, as serialized
	MerkleRoot        [32]byte // internal byte order, as serialized
	Time, Bits, Nonce uint32
}

// ParseHeader decodes a serialized header. It must be exactly 80 bytes.
func ParseHeader(b []byte) (Header, error) {
	if len(b) != HeaderSize {
		return Header{}, fmt.Errorf("pow: a block header is %d bytes, got %d", HeaderSize, len(b))
	}
	var h Header
	h.Version = int32(binary.LittleEndian.Uint32(b[0:]))
	copy(h.PrevBlock[:], b[4:36])
	copy(h.MerkleRoot[:], b[36:68])
	h.Time = binary.LittleEndian.Uint32(b[68:])
	h.Bits = binary.LittleEndian.Uint32(b[72:])
	h.Nonce = binary.LittleEndian.Uint32(b[76:])
	return h, nil
}

// ParseHeaderHex decodes a header from the hex of its 80 serialized bytes
// (160 hex digits, either case; surrounding white space is ignored). This is
// the form the miner worker receives.
func ParseHeaderHex(s string) (Header, error) {
	s = strings.TrimSpace(s)
	if len(s) != 2*HeaderSize {
		return Header{}, fmt.Errorf("pow: header hex must be %d hex digits, got %d characters", 2*HeaderSize, len(s))
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return Header{}, fmt.Errorf("pow: header hex: %w", err)
	}
	return ParseHeader(b)
}

// Bytes returns the 80 serialized bytes.
func (h Header) Bytes() []byte {
	a := h.array()
	return a[:]
}

func (h Header) array() [HeaderSize]byte {
	var b [HeaderSize]byte
	binary.LittleEndian.PutUint32(b[0:], uint32(h.Version))
	copy(b[4:36], h.PrevBlock[:])
	copy(b[36:68], h.MerkleRoot[:])
	binary.LittleEndian.PutUint32(b[68:], h.Time)
	binary.LittleEndian.PutUint32(b[72:], h.Bits)
	binary.LittleEndian.PutUint32(b[76:], h.Nonce)
	return b
}

// Hex returns the lowercase hex of the 80 serialized bytes.
func (h Header) Hex() string { return hex.EncodeToString(h.Bytes()) }

// MarshalText encodes the header as Hex does, so that JSON carries headers
// as the miner worker expects them.
func (h Header) MarshalText() ([]byte, error) { return []byte(h.Hex()), nil }

// UnmarshalText decodes what MarshalText (or ParseHeaderHex) accepts.
func (h *Header) UnmarshalText(b []byte) error {
	v, err := ParseHeaderHex(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// Hash is the block hash: SHA-256 applied twice to the serialized header.
func (h Header) Hash() Digest {
	b := h.array()
	first := sha256.Sum256(b[:])
	return Digest(sha256.Sum256(first[:]))
}

// CheckProofOfWork applies Bitcoin Core's CheckProofOfWork with the mainnet
// pow limit: the bits must decode to a positive target not above the limit,
// and the hash must meet that target.
func (h Header) CheckProofOfWork() error {
	t, err := CompactToTarget(h.Bits)
	if err != nil {
		return err
	}
	if t.Sign() == 0 {
		return fmt.Errorf("pow: bits %#08x encode a zero target", h.Bits)
	}
	if t.Cmp(powLimit) > 0 {
		return fmt.Errorf("pow: bits %#08x encode a target above the mainnet pow limit", h.Bits)
	}
	if d := h.Hash(); !d.Meets(t) {
		return fmt.Errorf("pow: hash %s is above the target of bits %#08x", d, h.Bits)
	}
	return nil
}
