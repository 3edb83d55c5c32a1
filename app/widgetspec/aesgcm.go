package widgetspec

// aesgcm is the AES-256-GCM lab: seal a message, flip one bit of one part
// of it, and watch Open refuse the result.
func init() {
	Register(Spec{
		Name:  "aesgcm",
		Title: "AES-GCM: flip a bit",
		Doc:   "Encrypt a message with AES-256-GCM, flip one chosen bit of the nonce, ciphertext, tag or associated data, and watch decryption refuse it.",
		Params: []Param{
			{Name: "plaintext", Kind: String, Default: "Pay Bob 0.5 BTC", MaxLen: 512, Doc: "the message to encrypt"},
			{Name: "aad", Kind: String, Default: "order-42", MaxLen: 256, Doc: "associated data: authenticated but not encrypted"},
			{Name: "key", Kind: String, Default: "", MaxLen: 128, Doc: "a 32-byte key in hex; empty makes a fresh random key"},
			{Name: "part", Kind: Enum, Default: "ciphertext", Choices: []string{"nonce", "ciphertext", "tag", "aad"}, Doc: "the part whose bit is flipped"},
			{Name: "bit", Kind: Int, Default: "0", Min: 0, Max: 4095, Doc: "which bit of the part (0 is the top bit of its first byte); clamped to the part's length"},
		},
	})
}
