package macs

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/lengthext"
)

// NewLengthExt is the length-extension widget's factory.
func NewLengthExt(p kit.Placement) app.UI { return &lengthExt{Placement: p} }

// lengthExt plays the attack: the server tags a message with
// SHA-256(secret || message) (or with HMAC), the attacker sees the message
// and the tag, guesses the secret's length, appends a suffix and computes
// a tag for the longer message with lengthext.Forge, never knowing the
// secret; the server then checks the forgery.
type lengthExt struct {
	app.Compo
	kit.Placement
	base

	tag      [32]byte
	forgery  lengthext.Forgery
	accepted bool
	err      string
}

func (c *lengthExt) OnInit()              { c.Init("lengthext", c.Placement, c.load) }
func (c *lengthExt) OnUpdate(app.Context) { c.Init("lengthext", c.Placement, c.load) }

func (c *lengthExt) hmac() bool { return c.Value("verifier") == "hmac" }

func (c *lengthExt) load() {
	secret, msg, suffix := []byte(c.Value("secret")), []byte(c.Value("message")), []byte(c.Value("suffix"))
	if c.hmac() {
		c.tag = lengthext.HMAC(secret, msg).Tag
	} else {
		c.tag = lengthext.NaiveTag(secret, msg)
	}
	f, err := lengthext.Forge(c.tag, c.Int("guess"), msg, suffix)
	c.forgery, c.err = f, ""
	if err != nil {
		c.err = err.Error()
		return
	}
	if c.hmac() {
		c.accepted = lengthext.VerifyHMAC(secret, f.Message, f.Tag)
	} else {
		c.accepted = lengthext.NaiveVerify(secret, f.Message, f.Tag)
	}
}

func (c *lengthExt) Render() app.UI {
	id := c.ID
	body := []app.UI{
		app.P().Class("widget-lead").Text("The server tags each message it sends; the attacker sees a message and its tag, " +
			"never the secret, and tries to make a valid tag for a longer message."),
		app.Div().Class("controls").Body(
			c.Radio("verifier", "The server's tag", map[string]string{
				"naive": "SHA-256(secret ‖ message)", "hmac": "HMAC-SHA256(secret, message)",
			}),
			c.Text("secret", "Server's secret (hidden from the attacker)"),
			c.Text("message", "Message the attacker captured"),
			c.Text("suffix", "What the attacker appends"),
			c.Slider("guess", "Attacker's guess of the secret's length (bytes)"),
		),
		app.Dl().Class("kv").Body(
			app.Dt().Text("Captured tag"),
			app.Dd().Body(app.Code().ID(id+"-tag").Class("hex").Text(hex.EncodeToString(c.tag[:]))),
		),
	}
	if c.err != "" {
		return c.Frame(append(body, app.P().Class("status error").Text(c.err))...)
	}
	f := c.forgery
	verdict := app.P().ID(id+"-verdict").Class("status error").Role("status").DataSet("accepted", "no")
	switch {
	case c.accepted:
		verdict = verdict.Class("status ok").DataSet("accepted", "yes").
			Text("The server accepts the forged message: its tag checks out, and the attacker never saw the secret.")
	case c.hmac():
		verdict = verdict.Text("The server refuses it: HMAC hashes the inner result again under the outer key, " +
			"so a tag is not a state the attacker can continue.")
	case c.Int("guess") != len(c.Value("secret")):
		verdict = verdict.Text("The server refuses it: the guessed length is wrong, so the glue differs from SHA-256's own padding. " +
			"The attacker only has to try each length: the secret is " + strconv.Itoa(len(c.Value("secret"))) + " bytes.")
	default:
		verdict = verdict.Text("The server refuses it.")
	}
	body = append(body,
		app.Dl().Class("kv").Body(
			app.Dt().Text("Glue: SHA-256's padding of "+strconv.Itoa(c.Int("guess")+len(c.Value("message")))+" bytes, now inside the message"),
			app.Dd().Body(app.Code().ID(id+"-glue").Class("hex").Text(hex.EncodeToString(f.Glue))),
			app.Dt().Text("Forged message, as the server receives it"),
			app.Dd().Body(app.Code().ID(id+"-forged").Class("hex").Text(visible(f.Message))),
			app.Dt().Text("Forged tag, computed from the captured tag alone"),
			app.Dd().Body(app.Code().ID(id+"-forged-tag").Class("hex").Text(hex.EncodeToString(f.Tag[:]))),
		),
		verdict,
	)
	return c.Frame(body...)
}

// visible shows bytes as text, with every byte that is not printable ASCII
// as \xNN, so the glue's zeros and length stand out inside the message.
func visible(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f && c != '\\' {
			sb.WriteByte(c)
			continue
		}
		sb.WriteString(`\x` + hex.EncodeToString([]byte{c}))
	}
	return sb.String()
}
