package pow

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// AttackerSuccess is the probability that an attacker with share q of the
// hash rate ever catches up from z blocks behind, in the model of the
// Bitcoin whitepaper (Nakamoto 2008, section 11): the attacker's progress k
// while the honest chain adds z blocks is Poisson with mean z*q/p, and from
// a deficit of z-k it catches up with probability (q/p)^(z-k) (gambler's
// ruin), so
//
//	P = 1 - sum_{k=0..z} Poisson(k) * (1 - (q/p)^(z-k))
//
// The paper's C code evaluates exactly that and loses everything to
// cancellation once P is below about 1e-13 (and underflows for large z).
// This function sums the same quantity as positive terms instead,
// P(k > z) + sum_{k=0..z} Poisson(k) (q/p)^(z-k), starting from the largest
// term (k near z) and stopping when the rest cannot matter: it prints the
// paper's tables, agrees with a 50-digit evaluation to about 1e-15
// relative, and stays accurate for any z.
//
// q >= 0.5 gives 1 (the attacker always catches up); q <= 0 is treated as
// 0 and a negative z as 0; a NaN q gives NaN.
func AttackerSuccess(q float64, z int) float64 {
	switch {
	case math.IsNaN(q):
		return math.NaN()
	case q >= 0.5, z <= 0:
		return 1
	case q <= 0:
		return 0
	}
	p := 1 - q
	lambda := float64(z) * (q / p)
	logLambda, logRatio := math.Log(lambda), math.Log(q/p)
	logPoisson := func(k int) float64 {
		lg, _ := math.Lgamma(float64(k + 1))
		return -lambda + float64(k)*logLambda - lg
	}
	const negligible = 1e-18
	// The attacker has caught up already: k > z. Past the mean lambda < z
	// the terms only fall.
	sum := 0.0
	for k := z + 1; ; k++ {
		t := math.Exp(logPoisson(k))
		sum += t
		if t <= sum*negligible {
			break
		}
	}
	// Behind by z-k: the term grows with k up to k = z (its ratio to the
	// previous one is z/k), so sum downwards from the largest.
	for k := z; k >= 0; k-- {
		t := math.Exp(logPoisson(k) + float64(z-k)*logRatio)
		sum += t
		if t <= sum*negligible {
			break
		}
	}
	return min(sum, 1)
}

// MaxConfirmations bounds the search of MinConfirmations.
const MaxConfirmations = 1 << 20

// MinConfirmations is the smallest number of confirmations z for which
// AttackerSuccess(q, z) < risk: the whitepaper's second table ("solving
// for P less than 0.1%", risk = 0.001). q must be within [0, 0.5) and risk
// within (0, 1]; when even MaxConfirmations blocks are not enough it
// returns an error.
func MinConfirmations(q, risk float64) (int, error) {
	switch {
	case !(q >= 0 && q < 0.5):
		return 0, fmt.Errorf("pow: attacker share must be within [0, 0.5), got %v", q)
	case !(risk > 0 && risk <= 1):
		return 0, fmt.Errorf("pow: risk must be within (0, 1], got %v", risk)
	}
	below := func(z int) bool { return AttackerSuccess(q, z) < risk }
	// P falls as z grows: double to bracket the answer, then bisect.
	lo, hi := 0, 1
	if below(0) {
		return 0, nil
	}
	for !below(hi) {
		if hi >= MaxConfirmations {
			return 0, fmt.Errorf("pow: q=%v needs more than %d confirmations for risk %v", q, MaxConfirmations, risk)
		}
		lo, hi = hi, min(2*hi, MaxConfirmations)
	}
	for hi-lo > 1 { // invariant: !below(lo), below(hi)
		mid := lo + (hi-lo)/2
		if below(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, nil
}

// RaceStats is the outcome of SimulateRace.
type RaceStats struct {
	Q      float64
	Z      int
	Trials int
	Wins   int     // trials in which the attacker caught up
	Rate   float64 // Wins / Trials, the estimate of AttackerSuccess(Q, Z)
	// StdErr is the binomial standard error of Rate around the formula's
	// value, sqrt(P(1-P)/Trials): Rate lands within a few StdErr of it.
	StdErr float64
	// TruncationBias bounds how much the walk's give-up barrier lowers the
	// expected Rate (see SimulateRace).
	TruncationBias float64
}

// Limits of SimulateRace's inputs.
const (
	MaxRaceTrials = 10_000_000
	MaxRaceZ      = 10_000
	maxBarrier    = 10_000
)

// SimulateRace plays the whitepaper's race trials times with a seeded
// generator, so its frequency can be set beside AttackerSuccess. Each trial
// follows the paper's model:
//
//  1. while the honest chain mines its z blocks (time z/p, in units where
//     the whole network finds one block per unit), the attacker finds
//     blocks as a Poisson process of rate q; if it has z or more, it has
//     caught up (a tie counts, as in the paper's sum);
//  2. otherwise, from a deficit d, each next block is the attacker's with
//     probability q and the honest chain's with probability p, until the
//     deficit reaches 0 (caught up) or a give-up barrier B, chosen so that
//     (q/p)^B <= 1e-9 (at most 10000): giving up there lowers the success
//     probability by at most (q/p)^B, reported as TruncationBias.
//
// q must be within [0, 0.5), z within 0..MaxRaceZ, trials within
// 1..MaxRaceTrials.
func SimulateRace(q float64, z, trials int, seed uint64) (RaceStats, error) {
	switch {
	case !(q >= 0 && q < 0.5):
		return RaceStats{}, fmt.Errorf("pow: attacker share must be within [0, 0.5), got %v", q)
	case z < 0 || z > MaxRaceZ:
		return RaceStats{}, fmt.Errorf("pow: confirmations must be within 0..%d, got %d", MaxRaceZ, z)
	case trials < 1 || trials > MaxRaceTrials:
		return RaceStats{}, fmt.Errorf("pow: trials must be within 1..%d, got %d", MaxRaceTrials, trials)
	}
	p := 1 - q
	ratio := q / p
	barrier := 0 // with q = 0 the attacker never moves: any deficit is final
	bias := 0.0
	if q > 0 {
		barrier = min(maxBarrier, int(math.Ceil(math.Log(1e-9)/math.Log(ratio))))
		bias = math.Pow(ratio, float64(barrier))
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	horizon := float64(z) / p
	wins := 0
	for range trials {
		k := 0
		if q > 0 {
			for t := r.ExpFloat64() / q; t <= horizon; t += r.ExpFloat64() / q {
				k++
			}
		}
		d := z - k
		for d > 0 && d < barrier {
			if r.Float64() < q {
				d--
			} else {
				d++
			}
		}
		if d <= 0 {
			wins++
		}
	}
	want := AttackerSuccess(q, z)
	return RaceStats{
		Q: q, Z: z, Trials: trials, Wins: wins,
		Rate:           float64(wins) / float64(trials),
		StdErr:         math.Sqrt(want * (1 - want) / float64(trials)),
		TruncationBias: bias,
	}, nil
}
