//go:build !wasm

package macs

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/lengthext"
)

// With the right length the naive server accepts the forgery, whose tag is
// what SHA-256 gives for secret || forged message; a wrong guess and an
// HMAC server refuse it.
func TestLengthExtensionForgesAgainstTheNaiveServerOnly(t *testing.T) {
	secret, msg, suffix := "s3cr3t-k3y", "amount=100&to=alice", "&to=mallory"
	params := func(guess, verifier string) map[string]string {
		return map[string]string{"secret": secret, "message": msg, "suffix": suffix, "guess": guess, "verifier": verifier}
	}
	html := kittest.Render(t, NewLengthExt, kit.Placement{ID: "le", Params: params("10", "naive")})
	assert.Equal(t, "yes", kittest.Attrs(t, html, "le-verdict")["data-accepted"])
	forged := append(append([]byte(msg), lengthext.Padding(uint64(len(secret)+len(msg)))...), suffix...)
	direct := sha256.Sum256(append([]byte(secret), forged...))
	assert.Equal(t, hex.EncodeToString(direct[:]), kittest.Text(t, html, "le-forged-tag"), "the tag SHA-256 itself gives the forged message")
	assert.Contains(t, kittest.Text(t, html, "le-forged"), `alice\x80\x00`, "the glue sits inside the forged message")

	html = kittest.Render(t, NewLengthExt, kit.Placement{ID: "le", Params: params("9", "naive")})
	assert.Equal(t, "no", kittest.Attrs(t, html, "le-verdict")["data-accepted"])
	assert.Contains(t, kittest.Text(t, html, "le-verdict"), "the guessed length is wrong")

	html = kittest.Render(t, NewLengthExt, kit.Placement{ID: "le", Params: params("10", "hmac")})
	assert.Equal(t, "no", kittest.Attrs(t, html, "le-verdict")["data-accepted"])
	assert.Contains(t, kittest.Text(t, html, "le-verdict"), "HMAC")
}
