package apikeys

import (
	"crypto/ed25519"
	"encoding/hex"
	"html"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

// played runs a whole scenario against its sandbox.
func played(scenario string) *play {
	p := newPlay(scenario)
	for range p.total() {
		p.next()
	}
	return p
}

type answer struct {
	status int
	code   string
}

func answers(p *play) []answer {
	out := make([]answer, len(p.sent))
	for i, s := range p.sent {
		out[i] = answer{s.Resp.Status, s.Resp.Code}
	}
	return out
}

// Each scenario gets from the real exchange the answers the lesson
// describes.
func TestScenarios(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		want     []answer
	}{
		{"scope", []answer{{200, ""}, {403, exchange.CodeInsufficientScope}, {200, ""}, {201, ""}}},
		{"allowlist", []answer{{403, exchange.CodeIPNotAllowed}, {200, ""}}},
		{"bola", []answer{{201, ""}, {200, ""}, {404, exchange.CodeNotFound}, {404, exchange.CodeNotFound}}},
		{"ed25519", []answer{{201, ""}, {401, signing.CodeBadSignature}}},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			p := played(tc.scenario)
			assert.Equal(t, tc.want, answers(p))
			for _, s := range p.sent {
				require.NoError(t, s.Resp.Err)
			}
		})
	}
}

// The refused order's nonce is used again by a read, and accepted: the
// 403 spent nothing.
func TestScopeRefusalSpendsNoNonce(t *testing.T) {
	p := played("scope")
	assert.Equal(t, p.sent[1].Nonce, p.sent[2].Nonce)
	assert.Equal(t, exchange.DemoReadKey, p.sent[1].Key)
	assert.Empty(t, p.sb.Exchange.Orders(exchange.DemoReadKey), "the refused order stored nothing")
	assert.Len(t, p.sb.Exchange.Orders(exchange.DemoKey), 1)
	for _, s := range p.sent {
		assert.NotEmpty(t, s.Resp.Header.Get("RateLimit"), "every signed answer carries RateLimit")
	}
}

// The allow-list scenario differs only in the client's address.
func TestAllowListAddresses(t *testing.T) {
	p := played("allowlist")
	assert.Equal(t, strangerAddr, p.sent[0].From)
	assert.Equal(t, officeAddr, p.sent[1].From)
	assert.Contains(t, p.sent[0].Resp.Detail, strangerAddr.String())
	assert.False(t, officeNet.Contains(strangerAddr))
	assert.True(t, officeNet.Contains(officeAddr))
}

// demo-read asks for demo's real order and for a made-up id: the two
// answers say the same thing but for the id itself.
func TestBOLAAnswersAlike(t *testing.T) {
	p := played("bola")
	require.NotEmpty(t, p.orderID)
	assert.Equal(t, exchange.PathOrders+"/"+p.orderID, p.sent[1].Path)
	assert.Contains(t, string(p.sent[1].Resp.Body), p.orderID)
	other, none := p.sent[2].Resp, p.sent[3].Resp
	assert.Equal(t, other.Code, none.Code)
	assert.Equal(t, other.Detail, strings.ReplaceAll(none.Detail, madeUpID, p.orderID), "the same wording for both")
}

// The Ed25519 scenario signs with the published seed, whose public key is
// RFC 8032's test 1 key.
func TestEd25519Scenario(t *testing.T) {
	p := played("ed25519")
	pub := exchange.DemoEd25519PrivateKey().Public().(ed25519.PublicKey)
	assert.Equal(t, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", hex.EncodeToString(pub))
	assert.Regexp(t, `^Ed25519 apiKey="demo-ed25519"`, p.sent[0].Authorization)
	assert.True(t, p.sent[1].Tampered)
	assert.Len(t, p.sb.Exchange.Orders(exchange.DemoEd25519Key), 1, "the tampered order was not placed")
}

func place(step int, scenario string) kit.Placement {
	return kit.Placement{ID: "ak", Params: map[string]string{"scenario": scenario, "step": strconv.Itoa(step)}}
}

// The step parameter replays that many requests; the log shows each with
// its status, code and RateLimit headers, and the button is disabled at
// the end.
func TestRenderSteps(t *testing.T) {
	page := kittest.Render(t, NewAPIKeys, place(2, "scope"))
	assert.Equal(t, "2", kittest.Attrs(t, page, "ak-progress")["data-sent"])
	assert.Equal(t, "4", kittest.Attrs(t, page, "ak-progress")["data-total"])
	row := kittest.Attrs(t, page, "ak-req-2")
	assert.Equal(t, "403", row["data-status"])
	assert.Equal(t, exchange.CodeInsufficientScope, row["data-code"])
	text := html.UnescapeString(kittest.Text(t, page, "ak-req-2"))
	assert.Contains(t, text, "POST /api/v1/orders")
	assert.Contains(t, text, `RateLimit: "default";r=`)
	assert.False(t, kittest.Has(page, "ak-req-3"))
	_, disabled := kittest.Attrs(t, page, "ak-next")["disabled"]
	assert.False(t, disabled)

	page = kittest.Render(t, NewAPIKeys, place(4, "scope"))
	_, disabled = kittest.Attrs(t, page, "ak-next")["disabled"]
	assert.True(t, disabled, "every request sent")
}

// A step past the scenario's end is clamped with a note.
func TestStepPastTheEnd(t *testing.T) {
	html := kittest.Render(t, NewAPIKeys, place(5, "ed25519"))
	assert.Equal(t, "2", kittest.Attrs(t, html, "ak-progress")["data-sent"])
	assert.Contains(t, html, "the ed25519 scenario has 2 requests")
	assert.Contains(t, kittest.Text(t, html, "ak-ed25519"), exchange.DemoEd25519Seed)
}

// The bola scenario ends with the two 404s side by side.
func TestRenderBOLACompare(t *testing.T) {
	html := kittest.Render(t, NewAPIKeys, place(4, "bola"))
	text := kittest.Text(t, html, "ak-compare")
	assert.Contains(t, text, madeUpID)
	assert.Contains(t, text, "404 not_found")
	assert.False(t, kittest.Has(kittest.Render(t, NewAPIKeys, place(3, "bola")), "ak-compare"))
}

// Choosing another scenario starts it from its first request.
func TestScenarioChangeRestarts(t *testing.T) {
	w := NewAPIKeys(place(4, "scope")).(*apiKeys)
	w.OnInit()
	require.Len(t, w.play.sent, 4)
	w.SetMany(map[string]string{"scenario": "allowlist", "step": "1"})
	assert.Len(t, w.play.sent, 1)
	assert.Empty(t, w.Notes())
	page := kittest.Render(t, NewAPIKeys, place(1, "bola"))
	assert.Contains(t, page, `<option value="bola" selected>`)
}

// Each press sends one more request and records it as the step.
func TestSendNext(t *testing.T) {
	w := NewAPIKeys(place(1, "bola")).(*apiKeys)
	w.OnInit()
	w.sendNext()
	w.sendNext()
	assert.Len(t, w.play.sent, 3)
	assert.Equal(t, map[string]string{"step": "3"}, w.Modified())
}
