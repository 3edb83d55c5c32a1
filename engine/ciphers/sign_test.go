package ciphers

import (
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// RSA key generation costs up to a second under wasm, so the tests share one
// key of each size.
var (
	rsaOnce            sync.Once
	rsa2048, rsa1024   RSAKey
	rsaErr2048, rsaErr error
)

func testRSAKeys(t testing.TB) (RSAKey, RSAKey) {
	t.Helper()
	rsaOnce.Do(func() {
		rsa2048, rsaErr2048 = NewRSAKey(0) // 0 means the default size
		rsa1024, rsaErr = NewRSAKey(1024)
	})
	require.NoError(t, rsaErr2048)
	require.NoError(t, rsaErr)
	return rsa2048, rsa1024
}

func TestEd25519SignVerify(t *testing.T) {
	k, err := NewEd25519Key()
	require.NoError(t, err)
	other, err := NewEd25519Key()
	require.NoError(t, err)
	msg := []byte("pay Bob 5 coins")
	sig, err := k.Sign(msg)
	require.NoError(t, err)
	require.Len(t, sig, ed25519.SignatureSize)
	require.NoError(t, VerifyEd25519(k.Public(), msg, sig))

	again, err := k.Sign(msg)
	require.NoError(t, err)
	assert.Equal(t, sig, again, "Ed25519 is deterministic")

	require.ErrorIs(t, VerifyEd25519(k.Public(), []byte("pay Bob 50 coins"), sig), ErrBadSignature)
	require.ErrorIs(t, VerifyEd25519(other.Public(), msg, sig), ErrBadSignature)
	for _, bit := range []int{0, 100, 511} {
		bad := clone(sig)
		bad[bit/8] ^= 0x80 >> (bit % 8)
		require.ErrorIs(t, VerifyEd25519(k.Public(), msg, bad), ErrBadSignature, "bit %d", bit)
	}

	re, err := Ed25519KeyFromSeed(k.Seed())
	require.NoError(t, err)
	assert.Equal(t, k.Public(), re.Public())
}

func TestEd25519Malformed(t *testing.T) {
	k, err := NewEd25519Key()
	require.NoError(t, err)
	sig, err := k.Sign(nil)
	require.NoError(t, err)
	require.ErrorIs(t, VerifyEd25519(k.Public()[:31], nil, sig), ErrMalformed)
	require.ErrorIs(t, VerifyEd25519(nil, nil, sig), ErrMalformed)
	require.ErrorIs(t, VerifyEd25519(k.Public(), nil, sig[:63]), ErrMalformed)
	_, err = Ed25519KeyFromSeed(make([]byte, 31))
	require.ErrorIs(t, err, ErrKeySize)

	var zero Ed25519Key
	assert.False(t, zero.Valid())
	assert.Nil(t, zero.Public())
	assert.Nil(t, zero.Seed())
	_, err = zero.Sign([]byte("x"))
	require.ErrorIs(t, err, ErrKeySize)
	_, err = zero.Export()
	require.ErrorIs(t, err, ErrKeySize)
}

func TestEd25519Export(t *testing.T) {
	k, err := NewEd25519Key()
	require.NoError(t, err)
	e, err := k.Export()
	require.NoError(t, err)
	assert.Equal(t, "Ed25519", e.Algorithm)
	assert.Len(t, e.PublicHex, 64)
	assert.Len(t, e.PrivateHex, 64)
	assert.True(t, strings.HasPrefix(e.PublicPEM, "-----BEGIN PUBLIC KEY-----\n"))
	assert.True(t, strings.HasPrefix(e.PrivatePEM, "-----BEGIN PRIVATE KEY-----\n"))
	pub, err := ParsePublicKeyPEM(e.PublicPEM)
	require.NoError(t, err)
	assert.Equal(t, k.Public(), pub)
	seed, err := DecodeHex(e.PrivateHex)
	require.NoError(t, err)
	assert.Equal(t, k.Seed(), seed)
}

func TestRSAKeySizes(t *testing.T) {
	k2048, k1024 := testRSAKeys(t)
	assert.Equal(t, RSADefaultBits, k2048.Bits())
	assert.False(t, k2048.Weak())
	assert.Equal(t, 1024, k1024.Bits())
	assert.True(t, k1024.Weak(), "1024 is allowed for speed demos, and flagged")

	// Refusals are decided before any key is generated, so they are cheap.
	for _, bits := range []int{-1, 512, 768, 1000, 1023, 2049, 4100, 8192} {
		_, err := NewRSAKey(bits)
		require.ErrorIs(t, err, ErrKeySize, "%d bits", bits)
	}
	_, err := NewRSAKey(768)
	assert.Contains(t, err.Error(), "RSA-768 is refused")
	_, err = NewRSAKey(8192)
	assert.Contains(t, err.Error(), "at most 4096-bit")

	var zero RSAKey
	assert.Zero(t, zero.Bits())
	assert.Nil(t, zero.Public())
	_, err = zero.SignPSS(nil)
	require.ErrorIs(t, err, ErrKeySize)
	_, err = zero.DecryptOAEP(nil, nil)
	require.ErrorIs(t, err, ErrKeySize)
}

func TestRSAPSS(t *testing.T) {
	k, k1024 := testRSAKeys(t)
	msg := []byte("transfer 10 to Carol")
	sig, err := k.SignPSS(msg)
	require.NoError(t, err)
	require.Len(t, sig, 256)
	require.NoError(t, VerifyPSS(k.Public(), msg, sig))

	again, err := k.SignPSS(msg)
	require.NoError(t, err)
	assert.NotEqual(t, sig, again, "PSS is randomized")
	require.NoError(t, VerifyPSS(k.Public(), msg, again))

	require.ErrorIs(t, VerifyPSS(k.Public(), []byte("transfer 100 to Carol"), sig), ErrBadSignature)
	require.ErrorIs(t, VerifyPSS(k1024.Public(), msg, sig), ErrBadSignature, "wrong key")
	bad := clone(sig)
	bad[100] ^= 0x10
	require.ErrorIs(t, VerifyPSS(k.Public(), msg, bad), ErrBadSignature)
	require.ErrorIs(t, VerifyPSS(k.Public(), msg, sig[:255]), ErrBadSignature)
	require.ErrorIs(t, VerifyPSS(nil, msg, sig), ErrMalformed)
	require.ErrorIs(t, VerifyPSS(&rsa.PublicKey{}, msg, sig), ErrMalformed)

	small, err := k1024.SignPSS(msg)
	require.NoError(t, err)
	require.NoError(t, VerifyPSS(k1024.Public(), msg, small))
}

func TestMaxOAEPMessage(t *testing.T) {
	for bits, want := range map[int]int{1024: 62, 2048: 190, 3072: 318, 4096: 446, 512: 0, 0: 0} {
		assert.Equal(t, want, MaxOAEPMessage(bits), "%d bits", bits)
	}
}

func TestRSAOAEP(t *testing.T) {
	k, k1024 := testRSAKeys(t)
	limit := MaxOAEPMessage(k.Bits())
	for _, size := range []int{0, 1, 32, limit} {
		msg := raceMessage(size)
		ct, err := EncryptOAEP(k.Public(), msg, []byte("label"))
		require.NoError(t, err, "%d bytes", size)
		require.Len(t, ct, 256)
		pt, err := k.DecryptOAEP(ct, []byte("label"))
		require.NoError(t, err)
		assert.Equal(t, nonNil(msg), nonNil(pt))
	}

	_, err := EncryptOAEP(k.Public(), raceMessage(limit+1), nil)
	require.ErrorIs(t, err, ErrMessageTooLong)
	var size *OAEPSizeError
	require.True(t, errors.As(err, &size))
	assert.Equal(t, OAEPSizeError{Size: limit + 1, Max: limit, KeyBits: 2048}, *size)
	assert.Contains(t, err.Error(), "at most 190 bytes")
	assert.Contains(t, err.Error(), "this message is 191 bytes")
	assert.Contains(t, err.Error(), "hybrid encryption")

	_, err = EncryptOAEP(k1024.Public(), raceMessage(63), nil)
	require.ErrorIs(t, err, ErrMessageTooLong, "RSA-1024 stops at 62 bytes")

	ct, err := EncryptOAEP(k.Public(), []byte("secret"), []byte("label"))
	require.NoError(t, err)
	_, err = k.DecryptOAEP(ct, []byte("other label"))
	require.ErrorIs(t, err, ErrDecryption)
	_, err = k1024.DecryptOAEP(ct, []byte("label"))
	require.ErrorIs(t, err, ErrDecryption, "wrong key")
	bad := clone(ct)
	bad[17] ^= 1
	_, err = k.DecryptOAEP(bad, []byte("label"))
	require.ErrorIs(t, err, ErrDecryption)
	_, err = k.DecryptOAEP(ct[:10], []byte("label"))
	require.ErrorIs(t, err, ErrDecryption)
	_, err = EncryptOAEP(nil, []byte("x"), nil)
	require.ErrorIs(t, err, ErrMalformed)
}

func TestRSAExport(t *testing.T) {
	k, k1024 := testRSAKeys(t)
	e, err := k.Export()
	require.NoError(t, err)
	assert.Equal(t, "RSA-2048", e.Algorithm)
	assert.Equal(t, 2048, e.Bits)
	assert.Empty(t, e.Note)
	pub, err := ParsePublicKeyPEM(e.PublicPEM)
	require.NoError(t, err)
	assert.True(t, k.Public().Equal(pub))
	assert.Contains(t, e.PrivatePEM, "-----BEGIN PRIVATE KEY-----")

	weak, err := k1024.Export()
	require.NoError(t, err)
	assert.Contains(t, weak.Note, "speed demos only")
}

func TestParsePublicKeyPEM(t *testing.T) {
	k, _ := testRSAKeys(t)
	e, err := k.Export()
	require.NoError(t, err)
	x, err := X25519Export(raceMessage(32))
	require.NoError(t, err)
	pub, err := ParsePublicKeyPEM("some text before\n" + x.PublicPEM)
	require.NoError(t, err)
	require.NotNil(t, pub)

	tests := []struct {
		name, in, msg string
	}{
		{"empty", "", "no PEM block"},
		{"private key", e.PrivatePEM, "never paste a private key"},
		{"certificate type", strings.ReplaceAll(e.PublicPEM, "PUBLIC KEY", "CERTIFICATE"), "want \"PUBLIC KEY\""},
		{"garbage body", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "malformed"},
		{"too long", strings.Repeat("A", maxPEMInput+1), "longer than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePublicKeyPEM(tc.in)
			require.ErrorIs(t, err, ErrMalformed)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}
