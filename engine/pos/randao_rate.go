package pos

import "math"

// LastRevealerRate is the long-run share of slots a last revealer with
// stake share p wins when it uses its one bit (reveal or withhold,
// whichever gives it the slot) and each round decides one slot: it wins
// unless both futures pass it by, so 1-(1-p)^2 = 2p-p^2 instead of p.
// RunBiasExperiment's BiasedRate converges to it. p is clamped to [0, 1].
func LastRevealerRate(p float64) float64 {
	if math.IsNaN(p) {
		return math.NaN()
	}
	p = min(max(p, 0), 1)
	return 1 - (1-p)*(1-p)
}
