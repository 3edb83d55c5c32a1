package widgetspec

// signer builds the canonical string of a sandbox request and signs it
// (engine/signing), showing every signed part.
func init() {
	Register(Spec{
		Name:  "signer",
		Title: "Canonical string and HMAC signer",
		Doc:   "Edit a request and watch its canonical string, the body digest, the HMAC and the Authorization header change; each signed part is labelled.",
		Params: []Param{
			{Name: "method", Kind: Enum, Default: "POST", Choices: []string{"GET", "POST", "PUT", "DELETE"}, Doc: "HTTP method"},
			{Name: "path", Kind: String, Default: "/api/v1/orders", MaxLen: 200, Doc: "the escaped path as sent"},
			{Name: "query", Kind: String, Default: "", MaxLen: 400, Doc: "the raw query string, without ?"},
			{Name: "body", Kind: String, Default: `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`, MaxLen: 2000, Doc: "the request body"},
			{Name: "timestamp", Kind: Int, Default: "1767225600", Min: 0, Max: 9999999999, Doc: "Unix seconds"},
			{Name: "nonce", Kind: String, Default: "lesson-nonce-000000000001", MaxLen: 80, Doc: "16-64 characters of A-Z a-z 0-9 _ -"},
			{Name: "alg", Kind: Enum, Default: "hmac-sha256", Choices: []string{"hmac-sha256", "hmac-sha512"}, Doc: "HMAC algorithm"},
			{Name: "key", Kind: String, Default: "demo", MaxLen: 64, Doc: "API key"},
			{Name: "secret", Kind: String, Default: "demo-secret", MaxLen: 128, Doc: "API secret (the sandbox's demo secret by default)"},
		},
	})
}
