package pow

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SelfishRevenue is the selfish pool's share of main-chain blocks in Eyal
// and Sirer's model ("Majority is not enough: Bitcoin mining is
// vulnerable", 2014, equation 8): a pool of hash share alpha keeps the
// blocks it finds private and publishes them only to orphan the honest
// miners' blocks; gamma is the share of honest miners that build on the
// pool's block when two blocks race.
//
//	R = (alpha (1-alpha)^2 (4 alpha + gamma (1 - 2 alpha)) - alpha^3) /
//	    (1 - alpha (1 + (2 - alpha) alpha))
//
// alpha must be within [0, 0.5) and gamma within [0, 1]; anything else
// (NaN included) gives NaN. The result exceeds alpha, the honest share,
// exactly when alpha > SelfishThreshold(gamma).
func SelfishRevenue(alpha, gamma float64) float64 {
	if !(alpha >= 0 && alpha < 0.5) || !(gamma >= 0 && gamma <= 1) {
		return math.NaN()
	}
	a, b := alpha, 1-alpha
	num := a*b*b*(4*a+gamma*(1-2*a)) - a*a*a
	den := 1 - a*(1+(2-a)*a)
	return num / den
}

// SelfishThreshold is the hash share above which selfish mining pays more
// than honest mining: (1 - gamma) / (3 - 2 gamma), a third when gamma is 0,
// a quarter at gamma 1/2, and 0 at gamma 1. gamma outside [0, 1] gives NaN.
func SelfishThreshold(gamma float64) float64 {
	if !(gamma >= 0 && gamma <= 1) {
		return math.NaN()
	}
	return (1 - gamma) / (3 - 2*gamma)
}

// SelfishSim describes a selfish-mining run.
type SelfishSim struct {
	Alpha  float64 // the pool's hash share, within [0, 0.5)
	Gamma  float64 // the honest share that mines on the pool's block in a race, within [0, 1]
	Blocks int     // blocks found by anyone, 1..MaxSelfishBlocks
	Seed   uint64
	Trace  int // how many of the first events to record, 0..MaxSelfishTrace
}

// MaxSelfishBlocks bounds SelfishSim.Blocks (about a second of work).
const MaxSelfishBlocks = 10_000_000

// MaxSelfishTrace bounds SelfishSim.Trace.
const MaxSelfishTrace = 200

// SelfishEvent is one found block of a run and what followed it.
type SelfishEvent struct {
	Pool   bool   `json:"pool"`   // the pool found it (else an honest miner)
	Lead   int    `json:"lead"`   // the pool's private lead before it; -1 is the race (state 0')
	After  int    `json:"after"`  // the lead after it, -1 for a race
	Action string `json:"action"` // what happened, in a few words
}

// SelfishResult is the outcome of a run. Blocks are counted when their fate
// is settled; blocks still private or racing at the end are left out.
type SelfishResult struct {
	PoolBlocks     int            `json:"poolBlocks"`     // pool blocks in the main chain
	HonestBlocks   int            `json:"honestBlocks"`   // honest blocks in the main chain
	PoolOrphaned   int            `json:"poolOrphaned"`   // pool blocks that lost a race
	HonestOrphaned int            `json:"honestOrphaned"` // honest blocks overridden by the pool
	Revenue        float64        `json:"revenue"`        // PoolBlocks / (PoolBlocks + HonestBlocks)
	ClosedForm     float64        `json:"closedForm"`     // SelfishRevenue(Alpha, Gamma)
	Threshold      float64        `json:"threshold"`      // SelfishThreshold(Gamma)
	Trace          []SelfishEvent `json:"trace,omitempty"`
}

// SimulateSelfish runs the state machine of Eyal and Sirer (section 4,
// Algorithm 1) block by block. The state is the pool's private lead; a
// block is the pool's with probability Alpha. With lead 0 the pool keeps a
// new block private; when the honest miners find one it adopts their
// chain. An honest block against lead 1 starts a race (state 0'): the pool
// publishes, and the next block decides it: the pool's (both its blocks
// win), an honest one on the pool's branch (share Gamma of the honest:
// one block each) or on the honest branch (the honest pair wins). Against
// lead 2 the pool publishes everything and orphans the honest block;
// against a longer lead it publishes one block, staying ahead.
func SimulateSelfish(s SelfishSim) (SelfishResult, error) {
	switch {
	case !(s.Alpha >= 0 && s.Alpha < 0.5):
		return SelfishResult{}, fmt.Errorf("pow: pool share alpha must be within [0, 0.5), got %v", s.Alpha)
	case !(s.Gamma >= 0 && s.Gamma <= 1):
		return SelfishResult{}, fmt.Errorf("pow: gamma must be within [0, 1], got %v", s.Gamma)
	case s.Blocks < 1 || s.Blocks > MaxSelfishBlocks:
		return SelfishResult{}, fmt.Errorf("pow: blocks must be within 1..%d, got %d", MaxSelfishBlocks, s.Blocks)
	case s.Trace < 0 || s.Trace > MaxSelfishTrace:
		return SelfishResult{}, fmt.Errorf("pow: trace must be within 0..%d, got %d", MaxSelfishTrace, s.Trace)
	}
	r := rand.New(rand.NewPCG(s.Seed, s.Seed^0x5e1f15b10c4a11e5))
	var res SelfishResult
	const race = -1
	lead := 0
	for i := range s.Blocks {
		pool := r.Float64() < s.Alpha
		before := lead
		var action string
		switch {
		case lead == race && pool:
			res.PoolBlocks += 2
			res.HonestOrphaned++
			lead, action = 0, "pool wins the race: its two blocks stay"
		case lead == race && r.Float64() < s.Gamma:
			res.PoolBlocks++
			res.HonestBlocks++
			res.HonestOrphaned++
			lead, action = 0, "honest block on the pool's branch: one block each"
		case lead == race:
			res.HonestBlocks += 2
			res.PoolOrphaned++
			lead, action = 0, "honest block on the honest branch: the pool's block is orphaned"
		case pool:
			lead++
			action = "pool keeps its block private"
		case lead == 0:
			res.HonestBlocks++
			action = "honest block; the pool mines on it"
		case lead == 1:
			lead, action = race, "pool publishes its block: a race"
		case lead == 2:
			res.PoolBlocks += 2
			res.HonestOrphaned++
			lead, action = 0, "pool publishes both blocks and orphans the honest one"
		default:
			res.PoolBlocks++
			res.HonestOrphaned++
			lead--
			action = "pool publishes one block, still ahead"
		}
		if i < s.Trace {
			res.Trace = append(res.Trace, SelfishEvent{Pool: pool, Lead: before, After: lead, Action: action})
		}
	}
	if total := res.PoolBlocks + res.HonestBlocks; total > 0 {
		res.Revenue = float64(res.PoolBlocks) / float64(total)
	}
	res.ClosedForm = SelfishRevenue(s.Alpha, s.Gamma)
	res.Threshold = SelfishThreshold(s.Gamma)
	return res, nil
}
