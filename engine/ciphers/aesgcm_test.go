package ciphers

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAESRoundTrip(t *testing.T) {
	key := NewAESKey()
	tests := []struct {
		name     string
		pt, aad  []byte
		wantBits int // ciphertext bits
	}{
		{"empty message, no AAD", nil, nil, 0},
		{"one byte", []byte{0x42}, nil, 8},
		{"text with AAD", []byte("attack at dawn"), []byte("msg-id=7"), 14 * 8},
		{"several blocks", bytes.Repeat([]byte("0123456789abcdef"), 9), []byte{1}, 144 * 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := key.Seal(tc.pt, tc.aad)
			require.NoError(t, err)
			assert.Len(t, s.Nonce, NonceSize)
			assert.Len(t, s.Tag, TagSize)
			assert.Equal(t, tc.wantBits, s.Bits(PartCiphertext))
			assert.Equal(t, nonNil(ctrKeystreamXOR(t, key, s.Nonce, tc.pt)), nonNil(s.Ciphertext),
				"GCM ciphertext is the plaintext XOR the AES-CTR keystream from counter block nonce||2")
			pt, err := key.Open(s)
			require.NoError(t, err)
			assert.Equal(t, nonNil(tc.pt), nonNil(pt))

			w, err := ParseWire(s.Wire(), tc.aad)
			require.NoError(t, err)
			pt, err = key.Open(w)
			require.NoError(t, err)
			assert.Equal(t, nonNil(tc.pt), nonNil(pt))
		})
	}
}

// ctrKeystreamXOR encrypts pt the way NIST SP 800-38D section 7.1 says GCM
// does, using only AES and CTR mode: with a 96-bit IV the first counter block
// is IV || 0x00000001 (it masks the tag) and the message uses the next ones.
// Comparing with this, rather than asserting that the ciphertext merely
// differs from the plaintext, holds for every message length: a one-byte
// ciphertext equals its plaintext once in 256 random keys.
func ctrKeystreamXOR(t *testing.T, key AESKey, nonce, pt []byte) []byte {
	t.Helper()
	block, err := aes.NewCipher(key[:])
	require.NoError(t, err)
	iv := make([]byte, aes.BlockSize)
	copy(iv, nonce)
	iv[aes.BlockSize-1] = 2
	out := make([]byte, len(pt))
	cipher.NewCTR(block, iv).XORKeyStream(out, pt)
	return out
}

func TestAESFreshNonces(t *testing.T) {
	key := NewAESKey()
	seen := map[string]bool{}
	for range 50 {
		s, err := key.Seal([]byte("same message"), nil)
		require.NoError(t, err)
		require.False(t, seen[string(s.Nonce)], "nonce repeated")
		seen[string(s.Nonce)] = true
	}
	assert.NotEqual(t, NewAESKey(), NewAESKey())
}

// TestAESEveryBitFlipFails is the lesson's claim, checked exhaustively for a
// small message: whichever single bit of nonce, ciphertext, tag or AAD is
// flipped, Open refuses, and says authentication failed.
func TestAESEveryBitFlipFails(t *testing.T) {
	key := NewAESKey()
	s, err := key.Seal([]byte("hello"), []byte("hdr!"))
	require.NoError(t, err)
	orig := s.Clone()
	total := 0
	for _, p := range Parts {
		bits := s.Bits(p)
		require.Positive(t, bits, "%s", p)
		for bit := range bits {
			tm, err := s.Flip(p, bit)
			require.NoError(t, err)
			_, err = key.Open(tm.Sealed)
			require.ErrorIs(t, err, ErrAuthFailed, "%s bit %d", p, bit)
			require.Contains(t, err.Error(), "authentication failed")
			total++
		}
	}
	assert.Equal(t, 96+40+128+32, total)
	assert.Equal(t, orig, s, "Flip must not change the original")
	pt, err := key.Open(s)
	require.NoError(t, err)
	assert.Equal(t, []byte("hello"), pt)
}

