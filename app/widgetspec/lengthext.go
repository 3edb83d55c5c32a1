package widgetspec

// lengthext forges a tag for an extended message without the secret,
// against a verifier that trusts SHA-256(secret || message), and shows the
// same forgery refused by HMAC (engine/lengthext).
func init() {
	Register(Spec{
		Name:  "lengthext",
		Title: "Length extension: forging SHA-256(secret || message)",
		Doc:   "An attacker who sees a message and its SHA-256(secret || message) tag appends data and computes a valid tag without the secret, guessing only its length; the same forgery fails against HMAC-SHA256.",
		Params: []Param{
			{Name: "secret", Kind: String, Default: "k3y-0f-16-bytes!", MaxLen: 64, Doc: "the server's secret (the attacker never sees it, only its length matters to the attack)"},
			{Name: "message", Kind: String, Default: "amount=100&to=alice", MaxLen: 200, Doc: "the message the client signed, which the attacker captured with its tag"},
			{Name: "suffix", Kind: String, Default: "&to=mallory", MaxLen: 200, Doc: "what the attacker appends"},
			{Name: "guess", Kind: Int, Default: "10", Min: 0, Max: 64, Doc: "the attacker's guess of the secret's length in bytes"},
			{Name: "verifier", Kind: Enum, Default: "naive", Choices: []string{"naive", "hmac"}, Doc: "naive: the server checks SHA-256(secret || message); hmac: it checks HMAC-SHA256(secret, message)"},
		},
	})
}
