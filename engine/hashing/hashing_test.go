package hashing

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/internal/vectors"
)

// FIPS 180-2 appendix B.1 and the empty string, as printed in the standard.
func TestSumKnownAnswers(t *testing.T) {
	assert.Equal(t, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sum("abc").Hex())
	assert.Equal(t, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sum("").Hex())
}

// The AWS vectors publish SHA-256 of an empty payload as part of each
// canonical request: an independent check of the same digest.
func TestSumMatchesPublishedEmptyPayloadDigest(t *testing.T) {
	var v struct {
		AWS struct {
			Cases []struct {
				CanonicalRequest string `json:"canonical_request"`
			} `json:"cases"`
		} `json:"aws_sigv4"`
	}
	require.NoError(t, vectors.Decode("hmac.json", &v))
	require.NotEmpty(t, v.AWS.Cases)
	lines := strings.Split(v.AWS.Cases[0].CanonicalRequest, "\n")
	assert.Equal(t, lines[len(lines)-1], Sum("").Hex())
}

func TestCompare(t *testing.T) {
	a := Sum("Hello, world")
	assert.Equal(t, 0, Compare(a, a).Changed)

	var zero, ones Digest
	for i := range ones {
		ones[i] = 0xff
	}
	c := Compare(zero, ones)
	assert.Equal(t, 256, c.Changed)
	for i := 0; i < 64; i++ {
		assert.True(t, c.HexCharChanged(i))
	}

	var one Digest
	one[31] = 0x01 // the very last bit
	c = Compare(zero, one)
	assert.Equal(t, 1, c.Changed)
	assert.True(t, c.HexCharChanged(63))
	assert.False(t, c.HexCharChanged(62))
	assert.True(t, one.Bit(255))
	assert.False(t, one.Bit(0))
}

// The avalanche effect: over many one-letter edits the mean number of
// changed bits is close to 128 (the binomial(256, 1/2) mean; its standard
// deviation is 8, so the mean of 500 samples has s.d. 0.36).
func TestAvalanche(t *testing.T) {
	const n = 500
	total := 0
	for i := 0; i < n; i++ {
		s := "message number " + hex.EncodeToString([]byte{byte(i), byte(i >> 8)})
		total += Compare(Sum(s), Sum(s+".")).Changed
	}
	mean := float64(total) / n
	assert.InDelta(t, 128, mean, 2, "mean changed bits %.2f", mean)
}
