//go:build !wasm

package macs

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
)

// The widget's last step is HMAC-SHA256 itself: every RFC 4231 case whose
// key and data are text a learner can type gives the published tag, and
// the pads are the key xor 0x36 and 0x5c.
func TestHMACStepsMatchRFC4231(t *testing.T) {
	raw, err := os.ReadFile("../../engine/internal/vectors/testdata/hmac.json")
	require.NoError(t, err)
	var v struct {
		RFC4231 struct {
			Cases []struct {
				Key   string `json:"key_hex"`
				Data  string `json:"data_hex"`
				Trunc *int   `json:"truncate_to_bytes"`
				Tag   string `json:"hmac_sha256"`
			} `json:"cases"`
		} `json:"rfc4231"`
	}
	require.NoError(t, json.Unmarshal(raw, &v))
	typed := 0
	for _, c := range v.RFC4231.Cases {
		key, _ := hex.DecodeString(c.Key)
		data, _ := hex.DecodeString(c.Data)
		if c.Trunc != nil || !printable(key) || !printable(data) {
			continue
		}
		typed++
		html := kittest.Render(t, NewHMACSteps, kit.Placement{ID: "hs", Params: map[string]string{"key": string(key), "message": string(data)}})
		assert.Equal(t, c.Tag, kittest.Text(t, html, "hs-tag"))
		assert.Equal(t, "yes", kittest.Attrs(t, html, "hs-check")["data-match"])
		ipad := kittest.Text(t, html, "hs-ipad")
		if len(key) <= 64 {
			assert.True(t, strings.HasPrefix(ipad, hex.EncodeToString(xor(key, 0x36))), "K0 xor ipad starts with the key xor 0x36")
			assert.True(t, strings.HasSuffix(ipad, "36363636"), "and the zero padding becomes 0x36")
			assert.True(t, strings.HasSuffix(kittest.Text(t, html, "hs-opad"), "5c5c5c5c"))
		}
	}
	assert.GreaterOrEqual(t, typed, 1, "RFC 4231 has a case with a typeable key and data (case 2)")
}

func printable(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func xor(b []byte, x byte) []byte {
	out := make([]byte, len(b))
	for i := range b {
		out[i] = b[i] ^ x
	}
	return out
}
