package pos

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

// ProposerRule selects one of the consensus-specs versions of
// compute_proposer_index. Both walk the shuffled list of active indices
// and accept candidate c with probability effective_balance(c) /
// MaxEffectiveBalance, so the choice is pseudo-random and weighted by
// stake (not "the richest validator"):
//
//	phase0:  random_byte = hash(seed + uint_to_bytes(uint64(i // 32)))[i % 32]
//	         accept if effective_balance * 255 >= MAX_EFFECTIVE_BALANCE * random_byte
//	electra: random_bytes = hash(seed + uint_to_bytes(i // 16)); offset = i % 16 * 2
//	         random_value = bytes_to_uint64(random_bytes[offset:offset + 2])
//	         accept if effective_balance * 65535 >= MAX_EFFECTIVE_BALANCE_ELECTRA * random_value
//
// (specs/phase0/beacon-chain.md and specs/electra/beacon-chain.md
// "Modified compute_proposer_index", tag v1.6.1.)
//
// The weighting is close to proportional only for large sets: candidates
// are visited in shuffled order without replacement, so in a small set a
// high-balance validator cuts every pass short and wins far more than its
// balance share. ProposerShares computes the exact shares: under electra,
// with 32, 32, 64, 512 and 2048 ETH the 2048 ETH validator holds 76% of the
// stake and proposes in about 85% of slots; with 2048, 1024, 512 and 256 ETH
// the largest holds 53% and proposes in about 63%.
type ProposerRule struct {
	Name                string `json:"name"`
	MaxEffectiveBalance uint64 `json:"maxEffectiveBalance"` // Gwei
	RandomBits          int    `json:"randomBits"`          // 8 or 16
}

// GweiPerETH converts ETH to Gwei.
const GweiPerETH uint64 = 1_000_000_000

// The two proposer rules. MAX_EFFECTIVE_BALANCE = 32 ETH (presets
// mainnet/phase0.yaml), MAX_EFFECTIVE_BALANCE_ELECTRA = 2048 ETH
// (presets mainnet/electra.yaml), both in Gwei.
var (
	ProposerPhase0  = ProposerRule{Name: "phase0", MaxEffectiveBalance: 32 * GweiPerETH, RandomBits: 8}
	ProposerElectra = ProposerRule{Name: "electra", MaxEffectiveBalance: 2048 * GweiPerETH, RandomBits: 16}
)

// MaxProposerIterations bounds the sampling loop. The spec loops until a
// candidate is accepted; with realistic balances that takes a handful of
// tries, and the bound only stops pathological input from hanging a tab.
const MaxProposerIterations = 1 << 20

// Proposer errors.
var (
	ErrNoIndices        = errors.New("pos: proposer: no active indices")
	ErrBadProposerRule  = errors.New("pos: proposer: rule must use 8 or 16 random bits and a positive maximum balance")
	ErrIndexNoBalance   = errors.New("pos: proposer: index has no effective balance entry")
	ErrNoBalance        = errors.New("pos: proposer: every candidate has zero effective balance")
	ErrProposerNotFound = errors.New("pos: proposer: no candidate accepted within the iteration bound")
)

// ProposerStep is one candidate the sampling loop considered.
type ProposerStep struct {
	I                uint64 `json:"i"`
	ShuffledPosition uint64 `json:"shuffledPosition"` // compute_shuffled_index(i % total, total, seed)
	Candidate        uint64 `json:"candidate"`        // indices[ShuffledPosition]
	EffectiveBalance uint64 `json:"effectiveBalance"`
	RandomValue      uint64 `json:"randomValue"`
	MaxRandom        uint64 `json:"maxRandom"` // 255 or 65535
	Accepted         bool   `json:"accepted"`
}

// ProposerTrace is ComputeProposerIndex with every candidate recorded.
type ProposerTrace struct {
	Rule     string         `json:"rule"`
	Seed     Hash           `json:"seed"`
	Steps    []ProposerStep `json:"steps"`
	Proposer uint64         `json:"proposer"`
}

// ProposerSeed is get_beacon_proposer_index's per-slot seed:
// hash(epoch_seed + uint_to_bytes(slot)), slot as 8 little-endian bytes.
func ProposerSeed(epochSeed [32]byte, slot uint64) Hash { return sum(epochSeed[:], le64(slot)) }

// ComputeProposerIndex is compute_proposer_index: indices are the active
// validator indices, effectiveBalances[v] is validator v's effective
// balance in Gwei (the state.validators list), rounds the shuffle's round
// count (ShuffleRoundsMainnet on mainnet).
func ComputeProposerIndex(rule ProposerRule, indices, effectiveBalances []uint64, seed [32]byte, rounds uint8) (uint64, error) {
	t, err := proposer(rule, indices, effectiveBalances, seed, rounds, false)
	return t.Proposer, err
}

// TraceProposerIndex is ComputeProposerIndex that keeps every step.
func TraceProposerIndex(rule ProposerRule, indices, effectiveBalances []uint64, seed [32]byte, rounds uint8) (ProposerTrace, error) {
	return proposer(rule, indices, effectiveBalances, seed, rounds, true)
}

