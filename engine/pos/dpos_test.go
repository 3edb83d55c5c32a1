package pos

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestElectTopNByTokenWeight(t *testing.T) {
	cands := []string{"ann", "ben", "cat", "dan", "eve"}
	ballots := []Ballot{
		{Voter: "w1", Tokens: 100, Delegates: []string{"ann", "ben"}},
		{Voter: "w2", Tokens: 60, Delegates: []string{"cat"}},
		{Voter: "w3", Tokens: 50, Delegates: []string{"ben", "dan"}},
		{Voter: "w4", Tokens: 10, Delegates: []string{"eve", "cat"}},
	}
	e, err := Elect(cands, ballots, 3)
	require.NoError(t, err)
	// ben 150, ann 100, cat 70, dan 50, eve 10.
	assert.Equal(t, []string{"ben", "ann", "cat"}, e.Producers)
	want := []DelegateVotes{
		{"ben", 150, 1, true}, {"ann", 100, 2, true}, {"cat", 70, 3, true},
		{"dan", 50, 4, false}, {"eve", 10, 5, false},
	}
	assert.Equal(t, want, e.Tally)
}

func TestElectTiesByName(t *testing.T) {
	e, err := Elect([]string{"zed", "amy", "bob"}, []Ballot{{Voter: "v", Tokens: 5, Delegates: []string{"zed", "bob"}}}, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"bob", "zed"}, e.Producers)
	e, err = Elect([]string{"zed", "amy", "bob"}, nil, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"amy", "bob"}, e.Producers, "no votes: name order fills the seats")
}

func TestElectErrors(t *testing.T) {
	cands := []string{"a", "b", "c"}
	tests := []struct {
		name    string
		cands   []string
		ballots []Ballot
		seats   int
		err     error
	}{
		{"no candidates", nil, nil, 1, ErrNoCandidates},
		{"zero seats", cands, nil, 0, ErrBadSeats},
		{"too many seats", cands, nil, 4, ErrBadSeats},
		{"duplicate candidate", []string{"a", "a"}, nil, 1, ErrDuplicateName},
		{"empty candidate", []string{"a", ""}, nil, 1, ErrEmptyName},
		{"unknown delegate", cands, []Ballot{{"v", 1, []string{"x"}}}, 2, ErrUnknownDelegate},
		{"empty ballot", cands, []Ballot{{"v", 1, nil}}, 2, ErrEmptyBallot},
		{"ballot too long", cands, []Ballot{{"v", 1, []string{"a", "b", "c"}}}, 2, ErrBallotTooLong},
		{"duplicate vote", cands, []Ballot{{"v", 1, []string{"a", "a"}}}, 2, ErrDuplicateVote},
		{"duplicate voter", cands, []Ballot{{"v", 1, []string{"a"}}, {"v", 2, []string{"b"}}}, 2, ErrDuplicateVoter},
		{"empty voter", cands, []Ballot{{"", 1, []string{"a"}}}, 2, ErrEmptyName},
		{"overflow", cands, []Ballot{{"v", 1<<64 - 1, []string{"a"}}, {"w", 1, []string{"a"}}}, 2, ErrVoteOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Elect(tc.cands, tc.ballots, tc.seats)
			assert.ErrorIs(t, err, tc.err)
		})
	}
}

// Changing votes changes the producer set in the next round, not the
// current one; producers rotate one block each in rank order.
func TestDPoSVoteChangesNextRound(t *testing.T) {
	d, err := NewDPoS([]string{"ann", "ben", "cat", "dan"}, 2)
	require.NoError(t, err)
	require.NoError(t, d.Vote(Ballot{Voter: "whale", Tokens: 1000, Delegates: []string{"ann", "ben"}}))
	require.NoError(t, d.Vote(Ballot{Voter: "fish", Tokens: 300, Delegates: []string{"cat"}}))

	r0, err := d.NextRound()
	require.NoError(t, err)
	assert.Equal(t, uint64(0), r0.Round)
	assert.Equal(t, []string{"ann", "ben"}, r0.Election.Producers)
	assert.Equal(t, []DPoSBlock{{1, 0, "ann"}, {2, 1, "ben"}}, r0.Blocks)
	assert.Equal(t, []string{"ann", "ben"}, r0.Joined)

	// The whale moves to cat and dan during round 1: round 1 is unchanged
	// only if the vote comes after it; here it comes before round 1 starts.
	r1, err := d.NextRound()
	require.NoError(t, err)
	assert.Equal(t, r0.Election.Producers, r1.Election.Producers)
	assert.Empty(t, r1.Joined)
	assert.Empty(t, r1.Left)
	require.NoError(t, d.Vote(Ballot{Voter: "whale", Tokens: 1000, Delegates: []string{"dan", "cat"}}))

	r2, err := d.NextRound()
	require.NoError(t, err)
	assert.Equal(t, []string{"cat", "dan"}, r2.Election.Producers) // cat 1300, dan 1000
	assert.Equal(t, []string{"cat", "dan"}, r2.Joined)
	assert.Equal(t, []string{"ann", "ben"}, r2.Left)
	assert.Equal(t, []DPoSBlock{{5, 0, "cat"}, {6, 1, "dan"}}, r2.Blocks)

	require.NoError(t, d.Unvote("whale"))
	assert.ErrorIs(t, d.Unvote("whale"), ErrNoBallot)
	r3, err := d.NextRound()
	require.NoError(t, err)
	assert.Equal(t, []string{"cat", "ann"}, r3.Election.Producers, "cat 300, then ties at 0 by name")

	assert.ErrorIs(t, d.Vote(Ballot{Voter: "x", Tokens: 1, Delegates: []string{"nobody"}}), ErrUnknownDelegate)
	_, err = NewDPoS(nil, 1)
	assert.ErrorIs(t, err, ErrNoCandidates)
}
