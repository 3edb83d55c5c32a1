package widgetspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pos"
)

func TestPoASpec(t *testing.T) {
	assert.Empty(t, checkOne(t, "poa", map[string]string{"signers": "a,b,c", "offline": "b", "blocks": "200"}))
	expectOneError(t, "poa", []specCase{
		{map[string]string{"offline": "mallory"}, `"mallory" is not a signer`},
		{map[string]string{"signers": "a,a"}, "duplicate"},
		{map[string]string{"signers": ""}, "no signers"},
		{map[string]string{"offline": "alice,,"}, "empty"},
		{map[string]string{"blocks": "0"}, "below the minimum 1"},
	})
}

func FuzzPoASetupNeverPanics(f *testing.F) {
	f.Add("a,b,c", "b")
	f.Add("", "")
	f.Add("a,,b", "c")
	f.Fuzz(func(t *testing.T, signers, offline string) {
		c, off, err := PoASetup(signers, offline)
		if err != nil {
			return
		}
		_, err = c.Simulate(10, off, pos.SeedFromText("f"))
		require.NoError(t, err)
	})
}
