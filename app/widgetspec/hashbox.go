package widgetspec

// Each widget's spec sits in a file of its own (<name>.go) and registers
// itself; its component lives in the package of its topic (app/<topic>/<name>.go),
// listed in the registry app/widgets.go.
func init() {
	Register(Spec{
		Name:  "hashbox",
		Title: "Live SHA-256",
		Doc:   "Type text and watch its SHA-256 digest; the bits that changed since the previous text are counted and highlighted.",
		Params: []Param{
			{Name: "text", Kind: String, Default: "Hello, world", MaxLen: 1024, Doc: "the text the box starts with"},
			{Name: "compare", Kind: String, Default: "", MaxLen: 1024, Doc: "a second text to compare against; empty compares with the previous input"},
		},
	})
}
