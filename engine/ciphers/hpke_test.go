package ciphers

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var hpkeSuites = []HPKESuite{SuiteX25519AES128GCM, SuiteX25519ChaCha20Poly1305}

func TestHPKERoundTrip(t *testing.T) {
	for _, suite := range hpkeSuites {
		t.Run(suite.String(), func(t *testing.T) {
			k, err := NewHPKEKey()
			require.NoError(t, err)
			for _, pt := range [][]byte{nil, []byte("x"), raceMessage(1000)} {
				m, err := HPKESeal(suite, k.PublicKey(), []byte("lesson v1"), []byte("aad"), pt)
				require.NoError(t, err)
				assert.Len(t, m.Enc, 32)
				assert.Len(t, m.Ciphertext, len(pt)+16)
				assert.Equal(t, hex.EncodeToString(m.Enc)+hex.EncodeToString(m.Ciphertext), m.Hex())
				got, err := k.Open(m)
				require.NoError(t, err)
				assert.Equal(t, nonNil(pt), nonNil(got))
			}
			// A fresh ephemeral key per message: same input, different output.
			a, err := HPKESeal(suite, k.PublicKey(), nil, nil, []byte("same"))
			require.NoError(t, err)
			b, err := HPKESeal(suite, k.PublicKey(), nil, nil, []byte("same"))
			require.NoError(t, err)
			assert.NotEqual(t, a.Enc, b.Enc)
			assert.NotEqual(t, a.Ciphertext, b.Ciphertext)
		})
	}
}

func TestHPKEWrongRecipientFails(t *testing.T) {
	for _, suite := range hpkeSuites {
		t.Run(suite.String(), func(t *testing.T) {
			alice, err := NewHPKEKey()
			require.NoError(t, err)
			eve, err := NewHPKEKey()
			require.NoError(t, err)
			m, err := HPKESeal(suite, alice.PublicKey(), []byte("info"), []byte("aad"), []byte("for Alice"))
			require.NoError(t, err)
			_, err = eve.Open(m)
			require.ErrorIs(t, err, ErrAuthFailed)

			wrongInfo, wrongAAD, wrongSuite := m, m, m
			wrongInfo.Info = []byte("inf0")
			wrongAAD.AAD = nil
			wrongSuite.Suite = SuiteX25519AES128GCM + SuiteX25519ChaCha20Poly1305 - suite
			for name, bad := range map[string]HPKEMessage{"info": wrongInfo, "aad": wrongAAD, "suite": wrongSuite} {
				_, err = alice.Open(bad)
				require.ErrorIs(t, err, ErrAuthFailed, name)
			}
			for _, bit := range []int{0, 77, 255} {
				bad := m
				bad.Enc = clone(m.Enc)
				bad.Enc[bit/8] ^= 0x80 >> (bit % 8)
				_, err = alice.Open(bad)
				require.ErrorIs(t, err, ErrAuthFailed, "enc bit %d", bit)
			}
			for _, i := range []int{0, len(m.Ciphertext) - 1} {
				bad := m
				bad.Ciphertext = clone(m.Ciphertext)
				bad.Ciphertext[i] ^= 1
				_, err = alice.Open(bad)
				require.ErrorIs(t, err, ErrAuthFailed, "ciphertext byte %d", i)
			}
			got, err := alice.Open(m)
			require.NoError(t, err)
			assert.Equal(t, []byte("for Alice"), got)
		})
	}
}

func TestHPKEMalformed(t *testing.T) {
	k, err := NewHPKEKey()
	require.NoError(t, err)
	m, err := HPKESeal(SuiteX25519AES128GCM, k.PublicKey(), nil, nil, []byte("hi"))
	require.NoError(t, err)

	short := m
	short.Enc = m.Enc[:31]
	_, err = k.Open(short)
	require.ErrorIs(t, err, ErrMalformed)
	tiny := m
	tiny.Ciphertext = m.Ciphertext[:15]
	_, err = k.Open(tiny)
	require.ErrorIs(t, err, ErrMalformed)
	lowOrder := m
	lowOrder.Enc = make([]byte, 32)
	_, err = k.Open(lowOrder)
	require.ErrorIs(t, err, ErrAuthFailed)
	unknown := m
	unknown.Suite = 7
	_, err = k.Open(unknown)
	require.ErrorIs(t, err, ErrMalformed)

	_, err = HPKESeal(HPKESuite(7), k.PublicKey(), nil, nil, nil)
	require.ErrorIs(t, err, ErrMalformed)
	_, err = HPKESeal(SuiteX25519AES128GCM, k.PublicKey()[:5], nil, nil, nil)
	require.ErrorIs(t, err, ErrMalformed)

	var zero HPKEKey
	assert.Nil(t, zero.PublicKey())
	assert.Nil(t, zero.PrivateKey())
	_, err = zero.Open(m)
	require.ErrorIs(t, err, ErrKeySize)
	_, err = zero.Export()
	require.ErrorIs(t, err, ErrKeySize)
	_, err = HPKEKeyFromIKM(make([]byte, 31))
	require.ErrorIs(t, err, ErrKeySize)
	_, err = HPKEKeyFromBytes(make([]byte, 33))
	require.ErrorIs(t, err, ErrKeySize)
}

