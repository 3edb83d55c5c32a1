package pow

import (
	"errors"
	"fmt"
	"math/big"
)

// Errors of CompactToTarget, wrapped with the offending bits: test with
// errors.Is.
var (
	// ErrNegativeTarget: the sign bit (0x00800000) is set with a non-zero
	// mantissa. Bitcoin Core rejects such bits in CheckProofOfWork.
	ErrNegativeTarget = errors.New("pow: compact bits encode a negative target")
	// ErrTargetOverflow: the encoded value does not fit in 256 bits.
	ErrTargetOverflow = errors.New("pow: compact bits overflow 256 bits")
)

// DifficultyOneBits is the compact form of the difficulty-1 target (and of
// the mainnet pow limit): the bits of the genesis block.
const DifficultyOneBits uint32 = 0x1d00ffff

var (
	difficultyOne = mustHex("00000000ffff0000000000000000000000000000000000000000000000000000")
	powLimit      = mustHex("00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff")
	two256        = new(big.Int).Lsh(big.NewInt(1), 256)
	mask256       = new(big.Int).Sub(two256, big.NewInt(1))
)

func mustHex(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("pow: bad constant " + s)
	}
	return v
}

// DifficultyOneTarget returns the difficulty-1 target, 0xffff * 2^208, the
// truncated target that "bdiff" difficulty is measured against. Each call
// returns a new value.
func DifficultyOneTarget() *big.Int { return new(big.Int).Set(difficultyOne) }

// MainnetPowLimit returns Bitcoin mainnet's consensus.powLimit, 2^224 - 1:
// no block target may exceed it, and a retarget is capped at it. It is
// slightly above DifficultyOneTarget, but both encode to DifficultyOneBits.
// Each call returns a new value.
func MainnetPowLimit() *big.Int { return new(big.Int).Set(powLimit) }

// Compact is the full decoding of compact bits, for showing learners what
// each part means, including encodings Bitcoin rejects.
type Compact struct {
	Bits     uint32
	Exponent uint8    // size in bytes: bits >> 24
	Mantissa uint32   // bits & 0x007fffff
	Target   *big.Int // mantissa * 256^(exponent-3), negated when Negative; not reduced to 256 bits
	Negative bool     // sign bit set with a non-zero mantissa
	Overflow bool     // the value needs more than 256 bits
}

// DecodeCompact splits bits into exponent, mantissa and sign exactly as
// Bitcoin Core's arith_uint256::SetCompact, flags included.
func DecodeCompact(bits uint32) Compact {
	size := bits >> 24
	m := bits & 0x007fffff
	c := Compact{Bits: bits, Exponent: uint8(size), Mantissa: m}
	t := big.NewInt(int64(m))
	if size <= 3 {
		t.Rsh(t, uint(8*(3-size)))
	} else {
		t.Lsh(t, uint(8*(size-3)))
	}
	c.Negative = m != 0 && bits&0x00800000 != 0
	c.Overflow = m != 0 && (size > 34 || (m > 0xff && size > 33) || (m > 0xffff && size > 32))
	if c.Negative {
		t.Neg(t)
	}
	c.Target = t
	return c
}

// CompactToTarget decodes compact bits into the target they encode. Like
// Bitcoin Core it returns an error for a negative encoding (sign bit with a
// non-zero mantissa) or one that overflows 256 bits; a zero mantissa decodes
// to 0 whatever the exponent.
func CompactToTarget(bits uint32) (*big.Int, error) {
	c := DecodeCompact(bits)
	switch {
	case c.Negative:
		return nil, fmt.Errorf("%w: %#08x", ErrNegativeTarget, bits)
	case c.Overflow:
		return nil, fmt.Errorf("%w: %#08x", ErrTargetOverflow, bits)
	}
	return c.Target, nil
}

// coreSetCompact is what arith_uint256::SetCompact leaves in the number
// when the caller ignores the flags (as pow.cpp does for the last block's
// bits): the magnitude, truncated to 256 bits.
func coreSetCompact(bits uint32) *big.Int {
	t := DecodeCompact(bits).Target
	t.Abs(t)
	return t.And(t, mask256)
}

// TargetToCompact encodes a target as compact bits, exactly as Bitcoin
// Core's GetCompact: the mantissa is the top three bytes (truncated, so the
// decoded target is never above t), shifted down a byte when its top bit
// would read as the sign. A negative t encodes its magnitude with the sign
// bit set (GetCompact(true)); nil and 0 encode as 0. Values of 256^255 and
// above, which no compact form reaches, saturate to 0xff7fffff.
func TargetToCompact(t *big.Int) uint32 {
	if t == nil || t.Sign() == 0 {
		return 0
	}
	v := new(big.Int).Abs(t)
	size := (v.BitLen() + 7) / 8
	var m uint32
	if size <= 3 {
		m = uint32(v.Uint64()) << (8 * (3 - size))
	} else {
		m = uint32(v.Rsh(v, uint(8*(size-3))).Uint64())
	}
	if m&0x00800000 != 0 {
		m >>= 8
		size++
	}
	if size > 0xff {
		return 0xff7fffff
	}
	c := uint32(size)<<24 | m
	if t.Sign() < 0 && m != 0 {
		c |= 0x00800000
	}
	return c
}
