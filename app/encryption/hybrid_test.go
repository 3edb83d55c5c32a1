//go:build !wasm

package encryption

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/ciphers"
)

func TestHybridShowsTheEnginesWalkthrough(t *testing.T) {
	w := NewHybrid(kit.Placement{ID: "hy", Params: map[string]string{"keys": "rfc9180", "step": "17"}}).(*hybrid)
	d := app.NewServerTester(w)
	defer d.Close()
	require.NoError(t, w.err)
	ikmR, _ := hex.DecodeString(rfc9180IkmR)
	ikmE, _ := hex.DecodeString(rfc9180IkmE)
	want, err := ciphers.NewWalkthrough(ciphers.WalkthroughInput{Plaintext: []byte(rfc9180PT), Info: []byte(rfc9180Info), AAD: []byte(rfc9180AAD), RecipientIKM: ikmR, EphemeralIKM: ikmE})
	require.NoError(t, err)
	html := app.HTMLString(w)
	require.Len(t, want.Steps, 17)
	for _, s := range want.Steps {
		assert.Contains(t, html, `data-hex="`+hex.EncodeToString(s.Value)+`"`, s.Name)
	}
	// Deterministic key material: the RFC's recipient key comes out again.
	k, err := ciphers.HPKEKeyFromIKM(ikmR)
	require.NoError(t, err)
	assert.Equal(t, k.PublicKey(), w.walk.RecipientPublic)
	assert.Contains(t, html, `data-agree="yes"`)
	assert.Contains(t, html, "“"+rfc9180PT+"”")
}

func TestHybridRevealsStepByStep(t *testing.T) {
	w := NewHybrid(kit.Placement{ID: "hy", Params: map[string]string{"plaintext": "hi", "step": "3"}}).(*hybrid)
	d := app.NewClientTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	assert.Equal(t, 3, strings.Count(html, `data-actor=`))
	assert.NotContains(t, html, `data-agree=`)

	w.Set("step", "17") // Show all
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Equal(t, 17, strings.Count(html, `data-actor=`))
	assert.Contains(t, html, `data-agree="yes"`)
	assert.Equal(t, w.walk.Sender.Key, w.walk.Recipient.Key)
	// The sent size is enc plus the message plus the tag.
	assert.Len(t, w.walk.Ciphertext, 2+ciphers.TagSize)
	assert.Contains(t, html, "50 B in all")
}

// Until the worker answers, the walkthrough says it is working, shows no
// step and no verdict, and the widget is not ready; typing while a call is
// out keeps only the newest answer.
func TestHybridAsyncStates(t *testing.T) {
	held := holdCipherCalls(t)
	w := NewHybrid(kit.Placement{ID: "hy", Params: map[string]string{"plaintext": "hi", "step": "17"}}).(*hybrid)
	d := app.NewClientTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	assert.Contains(t, html, `data-state="static"`)
	assert.Contains(t, html, `data-working="yes"`)
	assert.Equal(t, 0, strings.Count(html, `data-actor=`))
	assert.NotContains(t, html, `data-agree=`)

	w.Set("plaintext", "hello")
	held.release(t, w, d)
	html = app.HTMLString(w)
	assert.Contains(t, html, `data-state="ready"`)
	assert.NotContains(t, html, `data-working`)
	assert.Equal(t, []byte("hello"), w.walk.Opened, "the newest input's walkthrough")
	assert.Equal(t, 17, strings.Count(html, `data-actor=`))
	assert.Contains(t, html, `data-agree="yes"`)
}

// Ticking RFC 9180's example takes its keys and its texts, and the boxes
// show the texts that are encrypted; a lesson that asks for keys=rfc9180
// alone gets the same.
func TestHybridRFCExample(t *testing.T) {
	w := NewHybrid(kit.Placement{ID: "hy", Params: map[string]string{"step": "17"}}).(*hybrid)
	d := app.NewClientTester(w)
	defer d.Close()
	random := w.walk.RecipientPublic
	w.useRFC(true)
	w.Update()
	d.Consume()
	assert.Equal(t, []byte(rfc9180PT), w.walk.Opened)
	assert.NotEqual(t, random, w.walk.RecipientPublic)
	html := app.HTMLString(w)
	assert.Equal(t, rfc9180PT, kittest.Attrs(t, html, "hy-plaintext")["value"])
	assert.Equal(t, rfc9180Info, kittest.Attrs(t, html, "hy-info")["value"])
	assert.Contains(t, kittest.Attrs(t, html, "hy-rfc"), "checked")

	lesson := kittest.Render(t, NewHybrid, kit.Placement{ID: "hy", Params: map[string]string{"keys": "rfc9180"}})
	assert.Equal(t, rfc9180PT, kittest.Attrs(t, lesson, "hy-plaintext")["value"])

	w.useRFC(false)
	assert.Equal(t, "random", w.Value("keys"))
	assert.NotEqual(t, w.walk.RecipientPublic, random, "fresh random keys")
}
