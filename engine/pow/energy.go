package pow

import (
	"errors"
	"fmt"
	"math"
)

// BlocksPerYear is how many blocks a year brings at the target spacing of
// one block per 600 s, over a Julian year of 365.25 days: 52596. It is what
// retargeting steers towards, not a count of real blocks.
const BlocksPerYear = 365.25 * 24 * 3600 / TargetSpacing

// ErrBadEnergyInput reports an input an energy estimate cannot use.
var ErrBadEnergyInput = errors.New("pow: energy: bad input")

// EnergyEstimate is the proof-of-work side of the energy comparison. It is
// arithmetic on assumptions, not a measurement: the hardware efficiency is
// an input, and cooling, power supplies and older machines (which real
// fleets have plenty of) are left out, so it is a lower bound for the
// hardware given.
type EnergyEstimate struct {
	HashesPerBlock float64 `json:"hashesPerBlock"` // expected hashes to find one block
	HashRate       float64 `json:"hashRate"`       // hashes per second: one block per TargetSpacing on average
	JoulesPerHash  float64 `json:"joulesPerHash"`
	JoulesPerBlock float64 `json:"joulesPerBlock"`
	PowerWatts     float64 `json:"powerWatts"`    // average power of the whole network
	JoulesPerYear  float64 `json:"joulesPerYear"` // BlocksPerYear blocks
}

// EnergyFromBits estimates the energy of mining at the difficulty encoded
// in bits with hardware using joulesPerHash per double SHA-256, assuming
// the network's hash rate is the one that finds a block every 600 s on
// average (what the retarget aims for).
func EnergyFromBits(bits uint32, joulesPerHash float64) (EnergyEstimate, error) {
	if err := checkJoulesPerHash(joulesPerHash); err != nil {
		return EnergyEstimate{}, err
	}
	t, err := CompactToTarget(bits)
	if err != nil {
		return EnergyEstimate{}, fmt.Errorf("%w: bits %#08x: %v", ErrBadEnergyInput, bits, err)
	}
	if t.Sign() == 0 {
		return EnergyEstimate{}, fmt.Errorf("%w: bits %#08x encode a zero target, which no hash meets", ErrBadEnergyInput, bits)
	}
	return estimate(ExpectedHashes(t), joulesPerHash), nil
}

// EnergyFromHashRate estimates the energy of a network hashing at hashRate
// hashes per second with hardware using joulesPerHash, assuming blocks
// arrive every 600 s on average, so a block takes hashRate * 600 hashes.
func EnergyFromHashRate(hashRate, joulesPerHash float64) (EnergyEstimate, error) {
	if err := checkJoulesPerHash(joulesPerHash); err != nil {
		return EnergyEstimate{}, err
	}
	if !(hashRate > 0) || math.IsInf(hashRate, 0) {
		return EnergyEstimate{}, fmt.Errorf("%w: hash rate %v must be positive and finite", ErrBadEnergyInput, hashRate)
	}
	return estimate(hashRate*TargetSpacing, joulesPerHash), nil
}

func checkJoulesPerHash(j float64) error {
	if !(j > 0) || math.IsInf(j, 0) {
		return fmt.Errorf("%w: joules per hash %v must be positive and finite", ErrBadEnergyInput, j)
	}
	return nil
}

func estimate(hashesPerBlock, joulesPerHash float64) EnergyEstimate {
	perBlock := hashesPerBlock * joulesPerHash
	return EnergyEstimate{
		HashesPerBlock: hashesPerBlock,
		HashRate:       hashesPerBlock / TargetSpacing,
		JoulesPerHash:  joulesPerHash,
		JoulesPerBlock: perBlock,
		PowerWatts:     perBlock / TargetSpacing,
		JoulesPerYear:  perBlock * BlocksPerYear,
	}
}
