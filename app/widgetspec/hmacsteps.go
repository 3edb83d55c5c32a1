package widgetspec

// hmacsteps computes HMAC-SHA256 step by step as RFC 2104 defines it: the
// padded key, the inner and outer pads, the inner hash and the tag
// (engine/lengthext.HMAC), next to the standard library's answer.
func init() {
	Register(Spec{
		Name:  "hmacsteps",
		Title: "Inside HMAC: inner and outer pad",
		Doc:   "Type a key and a message and follow HMAC-SHA256 through its two hashes: K0 xor ipad before the message, K0 xor opad before the inner hash.",
		Params: []Param{
			{Name: "key", Kind: String, Default: "key", MaxLen: 200, Doc: "the secret key (a key longer than 64 bytes is hashed first)"},
			{Name: "message", Kind: String, Default: "The quick brown fox jumps over the lazy dog", MaxLen: 1000, Doc: "the message"},
		},
	})
}
