package widgetspec

func init() {
	Register(Spec{
		Name:  "chain",
		Title: "A chain of blocks",
		Doc:   "Blocks linked by the previous block's hash: edit one and it and every block after it turn invalid until they are mined again.",
		Params: []Param{
			{Name: "blocks", Kind: Int, Default: "4", Min: 2, Max: 5, Doc: "number of blocks"},
			{Name: "bits", Kind: Int, Default: "16", Min: 8, Max: 20, Doc: "difficulty as leading zero bits of each block's hash"},
		},
	})
}
