package pow

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// ForkSim describes a network of miners that see each other's blocks late.
// Every node has the same hash share, finds blocks as a Poisson process
// (the whole network finds one per Interval on average) and mines on the
// tip of its own view: the chain with the most work it has seen, the first
// seen among equals. All blocks here have the same difficulty, so most
// work is most blocks; across a retarget it is not, and Bitcoin follows
// work, not length. A block reaches every other node Delay seconds after it
// was found.
type ForkSim struct {
	Nodes    int     // 2..MaxForkNodes
	Interval float64 // mean seconds between blocks of the whole network, > 0
	Delay    float64 // propagation delay in seconds, >= 0
	Blocks   int     // blocks found in all, 1..MaxForkBlocks
	Seed     uint64
	Keep     int // how many of the first blocks to return for drawing, 0..MaxForkKeep
}

// Bounds of a ForkSim.
const (
	MaxForkNodes  = 64
	MaxForkBlocks = 1_000_000
	MaxForkKeep   = 500
)

// ForkBlock is one block of a run.
type ForkBlock struct {
	Parent int     `json:"parent"` // index of the parent, -1 for the first block's parent (genesis)
	Height int     `json:"height"` // 1 for a child of genesis
	Node   int     `json:"node"`   // who found it
	Time   float64 `json:"time"`   // seconds since the start
	Main   bool    `json:"main"`   // in the final main chain (else stale)
}

// ForkResult sums up a run.
type ForkResult struct {
	Blocks    int         `json:"blocks"`
	Main      int         `json:"main"`      // blocks in the final main chain
	Stale     int         `json:"stale"`     // found but not in it
	StaleRate float64     `json:"staleRate"` // Stale / Blocks
	Approx    float64     `json:"approx"`    // StaleApprox(Nodes, Delay/Interval)
	MaxReorg  int         `json:"maxReorg"`  // the most blocks any node ever dropped from its chain at once
	Reorgs    int         `json:"reorgs"`    // how often a node switched to a chain that did not extend its own
	Kept      []ForkBlock `json:"kept,omitempty"`
}

// StaleApprox is the stale rate a short delay predicts: a block goes
// stale when another node finds a competing one before the first has
// reached it, and the other n-1 nodes find blocks at rate (1 - 1/n) per
// interval, so with ratio = delay / interval the chance of a competitor is
// 1 - exp(-(1 - 1/n) ratio). It is close while the ratio is small (the
// simulation lands within about 6% of it up to 0.1) and overstates the
// rate as the delay nears the interval (by a fifth to a third at 1), when forks pile on forks and the simple picture of
// one race at a time no longer holds.
func StaleApprox(nodes int, ratio float64) float64 {
	if nodes < 1 || !(ratio >= 0) {
		return math.NaN()
	}
	return 1 - math.Exp(-(1-1/float64(nodes))*ratio)
}

// SimulateForks runs the network until Blocks blocks are found, delivers
// what is still in flight, and takes the main chain to be the most-work
// tip (the earliest found among equals).
func SimulateForks(s ForkSim) (ForkResult, error) {
	switch {
	case s.Nodes < 2 || s.Nodes > MaxForkNodes:
		return ForkResult{}, fmt.Errorf("pow: nodes must be within 2..%d, got %d", MaxForkNodes, s.Nodes)
	case !(s.Interval > 0) || math.IsInf(s.Interval, 1):
		return ForkResult{}, fmt.Errorf("pow: the block interval must be positive and finite, got %v", s.Interval)
	case !(s.Delay >= 0) || math.IsInf(s.Delay, 1):
		return ForkResult{}, fmt.Errorf("pow: the delay must be zero or positive and finite, got %v", s.Delay)
	case s.Blocks < 1 || s.Blocks > MaxForkBlocks:
		return ForkResult{}, fmt.Errorf("pow: blocks must be within 1..%d, got %d", MaxForkBlocks, s.Blocks)
	case s.Keep < 0 || s.Keep > MaxForkKeep:
		return ForkResult{}, fmt.Errorf("pow: keep must be within 0..%d, got %d", MaxForkKeep, s.Keep)
	}
	r := rand.New(rand.NewPCG(s.Seed, s.Seed^0xf0c5b10c4de1a7ed))
	blocks := make([]ForkBlock, 0, s.Blocks)
	tips := make([]int, s.Nodes) // each node's tip, -1 = genesis
	for i := range tips {
		tips[i] = -1
	}
	res := ForkResult{Blocks: s.Blocks}
	height := func(b int) int {
		if b < 0 {
			return 0
		}
		return blocks[b].Height
	}
	// adopt offers block b to node n: it switches only to more work, so
	// among equals the first seen stays.
	adopt := func(n, b int) {
		old := tips[n]
		if blocks[b].Height <= height(old) {
			return
		}
		tips[n] = b
		// How many blocks of its old chain the node drops: walk both
		// chains back to their common ancestor.
		x, y := old, b
		for height(y) > height(x) {
			y = blocks[y].Parent
		}
		dropped := 0
		for x != y {
			x, y = blocks[x].Parent, blocks[y].Parent
			dropped++
		}
		if dropped > 0 {
			res.Reorgs++
			res.MaxReorg = max(res.MaxReorg, dropped)
		}
	}
	// With one delay for every block, blocks arrive in the order they were
	// found: the blocks not yet delivered are blocks[delivered:].
	delivered := 0
	deliver := func(until float64) {
		for ; delivered < len(blocks) && blocks[delivered].Time+s.Delay <= until; delivered++ {
			for n := range tips {
				if n != blocks[delivered].Node {
					adopt(n, delivered)
				}
			}
		}
	}
	now := 0.0
	for range s.Blocks {
		now += r.ExpFloat64() * s.Interval
		deliver(now)
		n := r.IntN(s.Nodes)
		parent := tips[n]
		blocks = append(blocks, ForkBlock{Parent: parent, Height: height(parent) + 1, Node: n, Time: now})
		tips[n] = len(blocks) - 1
	}
	deliver(math.Inf(1))

	best := 0
	for i, b := range blocks {
		if b.Height > blocks[best].Height {
			best = i
		}
	}
	for b := best; b >= 0; b = blocks[b].Parent {
		blocks[b].Main = true
		res.Main++
	}
	res.Stale = res.Blocks - res.Main
	res.StaleRate = float64(res.Stale) / float64(res.Blocks)
	res.Approx = StaleApprox(s.Nodes, s.Delay/s.Interval)
	if s.Keep > 0 {
		res.Kept = blocks[:min(s.Keep, len(blocks))]
	}
	return res, nil
}
