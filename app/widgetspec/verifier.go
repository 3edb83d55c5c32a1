package widgetspec

// verifier sends a signed request to the in-process sandbox exchange and
// shows the verifier's trace: which step passed, which failed and why.
func init() {
	Register(Spec{
		Name:  "verifier",
		Title: "Verifier with reasons",
		Doc:   "Send a signed request to the real sandbox handler running in the page; move the client's clock or tamper with the body after signing and see which verification step fails.",
		Params: []Param{
			{Name: "method", Kind: Enum, Default: "POST", Choices: []string{"POST", "GET"}, Doc: "POST /api/v1/orders (place an order) or GET /api/v1/orders (list them)"},
			{Name: "skew", Kind: Int, Default: "0", Min: -600, Max: 600, Doc: "client clock minus server clock, in seconds"},
			{Name: "tamper", Kind: Bool, Default: "false", Doc: "change the body after signing (POST only)"},
			{Name: "alg", Kind: Enum, Default: "hmac-sha256", Choices: []string{"hmac-sha256", "hmac-sha512"}, Doc: "HMAC algorithm"},
			{Name: "body", Kind: String, Default: `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`, MaxLen: 2000, Doc: "the order sent with POST"},
		},
	})
}