func TestAESFlipReportsLocation(t *testing.T) {
	s := Sealed{Nonce: make([]byte, NonceSize), Ciphertext: []byte{0xf0, 0x0f}, Tag: make([]byte, TagSize)}
	tests := []struct {
		part                Part
		bit, byteIdx        int
		mask, before, after byte
	}{
		{PartCiphertext, 0, 0, 0x80, 0xf0, 0x70},
		{PartCiphertext, 7, 0, 0x01, 0xf0, 0xf1},
		{PartCiphertext, 12, 1, 0x08, 0x0f, 0x07},
		{PartNonce, 95, 11, 0x01, 0x00, 0x01},
		{PartTag, 8, 1, 0x80, 0x00, 0x80},
	}
	for _, tc := range tests {
		tm, err := s.Flip(tc.part, tc.bit)
		require.NoError(t, err)
		assert.Equal(t, tc.part, tm.Part)
		assert.Equal(t, tc.bit, tm.Bit)
		assert.Equal(t, tc.byteIdx, tm.Byte, "%s bit %d", tc.part, tc.bit)
		assert.Equal(t, tc.mask, tm.Mask)
		assert.Equal(t, tc.before, tm.Before)
		assert.Equal(t, tc.after, tm.After)
		got, err := tm.Sealed.part(tc.part)
		require.NoError(t, err)
		assert.Equal(t, tc.after, got[tc.byteIdx])
	}
}

func TestAESFlipOutOfRange(t *testing.T) {
	key := NewAESKey()
	s, err := key.Seal([]byte("abc"), nil)
	require.NoError(t, err)
	tests := []struct {
		part Part
		bit  int
		msg  string
	}{
		{PartNonce, -1, "bit -1 is outside the nonce (bits 0 to 95)"},
		{PartNonce, 96, "bit 96 is outside the nonce"},
		{PartCiphertext, 24, "outside the ciphertext (bits 0 to 23)"},
		{PartTag, 1 << 40, "outside the tag"},
		{PartAAD, 0, "the aad is empty"},
	}
	for _, tc := range tests {
		_, err := s.Flip(tc.part, tc.bit)
		require.ErrorIs(t, err, ErrBitOutOfRange, "%s %d", tc.part, tc.bit)
		assert.Contains(t, err.Error(), tc.msg)
	}
	_, err = s.Flip(Part(9), 0)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Zero(t, s.Bits(Part(-1)))
}

func TestAESWrongKeyFails(t *testing.T) {
	a, b := NewAESKey(), NewAESKey()
	s, err := a.Seal([]byte("for a only"), []byte("aad"))
	require.NoError(t, err)
	_, err = b.Open(s)
	require.ErrorIs(t, err, ErrAuthFailed)
	// One bit of key is as good as all of them.
	c := a
	c[31] ^= 1
	_, err = c.Open(s)
	require.ErrorIs(t, err, ErrAuthFailed)
}

func TestAESMalformedNeverPanics(t *testing.T) {
	key := NewAESKey()
	good, err := key.Seal([]byte("x"), nil)
	require.NoError(t, err)
	tests := []struct {
		name string
		s    Sealed
	}{
		{"zero value", Sealed{}},
		{"short nonce", Sealed{Nonce: good.Nonce[:8], Ciphertext: good.Ciphertext, Tag: good.Tag}},
		{"long nonce", Sealed{Nonce: append(clone(good.Nonce), 0), Ciphertext: good.Ciphertext, Tag: good.Tag}},
		{"short tag", Sealed{Nonce: good.Nonce, Ciphertext: good.Ciphertext, Tag: good.Tag[:12]}},
		{"no tag", Sealed{Nonce: good.Nonce, Ciphertext: good.Ciphertext}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pt, err := key.Open(tc.s)
			require.ErrorIs(t, err, ErrMalformed)
			assert.Nil(t, pt)
		})
	}
	_, err = key.sealWithNonce([]byte{1, 2, 3}, nil, nil)
	require.ErrorIs(t, err, ErrMalformed)
	_, err = ParseWire(make([]byte, NonceSize+TagSize-1), nil)
	require.ErrorIs(t, err, ErrMalformed)
}

