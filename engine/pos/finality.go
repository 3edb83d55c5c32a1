package pos

import (
	"errors"
	"fmt"
	"math/bits"
)

// BFT finality arithmetic. A checkpoint (Casper FFG) or block (Tendermint)
// is finalized by a supermajority of stake. Two rules differ only at the
// boundary:
//
//	Ethereum (consensus-specs phase0 weigh_justification_and_finalization):
//	    justified if target_balance * 3 >= total_active_balance * 2   (non-strict)
//	Tendermint: a commit needs "+2/3", more than two thirds of voting power (strict)
//
// From that rule alone follow the attack thresholds a lesson quotes: who can
// halt finality, who can finalize alone, and how much stake must have signed
// two conflicting finalized checkpoints (and so can be slashed).

// ThresholdRule is a supermajority rule.
type ThresholdRule struct {
	Name   string `json:"name"`
	Strict bool   `json:"strict"` // 3*s > 2*T instead of 3*s >= 2*T
}

// The two rules.
var (
	FFGRule        = ThresholdRule{Name: "ethereum-ffg", Strict: false}
	TendermintRule = ThresholdRule{Name: "tendermint", Strict: true}
)

// ErrBadStake reports a total of zero or an attacker above the total.
var ErrBadStake = errors.New("pos: finality: need 0 <= attacker <= total and total > 0")

// IsSupermajority reports whether attesting stake finalizes out of total,
// with exact 128-bit products.
func (r ThresholdRule) IsSupermajority(attesting, total uint64) bool {
	h1, l1 := bits.Mul64(attesting, 3)
	h2, l2 := bits.Mul64(total, 2)
	if r.Strict {
		return h1 > h2 || (h1 == h2 && l1 > l2)
	}
	return h1 > h2 || (h1 == h2 && l1 >= l2)
}

// MinSupermajority is the least stake that finalizes out of total:
// ceil(2T/3) under FFG, floor(2T/3)+1 under Tendermint.
func (r ThresholdRule) MinSupermajority(total uint64) uint64 {
	hi, lo := bits.Mul64(total, 2)
	q, rem := bits.Div64(hi, lo, 3) // 2T/3 < 2^64 since T < 2^64
	if r.Strict || rem != 0 {
		q++
	}
	return q
}

// MinHalting is the least stake whose absence stops everyone else from
// finalizing: T - MinSupermajority + 1. Under FFG that is the least a with
// 3a > T (more than a third); under Tendermint the least with 3a >= T.
func (r ThresholdRule) MinHalting(total uint64) uint64 {
	return total - r.MinSupermajority(total) + 1
}

// MinSlashableConflict is the least stake that must have signed both of
// two conflicting finalized checkpoints: two supermajorities out of T
// overlap in at least 2*MinSupermajority - T, which is at least T/3.
// Honest validators never sign both, so that overlap is all slashable.
func (r ThresholdRule) MinSlashableConflict(total uint64) uint64 {
	// 2m - T, computed as m - (T - m) so that 2m cannot overflow.
	m := r.MinSupermajority(total)
	if m > total || total-m > m { // only T = 0
		return 0
	}
	return m - (total - m)
}

// FinalityAnalysis is the attacks lesson's table row for one attacker.
type FinalityAnalysis struct {
	Rule     string  `json:"rule"`
	Attacker uint64  `json:"attacker"`
	Total    uint64  `json:"total"`
	Share    float64 `json:"share"`
	// The thresholds, in stake.
	Supermajority        uint64 `json:"supermajority"`        // least stake that finalizes
	Halting              uint64 `json:"halting"`              // least stake that can halt finality
	MinSlashableConflict uint64 `json:"minSlashableConflict"` // least double-signing stake behind a conflict
	// What this attacker can do.
	CanHaltFinality   bool `json:"canHaltFinality"`   // by not voting, honest stake falls short
	CanFinalizeAlone  bool `json:"canFinalizeAlone"`  // its own votes are a supermajority
	HonestCanFinalize bool `json:"honestCanFinalize"` // everyone else together still can
	// CanCauseConflict: with the network split so that honest validators
	// see different branches, the attacker can sign both and finalize two
	// conflicting checkpoints; it then loses at least MinSlashableConflict
	// to slashing (all of it its own).
	CanCauseConflict bool `json:"canCauseConflict"`
}

// AnalyzeFinality fills a FinalityAnalysis.
func AnalyzeFinality(rule ThresholdRule, attacker, total uint64) (FinalityAnalysis, error) {
	if total == 0 || attacker > total {
		return FinalityAnalysis{}, fmt.Errorf("%w: attacker %d, total %d", ErrBadStake, attacker, total)
	}
	a := FinalityAnalysis{
		Rule: rule.Name, Attacker: attacker, Total: total, Share: float64(attacker) / float64(total),
		Supermajority:        rule.MinSupermajority(total),
		Halting:              rule.MinHalting(total),
		MinSlashableConflict: rule.MinSlashableConflict(total),
	}
	a.CanFinalizeAlone = rule.IsSupermajority(attacker, total)
	a.HonestCanFinalize = rule.IsSupermajority(total-attacker, total)
	a.CanHaltFinality = !a.HonestCanFinalize
	a.CanCauseConflict = attacker >= a.MinSlashableConflict
	return a, nil
}

// FinalityTable analyzes attacker shares 0, 1/steps, ..., 1 of total (the
// chart behind the lesson), steps between 1 and 1000.
func FinalityTable(rule ThresholdRule, total uint64, steps int) ([]FinalityAnalysis, error) {
	if steps < 1 || steps > 1000 {
		return nil, fmt.Errorf("%w: steps %d not in 1..1000", ErrBadStake, steps)
	}
	out := make([]FinalityAnalysis, 0, steps+1)
	for i := 0; i <= steps; i++ {
		hi, lo := bits.Mul64(total, uint64(i))
		att, _ := bits.Div64(hi, lo, uint64(steps))
		a, err := AnalyzeFinality(rule, att, total)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
