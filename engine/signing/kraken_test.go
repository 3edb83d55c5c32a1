package signing

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKrakenSignatureVector(t *testing.T) {
	k := loadPresets(t).Kraken
	require.NotEmpty(t, k.APISign)
	got, err := KrakenSignature(k.Secret, k.URLPath, k.Nonce, k.PostData)
	require.NoError(t, err)
	assert.Equal(t, k.APISign, got)

	s, err := KrakenSign(k.Secret, k.URLPath, k.Nonce, k.PostData)
	require.NoError(t, err)
	assert.Equal(t, k.Nonce+k.PostData, s.NoncePostData)
	sum := sha256.Sum256([]byte(k.Nonce + k.PostData))
	assert.Equal(t, hex.EncodeToString(sum[:]), s.SHA256Hex)
	assert.Equal(t, hex.EncodeToString([]byte(k.URLPath))+s.SHA256Hex, s.MessageHex)

	// every input is part of what is signed
	for _, changed := range [][4]string{
		{k.Secret, "/0/private/Balance", k.Nonce, k.PostData},
		{k.Secret, k.URLPath, k.Nonce + "1", k.PostData},
		{k.Secret, k.URLPath, k.Nonce, k.PostData + "&x=1"},
	} {
		other, err := KrakenSignature(changed[0], changed[1], changed[2], changed[3])
		require.NoError(t, err)
		assert.NotEqual(t, k.APISign, other)
	}
}

func TestKrakenBadSecret(t *testing.T) {
	_, err := KrakenSignature("not base64!", "/0/private/Balance", "1", "nonce=1")
	assert.ErrorContains(t, err, "base64")
}
