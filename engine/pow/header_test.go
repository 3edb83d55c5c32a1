package pow

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHeaderVectors(t *testing.T) {
	v := loadPow(t)
	for _, tc := range v.Headers {
		t.Run(tc.Name, func(t *testing.T) {
			raw, err := hex.DecodeString(tc.Hex)
			require.NoError(t, err)
			h, err := ParseHeader(raw)
			require.NoError(t, err)

			assert.Equal(t, raw, h.Bytes(), "serializes back byte-identical")
			assert.Equal(t, strings.ToLower(tc.Hex), h.Hex())
			fromHex, err := ParseHeaderHex(strings.ToUpper(tc.Hex))
			require.NoError(t, err)
			assert.Equal(t, h, fromHex)

			f := tc.Fields
			assert.Equal(t, f.Version, h.Version)
			assert.Equal(t, f.Prev, Digest(h.PrevBlock).String())
			assert.Equal(t, f.Merkle, Digest(h.MerkleRoot).String())
			assert.Equal(t, f.Time, h.Time)
			assert.Equal(t, f.BitsU32, h.Bits)
			assert.Equal(t, hexUint32(t, f.BitsHex), h.Bits)
			assert.Equal(t, f.Nonce, h.Nonce)

			d := h.Hash()
			assert.Equal(t, tc.Display, d.String())
			assert.Equal(t, tc.Expected, d.String())
			assert.Equal(t, tc.Internal, hex.EncodeToString(d[:]))
			parsed, err := ParseDigest(tc.Display)
			require.NoError(t, err)
			assert.Equal(t, d, parsed)

			target, err := CompactToTarget(h.Bits)
			require.NoError(t, err)
			assert.Equal(t, 0, bigHex(t, tc.Target).Cmp(target), "target of bits")
			assert.Equal(t, tc.MeetsTgt, d.Meets(target))
			if tc.MeetsTgt {
				assert.NoError(t, h.CheckProofOfWork())
			}
			diff, err := Difficulty(h.Bits)
			require.NoError(t, err)
			assert.InEpsilon(t, tc.Bdiff, diff, 1e-15)
		})
	}
}

func TestHeaderText(t *testing.T) {
	h := Header{Version: -2, Time: 1, Bits: 0x1d00ffff, Nonce: 0xfffffffe}
	h.PrevBlock[0], h.MerkleRoot[31] = 0xaa, 0xbb
	b, err := json.Marshal(struct{ H Header }{h})
	require.NoError(t, err)
	var back struct{ H Header }
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, h, back.H)
	assert.Error(t, json.Unmarshal([]byte(`{"H":"00"}`), &back))

	var d Digest
	require.NoError(t, d.UnmarshalText([]byte(h.Hash().String())))
	assert.Equal(t, h.Hash(), d)
	text, err := d.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, d.String(), string(text))
	assert.Error(t, d.UnmarshalText([]byte("zz")))
}

func TestParseHeaderErrors(t *testing.T) {
	for _, n := range []int{0, 1, 79, 81, 160} {
		_, err := ParseHeader(make([]byte, n))
		assert.ErrorContains(t, err, "80 bytes", "length %d", n)
	}
	_, err := ParseHeader(nil)
	assert.Error(t, err)

	good := strings.Repeat("00", 80)
	for name, s := range map[string]string{
		"empty":     "",
		"short":     good[:158],
		"long":      good + "00",
		"odd":       good[:159],
		"not hex":   "zz" + good[2:],
		"space in":  good[:80] + " " + good[81:],
		"0x prefix": "0x" + good[2:],
	} {
		_, err := ParseHeaderHex(s)
		assert.Error(t, err, name)
	}
	_, err = ParseHeaderHex(" \n" + good + "\t")
	assert.NoError(t, err, "surrounding white space is ignored")
}

func TestCheckProofOfWorkRejects(t *testing.T) {
	v := loadPow(t)
	raw, err := hex.DecodeString(v.Headers[0].Hex)
	require.NoError(t, err)
	h, err := ParseHeader(raw)
	require.NoError(t, err)
	require.NoError(t, h.CheckProofOfWork())

	tampered := h
	tampered.Nonce++
	assert.ErrorContains(t, tampered.CheckProofOfWork(), "above the target")

	for _, bits := range []uint32{0x04923456, 0x23000001, 0x01003456, 0x1e00ffff} {
		bad := h
		bad.Bits = bits
		assert.Error(t, bad.CheckProofOfWork(), "bits %#08x", bits)
	}
}

func TestDigest(t *testing.T) {
	for name, s := range map[string]string{
		"empty": "", "short": strings.Repeat("0", 63), "long": strings.Repeat("0", 65), "not hex": strings.Repeat("g", 64),
	} {
		_, err := ParseDigest(s)
		assert.Error(t, err, name)
	}

	v := loadPow(t)
	for _, tc := range v.Headers {
		d, err := ParseDigest(strings.ToUpper(tc.Display))
		require.NoError(t, err)
		assert.Equal(t, tc.Display, d.String())
		assert.Equal(t, 0, bigHex(t, tc.Display).Cmp(d.Int()), "display hex is the integer")
		// Leading zero bits, counted independently on the display hex.
		want := 0
		for _, c := range tc.Display {
			n := strings.IndexRune("0123456789abcdef", c)
			if n != 0 {
				want += 4 - len(strconvBin(n))
				break
			}
			want += 4
		}
		assert.Equal(t, want, d.LeadingZeroBits(), tc.Name)
	}
	assert.Equal(t, 256, Digest{}.LeadingZeroBits())
	assert.Equal(t, 0, Digest{31: 0x80}.LeadingZeroBits())
	assert.Equal(t, 7, Digest{31: 0x01}.LeadingZeroBits())
	assert.Equal(t, 255, Digest{0: 0x01}.LeadingZeroBits())

	var d Digest
	assert.False(t, d.Meets(nil))
	assert.False(t, d.Meets(signedHex(t, "-0x1")))
	assert.True(t, d.Meets(signedHex(t, "0x0")))
}

// strconvBin is n (0..15) in binary without leading zeros.
func strconvBin(n int) string {
	s := ""
	for ; n > 0; n >>= 1 {
		s = string(rune('0'+(n&1))) + s
	}
	return s
}
