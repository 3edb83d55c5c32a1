package widgetspec

// hybrid walks through one HPKE (RFC 9180) base-mode encryption, step by
// step, sender and recipient side by side.
func init() {
	Register(Spec{
		Name:  "hybrid",
		Title: "Hybrid encryption (HPKE), step by step",
		Doc:   "One HPKE base-mode encryption (X25519, HKDF-SHA256, AES-128-GCM) shown step by step: the recipient's key pair, the sender's ephemeral key, the Diffie-Hellman value, the key schedule, the AES-GCM ciphertext, and the recipient deriving the same key.",
		Params: []Param{
			{Name: "plaintext", Kind: String, Default: "Meet at the usual place at noon", MaxLen: 256, Doc: "the message to encrypt"},
			{Name: "info", Kind: String, Default: "playground demo v1", MaxLen: 128, Doc: "application context bound into the key schedule"},
			{Name: "aad", Kind: String, Default: "", MaxLen: 128, Doc: "associated data of this message"},
			{Name: "keys", Kind: Enum, Default: "random", Choices: []string{"random", "rfc9180"}, Doc: "random: fresh keys; rfc9180: the key material of RFC 9180 appendix A.1.1"},
			{Name: "step", Kind: Int, Default: "2", Min: 1, Max: 17, Doc: "how many steps are shown"},
		},
	})
}
