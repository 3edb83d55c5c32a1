package widgetspec

import (
	"fmt"
	"strconv"
)

// finality shows what a share of stake can do to BFT finality under the
// two supermajority rules: Ethereum's Casper FFG (two thirds or more) and
// Tendermint (more than two thirds).
func init() {
	Register(Spec{
		Name:  "finality",
		Title: "What a share of stake can do to finality",
		Doc:   "An attacker-stake slider against BFT finality thresholds: can it halt finality, finalize alone, and how much stake two conflicting finalized checkpoints put up for slashing, under Casper FFG's and Tendermint's rules.",
		Params: []Param{
			{Name: "attacker", Kind: Int, Default: "100", Min: 0, Max: 1000, Doc: "the attacker's stake, in the same units as total (at most total)"},
			{Name: "total", Kind: Int, Default: "300", Min: 3, Max: 1000, Doc: "the total staked; 300 puts the thirds on whole numbers"},
		},
		Validate: func(v map[string]string) error {
			a, _ := strconv.Atoi(v["attacker"])
			t, _ := strconv.Atoi(v["total"])
			if a > t {
				return fmt.Errorf("attacker=%d is more than total=%d", a, t)
			}
			return nil
		},
	})
}