func TestHPKEKeyBytesRoundTrip(t *testing.T) {
	k, err := NewHPKEKey()
	require.NoError(t, err)
	re, err := HPKEKeyFromBytes(k.PrivateKey())
	require.NoError(t, err)
	assert.Equal(t, k.PublicKey(), re.PublicKey())
	m, err := HPKESeal(SuiteX25519ChaCha20Poly1305, k.PublicKey(), nil, nil, []byte("z"))
	require.NoError(t, err)
	got, err := re.Open(m)
	require.NoError(t, err)
	assert.Equal(t, []byte("z"), got)

	e, err := k.Export()
	require.NoError(t, err)
	assert.Equal(t, hex.EncodeToString(k.PublicKey()), e.PublicHex)
	pub, err := ParsePublicKeyPEM(e.PublicPEM)
	require.NoError(t, err)
	assert.NotNil(t, pub)
}

func TestHPKESuiteNames(t *testing.T) {
	assert.Equal(t, "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM", SuiteX25519AES128GCM.String())
	assert.Equal(t, "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305", SuiteX25519ChaCha20Poly1305.String())
	assert.Equal(t, "HPKESuite(9)", HPKESuite(9).String())
	kem, kdf, aead := SuiteX25519ChaCha20Poly1305.IDs()
	assert.Equal(t, []uint16{0x20, 1, 3}, []uint16{kem, kdf, aead})
}

func TestWalkthrough(t *testing.T) {
	pt, info, aad := []byte("meet at noon"), []byte("playground"), []byte("seq=1")
	w, err := NewWalkthrough(WalkthroughInput{Plaintext: pt, Info: info, AAD: aad})
	require.NoError(t, err)
	assert.Equal(t, SuiteX25519AES128GCM.String(), w.Suite)
	assert.Equal(t, pt, w.Opened, "crypto/hpke opened what the steps sealed")
	assert.Equal(t, w.Sender, w.Recipient, "both sides derive the same values")
	assert.Equal(t, w.EphemeralPublic, w.Enc)
	assert.Equal(t, append(clone(w.Enc), w.RecipientPublic...), w.KEMContext)
	assert.Len(t, w.Sender.Key, 16)
	assert.Len(t, w.Sender.BaseNonce, 12)
	assert.NotEqual(t, w.Sender.DH, w.Sender.SharedSecret, "the raw DH value is hashed before use")

	// The walkthrough's output is an ordinary HPKE message.
	k, err := HPKEKeyFromBytes(w.RecipientPrivate)
	require.NoError(t, err)
	got, err := k.Open(HPKEMessage{Suite: SuiteX25519AES128GCM, Enc: w.Enc, Ciphertext: w.Ciphertext, Info: info, AAD: aad})
	require.NoError(t, err)
	assert.Equal(t, pt, got)

	require.Len(t, w.Steps, 17)
	actors := map[string]int{}
	for _, s := range w.Steps {
		actors[s.Actor]++
		assert.NotEmpty(t, s.Name)
		assert.NotEmpty(t, s.Formula)
		assert.NotEmpty(t, s.Value, s.Name)
	}
	assert.Equal(t, map[string]int{"sender": 8, "recipient": 7, "both": 2}, actors)

	// Fresh keys each time unless given.
	w2, err := NewWalkthrough(WalkthroughInput{Plaintext: pt})
	require.NoError(t, err)
	assert.NotEqual(t, w.RecipientPublic, w2.RecipientPublic)
	assert.NotEqual(t, w.Enc, w2.Enc)
}

func TestWalkthroughRefusals(t *testing.T) {
	_, err := NewWalkthrough(WalkthroughInput{Suite: SuiteX25519ChaCha20Poly1305})
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "ChaCha20-Poly1305")
	_, err = NewWalkthrough(WalkthroughInput{RecipientIKM: []byte("short")})
	require.ErrorIs(t, err, ErrKeySize)
	_, err = NewWalkthrough(WalkthroughInput{EphemeralIKM: make([]byte, 31)})
	require.ErrorIs(t, err, ErrKeySize)
}
