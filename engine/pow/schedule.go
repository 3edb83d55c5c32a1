package pow

import (
	"fmt"
	"math"
)

// The retarget widget speaks in multiples of "the hash rate that mines the
// starting difficulty at exactly ten minutes a block": x1 is on target, x4
// is four times the miners. These helpers turn that into the absolute
// rates SimulateRetarget takes, and expose the clamp Retarget applies.

// OnTargetHashRate is the hash rate, in hashes per second, at which blocks
// with these bits come every TargetSpacing seconds on average:
// ExpectedHashes(target) / 600.
func OnTargetHashRate(bits uint32) (float64, error) {
	target, err := CompactToTarget(bits)
	if err != nil {
		return 0, err
	}
	if target.Sign() <= 0 {
		return 0, fmt.Errorf("pow: bits %#08x encode a zero target, which no hash meets", bits)
	}
	return ExpectedHashes(target) / TargetSpacing, nil
}

// MaxRateMultiplier bounds each multiplier of ScaledSchedule, in both
// directions (1/MaxRateMultiplier .. MaxRateMultiplier).
const MaxRateMultiplier = 1000

// ScaledSchedule is PerPeriod with rates given as multiples of
// OnTargetHashRate(bits): period i runs at multipliers[i] times the on-target
// rate, and the last multiplier holds after the list. Each multiplier must
// be within [1/MaxRateMultiplier, MaxRateMultiplier].
func ScaledSchedule(bits uint32, multipliers ...float64) (func(height int) float64, error) {
	if len(multipliers) == 0 {
		return nil, fmt.Errorf("pow: a schedule needs at least one multiplier")
	}
	base, err := OnTargetHashRate(bits)
	if err != nil {
		return nil, err
	}
	rates := make([]float64, len(multipliers))
	for i, m := range multipliers {
		if !(m >= 1.0/MaxRateMultiplier && m <= MaxRateMultiplier) || math.IsNaN(m) {
			return nil, fmt.Errorf("pow: multiplier %v of period %d is not within [1/%d, %d]", m, i, MaxRateMultiplier, MaxRateMultiplier)
		}
		rates[i] = m * base
	}
	return PerPeriod(rates...), nil
}

// ClampTimespan is the timespan Retarget actually uses for a period's
// measured one: at least a quarter and at most four times TargetTimespan,
// so one retarget moves the difficulty by a factor of four at most.
// Retarget(bits, t) equals Retarget(bits, ClampTimespan(t)) for every t.
func ClampTimespan(actual int64) int64 {
	return min(max(actual, TargetTimespan/4), TargetTimespan*4)
}
