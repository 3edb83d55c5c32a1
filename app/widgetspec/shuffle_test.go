package widgetspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pos"
)

func TestShuffleSpec(t *testing.T) {
	assert.Empty(t, checkOne(t, "shuffle", map[string]string{"count": "64", "index": "63", "rounds": "90", "step": "90", "seed": "word"}))
	expectOneError(t, "shuffle", []specCase{
		{map[string]string{"count": "5", "index": "5"}, "index 5 must be below count 5"},
		{map[string]string{"rounds": "3", "step": "4"}, "step 4 is beyond rounds 3"},
		{map[string]string{"validators": "a:0,b:32"}, "a has 0 ETH"},
		{map[string]string{"validators": "a:2049"}, "1..2048 ETH"},
		{map[string]string{"validators": "a:32,a:32"}, "duplicate"},
		{map[string]string{"count": "65"}, "above the maximum 64"},
	})
	h := pos.SeedFromText("x")
	assert.Equal(t, h, ShuffleSeed(h.String()), "hex is read as hex")
	assert.Equal(t, h, ShuffleSeed(h.String()[2:]))
	assert.Equal(t, pos.SeedFromText("lesson"), ShuffleSeed("lesson"), "text is hashed")

	vals, err := ProposerBalances("a:32, b:2048")
	require.NoError(t, err)
	assert.Equal(t, []pos.Validator{{Name: "a", Stake: 32 * pos.GweiPerETH}, {Name: "b", Stake: 2048 * pos.GweiPerETH}}, vals)
}
