//go:build !wasm

package app

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/ciphers"
)

const testAESKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func TestAESGCMSealsAndOpens(t *testing.T) {
	w := &aesGCM{ID: "aes", Params: map[string]string{"plaintext": "hello", "aad": "ctx", "key": testAESKey}}
	d := app.NewServerTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	key, err := ciphers.ParseAESKey(testAESKey)
	require.NoError(t, err)
	assert.Equal(t, key, w.key)
	pt, err := key.Open(w.sealed)
	require.NoError(t, err, "what the widget shows opens under the key it shows")
	assert.Equal(t, "hello", string(pt))
	assert.Contains(t, html, `data-hex="`+hex.EncodeToString(w.sealed.Ciphertext)+`"`)
	assert.Contains(t, html, `data-hex="`+hex.EncodeToString(w.sealed.Tag)+`"`)
	assert.Contains(t, html, `data-open="ok"`)
	assert.Contains(t, html, "“hello”")
	assert.Contains(t, html, `data-state="static"`)
}

func TestAESGCMEveryPartFlipFailsOpen(t *testing.T) {
	for _, p := range ciphers.Parts {
		t.Run(p.String(), func(t *testing.T) {
			w := &aesGCM{ID: "aes", Params: map[string]string{"plaintext": "pay bob", "aad": "order-1", "key": testAESKey, "part": p.String(), "bit": "5"}}
			d := app.NewClientTester(w)
			defer d.Close()
			assert.Contains(t, app.HTMLString(w), `data-state="ready"`)

			w.flip()
			w.Update()
			d.Consume()
			html := app.HTMLString(w)
			require.NotNil(t, w.tamper)
			// The engine's verdict on the message the widget shows.
			_, err := w.key.Open(w.tamper.Sealed)
			require.True(t, errors.Is(err, ciphers.ErrAuthFailed), "%v", err)
			assert.Contains(t, html, `data-open="failed"`)
			assert.Contains(t, html, ciphers.ErrAuthFailed.Error())
			assert.Contains(t, html, `class="flipped-byte"`)
			assert.Equal(t, 5, w.tamper.Bit)
			assert.Equal(t, p, w.tamper.Part)

			w.undo()
			w.Update()
			d.Consume()
			assert.Contains(t, app.HTMLString(w), `data-open="ok"`)
		})
	}
}

func TestAESGCMClampsBitAndBadKey(t *testing.T) {
	w := &aesGCM{ID: "aes", Params: map[string]string{"plaintext": "ab", "part": "ciphertext", "bit": "99", "key": "zz"}}
	d := app.NewServerTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	assert.Equal(t, 15, w.bit, "two bytes of ciphertext: bits 0 to 15")
	assert.Contains(t, html, "bit=99 is past the end of the ciphertext (16 bits); using 15")
	assert.Contains(t, html, "using a fresh random key")

	// An empty AAD has no bits to flip: the engine's error is shown.
	w2 := &aesGCM{ID: "aes2", Params: map[string]string{"aad": "", "part": "aad"}}
	d2 := app.NewClientTester(w2)
	defer d2.Close()
	w2.flip()
	w2.Update()
	d2.Consume()
	assert.Nil(t, w2.tamper)
	assert.True(t, errors.Is(w2.flipErr, ciphers.ErrBitOutOfRange))
	assert.Contains(t, app.HTMLString(w2), "Cannot flip")
	assert.Contains(t, app.HTMLString(w2), `data-open="ok"`)
}
