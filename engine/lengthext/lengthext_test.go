package lengthext

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/internal/vectors"
)

// FIPS 180-4 example "abc": one block, 0x80, 52 zero bytes, then 24 (bits).
func TestPaddingOfABC(t *testing.T) {
	p := Padding(3)
	require.Len(t, p, 61)
	assert.Equal(t, byte(0x80), p[0])
	assert.Equal(t, make([]byte, 52), p[1:53])
	assert.Equal(t, []byte{0, 0, 0, 0, 0, 0, 0, 0x18}, p[53:])
}

func TestPaddingShape(t *testing.T) {
	for n := uint64(0); n < 300; n++ {
		p := Padding(n)
		assert.Zero(t, (n+uint64(len(p)))%BlockSize, "n=%d", n)
		assert.GreaterOrEqual(t, len(p), 9, "n=%d", n)
		assert.LessOrEqual(t, len(p), 72, "n=%d", n)
		assert.Equal(t, byte(0x80), p[0])
		assert.Equal(t, n*8, binary.BigEndian.Uint64(p[len(p)-8:]))
		assert.Equal(t, make([]byte, len(p)-9), p[1:len(p)-8], "n=%d", n)
	}
	// 55 bytes still fit with their padding in one block; 56 need two.
	assert.Len(t, Padding(55), 9)
	assert.Len(t, Padding(56), 72)
}

// Continue against crypto/sha256 over the message itself: every length
// around the block boundaries, for prefixes and suffixes.
func TestContinueMatchesSHA256(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lengths := []int{0, 1, 3, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 200, 1000}
	for _, m := range lengths {
		for _, s := range lengths {
			msg, suffix := random(r, m), random(r, s)
			glued := append(append(append([]byte(nil), msg...), Padding(uint64(m))...), suffix...)
			want := sha256.Sum256(glued)
			got := Continue(sha256.Sum256(msg), uint64(m), suffix)
			require.Equal(t, hex.EncodeToString(want[:]), hex.EncodeToString(got[:]), "message %d bytes, suffix %d", m, s)
		}
	}
}

// The forgery, for every secret length from 0 to 130 and a few large ones:
// the tag equals SHA-256(secret || forged message) computed directly, the
// naive verifier accepts it, and a wrong length guess is refused.
func TestForgeryFoolsNaiveVerifier(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	message := []byte("amount=100&to=alice")
	suffix := []byte("&to=mallory")
	secretLens := []int{}
	for n := 0; n <= 130; n++ {
		secretLens = append(secretLens, n)
	}
	secretLens = append(secretLens, 255, 256, 1000, MaxSecretLen)
	for _, n := range secretLens {
		secret := random(r, n)
		tag := NaiveTag(secret, message)
		f, err := Forge(tag, n, message, suffix)
		require.NoError(t, err)

		direct := sha256.Sum256(append(append([]byte(nil), secret...), f.Message...))
		require.Equal(t, direct, f.Tag, "secret of %d bytes", n)
		require.True(t, NaiveVerify(secret, f.Message, f.Tag), "secret of %d bytes", n)
		require.True(t, bytes.HasPrefix(f.Message, message))
		require.True(t, bytes.HasSuffix(f.Message, suffix))
		require.Equal(t, Padding(uint64(n+len(message))), f.Glue)

		for _, wrong := range []int{n - 1, n + 1, n + 64} {
			if wrong < 0 || wrong > MaxSecretLen {
				continue
			}
			g, err := Forge(tag, wrong, message, suffix)
			require.NoError(t, err)
			assert.False(t, NaiveVerify(secret, g.Message, g.Tag), "secret of %d bytes, guessed %d", n, wrong)
		}
	}
}

// The same attack on an HMAC tag: whatever length the attacker guesses,
// the verifier refuses, because the tag is a hash of the inner hash, not
// a state from which secret || message can be continued.
func TestForgeryFailsAgainstHMAC(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	message := []byte("amount=100&to=alice")
	suffix := []byte("&to=mallory")
	for _, n := range []int{0, 1, 16, 32, 55, 64, 65, 100} {
		secret := random(r, n)
		tag := HMAC(secret, message).Tag
		require.True(t, VerifyHMAC(secret, message, tag))
		for guess := 0; guess <= 200; guess++ {
			f, err := Forge(tag, guess, message, suffix)
			require.NoError(t, err)
			require.False(t, VerifyHMAC(secret, f.Message, f.Tag), "secret of %d bytes, guessed %d", n, guess)
		}
		// Even an attacker who somehow saw the inner hash (it never leaves
		// the server) extends it into the right inner hash of the forged
		// message, and still has no tag: the outer hash is keyed too.
		g, err := Forge(HMAC(secret, message).Inner, BlockSize, message, suffix)
		require.NoError(t, err)
		require.Equal(t, HMAC(secret, g.Message).Inner, g.Tag)
		require.False(t, VerifyHMAC(secret, g.Message, g.Tag))
	}
}

// RFC 4231 stays the proof that HMAC here is HMAC: the step-by-step trace
// and the verifier both match the published vectors.
func TestHMACMatchesRFC4231(t *testing.T) {
	cases, err := vectors.RFC4231()
	require.NoError(t, err)
	require.Len(t, cases, 7)
	for _, c := range cases {
		tr := HMAC(c.Key, c.Data)
		got := tr.Tag[:]
		if c.TruncateTo > 0 {
			got = got[:c.TruncateTo]
		} else {
			assert.True(t, VerifyHMAC(c.Key, c.Data, tr.Tag), "case %d", c.TestCase)
		}
		assert.Equal(t, c.HMACSHA256, hex.EncodeToString(got), "case %d", c.TestCase)

		inner := NaiveTag(tr.InnerPad[:], c.Data)
		assert.Equal(t, inner, tr.Inner, "case %d", c.TestCase)
		assert.Equal(t, NaiveTag(tr.OuterPad[:], inner[:]), tr.Tag, "case %d", c.TestCase)
		m := hmac.New(sha256.New, c.Key)
		m.Write(c.Data)
		assert.Equal(t, m.Sum(nil), tr.Tag[:], "case %d", c.TestCase)
	}
}

func TestForgeRejectsBadGuess(t *testing.T) {
	for _, n := range []int{-1, MaxSecretLen + 1} {
		_, err := Forge([32]byte{}, n, nil, nil)
		assert.ErrorIs(t, err, ErrSecretLen, "guess %d", n)
	}
}

func FuzzContinue(f *testing.F) {
	f.Add([]byte("secret||message"), []byte("suffix"))
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, msg, suffix []byte) {
		glued := append(append(append([]byte(nil), msg...), Padding(uint64(len(msg)))...), suffix...)
		require.Equal(t, sha256.Sum256(glued), Continue(sha256.Sum256(msg), uint64(len(msg)), suffix))
	})
}

func random(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}