func TestParseWireCopies(t *testing.T) {
	wire := make([]byte, NonceSize+3+TagSize)
	for i := range wire {
		wire[i] = byte(i)
	}
	s, err := ParseWire(wire, []byte("a"))
	require.NoError(t, err)
	assert.Equal(t, wire[:NonceSize], s.Nonce)
	assert.Equal(t, wire[NonceSize:NonceSize+3], s.Ciphertext)
	assert.Equal(t, wire[NonceSize+3:], s.Tag)
	wire[0], wire[NonceSize] = 0xff, 0xff
	assert.Equal(t, byte(0), s.Nonce[0])
	assert.Equal(t, byte(NonceSize), s.Ciphertext[0])
}

func TestParseAESKey(t *testing.T) {
	k := NewAESKey()
	got, err := ParseAESKey(k.Hex())
	require.NoError(t, err)
	assert.Equal(t, k, got)
	got, err = ParseAESKey("0x" + spaced(k.Hex()))
	require.NoError(t, err)
	assert.Equal(t, k, got)

	_, err = ParseAESKey(k.Hex()[:62])
	require.ErrorIs(t, err, ErrKeySize)
	assert.Contains(t, err.Error(), "32 bytes, got 31")
	_, err = ParseAESKey("zz" + k.Hex()[2:])
	require.ErrorIs(t, err, ErrMalformed)
}

func TestParsePart(t *testing.T) {
	for _, p := range Parts {
		got, err := ParsePart(p.String())
		require.NoError(t, err)
		assert.Equal(t, p, got)
	}
	for in, want := range map[string]Part{"IV": PartNonce, " ct ": PartCiphertext, "MAC": PartTag, "associated-data": PartAAD} {
		got, err := ParsePart(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ParsePart("key")
	require.ErrorIs(t, err, ErrMalformed)
	assert.Equal(t, "Part(7)", Part(7).String())
}

func TestDecodeHex(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
		ok   bool
	}{
		{"", []byte{}, true},
		{"00ff", []byte{0, 0xff}, true},
		{"0x00FF", []byte{0, 0xff}, true},
		{" de:ad-be ef\n", []byte{0xde, 0xad, 0xbe, 0xef}, true},
		{"abc", nil, false},
		{"0g", nil, false},
		{"0x", []byte{}, true},
	}
	for _, tc := range tests {
		got, err := DecodeHex(tc.in)
		if !tc.ok {
			require.ErrorIs(t, err, ErrMalformed, "%q", tc.in)
			continue
		}
		require.NoError(t, err, "%q", tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
	}
	_, err := DecodeHex(string(make([]byte, maxHexInput+1)))
	require.ErrorIs(t, err, ErrMalformed)
}

// spaced writes hex in groups of four, as people paste it.
func spaced(h string) string {
	var b []byte
	for i := 0; i < len(h); i += 4 {
		b = append(append(b, h[i:min(i+4, len(h))]...), ' ')
	}
	return string(b)
}

func TestTamperJSON(t *testing.T) {
	s := Sealed{Nonce: make([]byte, NonceSize), Ciphertext: []byte{1}, Tag: make([]byte, TagSize)}
	tm, err := s.Flip(PartTag, 3)
	require.NoError(t, err)
	js, err := json.Marshal(tm)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"part":"tag"`)
	var back Tamper
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, tm, back)

	_, err = json.Marshal(Tamper{Part: 9})
	require.Error(t, err)
	require.Error(t, json.Unmarshal([]byte(`{"part":"key"}`), &back))
}
