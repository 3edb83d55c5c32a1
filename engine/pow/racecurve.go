package pow

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The attack widget plots a Monte Carlo race for every number of
// confirmations on its chart, and near q = 0.5 one point can take seconds
// (the walk back from a deficit wanders for a long time). A browser tab must
// not freeze that long, so Race plays SimulateRace's trials in slices the
// caller chooses, with the same generator and the same steps: a race played
// in any slices ends exactly where SimulateRace ends.

// Race is SimulateRace played a slice at a time. Make one with NewRace; the
// zero value has no trials left.
type Race struct {
	q, p, horizon float64
	z, trials     int
	barrier       int
	bias          float64
	r             *rand.Rand
	done, wins    int
}

// NewRace prepares SimulateRace(q, z, trials, seed) without playing any
// trial. The inputs are checked as SimulateRace checks them.
func NewRace(q float64, z, trials int, seed uint64) (*Race, error) {
	switch {
	case !(q >= 0 && q < 0.5):
		return nil, fmt.Errorf("pow: attacker share must be within [0, 0.5), got %v", q)
	case z < 0 || z > MaxRaceZ:
		return nil, fmt.Errorf("pow: confirmations must be within 0..%d, got %d", MaxRaceZ, z)
	case trials < 1 || trials > MaxRaceTrials:
		return nil, fmt.Errorf("pow: trials must be within 1..%d, got %d", MaxRaceTrials, trials)
	}
	p := 1 - q
	ra := &Race{q: q, p: p, z: z, trials: trials, horizon: float64(z) / p}
	if q > 0 {
		ra.barrier = min(maxBarrier, int(math.Ceil(math.Log(1e-9)/math.Log(q/p))))
		ra.bias = math.Pow(q/p, float64(ra.barrier))
	}
	ra.r = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return ra, nil
}

// Step plays up to n more trials and reports how many it played; 0 once
// every trial has been played (or for n <= 0).
func (ra *Race) Step(n int) int {
	if ra == nil || ra.r == nil {
		return 0
	}
	n = min(max(n, 0), ra.trials-ra.done)
	for range n {
		if ra.trial() {
			ra.wins++
		}
	}
	ra.done += n
	return n
}

// trial is one of SimulateRace's trials, step for step.
func (ra *Race) trial() bool {
	k := 0
	if ra.q > 0 {
		for t := ra.r.ExpFloat64() / ra.q; t <= ra.horizon; t += ra.r.ExpFloat64() / ra.q {
			k++
		}
	}
	d := ra.z - k
	for d > 0 && d < ra.barrier {
		if ra.r.Float64() < ra.q {
			d--
		} else {
			d++
		}
	}
	return d <= 0
}

// Done reports whether every trial has been played.
func (ra *Race) Done() bool { return ra == nil || ra.done >= ra.trials }

// Played is the number of trials played so far.
func (ra *Race) Played() int {
	if ra == nil {
		return 0
	}
	return ra.done
}

// Stats is the race so far, in SimulateRace's terms: Trials counts the
// trials played, so a finished race reports exactly what SimulateRace
// reports for the same inputs.
func (ra *Race) Stats() RaceStats {
	if ra == nil {
		return RaceStats{}
	}
	s := RaceStats{Q: ra.q, Z: ra.z, Trials: ra.done, Wins: ra.wins, TruncationBias: ra.bias}
	if ra.done > 0 {
		want := AttackerSuccess(ra.q, ra.z)
		s.Rate = float64(ra.wins) / float64(ra.done)
		s.StdErr = math.Sqrt(want * (1 - want) / float64(ra.done))
	}
	return s
}

// RaceSeed is the seed of the race at z confirmations within a curve seeded
// with seed: every point of a curve gets its own reproducible stream, so
// the points are independent estimates. (SplitMix64's increment and
// finalizer.)
func RaceSeed(seed uint64, z int) uint64 {
	x := seed + uint64(z+1)*0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// MaxRaceCurveZ bounds RaceCurve's maxZ: a chart of more points than this
// is not a chart a learner reads.
const MaxRaceCurveZ = 1000

// RaceCurve plays SimulateRace(q, z, trials, RaceSeed(seed, z)) for z =
// 0..maxZ: the Monte Carlo dots of the attack chart, one per number of
// confirmations, to set beside AttackerSuccess.
func RaceCurve(q float64, maxZ, trials int, seed uint64) ([]RaceStats, error) {
	if maxZ < 0 || maxZ > MaxRaceCurveZ {
		return nil, fmt.Errorf("pow: a race curve needs maxZ within 0..%d, got %d", MaxRaceCurveZ, maxZ)
	}
	out := make([]RaceStats, 0, maxZ+1)
	for z := 0; z <= maxZ; z++ {
		s, err := SimulateRace(q, z, trials, RaceSeed(seed, z))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
