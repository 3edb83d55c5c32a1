//go:build !wasm

package consensus

import (
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pos"
)

func elect(t *testing.T, candidates, ballots string, seats int) pos.Election {
	t.Helper()
	cs, err := pos.ParseNames(candidates)
	require.NoError(t, err)
	bs, err := pos.ParseBallots(ballots)
	require.NoError(t, err)
	var cast []pos.Ballot
	for _, b := range bs {
		if len(b.Delegates) > 0 {
			cast = append(cast, b)
		}
	}
	e, err := pos.Elect(cs, cast, seats)
	require.NoError(t, err)
	return e
}

func TestDPoSFirstRoundIsTheEngineElection(t *testing.T) {
	v := &dposVote{Placement: kit.Placement{ID: "dpos-1", Params: map[string]string{"candidates": "a,b,c,d", "ballots": "w:50:a/b,x:30:c,y:25:c/d", "seats": "2"}}}
	d := app.NewServerTester(v)
	defer d.Close()
	html := app.HTMLString(v)
	want := elect(t, "a,b,c,d", "w:50:a/b,x:30:c,y:25:c/d", 2)
	assert.Equal(t, []string{"c", "a"}, want.Producers, "c has 55, a and b 50 each (a first by name)")
	assert.Contains(t, html, `data-producers="c,a"`)
	for _, line := range want.Tally {
		assert.Contains(t, html, `data-votes="`+strconv.Itoa(int(line.Votes))+`"`)
	}
	assert.Contains(t, html, "The first election.")
	assert.Contains(t, html, `#1</span>`)
	assert.Contains(t, html, `#2</span>`)
	assert.Equal(t, 5, strings.Count(html, ` checked`), "w approves a and b, x approves c, y approves c and d: 5 checked boxes")
}

func TestDPoSVotesCountFromTheNextRound(t *testing.T) {
	v := &dposVote{Placement: kit.Placement{ID: "dpos-1", Params: map[string]string{"candidates": "a,b,c,d", "ballots": "w:50:a/b,x:30:c,y:25:c/d", "seats": "2"}}}
	d := app.NewClientTester(v)
	defer d.Close()

	// w moves its approval from b to d: d now has 75.
	v.toggle(0, "b", false)
	v.toggle(0, "d", true)
	v.Update()
	d.Consume()
	html := app.HTMLString(v)
	assert.Contains(t, html, `data-producers="c,a"`, "the standing round does not change")
	assert.Contains(t, html, "Changed ballots count from the next election")
	assert.Equal(t, "w:50:a/d,x:30:c,y:25:c/d", v.Value("ballots"), "the link carries the new ballots")

	v.nextRound()
	v.Update()
	d.Consume()
	html = app.HTMLString(v)
	want := elect(t, "a,b,c,d", "w:50:a/d,x:30:c,y:25:c/d", 2)
	assert.Equal(t, []string{"d", "c"}, want.Producers)
	assert.Contains(t, html, `data-producers="d,c"`)
	assert.Contains(t, html, "Joined: d. Left: a.")
	assert.Contains(t, html, "Round 0: c, a", "history")
	assert.Contains(t, html, `#3</span>`, "heights continue")

	// A ballot longer than the seats is refused with a sentence, and
	// nothing changes.
	v.toggle(2, "a", true)
	assert.Equal(t, "A holder may approve at most 2 delegates (the number of seats); withdraw one first.", v.msg)
	assert.Equal(t, []string{"c", "d"}, v.ballots[2].Delegates)

	// Abstaining and changing tokens work too.
	v.toggle(1, "c", false)
	v.setTokens(0, "5")
	assert.Empty(t, v.msg)
	v.nextRound()
	want = elect(t, "a,b,c,d", "w:5:a/d,x:30:,y:25:c/d", 2)
	assert.Equal(t, want.Producers, v.rounds[len(v.rounds)-1].Election.Producers)
	v.setTokens(0, "-3")
	assert.Contains(t, v.msg, "whole number")
}

func TestDPoSBadSetupIsRepairedWithNotes(t *testing.T) {
	v := &dposVote{Placement: kit.Placement{ID: "d", Params: map[string]string{"candidates": "a,b,c", "ballots": "w:1:zed/a,x:5:a/b/c,w:2:c", "seats": "2"}}}
	d := app.NewServerTester(v)
	defer d.Close()
	html := app.HTMLString(v)
	assert.Contains(t, html, "Note: w votes for zed, who is not a candidate; vote dropped")
	assert.Contains(t, html, "Note: x approves 3 delegates but there are 2 seats; keeping a, b")
	assert.Contains(t, html, "Note: w has two ballots; keeping the first")
	assert.Equal(t, "w:1:a,x:5:a/b", v.Value("ballots"))
	assert.Equal(t, elect(t, "a,b,c", "w:1:a,x:5:a/b", 2).Producers, v.rounds[0].Election.Producers)

	// A learner lowering the seats keeps the votes, trimmed.
	v.Set("seats", "1")
	assert.Equal(t, "w:1:a,x:5:a", v.Value("ballots"))
	assert.Equal(t, []string{"a"}, v.rounds[0].Election.Producers)
	v.Set("seats", "9")
	assert.Contains(t, v.Notes(), "seats=9 is more than the 3 candidates; using 3")
	assert.Equal(t, "3", v.Value("seats"))

	// What cannot be repaired falls back to the defaults.
	v.Set("candidates", "a,,b")
	assert.Contains(t, strings.Join(v.Notes(), "|"), "using the default candidates, ballots and seats")
	assert.Equal(t, []string{"alice", "bob", "carol", "dave", "erin", "frank"}, v.candidates)
}
