package widgetspec

import (
	"fmt"

	"github.com/consensus-lab/playground/engine/pos"
)

// nothingatstake plays a fork in which some validators sign both branches,
// once without slashing and once with it, and shows what each validator
// signed, earned and lost at every height.
func init() {
	Register(Spec{
		Name:  "nothingatstake",
		Title: "Nothing at stake: a fork, with and without slashing",
		Doc:   "A fork where chosen validators sign both branches at every height; per-height payoffs and stakes with and without slashing, and who gets slashed.",
		Params: []Param{
			{Name: "validators", Kind: String, Default: "alice:32,bob:32,carol:32,dave:32,erin:32", MaxLen: 400, Doc: "name:stake in ETH, comma-separated; at most 8 validators of 1 to 10000000 ETH"},
			{Name: "double", Kind: String, Default: "alice,bob", MaxLen: 400, Doc: "the validators who sign both branches, comma-separated (may be empty)"},
			{Name: "steps", Kind: Int, Default: "6", Min: 1, Max: 16, Doc: "heights played after the fork"},
			{Name: "slashing", Kind: Bool, Default: "false", Doc: "show the run with slashing (both runs are always computed and compared)"},
			{Name: "rule", Kind: Enum, Default: "electra", Choices: []string{"phase0", "altair", "bellatrix", "electra"}, Doc: "which fork's initial slashing penalty applies (electra, the rule since May 2025: 1/4096 of the effective balance)"},
			{Name: "reward", Kind: Int, Default: "400", Min: 1, Max: 10000, Doc: "reward per signature on the winning branch, in millionths of the signer's stake"},
			{Name: "seed", Kind: String, Default: "fork", MaxLen: 64, Doc: "seed of the keys and of who first prefers which branch"},
		},
		Validate: func(v map[string]string) error {
			_, _, err := ParseFork(v["validators"], v["double"])
			return err
		},
	})
}

// Bounds of the nothing-at-stake widget's validator list: a table a
// learner can read.
const (
	MaxForkValidators = 8
	MaxForkStakeETH   = 10_000_000
)

// ParseFork reads the nothing-at-stake widget's validators (stakes in ETH)
// and double signers, and checks them: the list parses, has at most
// MaxForkValidators entries of 1..MaxForkStakeETH ETH, and every double
// signer is one of them.
func ParseFork(validators, double string) ([]pos.Validator, []string, error) {
	set, err := pos.ParseValidators(validators)
	if err != nil {
		return nil, nil, fmt.Errorf("validators: %w", err)
	}
	vals := set.Validators()
	if len(vals) > MaxForkValidators {
		return nil, nil, fmt.Errorf("validators: %d listed, at most %d", len(vals), MaxForkValidators)
	}
	for _, v := range vals {
		if v.Stake < 1 || v.Stake > MaxForkStakeETH {
			return nil, nil, fmt.Errorf("validators: %s has %d ETH, want 1 to %d", v.Name, v.Stake, MaxForkStakeETH)
		}
	}
	names, err := pos.ParseNames(double)
	if err != nil {
		return nil, nil, fmt.Errorf("double: %w", err)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if _, ok := set.Index(n); !ok {
			return nil, nil, fmt.Errorf("double: %q is not one of the validators", n)
		}
		if seen[n] {
			return nil, nil, fmt.Errorf("double: %q is listed twice", n)
		}
		seen[n] = true
	}
	return vals, names, nil
}
