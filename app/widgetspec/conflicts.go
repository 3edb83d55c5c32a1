package widgetspec

// conflicts replays the Idempotency-Key cases of the sandbox API one
// request at a time: replay, reuse with another payload (422), a retry
// while the first request still runs (409), expiry after 24 hours, and a
// missing key (400).
func init() {
	Register(Spec{
		Name:  "conflicts",
		Title: "Idempotency-Key: 400, 409, 422 and replays",
		Doc:   "Send requests with chosen Idempotency-Keys to the in-process sandbox exchange and see the replay, 422 idempotency_key_reused, 409 idempotency_key_in_flight, expiry after 24 hours and 400 idempotency_key_missing.",
		Params: []Param{
			{Name: "scenario", Kind: Enum, Default: "replay", Choices: []string{"replay", "reused", "inflight", "expiry", "missing"}, Doc: "which case to play"},
			{Name: "step", Kind: Int, Default: "1", Min: 1, Max: 6, Doc: "how many of the scenario's requests are already sent"},
		},
	})
}
