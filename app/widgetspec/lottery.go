package widgetspec

import (
	"fmt"

	"github.com/consensus-lab/playground/engine/pos"
)

// MaxLotteryValidators keeps the lottery's histogram legible.
const MaxLotteryValidators = 12

// lottery is the seeded stake lottery: many draws against the stake
// shares, with a chi-square test, and optionally the RANDAO last-revealer
// bias.
func init() {
	Register(Spec{
		Name:  "lottery",
		Title: "Stake lottery",
		Doc:   "Draw many slots from a seeded stake-weighted lottery and compare each validator's wins with its stake share; optionally, see how much a last revealer can bias RANDAO.",
		Params: []Param{
			{Name: "validators", Kind: String, Default: "alice:32,bob:16,carol:8,dave:4", MaxLen: 600, Doc: "the validators as name:stake, comma-separated"},
			{Name: "draws", Kind: Int, Default: "1000", Min: 1, Max: 100000, Doc: "how many slots to draw"},
			{Name: "seed", Kind: String, Default: "lesson", MaxLen: 100, Doc: "the epoch seed as a word or phrase (hashed with SHA-256)"},
			{Name: "bias", Kind: Bool, Default: "false", Doc: "also show the RANDAO last-revealer bias experiment"},
			{Name: "attacker", Kind: String, Default: "", MaxLen: 64, Doc: "the last revealer of the bias experiment; empty picks the validator with the least stake"},
			{Name: "rounds", Kind: Int, Default: "2000", Min: 10, Max: 20000, Doc: "rounds of the bias experiment (one slot each)"},
		},
		Validate: func(v map[string]string) error {
			set, err := LotteryValidators(v["validators"])
			if err != nil {
				return err
			}
			if a := v["attacker"]; a != "" {
				if _, ok := set.Index(a); !ok {
					return fmt.Errorf("attacker %q is not one of the validators", a)
				}
			}
			return nil
		},
	})
}

// LotteryValidators parses the lottery's validator list and checks what
// the widget needs beyond pos.ParseValidators: at most
// MaxLotteryValidators, and at least two with stake (a chi-square test
// compares at least two shares).
func LotteryValidators(s string) (*pos.ValidatorSet, error) {
	set, err := pos.ParseValidators(s)
	if err != nil {
		return nil, fmt.Errorf("validators: %w", err)
	}
	if set.Len() > MaxLotteryValidators {
		return nil, fmt.Errorf("validators: %d given, the chart shows at most %d", set.Len(), MaxLotteryValidators)
	}
	staked := 0
	for _, v := range set.Validators() {
		if v.Stake > 0 {
			staked++
		}
	}
	if staked < 2 {
		return nil, fmt.Errorf("validators: need at least two with stake, got %d", staked)
	}
	return set, nil
}
