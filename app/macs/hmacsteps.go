package macs

import (
	"encoding/hex"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/lengthext"
)

// NewHMACSteps is the HMAC-steps widget's factory.
func NewHMACSteps(p kit.Placement) app.UI { return &hmacSteps{Placement: p} }

// hmacSteps follows HMAC-SHA256 (RFC 2104) through its two hashes, as
// lengthext.HMAC keeps them, and checks the result against the standard
// library's crypto/hmac.
type hmacSteps struct {
	app.Compo
	kit.Placement
	base

	trace lengthext.HMACTrace
	same  bool
}

func (c *hmacSteps) OnInit()              { c.Init("hmacsteps", c.Placement, c.load) }
func (c *hmacSteps) OnUpdate(app.Context) { c.Init("hmacsteps", c.Placement, c.load) }

func (c *hmacSteps) load() {
	key, msg := []byte(c.Value("key")), []byte(c.Value("message"))
	c.trace = lengthext.HMAC(key, msg)
	c.same = lengthext.VerifyHMAC(key, msg, c.trace.Tag)
}

func (c *hmacSteps) Render() app.UI {
	id, t := c.ID, c.trace
	longKey := len(c.Value("key")) > lengthext.BlockSize
	k0 := "the key, padded with zeros to 64 bytes"
	if longKey {
		k0 = "the key is longer than a block, so K0 is its SHA-256, padded with zeros to 64 bytes"
	}
	step := func(n, title, value, idSuffix string) app.UI {
		return app.Li().Body(
			app.P().Text(n+" "+title),
			app.Code().ID(id+"-"+idSuffix).Class("hex").Text(value),
		)
	}
	match := app.P().ID(id+"-check").Class("status ok").DataSet("match", kit.YesNo(c.same)).
		Text("Go's crypto/hmac computes the same tag.")
	if !c.same {
		match = match.Class("status error").Text("crypto/hmac disagrees: this should never happen.")
	}
	return c.Frame(
		app.Div().Class("controls").Body(
			c.LiveText("key", "Key"),
			c.Area("message", "Message", 3),
		),
		app.Ol().Class("hmac-steps").Body(
			step("1.", "K0 xor ipad (0x36 in every byte): "+k0+", then flipped", hex.EncodeToString(t.InnerPad[:]), "ipad"),
			step("2.", "inner hash = SHA-256(K0 xor ipad ‖ message)", hex.EncodeToString(t.Inner[:]), "inner"),
			step("3.", "K0 xor opad (0x5c in every byte)", hex.EncodeToString(t.OuterPad[:]), "opad"),
			step("4.", "tag = SHA-256(K0 xor opad ‖ inner hash)", hex.EncodeToString(t.Tag[:]), "tag"),
		),
		app.P().Class("widget-small").Text("The outer hash is why length extension fails: an attacker can continue the inner hash, "+
			"but the tag is a hash of it under a second key, not a state to continue."),
		match,
	)
}
