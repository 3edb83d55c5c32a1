package widgetspec

// attackrace is the 51% race of the Bitcoin whitepaper, section 11: the
// probability that an attacker with a share q of the hash rate ever catches
// up from z blocks behind, as a table and a chart against z, with a seeded
// Monte Carlo race plotted beside the formula.
func init() {
	Register(Spec{
		Name:  "attackrace",
		Title: "The 51% race",
		Doc:   "The whitepaper's attacker-success probability against confirmations for an attacker share q, with a seeded Monte Carlo race beside the formula and the confirmations needed for a chosen risk.",
		Params: []Param{
			{Name: "q", Kind: Int, Default: "10", Min: 1, Max: 49, Doc: "the attacker's share of the hash rate, in percent (at 50% or more the attacker always catches up eventually, so the race is only interesting below)"},
			{Name: "z", Kind: Int, Default: "5", Min: 0, Max: 30, Doc: "confirmations the merchant waits for; the table and chart run from 0 to at least 10"},
			{Name: "trials", Kind: Int, Default: "10000", Min: 100, Max: 100000, Doc: "Monte Carlo trials per number of confirmations"},
			{Name: "seed", Kind: Int, Default: "1", Min: 0, Max: 999999999, Doc: "seed of the race, so a run can be shared and repeated"},
			{Name: "risk", Kind: Enum, Default: "0.001", Choices: []string{"0.01", "0.001", "0.0001", "0.000001"}, Doc: "the risk the merchant accepts, for the minimum confirmations (the paper uses 0.001, i.e. 0.1%)"},
		},
	})
}
