//go:build !wasm

package kit_test

import (
	"net/url"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
)

// probe is the smallest widget on the kit: it shows its parameters. It
// borrows the retarget widget's spec (a String, an Int slider and an Int
// box), since the kit only reads specs.
type probe struct {
	app.Compo
	kit.Placement
	base

	loads int
}

type base = kit.Base

func newProbe(p kit.Placement) app.UI { return &probe{Placement: p} }

func (c *probe) OnInit()              { c.Init("retarget", c.Placement, c.load) }
func (c *probe) OnUpdate(app.Context) { c.Init("retarget", c.Placement, c.load) }
func (c *probe) load()                { c.loads++ }

func (c *probe) Render() app.UI {
	return c.Frame(c.Text("schedule", "Schedule"), c.Slider("periods", "Periods"), c.Number("seed", "Seed"))
}

func TestInitResolvesLessonParamsThenURLState(t *testing.T) {
	c := &probe{Placement: kit.Placement{
		ID:     "rt-1",
		Params: map[string]string{"periods": "12", "seed": "3"},
		State:  map[string]string{"seed": "7", "bogus": "1"},
		Lesson: "proof-of-work",
	}}
	d := app.NewServerTester(c)
	defer d.Close()
	assert.Equal(t, map[string]string{"schedule": "1*2,10*4,0.5", "periods": "12", "seed": "7"}, c.Values())
	assert.Equal(t, 1, c.loads)
	assert.Equal(t, []string{`ignored unknown parameter "bogus"`}, c.Notes())
	assert.Equal(t, map[string]string{"seed": "7"}, c.Modified(), "changed against the lesson, not the defaults")

	html := app.HTMLString(c)
	link := kittest.Attrs(t, html, "rt-1-share")
	u, err := url.Parse(link["href"])
	require.NoError(t, err)
	assert.Equal(t, "/lessons/proof-of-work", u.Path)
	assert.Equal(t, url.Values{"rt-1.seed": {"7"}}, u.Query(), "only what differs from the lesson")
	assert.Equal(t, "rt-1", u.Fragment, "the link scrolls to the widget")
	assert.True(t, kittest.Has(html, "rt-1-reset"), "a modified widget offers a reset")
	assert.Contains(t, html, `class="modified"`)
	assert.Contains(t, html, `title="changed: seed"`)
}

func TestSetClampsWithANoteAndResetReturnsToTheLesson(t *testing.T) {
	c := &probe{Placement: kit.Placement{ID: "rt", Params: map[string]string{"periods": "12"}, Lesson: "proof-of-work"}}
	d := app.NewServerTester(c)
	defer d.Close()
	assert.Empty(t, c.Modified())
	assert.False(t, kittest.Has(app.HTMLString(c), "rt-reset"), "nothing to reset yet")
	assert.NotContains(t, app.HTMLString(c), "modified")

	c.Set("periods", "99")
	assert.Equal(t, 40, c.Int("periods"), "clamped to the spec's maximum")
	assert.Equal(t, []string{"periods=99 is above the maximum 40; using 40"}, c.Notes())
	assert.Equal(t, 2, c.loads, "the widget reloads after a change")

	c.Reset()
	assert.Equal(t, 12, c.Int("periods"))
	assert.Empty(t, c.Notes())
	assert.Empty(t, c.Modified())
}

func TestInputsTakeTheirBoundsFromTheSpec(t *testing.T) {
	html := kittest.Render(t, newProbe, kit.Placement{ID: "rt", Params: map[string]string{"periods": "12"}})
	slider := kittest.Attrs(t, html, "rt-periods")
	assert.Equal(t, "range", slider["type"])
	assert.Equal(t, "1", slider["min"])
	assert.Equal(t, "40", slider["max"])
	assert.Equal(t, "12", slider["value"])
	assert.Equal(t, "Periods: 12", kittest.Text(t, html, "rt-periods-label"))
	seed := kittest.Attrs(t, html, "rt-seed")
	assert.Equal(t, "999999999", seed["max"])
	assert.Equal(t, "200", kittest.Attrs(t, html, "rt-schedule")["maxlength"])
	assert.Equal(t, "static", kittest.Attrs(t, html, "rt")["data-state"], "pre-rendered, not yet live")
}

