package pow

import (
	"fmt"
	"math"
	"math/big"
)

// Difficulty returns the difficulty of bits in "bdiff" units: the
// difficulty-1 target divided by the target, as Bitcoin Core's
// getdifficulty reports it (1 for the genesis block). Bits that do not
// decode to a positive target are an error.
func Difficulty(bits uint32) (float64, error) {
	t, err := CompactToTarget(bits)
	if err != nil {
		return 0, err
	}
	return TargetDifficulty(t)
}

// TargetDifficulty is Difficulty for a target, correctly rounded.
func TargetDifficulty(target *big.Int) (float64, error) {
	if target == nil || target.Sign() <= 0 {
		return 0, fmt.Errorf("pow: difficulty needs a positive target")
	}
	d, _ := new(big.Rat).SetFrac(difficultyOne, target).Float64()
	return d, nil
}

// ZeroBitsTarget maps the beginner's difficulty "the hash must start with n
// zero bits" onto the real arithmetic: the target 2^(256-n) - 1, the
// largest value with n leading zero bits. n must be within 0..256.
func ZeroBitsTarget(n int) (*big.Int, error) {
	if n < 0 || n > 256 {
		return nil, fmt.Errorf("pow: leading zero bits must be within 0..256, got %d", n)
	}
	t := new(big.Int).Lsh(big.NewInt(1), uint(256-n))
	return t.Sub(t, big.NewInt(1)), nil
}

// ZeroBitsCompact returns the compact bits closest to ZeroBitsTarget(n) that
// do not exceed it (GetCompact truncates), so that every hash meeting the
// bits still has n leading zero bits. For n = 32 this is 0x1d00ffff: the
// genesis difficulty is "32 zero bits".
func ZeroBitsCompact(n int) (uint32, error) {
	t, err := ZeroBitsTarget(n)
	if err != nil {
		return 0, err
	}
	return TargetToCompact(t), nil
}

// TargetZeroBits is the inverse view: how many leading zero bits every hash
// meeting target is guaranteed to have (256 minus the target's bit length).
// A negative target (met by nothing) reports 256.
func TargetZeroBits(target *big.Int) int {
	if target == nil || target.Sign() < 0 {
		return 256
	}
	return max(0, 256-target.BitLen())
}

// ExpectedHashes is the mean number of hashes needed to meet target:
// 2^256 / (target + 1), since each hash meets it with probability
// (target + 1) / 2^256. It is Bitcoin Core's block proof (GetBlockProof)
// without the integer rounding. A negative target is never met: +Inf; a
// target of 2^256 - 1 or more is met by every hash: 1.
func ExpectedHashes(target *big.Int) float64 {
	if target == nil || target.Sign() < 0 {
		return math.Inf(1)
	}
	den := new(big.Int).Add(target, big.NewInt(1))
	f, _ := new(big.Rat).SetFrac(two256, den).Float64()
	return max(f, 1)
}

// BlockWork is Bitcoin Core's GetBlockProof, the integer work a block with
// these bits adds to its chain: 2^256 / (target + 1), rounded down. Bits
// that are negative, overflow or encode zero give zero work, as in Core.
func BlockWork(bits uint32) *big.Int {
	t, err := CompactToTarget(bits)
	if err != nil || t.Sign() == 0 {
		return new(big.Int)
	}
	return new(big.Int).Quo(two256, t.Add(t, big.NewInt(1)))
}

// ExpectedSeconds is the mean time to meet target at hashRate hashes per
// second (an ETA for the miner widget). A hash rate that is not positive
// gives +Inf.
func ExpectedSeconds(target *big.Int, hashRate float64) float64 {
	if !(hashRate > 0) {
		return math.Inf(1)
	}
	return ExpectedHashes(target) / hashRate
}

// JoulesPerKWh converts the joules of ExpectedEnergy into kilowatt-hours.
const JoulesPerKWh = 3.6e6

// ExpectedEnergy is the mean energy, in joules, spent to meet target by
// hardware that uses joulesPerHash joules per double SHA-256 (ASIC
// datasheets quote J/TH: 17.5 J/TH is 17.5e-12 J/hash). Divide by
// JoulesPerKWh for kWh. It is the PoW side of the energy chart; a PoS
// block's energy does not grow with difficulty.
func ExpectedEnergy(target *big.Int, joulesPerHash float64) float64 {
	return ExpectedHashes(target) * joulesPerHash
}
