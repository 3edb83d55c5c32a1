package widgetspec

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnergySpec(t *testing.T) {
	assert.Empty(t, checkOne(t, "energy", map[string]string{"mode": "hashrate", "bits": "0x1d00ffff", "jth": "0.5"}))
	expectOneError(t, "energy", []specCase{
		{map[string]string{"bits": "xyz"}, "not 1 to 8 hex digits"},
		{map[string]string{"bits": "123456789"}, "not 1 to 8 hex digits"},
		{map[string]string{"jth": "0"}, "above 0"},
		{map[string]string{"jth": "NaN"}, "above 0"},
		{map[string]string{"jth": "1e9"}, "at most 100000"},
		{map[string]string{"mode": "joules"}, "not one of bits, hashrate"},
	})
	b, err := ParseBits(" 0x17034219 ")
	require.NoError(t, err)
	assert.Equal(t, uint32(0x17034219), b)
	j, err := ParseJoulesPerTH("17.5")
	require.NoError(t, err)
	assert.Equal(t, 17.5, j)
}

func FuzzParseBits(f *testing.F) {
	for _, s := range []string{"17034219", "0x1d00ffff", "", "0x", "fffffffff", "-1", "+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBits(s)
		if err != nil {
			return
		}
		back, err := ParseBits("0x" + strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(s), "0x")))
		if err == nil {
			require.Equal(t, b, back)
		}
	})
}

func FuzzParseJoulesPerTH(f *testing.F) {
	for _, s := range []string{"17.5", "0", "-1", "NaN", "Inf", "1e5", "1e-300", " 3 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		j, err := ParseJoulesPerTH(s)
		if err != nil {
			return
		}
		require.False(t, math.IsNaN(j) || math.IsInf(j, 0))
		require.Greater(t, j, 0.0)
		require.LessOrEqual(t, j, 100000.0)
	})
}
