package pow

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const genesisHex = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c"

func FuzzParseHeader(f *testing.F) {
	g, _ := hex.DecodeString(genesisHex)
	f.Add(g)
	f.Add(make([]byte, 80))
	f.Add(g[:79])
	f.Add(append(g, 0))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHeader(b)
		if len(b) != HeaderSize {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		require.Equal(t, b, h.Bytes())
	})
}

func FuzzParseHeaderHex(f *testing.F) {
	f.Add(genesisHex)
	f.Add(strings.ToUpper(genesisHex))
	f.Add(" " + genesisHex + "\n")
	f.Add(genesisHex[:158])
	f.Add(genesisHex + "0")
	f.Add("zz" + genesisHex[2:])
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHeaderHex(s)
		if err != nil {
			return
		}
		assert.Equal(t, strings.ToLower(strings.TrimSpace(s)), h.Hex())
		back, err := ParseHeader(h.Bytes())
		require.NoError(t, err)
		assert.Equal(t, h, back)
	})
}

func FuzzParseDigest(f *testing.F) {
	f.Add("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")
	f.Add(strings.Repeat("F", 64))
	f.Add(strings.Repeat("0", 63))
	f.Add(strings.Repeat("x", 64))
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDigest(s)
		if err != nil {
			return
		}
		assert.Equal(t, strings.ToLower(strings.TrimSpace(s)), d.String())
		assert.GreaterOrEqual(t, d.LeadingZeroBits(), 0)
		assert.LessOrEqual(t, d.Int().BitLen(), 256)
	})
}

func FuzzCompact(f *testing.F) {
	for _, b := range []uint32{0, 0x1d00ffff, 0x207fffff, 0x04923456, 0x01003456, 0x2100ffff, 0x21010000, 0x23000001, 0xff123456, 0x00800000} {
		f.Add(b, int64(TargetTimespan))
	}
	f.Add(uint32(0x1c05a3f4), int64(-1))
	f.Fuzz(func(t *testing.T, bits uint32, timespan int64) {
		c := DecodeCompact(bits)
		target, err := CompactToTarget(bits)
		require.Equal(t, c.Negative || c.Overflow, err != nil, "%#08x", bits)
		if err == nil {
			require.GreaterOrEqual(t, target.Sign(), 0)
			require.LessOrEqual(t, target.BitLen(), 256)
			// A decoded target has at most three significant bytes, so it
			// survives GetCompact exactly.
			back, err := CompactToTarget(TargetToCompact(target))
			require.NoError(t, err)
			require.Equal(t, 0, target.Cmp(back), "%#08x", bits)
		}
		next := Retarget(bits, timespan)
		nt, err := CompactToTarget(next)
		require.NoError(t, err, "retarget of %#08x gave %#08x", bits, next)
		require.LessOrEqual(t, nt.Cmp(MainnetPowLimit()), 0)
	})
}
