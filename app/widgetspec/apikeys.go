package widgetspec

// apikeys plays what a sandbox API key may and may not do, one signed
// request at a time against the in-process exchange: scopes, an IP
// allow-list, another key's order (broken object-level authorization) and
// an Ed25519 key whose secret the server never holds.
func init() {
	Register(Spec{
		Name:  "apikeys",
		Title: "API keys: scopes, allow-lists, other people's orders, Ed25519",
		Doc:   "Send signed requests with the sandbox's demo keys and see 403 insufficient_scope, 403 ip_not_allowed, 404 not_found for another key's order, and an Ed25519-signed order accepted, then refused as bad_signature once tampered with.",
		Params: []Param{
			{Name: "scenario", Kind: Enum, Default: "scope", Choices: []string{"scope", "allowlist", "bola", "ed25519"}, Doc: "which case to play"},
			{Name: "step", Kind: Int, Default: "1", Min: 1, Max: 5, Doc: "how many of the scenario's requests are already sent"},
		},
	})
}
