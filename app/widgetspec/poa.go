package widgetspec

import (
	"fmt"

	"github.com/consensus-lab/playground/engine/pos"
)

// MaxPoASigners keeps the signer list and the block strip legible.
const MaxPoASigners = 21

// poa is Clique proof of authority (EIP-225): signers take turns, anyone
// eligible may seal out of turn, and a signer may seal only once in any
// floor(n/2)+1 consecutive blocks.
func init() {
	Register(Spec{
		Name:  "poa",
		Title: "Proof of Authority rotation",
		Doc:   "Clique signers seal blocks in turn; take signers offline and see out-of-turn blocks, the once-per-floor(n/2)+1-blocks rule, and the stall when too many are missing.",
		Params: []Param{
			{Name: "signers", Kind: String, Default: "alice,bob,carol,dave,erin", MaxLen: 400, Doc: "the authorized signers, comma-separated"},
			{Name: "offline", Kind: String, Default: "", MaxLen: 400, Doc: "signers that are offline, comma-separated"},
			{Name: "blocks", Kind: Int, Default: "15", Min: 1, Max: 200, Doc: "how many blocks to try to seal"},
			{Name: "seed", Kind: String, Default: "clique", MaxLen: 100, Doc: "picks who seals out of turn (standing in for Clique's random delay)"},
		},
		Validate: func(v map[string]string) error {
			_, _, err := PoASetup(v["signers"], v["offline"])
			return err
		},
	})
}

// PoASetup parses a poa widget's signers and offline list and checks them
// with pos.NewClique (no duplicates, no empty names); every offline name
// must be a signer.
func PoASetup(signers, offline string) (*pos.Clique, []string, error) {
	ss, err := pos.ParseNames(signers)
	if err != nil {
		return nil, nil, fmt.Errorf("signers: %w", err)
	}
	if len(ss) > MaxPoASigners {
		return nil, nil, fmt.Errorf("signers: %d given, at most %d", len(ss), MaxPoASigners)
	}
	c, err := pos.NewClique(ss)
	if err != nil {
		return nil, nil, fmt.Errorf("signers: %w", err)
	}
	off, err := pos.ParseNames(offline)
	if err != nil {
		return nil, nil, fmt.Errorf("offline: %w", err)
	}
	known := map[string]bool{}
	for _, s := range ss {
		known[s] = true
	}
	for _, o := range off {
		if !known[o] {
			return nil, nil, fmt.Errorf("offline: %q is not a signer", o)
		}
	}
	return c, off, nil
}
