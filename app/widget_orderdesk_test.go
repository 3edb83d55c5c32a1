//go:build !wasm

package app

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/exchange/retry"
)

var lossy = map[string]string{"seed": "12", "loserequest": "15", "loseresponse": "40", "delay": "20", "attempts": "6"}

func deskParams(keys bool, clicks int) map[string]string {
	p := map[string]string{"keys": strconv.FormatBool(keys), "clicks": strconv.Itoa(clicks)}
	for k, v := range lossy {
		p[k] = v
	}
	return p
}

// With the same key on every retry, each press is exactly one order in the
// exchange's ledger, although the network lost responses and the client
// retried.
func TestOrderDeskWithKeysOneOrderPerPress(t *testing.T) {
	w := &orderDesk{ID: "od", Params: deskParams(true, 0)}
	d := app.NewClientTester(w)
	defer d.Close()
	for range 8 {
		w.run.place()
	}
	w.Update()
	d.Consume()

	ledger := w.run.sb.Exchange.Orders(sandbox.DemoAPIKey)
	require.Len(t, ledger, 8, "the exchange's own ledger")
	retried, replayed := 0, 0
	for _, c := range w.run.clicks {
		if len(c.Attempts) > 1 {
			retried++
		}
		keys := map[string]bool{}
		for _, a := range c.Attempts {
			keys[a.Key] = true
			if a.Replayed {
				replayed++
			}
		}
		assert.Len(t, keys, 1, "one key for all attempts of press %d", c.N)
		n := 0
		for _, o := range ledger {
			if o.Quantity == c.Quantity {
				n++
			}
		}
		assert.Equal(t, 1, n, "press %d", c.N)
	}
	assert.Positive(t, retried, "the network made the client retry")
	assert.Positive(t, replayed, "some retry was answered from the key's record")

	html := app.HTMLString(w)
	assert.Contains(t, html, `data-clicks="8"`)
	assert.Contains(t, html, `data-orders="8"`)
	assert.Contains(t, html, `data-duplicates="0"`)
	assert.Contains(t, html, "Idempotent-Replayed: true")
	assert.Equal(t, 8, strings.Count(html, `<tr data-click=`))
}

// With a new key per attempt, the same network gives duplicates: every
// lost response that the client retries becomes a second order.
func TestOrderDeskWithoutKeysDuplicates(t *testing.T) {
	w := &orderDesk{ID: "od", Params: deskParams(false, 5)}
	d := app.NewServerTester(w)
	defer d.Close()
	require.Len(t, w.run.clicks, 5, "clicks=5 replays five presses")

	ledger := w.run.sb.Exchange.Orders(sandbox.DemoAPIKey)
	// Every lost response after the handler placed an order, followed by
	// another attempt, adds one order; count them from the engine's events.
	extra := 0
	for _, c := range w.run.clicks {
		placed := 0
		for _, a := range c.Attempts {
			if a.HasEvent && a.Event.Status == http.StatusCreated {
				placed++
			}
			if len(c.Attempts) > 1 {
				assert.NotEqual(t, c.Attempts[0].Key, c.Attempts[len(c.Attempts)-1].Key)
			}
		}
		extra += max(placed-1, 0)
	}
	require.Positive(t, extra)
	assert.Len(t, ledger, 5+extra)
	html := app.HTMLString(w)
	assert.Contains(t, html, `data-orders="`+strconv.Itoa(len(ledger))+`"`)
	assert.Contains(t, html, `data-duplicates="`+strconv.Itoa(extra)+`"`)
	assert.Equal(t, extra, strings.Count(html, `class="duplicate"`), "the first order of a press is not a duplicate, the others are")
	assert.Contains(t, html, "✗ response lost")
}

// The diagram shows each attempt's fate as the flaky transport recorded it.
func TestOrderDeskSequenceMatchesTransport(t *testing.T) {
	r := newDeskRun(deskSetup{Seed: 1, SameKey: true, Attempts: 5,
		Odds: flaky.Odds{LoseResponse: 1}})
	c := r.place()
	// Every response lost: the client gives up after 5 attempts, yet the
	// first attempt placed the order and the others were replays.
	assert.False(t, c.Succeeded())
	require.ErrorIs(t, c.Err, retry.ErrBudgetExhausted)
	require.Len(t, c.Attempts, 5)
	for i, a := range c.Attempts {
		require.True(t, a.HasEvent)
		assert.Equal(t, flaky.FateResponseLost, a.Event.Fate)
		assert.Equal(t, i == 0, a.NewOrder, "attempt %d", i+1)
		assert.Equal(t, http.StatusCreated, a.Event.Status)
	}
	assert.Len(t, r.ledger(), 1)

	w := &orderDesk{ID: "od", run: r, setup: r.setup}
	html := app.HTMLString(w.sequence(c, 1))
	assert.Equal(t, 5, strings.Count(html, "✗ response lost"))
	assert.Equal(t, 1, strings.Count(html, "new order placed"))
	assert.Equal(t, 4, strings.Count(html, "no new order"))
}

func TestOrderDeskSameSeedSameStory(t *testing.T) {
	story := func() []string {
		r := newDeskRun(deskSetup{Seed: 5, SameKey: true, Attempts: 6, Odds: flaky.Odds{LoseRequest: .2, LoseResponse: .3, Delay: .3}})
		var s []string
		for range 4 {
			c := r.place()
			for _, a := range c.Attempts {
				s = append(s, a.Key+a.Event.Fate+strconv.Itoa(a.Status)+a.Wait.String())
			}
		}
		return s
	}
	assert.Equal(t, story(), story())
}
