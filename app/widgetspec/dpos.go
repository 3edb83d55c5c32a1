package widgetspec

import (
	"fmt"
	"strconv"

	"github.com/consensus-lab/playground/engine/pos"
)

// MaxDPoSCandidates and MaxDPoSVoters keep the vote table on one screen.
const (
	MaxDPoSCandidates = 12
	MaxDPoSVoters     = 12
)

// dpos is a delegated proof-of-stake election: token holders approve
// delegates, the top seats produce blocks in turn, and changed votes count
// from the next round.
func init() {
	Register(Spec{
		Name:  "dpos",
		Title: "Delegated PoS vote",
		Doc:   "Token holders approve delegates; the top seats are elected and produce one block each in turn. Change a ballot and see the elected set change from the next round.",
		Params: []Param{
			{Name: "candidates", Kind: String, Default: "alice,bob,carol,dave,erin,frank", MaxLen: 400, Doc: "the delegate candidates, comma-separated"},
			{Name: "ballots", Kind: String, Default: "whale:500:alice/bob/carol,ann:200:dave/erin,bo:150:carol/frank,cy:120:erin/frank/dave,di:90:bob/erin", MaxLen: 1000, Doc: "ballots as voter:tokens:delegate/delegate, comma-separated"},
			{Name: "seats", Kind: Int, Default: "3", Min: 1, Max: 21, Doc: "how many producers are elected (at most the number of candidates)"},
		},
		Validate: func(v map[string]string) error {
			seats, _ := strconv.Atoi(v["seats"])
			_, _, err := DPoSSetup(v["candidates"], v["ballots"], seats)
			return err
		},
	})
}

// DPoSSetup parses and checks a dpos widget's candidates and ballots: the
// sizes the table can show, then everything pos.Elect checks.
func DPoSSetup(candidates, ballots string, seats int) ([]string, []pos.Ballot, error) {
	cs, err := pos.ParseNames(candidates)
	if err != nil {
		return nil, nil, fmt.Errorf("candidates: %w", err)
	}
	if len(cs) > MaxDPoSCandidates {
		return nil, nil, fmt.Errorf("candidates: %d given, at most %d", len(cs), MaxDPoSCandidates)
	}
	bs, err := pos.ParseBallots(ballots)
	if err != nil {
		return nil, nil, fmt.Errorf("ballots: %w", err)
	}
	if len(bs) > MaxDPoSVoters {
		return nil, nil, fmt.Errorf("ballots: %d voters, at most %d", len(bs), MaxDPoSVoters)
	}
	if _, err := pos.Elect(cs, CastBallots(bs), seats); err != nil {
		return nil, nil, err
	}
	return cs, bs, nil
}

// CastBallots drops the ballots that approve nobody: such a holder
// abstains (the widget still lists it, so the learner can vote with it).
func CastBallots(bs []pos.Ballot) []pos.Ballot {
	out := make([]pos.Ballot, 0, len(bs))
	for _, b := range bs {
		if len(b.Delegates) > 0 {
			out = append(out, b)
		}
	}
	return out
}
