package signing

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBinanceSignatureVectors(t *testing.T) {
	v := loadHMAC(t)
	for _, c := range v.Binance.Cases {
		assert.Equal(t, c.Signature, BinanceSignature(v.Binance.SecretKey, c.Payload), c.Name)
		// the whole payload as a query string, or as a body, signs the same
		assert.Equal(t, c.Signature, BinanceSign(v.Binance.SecretKey, c.Payload, "").Signature, c.Name)
		assert.Equal(t, c.Signature, BinanceSign(v.Binance.SecretKey, "", c.Payload).Signature, c.Name)
	}
}

func TestBinanceSignExamples(t *testing.T) {
	v, p := loadHMAC(t), loadPresets(t)
	require.NotEmpty(t, p.Binance.Cases)
	for _, c := range p.Binance.Cases {
		s := BinanceSign(v.Binance.SecretKey, c.Query, c.Body)
		assert.Equal(t, c.TotalParams, s.TotalParams, c.Name)
		assert.Equal(t, c.Signature, s.Signature, c.Name)
		assert.Equal(t, s.TotalParams, s.QueryString+s.Body, c.Name)
	}
}

func TestBinanceSignatureIsCaseSensitiveOnInput(t *testing.T) {
	v := loadHMAC(t)
	c := v.Binance.Cases[0]
	assert.NotEqual(t, c.Signature, BinanceSignature(v.Binance.SecretKey, strings.ToLower(c.Payload)))
	assert.NotEqual(t, c.Signature, BinanceSignature(strings.ToLower(v.Binance.SecretKey), c.Payload))
}

func TestBinancePercentEncode(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"symbol=LTCBTC&a": "symbol=LTCBTC&a",
		"s=\uff11":        "s=%EF%BC%91",
		"é":               "%C3%A9",
		"a b+c%20":        "a b+c%20", // ASCII is sent, and so signed, as it is
	} {
		assert.Equal(t, want, BinancePercentEncode(in), in)
	}
}
