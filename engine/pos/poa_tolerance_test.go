package pos

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// MaxOffline is exactly the line between a chain that goes on and one that
// stalls, for every set size and every number of offline signers.
func TestCliqueMaxOfflineIsTheStallLine(t *testing.T) {
	names := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	for n := 1; n <= len(names); n++ {
		c, err := NewClique(names[:n])
		require.NoError(t, err)
		assert.Equal(t, uint64(n)-(uint64(n)/2+1), c.MaxOffline(), "n=%d", n)
		for off := 0; off < n; off++ {
			run, err := c.Simulate(3*n+3, names[:off], SeedFromText("tolerance"))
			require.NoError(t, err)
			assert.Equal(t, uint64(off) > c.MaxOffline(), run.Stalled, "n=%d offline=%d", n, off)
		}
	}
	var zero *Clique
	assert.Zero(t, zero.MaxOffline())
}
