package widgetspec

func init() {
	Register(Spec{
		Name:  "genesis",
		Title: "Verify the genesis block",
		Doc:   "Mine Bitcoin's real genesis header, starting a little before Satoshi's nonce, and get the famous hash 000000000019d6…e26f.",
		Params: []Param{
			{Name: "distance", Kind: Int, Default: "300000", Min: 1000, Max: 1000000, Doc: "how many nonces before the real one the search starts"},
		},
	})
}
