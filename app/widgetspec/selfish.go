package widgetspec

// selfish runs Eyal and Sirer's selfish-mining state machine
// (engine/pow.SimulateSelfish) and sets its revenue against their closed
// form and against honest mining.
func init() {
	Register(Spec{
		Name:  "selfish",
		Title: "Selfish mining",
		Doc:   "A pool that withholds its blocks (Eyal and Sirer 2014): its share of main-chain blocks in a seeded run, the paper's closed form, honest mining's share, and the threshold (1 - gamma) / (3 - 2 gamma) above which withholding pays.",
		Params: []Param{
			{Name: "alpha", Kind: Int, Default: "35", Min: 0, Max: 49, Doc: "the pool's share of the hash rate, in per cent"},
			{Name: "gamma", Kind: Int, Default: "0", Min: 0, Max: 100, Doc: "per cent of honest miners that build on the pool's block when two blocks race"},
			{Name: "blocks", Kind: Int, Default: "200000", Min: 100, Max: 10_000_000, Doc: "blocks found in the run"},
			{Name: "trace", Kind: Int, Default: "20", Min: 0, Max: 200, Doc: "how many of the first events the step table lists"},
			{Name: "seed", Kind: Int, Default: "1", Min: 0, Max: 999999999, Doc: "seed of who finds each block"},
		},
	})
}