func proposer(rule ProposerRule, indices, balances []uint64, seed [32]byte, rounds uint8, trace bool) (ProposerTrace, error) {
	t := ProposerTrace{Rule: rule.Name, Seed: seed}
	if (rule.RandomBits != 8 && rule.RandomBits != 16) || rule.MaxEffectiveBalance == 0 {
		return t, ErrBadProposerRule
	}
	if len(indices) == 0 {
		return t, ErrNoIndices
	}
	anyBalance := false
	for _, v := range indices {
		if v >= uint64(len(balances)) {
			return t, fmt.Errorf("%w: %d (have %d balances)", ErrIndexNoBalance, v, len(balances))
		}
		anyBalance = anyBalance || balances[v] > 0
	}
	if !anyBalance {
		// The spec would still stop, on the first zero random value, but
		// such a state cannot arise on chain and the wait is pointless.
		return t, ErrNoBalance
	}
	total := uint64(len(indices))
	perHash := uint64(32) // random values per hash
	maxRandom := uint64(1<<8 - 1)
	if rule.RandomBits == 16 {
		perHash, maxRandom = 16, 1<<16-1
	}
	var block Hash
	blockNo := ^uint64(0)
	for i := uint64(0); i < MaxProposerIterations; i++ {
		pos, err := ShuffledIndex(i%total, total, seed, rounds)
		if err != nil {
			return t, err
		}
		cand := indices[pos]
		if i/perHash != blockNo {
			blockNo = i / perHash
			block = sum(seed[:], le64(blockNo))
		}
		var rv uint64
		if rule.RandomBits == 8 {
			rv = uint64(block[i%32])
		} else {
			off := i % 16 * 2
			rv = uint64(binary.LittleEndian.Uint16(block[off : off+2]))
		}
		eb := balances[cand]
		ok := geq128(eb, maxRandom, rule.MaxEffectiveBalance, rv)
		if trace {
			t.Steps = append(t.Steps, ProposerStep{I: i, ShuffledPosition: pos, Candidate: cand, EffectiveBalance: eb, RandomValue: rv, MaxRandom: maxRandom, Accepted: ok})
		}
		if ok {
			t.Proposer = cand
			return t, nil
		}
	}
	return t, ErrProposerNotFound
}

// geq128 reports a*b >= c*d with full 128-bit products, so balances of
// any size compare exactly (the spec's uint64 would raise on overflow).
func geq128(a, b, c, d uint64) bool {
	h1, l1 := bits.Mul64(a, b)
	h2, l2 := bits.Mul64(c, d)
	return h1 > h2 || (h1 == h2 && l1 >= l2)
}

// MaxShareValidators bounds ProposerShares, which visits every order of the
// set (8! = 40,320 of them).
const MaxShareValidators = 8

// ProposerShares is each validator's long-run share of proposals under
// rule, for validators with the given effective balances (Gwei), assuming
// the shuffle is a uniformly random order. For every order it follows the
// walk: candidate c stops it with probability a(c) = (floor(balance(c) *
// MAX_RANDOM / max) + 1) / 2^bits (1 at or above the maximum), and a pass
// that stops no one starts again over the same order. The shares add up to
// 1 and, in a small set, are not the balance shares: see ProposerRule.
func ProposerShares(rule ProposerRule, balances []uint64) ([]float64, error) {
	if (rule.RandomBits != 8 && rule.RandomBits != 16) || rule.MaxEffectiveBalance == 0 {
		return nil, ErrBadProposerRule
	}
	switch n := len(balances); {
	case n == 0:
		return nil, ErrNoIndices
	case n > MaxShareValidators:
		return nil, fmt.Errorf("pos: proposer shares: %d validators, at most %d (every order is visited)", n, MaxShareValidators)
	}
	maxRandom := uint64(1)<<rule.RandomBits - 1
	accept := make([]float64, len(balances))
	anyBalance := false
	for i, b := range balances {
		anyBalance = anyBalance || b > 0
		hi, lo := bits.Mul64(b, maxRandom)
		if hi >= rule.MaxEffectiveBalance { // the quotient would not fit: far above the maximum
			accept[i] = 1
			continue
		}
		q, _ := bits.Div64(hi, lo, rule.MaxEffectiveBalance)
		accept[i] = min(float64(q+1)/float64(maxRandom+1), 1)
	}
	if !anyBalance {
		return nil, ErrNoBalance
	}
	shares := make([]float64, len(balances))
	order := make([]int, len(balances))
	for i := range order {
		order[i] = i
	}
	orders := 0
	var visit func(k int)
	visit = func(k int) {
		if k == len(order) {
			orders++
			miss := 1.0 // chance that the pass so far stopped no one
			for _, v := range order {
				miss *= 1 - accept[v]
			}
			reach := 1.0
			for _, v := range order { // repeated passes: geometric in miss
				shares[v] += reach * accept[v] / (1 - miss)
				reach *= 1 - accept[v]
			}
			return
		}
		for i := k; i < len(order); i++ {
			order[k], order[i] = order[i], order[k]
			visit(k + 1)
			order[k], order[i] = order[i], order[k]
		}
	}
	visit(0)
	for i := range shares {
		shares[i] /= float64(orders)
	}
	return shares, nil
}
