//go:build !wasm

package orders

import (
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/orders/desk"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
)

var lossy = map[string]string{"seed": "12", "loserequest": "15", "loseresponse": "40", "delay": "20", "attempts": "6"}

func deskParams(keys bool, clicks int) map[string]string {
	p := map[string]string{"keys": strconv.FormatBool(keys), "clicks": strconv.Itoa(clicks)}
	for k, v := range lossy {
		p[k] = v
	}
	return p
}

// With the same key on every retry, each press is exactly one order, and
// the widget shows what the exchange's own ledger holds.
func TestOrderDeskWithKeysOneOrderPerPress(t *testing.T) {
	w := NewOrderDesk(kit.Placement{ID: "od", Params: deskParams(true, 0)}).(*orderDesk)
	d := app.NewClientTester(w)
	defer d.Close()
	w.press(1)
	w.press(5)
	w.press(1)
	w.press(1)
	w.Update()
	d.Consume()

	require.Len(t, w.run.Clicks(), 8)
	ledger := w.run.Ledger()
	require.Len(t, ledger, 8, "the exchange's own ledger")
	assert.Equal(t, map[string]string{"clicks": "8"}, w.Modified(), "the presses are the state a link carries")

	html := app.HTMLString(w)
	sum := kittest.Attrs(t, html, "od-summary")
	assert.Equal(t, "8", sum["data-clicks"])
	assert.Equal(t, "8", sum["data-orders"])
	assert.Equal(t, "0", sum["data-duplicates"])
	assert.Contains(t, html, "Idempotent-Replayed: true")
	assert.Contains(t, html, "✗ response lost")
	assert.Equal(t, 8, strings.Count(html, `<tr data-click=`))
	assert.Contains(t, kittest.Text(t, html, "od-summary"), "No duplicates")

	// The same presses replayed from a link tell the same story.
	again := NewOrderDesk(kit.Placement{ID: "od", Params: deskParams(true, 8)}).(*orderDesk)
	again.OnInit()
	assert.Equal(t, ledger, again.run.Ledger())
}

// With a new key per attempt, the same network gives duplicates, marked in
// the ledger.
func TestOrderDeskWithoutKeysDuplicates(t *testing.T) {
	w := NewOrderDesk(kit.Placement{ID: "od", Params: deskParams(false, 5)}).(*orderDesk)
	d := app.NewServerTester(w)
	defer d.Close()
	require.Len(t, w.run.Clicks(), 5, "clicks=5 replays five presses")

	ledger := w.run.Ledger()
	extra := len(ledger) - 5
	require.Positive(t, extra)
	html := app.HTMLString(w)
	assert.Equal(t, strconv.Itoa(len(ledger)), kittest.Attrs(t, html, "od-summary")["data-orders"])
	assert.Equal(t, strconv.Itoa(extra), kittest.Attrs(t, html, "od-summary")["data-duplicates"])
	assert.Equal(t, extra, strings.Count(html, `class="duplicate"`), "the first order of a press is not a duplicate, the others are")
	assert.Contains(t, html, "✗ response lost")
	assert.NotRegexp(t, `(checked|selected|disabled)="false"`, html, "no false boolean attribute pre-rendered")
	assert.Contains(t, kittest.Attrs(t, html, "od-keys"), "id")
	assert.NotContains(t, kittest.Attrs(t, html, "od-keys"), "checked", "keys=false is unticked before the wasm runs")
}

// The diagram shows each attempt's fate as the flaky transport recorded it.
func TestOrderDeskSequenceMatchesTransport(t *testing.T) {
	r := desk.New(desk.Setup{Seed: 1, SameKey: true, Attempts: 5, Odds: flaky.Odds{LoseResponse: 1}})
	c := r.Place()
	html := app.HTMLString(sequence(c, 1))
	assert.Equal(t, 5, strings.Count(html, "✗ response lost"))
	assert.Equal(t, 1, strings.Count(html, "new order placed"))
	assert.Equal(t, 4, strings.Count(html, "no new order"))
	assert.Contains(t, html, "Press 1: 5 attempts, client gave up; placed 1 order")
}

// A setting changed keeps the presses and tells the story again; presses
// stop at the spec's maximum; Start over empties the ledger.
func TestOrderDeskControls(t *testing.T) {
	w := NewOrderDesk(kit.Placement{ID: "od", Params: deskParams(true, 3)}).(*orderDesk)
	d := app.NewClientTester(w)
	defer d.Close()
	w.Set("keys", "false")
	assert.Len(t, w.run.Clicks(), 3)
	for _, c := range w.run.Clicks() {
		if len(c.Attempts) > 1 {
			assert.NotEqual(t, c.Attempts[0].Key, c.Attempts[1].Key, "a new key per attempt now")
		}
	}
	for range 5 {
		w.press(5)
	}
	assert.Len(t, w.run.Clicks(), 20, "the spec's maximum")
	w.Update()
	d.Consume()
	assert.Contains(t, kittest.Attrs(t, app.HTMLString(w), "od-place"), "disabled")
	w.Set("clicks", "0")
	assert.Empty(t, w.run.Ledger())
}

// The crash faults are choices of the desk: each press's first attempt
// dies at the commit point, the retry ends with one order per press, and
// the diagram says where the exchange died.
func TestOrderDeskCrashFaults(t *testing.T) {
	for fault, said := range map[string]string{
		"crash-before-commit": "crashed before the commit: nothing stored",
		"crash-after-commit":  "committed order and key, then crashed",
	} {
		html := kittest.Render(t, NewOrderDesk, kit.Placement{ID: "od", Params: map[string]string{"clicks": "3", "fault": fault,
			"loserequest": "0", "loseresponse": "0", "delay": "0"}})
		sum := kittest.Attrs(t, html, "od-summary")
		assert.Equal(t, "3", sum["data-orders"], fault)
		assert.Equal(t, "0", sum["data-duplicates"], fault)
		assert.Contains(t, html, said)
		assert.True(t, kittest.Has(html, "od-fault"), "the fault is a choice of the desk")
	}
}
