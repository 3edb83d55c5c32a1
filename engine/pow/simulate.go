package pow

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// RetargetSim describes a retarget simulation: a hash-rate schedule run
// through several 2016-block periods under the real Retarget rule.
type RetargetSim struct {
	// StartBits are the bits of the first period; 0 means DifficultyOneBits.
	StartBits uint32
	// Periods is the number of 2016-block periods, 1..MaxSimPeriods.
	Periods int
	// HashRate is the network's hash rate, in hashes per second, while the
	// block at height (0 for the first simulated block) is mined. Use
	// PerPeriod for a schedule by period.
	HashRate func(height int) float64
	// Seed makes the run reproducible.
	Seed uint64
}

// MaxSimPeriods bounds RetargetSim.Periods (about 38 simulated years).
const MaxSimPeriods = 1000

// maxSimSeconds keeps timestamps far inside int64 (about 30 million years).
const maxSimSeconds = 1e15

// PeriodStats is one period of a retarget simulation: one point per series
// of the retarget chart.
type PeriodStats struct {
	Period        int
	Bits          uint32  // bits of every block in the period
	Difficulty    float64 // bdiff of Bits
	MeanHashRate  float64 // hashes per second, mean of the schedule over the period
	MeanBlockTime float64 // seconds, mean interval of the period's 2016 blocks (600 is on target)
	Timespan      int64   // seconds, last minus first block time of the period, as Retarget sees it
	NextBits      uint32  // Retarget(Bits, Timespan): the next period's bits
}

// PerPeriod returns a schedule that holds rates[i] during period i and the
// last rate after them. With one rate it is a constant schedule.
func PerPeriod(rates ...float64) func(height int) float64 {
	rs := append([]float64(nil), rates...)
	return func(height int) float64 {
		if len(rs) == 0 {
			return 0
		}
		return rs[min(max(height, 0)/RetargetInterval, len(rs)-1)]
	}
}

// SimulateRetarget mines the periods block by block: each block's interval
// is drawn from the exponential distribution with mean
// ExpectedHashes(target) / hashRate (mining is memoryless), timestamps are
// whole seconds as in block headers, and at the end of each period the
// next bits come from Retarget with Core's timespan (last block time minus
// the period's first block time, so 2015 intervals: Bitcoin's off-by-one).
func SimulateRetarget(s RetargetSim) ([]PeriodStats, error) {
	if s.Periods < 1 || s.Periods > MaxSimPeriods {
		return nil, fmt.Errorf("pow: periods must be within 1..%d, got %d", MaxSimPeriods, s.Periods)
	}
	if s.HashRate == nil {
		return nil, fmt.Errorf("pow: a retarget simulation needs a hash-rate schedule")
	}
	bits := s.StartBits
	if bits == 0 {
		bits = DifficultyOneBits
	}
	r := rand.New(rand.NewPCG(s.Seed, s.Seed^0xda942042e4dd58b5))
	out := make([]PeriodStats, 0, s.Periods)
	now := 0.0 // seconds since the block before the first simulated one
	for period := range s.Periods {
		target, err := CompactToTarget(bits)
		if err != nil {
			return nil, err
		}
		diff, err := TargetDifficulty(target)
		if err != nil {
			return nil, fmt.Errorf("pow: bits %#08x: %w", bits, err)
		}
		hashes := ExpectedHashes(target)
		start, rateSum := now, 0.0
		var first, last int64
		for i := range RetargetInterval {
			height := period*RetargetInterval + i
			rate := s.HashRate(height)
			if !(rate > 0) || math.IsInf(rate, 1) {
				return nil, fmt.Errorf("pow: hash rate at height %d must be positive and finite, got %v", height, rate)
			}
			rateSum += rate
			now += r.ExpFloat64() * hashes / rate
			if now > maxSimSeconds {
				return nil, fmt.Errorf("pow: block %d would come after %g s: hash rate too low for bits %#08x", height, now, bits)
			}
			stamp := int64(math.Floor(now))
			if i == 0 {
				first = stamp
			}
			last = stamp
		}
		ps := PeriodStats{
			Period:        period,
			Bits:          bits,
			Difficulty:    diff,
			MeanHashRate:  rateSum / RetargetInterval,
			MeanBlockTime: (now - start) / RetargetInterval,
			Timespan:      last - first,
		}
		ps.NextBits = Retarget(bits, ps.Timespan)
		out = append(out, ps)
		bits = ps.NextBits
	}
	return out, nil
}