// A text area pre-renders its text as content: a value attribute, which
// go-app would write, shows an empty box until the wasm starts.
func TestAreaPrerendersItsText(t *testing.T) {
	c := &areaProbe{Placement: kit.Placement{ID: "hs", Params: map[string]string{"message": "Pay <Bob>"}}}
	d := app.NewServerTester(c)
	defer d.Close()
	assert.Contains(t, app.HTMLString(c), `>Pay &lt;Bob&gt;</textarea>`)
}

type areaProbe struct {
	app.Compo
	kit.Placement
	base
}

func (c *areaProbe) OnInit()        { c.Init("hmacsteps", c.Placement, nil) }
func (c *areaProbe) Render() app.UI { return c.Frame(c.Area("message", "Message", 3)) }

func TestEmbedLinksCarryEveryValueAndOfferTheLesson(t *testing.T) {
	c := &probe{Placement: kit.Placement{ID: "retarget-embed", Params: map[string]string{"seed": "4"}, Embed: true, Lesson: "proof-of-work"}}
	d := app.NewServerTester(c)
	defer d.Close()
	html := app.HTMLString(c)
	u, err := url.Parse(kittest.Attrs(t, html, "retarget-embed-share")["href"])
	require.NoError(t, err)
	assert.Equal(t, "/embed/retarget", u.Path)
	assert.Equal(t, "4", u.Query().Get("seed"))
	assert.Equal(t, "10", u.Query().Get("periods"))

	// The lesson's own set-up may differ from the embed's, so the way to
	// the full lesson carries every value, for the lesson's first
	// placement of the widget.
	u, err = url.Parse(kittest.Attrs(t, html, "retarget-embed-lesson")["href"])
	require.NoError(t, err)
	assert.Equal(t, "/lessons/proof-of-work", u.Path)
	assert.Equal(t, "4", u.Query().Get("retarget-1.seed"))
	assert.Equal(t, "10", u.Query().Get("retarget-1.periods"))
	assert.Equal(t, "retarget-1", u.Fragment)
}

func TestStateFromQueryPicksOneWidget(t *testing.T) {
	q := url.Values{"miner-1.bits": {"12"}, "miner-10.bits": {"3"}, "miner-1.": {"x"}, "other": {"y"}}
	assert.Equal(t, map[string]string{"bits": "12"}, kit.StateFromQuery(q, "miner-1"))
	assert.Nil(t, kit.StateFromQuery(q, "chain-1"))
	assert.Equal(t, "/lessons/hashes?hashbox-1.text=a+b#hashbox-1", kit.LessonLink("hashes", "hashbox-1", map[string]string{"text": "a b"}))
}

func TestButtonsAndChoicesWriteBooleansOnlyWhenTrue(t *testing.T) {
	off := app.HTMLString(kit.Button{ID: "b", Label: "Mine"}.UI())
	assert.NotContains(t, off, "disabled")
	busy := app.HTMLString(kit.Button{ID: "b", Label: "Mine", Busy: true, BusyLabel: "Mining…"}.UI())
	assert.Contains(t, busy, "disabled")
	assert.Contains(t, busy, `aria-busy`)
	assert.Contains(t, busy, "Mining…")
	assert.NotContains(t, app.HTMLString(kit.Checked(app.Input().Type("radio"), false)), "checked")
	assert.Contains(t, app.HTMLString(kit.Checked(app.Input().Type("radio"), true)), "checked")
	assert.NotContains(t, app.HTMLString(kit.Option("a", "A", false)), "selected")
}
