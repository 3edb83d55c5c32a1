package widgetspec

// crashretry crashes the in-process exchange just before or just after it
// commits an order and its idempotency record, then retries, and shows
// that the retry with the same key ends with exactly one order.
func init() {
	Register(Spec{
		Name:  "crashretry",
		Title: "A crash between the order and its key",
		Doc:   "Send an order with an X-Sandbox-Fault that kills the request before or after the order and its Idempotency-Key record are committed together, then retry; the ledger shows exactly one order either way, or two when the retry uses a new key.",
		Params: []Param{
			{Name: "fault", Kind: Enum, Default: "crash-before-commit", Choices: []string{"crash-before-commit", "crash-after-commit", "drop-response"}, Doc: "where the first attempt dies"},
			{Name: "samekey", Kind: Bool, Default: "true", Doc: "true: the retry sends the same Idempotency-Key; false: a new one (the counter-example)"},
		},
	})
}
