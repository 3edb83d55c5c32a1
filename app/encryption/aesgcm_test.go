//go:build !wasm

package encryption

import (
	"encoding/hex"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/ciphers"
)

const testAESKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

// engineSealed converts what the widget shows back into the engine's type,
// so the engine judges it.
func engineSealed(s sealedMsg) ciphers.Sealed {
	return ciphers.Sealed{Nonce: s.Nonce, Ciphertext: s.Ciphertext, Tag: s.Tag, AAD: s.AAD}
}

func TestAESGCMSealsAndOpens(t *testing.T) {
	w := NewAESGCM(kit.Placement{ID: "aes", Params: map[string]string{"plaintext": "hello", "aad": "ctx", "key": testAESKey}}).(*aesGCM)
	d := app.NewServerTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	key, err := ciphers.ParseAESKey(testAESKey)
	require.NoError(t, err)
	assert.Equal(t, testAESKey, w.key)
	pt, err := key.Open(engineSealed(w.sealed))
	require.NoError(t, err, "what the widget shows opens under the key it shows")
	assert.Equal(t, "hello", string(pt))
	assert.Contains(t, html, `data-hex="`+hex.EncodeToString(w.sealed.Ciphertext)+`"`)
	assert.Contains(t, html, `data-hex="`+hex.EncodeToString(w.sealed.Tag)+`"`)
	assert.Contains(t, html, `data-open="ok"`)
	assert.Contains(t, html, "“hello”")
	assert.Contains(t, html, `data-state="static"`)
	assert.NotContains(t, html, `data-working`, "pre-rendered with the result, not a spinner")
}

func TestAESGCMEveryPartFlipFailsOpen(t *testing.T) {
	for _, p := range ciphers.Parts {
		t.Run(p.String(), func(t *testing.T) {
			w := NewAESGCM(kit.Placement{ID: "aes", Params: map[string]string{"plaintext": "pay bob", "aad": "order-1", "key": testAESKey, "part": p.String(), "bit": "5"}}).(*aesGCM)
			d := app.NewClientTester(w)
			defer d.Close()
			assert.Contains(t, app.HTMLString(w), `data-state="ready"`)

			w.flip()
			w.Update()
			d.Consume()
			html := app.HTMLString(w)
			require.NotNil(t, w.tamper)
			// The engine's verdict on the message the widget shows.
			key, _ := ciphers.ParseAESKey(testAESKey)
			_, err := key.Open(engineSealed(w.tamper.Sealed))
			require.ErrorIs(t, err, ciphers.ErrAuthFailed)
			assert.Contains(t, html, `data-open="failed"`)
			assert.Contains(t, html, ciphers.ErrAuthFailed.Error())
			assert.Contains(t, html, `class="flipped-byte"`)
			assert.Equal(t, 5, w.tamper.Bit)
			assert.Equal(t, p.String(), w.tamper.Part)

			w.undo()
			w.Update()
			d.Consume()
			assert.Contains(t, app.HTMLString(w), `data-open="ok"`)
		})
	}
}

func TestAESGCMClampsBitAndBadKey(t *testing.T) {
	w := NewAESGCM(kit.Placement{ID: "aes", Params: map[string]string{"plaintext": "ab", "part": "ciphertext", "bit": "99", "key": "zz"}}).(*aesGCM)
	d := app.NewServerTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	assert.Equal(t, 15, w.bit, "two bytes of ciphertext: bits 0 to 15")
	assert.Contains(t, html, "bit=99 is past the end of the ciphertext (16 bits); using 15")
	assert.Contains(t, html, "using a fresh random key")
	assert.Len(t, w.key, 64)

	// An empty AAD has no bits to flip: the engine's error is shown.
	w2 := NewAESGCM(kit.Placement{ID: "aes2", Params: map[string]string{"aad": "", "part": "aad"}}).(*aesGCM)
	d2 := app.NewClientTester(w2)
	defer d2.Close()
	w2.flip()
	w2.Update()
	d2.Consume()
	assert.Nil(t, w2.tamper)
	assert.Contains(t, w2.flipErr.Error(), ciphers.ErrBitOutOfRange.Error())
	assert.Contains(t, app.HTMLString(w2), "Cannot flip")
	assert.Contains(t, app.HTMLString(w2), `data-open="ok"`)
}

