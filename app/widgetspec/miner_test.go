package widgetspec

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pow"
)

func TestParseNBits(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want uint32
		err  string
	}{
		{"1d00ffff", 0x1d00ffff, ""},
		{"0x1D00FFFF", 0x1d00ffff, ""},
		{" 1f00ffff ", 0x1f00ffff, ""},
		{"17034219", 0x17034219, ""},
		{"", 0, "1 to 8 hex digits"},
		{"1d00ffff0", 0, "1 to 8 hex digits"},
		{"zz", 0, "must be hex digits"},
		{"04000000", 0, "zero target"},
		{"01fedcba", 0, "negative target"},
		{"ff123456", 0, "overflow"},
	} {
		got, err := ParseNBits(tt.in)
		if tt.err != "" {
			require.Error(t, err, tt.in)
			assert.Contains(t, err.Error(), tt.err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestMinerSpecChecksNBitsForLessons(t *testing.T) {
	s, ok := Lookup("miner")
	require.True(t, ok)
	assert.Empty(t, s.Check(map[string]string{"bits": "20"}))
	assert.Empty(t, s.Check(map[string]string{"nbits": "1d00ffff"}))
	errs := s.Check(map[string]string{"nbits": "01fedcba"})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), `widget "miner": compact bits encode a negative target`)
	for _, name := range []string{"chain", "genesis"} {
		_, ok := Lookup(name)
		assert.True(t, ok, name)
	}
}

// FuzzParseNBits: whatever a URL or a lesson holds, parsing never panics,
// and what it accepts is a positive target that pow decodes the same way.
func FuzzParseNBits(f *testing.F) {
	for _, s := range []string{"1d00ffff", "0x1f00ffff", "", "zz", "04000000", "01fedcba", "ff123456", "0x", "123456789", " 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNBits(s)
		if err != nil {
			return
		}
		target, err := pow.CompactToTarget(v)
		require.NoError(t, err)
		require.Positive(t, target.Sign())
		hex := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "0x"), "0X")
		n, err := strconv.ParseUint(hex, 16, 32)
		require.NoError(t, err)
		require.Equal(t, uint32(n), v)
	})
}
