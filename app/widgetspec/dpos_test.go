package widgetspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pos"
)

func TestDPoSSpec(t *testing.T) {
	assert.Empty(t, checkOne(t, "dpos", map[string]string{"candidates": "a,b,c", "ballots": "x:5:a/b,y:3:c", "seats": "2"}))
	assert.Empty(t, checkOne(t, "dpos", map[string]string{"candidates": "a,b,c", "ballots": "x:5:,y:3:c", "seats": "2"}), "x abstains")
	expectOneError(t, "dpos", []specCase{
		{map[string]string{"seats": "7"}, "seats must be between 1 and the number of candidates"},
		{map[string]string{"candidates": "a,b", "ballots": "x:1:c", "seats": "1"}, "unknown candidate"},
		{map[string]string{"candidates": "a,b", "ballots": "x:1:a/b", "seats": "1"}, "more delegates than there are seats"},
		{map[string]string{"candidates": "a,,b"}, "empty validator name"},
		{map[string]string{"ballots": "x:1"}, "want voter:tokens:delegate/delegate"},
		{map[string]string{"ballots": "x:1:alice,x:2:bob"}, "voter appears twice"},
	})
}

func FuzzDPoSSetupNeverPanics(f *testing.F) {
	f.Add("a,b,c", "x:1:a/b", 2)
	f.Add("a", "", 1)
	f.Add("a,b", "x:1:a,x:1:b", 1)
	f.Fuzz(func(t *testing.T, candidates, ballots string, seats int) {
		cs, bs, err := DPoSSetup(candidates, ballots, seats)
		if err != nil {
			return
		}
		e, err := pos.Elect(cs, CastBallots(bs), seats)
		require.NoError(t, err)
		require.Len(t, e.Producers, seats)
	})
}
