package widgetspec

import "fmt"

// retrypolicy draws the waits of exponential backoff, with full jitter or
// none, as the engine's retry client computes them.
func init() {
	Register(Spec{
		Name:  "retrypolicy",
		Title: "Retry policy: backoff and jitter",
		Doc:   "Choose base, cap and attempts, with full jitter or none, and see each retry's wait and when a crowd of clients comes back after an outage.",
		Params: []Param{
			{Name: "base", Kind: Int, Default: "200", Min: 10, Max: 5000, Doc: "first backoff ceiling in milliseconds"},
			{Name: "cap", Kind: Int, Default: "5000", Min: 100, Max: 60000, Doc: "largest backoff ceiling in milliseconds"},
			{Name: "attempts", Kind: Int, Default: "6", Min: 2, Max: 12, Doc: "attempts in all, the first included"},
			{Name: "jitter", Kind: Enum, Default: "full", Choices: []string{"full", "none"}, Doc: "full: wait a random time up to the ceiling; none: wait exactly the ceiling"},
			{Name: "clients", Kind: Int, Default: "100", Min: 1, Max: 1000, Doc: "clients that fail at the same moment (the outage) and retry"},
			{Name: "seed", Kind: Int, Default: "1", Min: 0, Max: 1_000_000, Doc: "seed of the random waits"},
		},
		Validate: func(v map[string]string) error {
			var base, cp int
			fmt.Sscan(v["base"], &base)
			fmt.Sscan(v["cap"], &cp)
			if cp < base {
				return fmt.Errorf("cap (%d ms) is below base (%d ms): every wait would be the cap", cp, base)
			}
			return nil
		},
	})
}
