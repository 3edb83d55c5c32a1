package ciphers

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAgreementAgrees(t *testing.T) {
	for range 20 {
		a, err := NewAgreement()
		require.NoError(t, err)
		require.True(t, a.Agree())
		require.Len(t, a.AliceSecret, X25519Size)
		assert.NotEqual(t, a.AlicePublic, a.BobPublic)
		assert.NotEqual(t, a.AliceSecret, a.AlicePublic, "the secret is not a public value")

		// Each side's own computation, from what the other published.
		s, err := X25519(a.BobPrivate, a.AlicePublic)
		require.NoError(t, err)
		assert.Equal(t, a.AliceSecret, s)
	}
}

func TestAgreementDetectsAlteredKey(t *testing.T) {
	a, err := NewAgreement()
	require.NoError(t, err)
	mallory, err := NewAgreement()
	require.NoError(t, err)
	// Alice receives Mallory's key instead of Bob's: the secrets differ.
	s, err := X25519(a.AlicePrivate, mallory.BobPublic)
	require.NoError(t, err)
	assert.NotEqual(t, a.BobSecret, s)
	assert.False(t, Agreement{AliceSecret: s, BobSecret: a.BobSecret}.Agree())
	assert.False(t, Agreement{}.Agree())
}

func TestX25519Malformed(t *testing.T) {
	priv := raceMessage(32)
	_, err := X25519(priv[:31], priv)
	require.ErrorIs(t, err, ErrKeySize)
	_, err = X25519(priv, priv[:31])
	require.ErrorIs(t, err, ErrMalformed)
	// The all-zero point has order 1: every secret would be zero.
	_, err = X25519(priv, make([]byte, 32))
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "low-order")
	_, err = AgreementFrom(priv, nil)
	require.ErrorIs(t, err, ErrKeySize)
	assert.Contains(t, err.Error(), "Bob's private key")
}

func TestX25519Export(t *testing.T) {
	a, err := NewAgreement()
	require.NoError(t, err)
	e, err := X25519Export(a.AlicePrivate)
	require.NoError(t, err)
	assert.Equal(t, "X25519", e.Algorithm)
	pub, err := DecodeHex(e.PublicHex)
	require.NoError(t, err)
	assert.Equal(t, a.AlicePublic, pub)
	_, err = X25519Export(nil)
	require.ErrorIs(t, err, ErrKeySize)
}