// While a call is out the widget says it is working, is not yet ready, and
// its buttons are disabled; the reply brings the result.
func TestAESGCMAsyncStates(t *testing.T) {
	held := holdCipherCalls(t)
	w := NewAESGCM(kit.Placement{ID: "aes", Params: map[string]string{"plaintext": "hi", "key": testAESKey}}).(*aesGCM)
	d := app.NewClientTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	assert.Contains(t, html, `data-state="static"`, "not interactive before the first seal answers")
	assert.Contains(t, html, `data-open="pending"`)
	assert.Equal(t, []string{"aes.seal"}, held.ops())
	assert.True(t, disabled(t, html, "aes-flip"), "flip waits for a sealed message")

	held.release(t, w, d)
	html = app.HTMLString(w)
	assert.Contains(t, html, `data-state="ready"`)
	assert.Contains(t, html, `data-open="ok"`)
	assert.False(t, disabled(t, html, "aes-flip"))
	assert.NotContains(t, html, `data-working`)

	w.flip()
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Contains(t, html, `data-working="yes"`)
	assert.True(t, disabled(t, html, "aes-flip"))
	assert.True(t, disabled(t, html, "aes-reseal"))
	assert.Contains(t, html, `data-open="ok"`, "the verdict changes only when the reply comes")

	held.release(t, w, d)
	assert.Contains(t, app.HTMLString(w), `data-open="failed"`)
}

// A reply to a call that a newer one superseded is dropped: typing fast
// must not show an older text's seal last.
func TestAESGCMDropsSupersededReplies(t *testing.T) {
	held := holdCipherCalls(t)
	w := NewAESGCM(kit.Placement{ID: "aes", Params: map[string]string{"plaintext": "a", "key": testAESKey}}).(*aesGCM)
	d := app.NewClientTester(w)
	defer d.Close()
	w.Set("plaintext", "ab") // a learner typing: every change seals
	w.Set("plaintext", "abc")
	require.Len(t, held.calls, 3)
	// Deliver newest first, then the older ones.
	held.deliver(t, 2)
	held.deliver(t, 1)
	held.deliver(t, 0)
	w.Update()
	d.Consume()
	assert.Equal(t, "abc", w.opened)
	assert.Len(t, w.sealed.Ciphertext, 3)
	assert.False(t, w.jobs.Busy())
}

// A new part or bit keeps the sealed message (flipping is about that
// message); a new text seals again under the same random key.
func TestAESGCMControlsKeepTheSeal(t *testing.T) {
	w := NewAESGCM(kit.Placement{ID: "aes", Params: map[string]string{"plaintext": "hello"}}).(*aesGCM)
	d := app.NewClientTester(w)
	defer d.Close()
	sealed, key := w.sealed, w.key
	require.Len(t, key, 64)
	w.Set("part", "tag")
	assert.Equal(t, sealed, w.sealed, "no new nonce for another part")
	w.Set("bit", "200")
	assert.Equal(t, 127, w.bit, "a 16-byte tag has bits 0 to 127")
	assert.Contains(t, w.Notes(), "bit=200 is past the end of the tag (128 bits); using 127")
	w.flip()
	require.NotNil(t, w.tamper)
	assert.Equal(t, 127, w.tamper.Bit)
	assert.Equal(t, map[string]string{"part": "tag", "bit": "200"}, w.Modified(), "the state a link carries")

	w.Set("plaintext", "hello!")
	assert.Equal(t, key, w.key, "the same key")
	assert.NotEqual(t, sealed.Nonce, w.sealed.Nonce)
	assert.Nil(t, w.tamper)
	k, err := ciphers.ParseAESKey(key)
	require.NoError(t, err)
	pt, err := k.Open(engineSealed(w.sealed))
	require.NoError(t, err)
	assert.Equal(t, "hello!", string(pt))
	assert.NotRegexp(t, `(checked|selected|disabled)="false"`, kittest.Render(t, NewAESGCM, kit.Placement{ID: "aes"}))
}
