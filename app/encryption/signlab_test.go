//go:build !wasm

package encryption

import (
	"crypto/rsa"
	"encoding/hex"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/ciphers"
)

const testSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60" // RFC 8032 test 1

func TestSignLabEd25519EditFailsVerify(t *testing.T) {
	w := NewSignLab(kit.Placement{ID: "sl", Params: map[string]string{"message": "pay 10", "seed": testSeed}}).(*signLab)
	d := app.NewClientTester(w)
	defer d.Close()
	seed, _ := hex.DecodeString(testSeed)
	k, err := ciphers.Ed25519KeyFromSeed(seed)
	require.NoError(t, err)
	want, err := k.Sign([]byte("pay 10"))
	require.NoError(t, err)
	html := app.HTMLString(w)
	assert.Contains(t, html, `data-state="ready"`)
	assert.Contains(t, html, `data-hex="`+hex.EncodeToString(want)+`"`, "the engine's signature of the message")
	assert.Contains(t, html, hex.EncodeToString(k.Public()))
	assert.Contains(t, html, `data-verify="ok"`)

	w.Set("received", "pay 1000") // the attacker in the middle edits the copy
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Contains(t, html, `data-verify="failed"`)
	assert.ErrorIs(t, ciphers.VerifyEd25519(k.Public(), []byte("pay 1000"), want), ciphers.ErrBadSignature)
	assert.Contains(t, html, ciphers.ErrBadSignature.Error())

	// Deterministic: signing again gives the same bytes.
	w.sign()
	w.Update()
	d.Consume()
	assert.Equal(t, "", w.Value("received"), "signing hands the verifier an unchanged copy")
	assert.Contains(t, app.HTMLString(w), `data-again="same"`)
	assert.Contains(t, app.HTMLString(w), `data-verify="ok"`, "signing hands the verifier a fresh copy")
}

func TestSignLabRSAPSSIsRandomized(t *testing.T) {
	w := NewSignLab(kit.Placement{ID: "sl", Params: map[string]string{"alg": "rsa-pss", "rsabits": "1024", "message": "m", "received": "m!"}}).(*signLab)
	d := app.NewServerTester(w)
	defer d.Close()
	assert.Contains(t, app.HTMLString(w), `data-verify="none"`, "no key yet before mounting")
	assert.Nil(t, w.rsa)

	// What mounting does in a browser.
	w.ensureKey()
	require.NotNil(t, w.rsa)
	assert.Equal(t, 1024, w.rsa.Bits)
	pub, err := ciphers.ParsePublicKeyPEM(w.rsa.PublicPEM)
	require.NoError(t, err)
	first := w.sig
	require.NoError(t, ciphers.VerifyPSS(pub.(*rsa.PublicKey), []byte("m"), first))
	assert.Len(t, first, 128)
	w.signAndVerify()
	w.Update()
	d.Consume()
	html := app.HTMLString(w)
	assert.NotEqual(t, first, w.sig)
	assert.NoError(t, ciphers.VerifyPSS(pub.(*rsa.PublicKey), []byte("m"), w.sig), "both signatures verify")
	assert.Contains(t, html, `data-again="different"`)
	assert.Contains(t, html, "too weak for real use")

	w.Set("received", "M")
	w.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(w), `data-verify="failed"`)
}

func TestSignLabBadSeedNote(t *testing.T) {
	w := NewSignLab(kit.Placement{ID: "sl", Params: map[string]string{"seed": "abcd"}}).(*signLab)
	d := app.NewServerTester(w)
	defer d.Close()
	assert.Contains(t, app.HTMLString(w), "seed is not a 32-byte hex seed")
	assert.Contains(t, app.HTMLString(w), `data-verify="ok"`)
}

// The RSA key is made in the worker while the widget says so and keeps
// Sign disabled; a worker that forgot the key (it restarted) gets asked
// for a new one instead of showing an error.
func TestSignLabAsyncRSAKey(t *testing.T) {
	held := holdCipherCalls(t)
	w := NewSignLab(kit.Placement{ID: "sl", Params: map[string]string{"alg": "rsa-pss", "rsabits": "1024", "message": "m"}}).(*signLab)
	d := app.NewClientTester(w)
	defer d.Close()
	assert.Equal(t, []string{"ed25519.key"}, held.ops())
	assert.Contains(t, app.HTMLString(w), `data-state="static"`)

	held.deliver(t, 0)
	w.Update()
	d.Consume()
	html := app.HTMLString(w)
	assert.Equal(t, []string{"rsa.keygen"}, held.ops())
	assert.Contains(t, html, `data-state="ready"`)
	assert.Contains(t, html, "Generating a 1024-bit RSA key")
	assert.True(t, disabled(t, html, "sl-sign"))

	held.release(t, w, d)
	html = app.HTMLString(w)
	assert.Contains(t, html, `data-verify="ok"`)
	assert.False(t, disabled(t, html, "sl-sign"))
	handle := w.rsa.Handle

	// The worker restarted: the handle is unknown there.
	held.calls = nil
	prev := *w.rsa
	w.rsa.Handle = 999
	w.signAndVerify()
	held.release(t, w, d)
	require.NotNil(t, w.rsa)
	assert.NotEqual(t, prev.PublicHex, w.rsa.PublicHex, "a new key was made")
	assert.NotEqual(t, handle, w.rsa.Handle)
	assert.Contains(t, app.HTMLString(w), `data-verify="ok"`)
}
