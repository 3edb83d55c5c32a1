package widgetspec

// ratelimit sends a burst of signed requests to the in-process exchange on
// a simulated clock and draws its per-key token bucket, the RateLimit and
// RateLimit-Policy headers of every answer, and the 429s with Retry-After.
func init() {
	Register(Spec{
		Name:  "ratelimit",
		Title: "Rate limit: token bucket, RateLimit headers and 429",
		Doc:   "A client sends requests faster than the key's bucket refills; every answer carries RateLimit-Policy and RateLimit, and an empty bucket answers 429 rate_limited with Retry-After.",
		Params: []Param{
			{Name: "rate", Kind: Int, Default: "5", Min: 1, Max: 50, Doc: "the bucket's refill, requests per second (its burst is the same, as with playground serve --rate)"},
			{Name: "send", Kind: Int, Default: "12", Min: 1, Max: 100, Doc: "requests per second the client sends"},
			{Name: "seconds", Kind: Int, Default: "3", Min: 1, Max: 10, Doc: "how long the client keeps sending, in simulated seconds"},
			{Name: "obey", Kind: Bool, Default: "false", Doc: "true: the client waits Retry-After seconds after a 429 instead of sending on"},
		},
	})
}
