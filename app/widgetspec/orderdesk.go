package widgetspec

// orderdesk places orders with the real sandbox exchange over a seeded
// flaky network, through a retrying client that keeps its Idempotency-Key
// across retries (or, as the counter-example, makes a new one each time).
func init() {
	Register(Spec{
		Name:  "orderdesk",
		Title: "Order desk over a flaky network",
		Doc:   "Place orders through a retrying client over a lossy network, with the same Idempotency-Key on every retry or a new one each time; a ledger shows the orders the exchange really holds and a sequence diagram shows every attempt.",
		Params: []Param{
			{Name: "keys", Kind: Bool, Default: "true", Doc: "true: the same Idempotency-Key on every retry; false: a new key on every attempt (no protection)"},
			{Name: "seed", Kind: Int, Default: "9", Min: 1, Max: 1_000_000, Doc: "seed of the network's faults and the client's jitter: the same seed replays the same story (from 1: the engine's retry client takes 0 to mean fresh randomness)"},
			{Name: "loserequest", Kind: Int, Default: "15", Min: 0, Max: 90, Doc: "per cent of attempts whose request is lost on the way"},
			{Name: "loseresponse", Kind: Int, Default: "40", Min: 0, Max: 90, Doc: "per cent of attempts whose response is lost on the way back (the order was placed)"},
			{Name: "delay", Kind: Int, Default: "20", Min: 0, Max: 100, Doc: "per cent of attempts delayed by up to two seconds"},
			{Name: "attempts", Kind: Int, Default: "6", Min: 1, Max: 10, Doc: "the client's attempts per order, the first included"},
			{Name: "fault", Kind: Enum, Default: "none", Choices: []string{"none", "crash-before-commit", "crash-after-commit"}, Doc: "X-Sandbox-Fault on the first attempt of every order: the exchange dies just before, or just after, it commits the order and its key record"},
			{Name: "clicks", Kind: Int, Default: "0", Min: 0, Max: 20, Doc: "orders already placed when the widget opens, to share a state"},
		},
	})
}
