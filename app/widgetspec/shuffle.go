package widgetspec

import (
	"fmt"
	"strconv"

	"github.com/consensus-lab/playground/engine/pos"
)

// MaxProposerValidators bounds the proposer panel's validator list.
const MaxProposerValidators = 16

// shuffle steps through Ethereum's swap-or-not shuffle (consensus-specs
// compute_shuffled_index) one round at a time, then shows the whole
// permutation and a stake-weighted proposer choice.
func init() {
	Register(Spec{
		Name:  "shuffle",
		Title: "Swap-or-not shuffle",
		Doc:   "Follow one index through Ethereum's swap-or-not shuffle round by round (pivot, flip, the bit that decides), then see the whole permutation and the proposer choice weighted by effective balance.",
		Params: []Param{
			{Name: "count", Kind: Int, Default: "10", Min: 2, Max: 64, Doc: "how many indices are shuffled"},
			{Name: "index", Kind: Int, Default: "0", Min: 0, Max: 63, Doc: "the index to follow (below count)"},
			{Name: "seed", Kind: String, Default: "0x23bcd11624a07465b1c2fc1a0fe52996daae4bf87b0fb6bed45926096c644843", MaxLen: 100, Doc: "the seed: 64 hex digits, or a word or phrase (hashed with SHA-256)"},
			{Name: "rounds", Kind: Int, Default: "10", Min: 1, Max: 90, Doc: "shuffle rounds (10 in the minimal preset, 90 on mainnet)"},
			{Name: "step", Kind: Int, Default: "0", Min: 0, Max: 90, Doc: "how many rounds are already shown (at most rounds)"},
			{Name: "validators", Kind: String, Default: "alice:32,bob:32,carol:64,dave:512,erin:2048", MaxLen: 600, Doc: "the proposer panel's validators as name:effective balance in ETH (1..2048)"},
		},
		Validate: func(v map[string]string) error {
			count, _ := strconv.Atoi(v["count"])
			index, _ := strconv.Atoi(v["index"])
			rounds, _ := strconv.Atoi(v["rounds"])
			step, _ := strconv.Atoi(v["step"])
			if index >= count {
				return fmt.Errorf("index %d must be below count %d", index, count)
			}
			if step > rounds {
				return fmt.Errorf("step %d is beyond rounds %d", step, rounds)
			}
			_, err := ProposerBalances(v["validators"])
			return err
		},
	})
}

// ShuffleSeed reads a seed as 64 hex digits (optionally 0x-prefixed), or
// else hashes the text, so a lesson can use an official test vector's seed
// or just a word.
func ShuffleSeed(s string) pos.Hash {
	if h, err := pos.ParseHash(s); err == nil {
		return h
	}
	return pos.SeedFromText(s)
}

// ProposerBalances parses the proposer panel's validators and returns them
// with their effective balances in Gwei (index i is validator i). Each
// balance must be 1..2048 ETH, the range of electra's
// MAX_EFFECTIVE_BALANCE_ELECTRA.
func ProposerBalances(s string) ([]pos.Validator, error) {
	set, err := pos.ParseValidators(s)
	if err != nil {
		return nil, fmt.Errorf("validators: %w", err)
	}
	if set.Len() > MaxProposerValidators {
		return nil, fmt.Errorf("validators: %d given, at most %d", set.Len(), MaxProposerValidators)
	}
	maxETH := pos.ProposerElectra.MaxEffectiveBalance / pos.GweiPerETH
	vals := set.Validators()
	for i, v := range vals {
		if v.Stake < 1 || v.Stake > maxETH {
			return nil, fmt.Errorf("validators: %s has %d ETH; effective balances here are 1..%d ETH", v.Name, v.Stake, maxETH)
		}
		vals[i].Stake = v.Stake * pos.GweiPerETH
	}
	return vals, nil
}
