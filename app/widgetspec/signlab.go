package widgetspec

// signlab signs a message with Ed25519 or RSA-PSS and verifies what the
// receiver got: edit the received copy and verification fails.
func init() {
	Register(Spec{
		Name:  "signlab",
		Title: "Sign and verify",
		Doc:   "Sign a message with Ed25519 or RSA-PSS, then edit the copy the verifier received and watch verification fail.",
		Params: []Param{
			{Name: "alg", Kind: Enum, Default: "ed25519", Choices: []string{"ed25519", "rsa-pss"}, Doc: "the signature algorithm"},
			{Name: "message", Kind: String, Default: "Transfer 100 EUR to account 12345", MaxLen: 512, Doc: "the message to sign"},
			{Name: "received", Kind: String, Default: "", MaxLen: 512, Doc: "what the verifier received; empty means an unchanged copy of message"},
			{Name: "rsabits", Kind: Enum, Default: "2048", Choices: []string{"1024", "2048", "3072"}, Doc: "RSA modulus size (1024 is weak: for comparison only)"},
			{Name: "seed", Kind: String, Default: "", MaxLen: 128, Doc: "a 32-byte Ed25519 seed in hex; empty makes a fresh random key"},
		},
	})
}
