package pos

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Widgets receive these records as JSON; hashes travel as 0x-hex and must
// come back unchanged.
func TestTracesRoundTripThroughJSON(t *testing.T) {
	seed := SeedFromText("json")
	roundTrip := func(in, out any) {
		t.Helper()
		b, err := json.Marshal(in)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, out))
	}

	tr, err := TraceShuffledIndex(5, 33, seed, ShuffleRoundsMinimal)
	require.NoError(t, err)
	var tr2 ShuffleTrace
	roundTrip(tr, &tr2)
	assert.Equal(t, tr, tr2)

	draws, err := mustSet(t, "a:1,b:2").DrawRange(seed, 0, 5)
	require.NoError(t, err)
	var draws2 []Draw
	roundTrip(draws, &draws2)
	assert.Equal(t, draws, draws2)

	nas, err := SimulateNothingAtStake(nasConfig("ann"))
	require.NoError(t, err)
	var nas2 NothingAtStake
	roundTrip(nas, &nas2)
	assert.Equal(t, nas, nas2)

	pt, err := TraceProposerIndex(ProposerPhase0, []uint64{0, 1, 2}, []uint64{GweiPerETH, 2 * GweiPerETH, 3 * GweiPerETH}, seed, 10)
	require.NoError(t, err)
	var pt2 ProposerTrace
	roundTrip(pt, &pt2)
	assert.Equal(t, pt, pt2)

	b, err := json.Marshal(tr.Rounds[0])
	require.NoError(t, err)
	assert.Contains(t, string(b), `"source":"0x`)
}
