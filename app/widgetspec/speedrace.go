package widgetspec

// speedrace times symmetric, asymmetric and hybrid operations in the
// learner's own browser, each for the same small time budget.
func init() {
	Register(Spec{
		Name:  "speedrace",
		Title: "Speed race: symmetric vs asymmetric",
		Doc:   "Time AES-GCM, ChaCha20-Poly1305, Ed25519, RSA-PSS, RSA-OAEP, X25519 and HPKE on the same message size in this browser, each for the same time budget, and chart operations per second.",
		Params: []Param{
			{Name: "size", Kind: Enum, Default: "32", Choices: []string{"32", "1024", "16384"}, Doc: "message size in bytes (32 is an AES key's worth, the payload of a hybrid scheme's public-key half)"},
			{Name: "budget", Kind: Int, Default: "60", Min: 10, Max: 500, Doc: "milliseconds of timing per operation (plus half as much warm-up)"},
		},
	})
}
