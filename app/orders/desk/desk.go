// Package desk is the order desk's model, kept apart from its rendering so
// that tests drive it directly: the real exchange in a sandbox on a virtual
// clock, a seeded flaky network, and the engine's retrying client signing
// as the demo key. The same setup and the same number of presses replay the
// same story.
package desk

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/exchange/retry"
	"github.com/consensus-lab/playground/engine/signing"
)

// Setup is everything that decides a run; the same setup and the same
// number of clicks replay the same story.
type Setup struct {
	Seed     uint64
	SameKey  bool // false: retry.Client.KeyPerAttempt
	Odds     flaky.Odds
	Attempts int
	// Fault, if not empty, is sent as X-Sandbox-Fault on the first attempt
	// of every press (crash-before-commit or crash-after-commit).
	Fault string
}

// Attempt is one attempt of one click: what the client saw (from the
// retry Report), what happened on the wire (from the flaky transport), and
// whether the exchange's ledger grew while it ran.
type Attempt struct {
	retry.Attempt
	Event    flaky.Event
	HasEvent bool
	NewOrder bool // the ledger grew during this attempt: it placed an order
	// Fault is the X-Sandbox-Fault this attempt carried ("" for none).
	Fault string
}

// Click is one press of "Place an order".
type Click struct {
	N        int
	Quantity string // canonical; identifies the click's orders in the ledger
	Report   *retry.Report
	Err      error
	Attempts []Attempt
}

// Succeeded reports whether the client got a final 2xx.
func (c Click) Succeeded() bool {
	return c.Err == nil && c.Report != nil && c.Report.Status >= 200 && c.Report.Status < 300
}

// Run is one desk: a fresh exchange and the presses made on it so far.
type Run struct {
	setup  Setup
	sb     *sandbox.Sandbox
	client *retry.Client
	clicks []Click
	faults *faultOnce

	mu          sync.Mutex
	ledgerAfter []int // ledger length after each network attempt, by attempt number - 1
}

// networkMaxDelay bounds a drawn network delay.
const networkMaxDelay = 2 * time.Second

// orderGap is how far the clock moves between two clicks.
const orderGap = 3 * time.Second

func New(s Setup) *Run {
	r := &Run{setup: s}
	// Virtual time: every wait (network delay, backoff) moves the sandbox
	// clock instead of blocking, so a run is instant and reproducible.
	sleep := func(ctx context.Context, d time.Duration) error {
		r.sb.Clock.Advance(d)
		return ctx.Err()
	}
	r.sb = sandbox.New(sandbox.Config{
		Seed:     s.Seed,
		Odds:     []flaky.Odds{s.Odds},
		MaxDelay: networkMaxDelay,
		Sleep:    sleep,
		OnEvent: func(ev flaky.Event) {
			n := len(r.sb.Exchange.Orders(sandbox.DemoAPIKey))
			r.mu.Lock()
			r.ledgerAfter = append(r.ledgerAfter, n)
			r.mu.Unlock()
		},
	})
	r.faults = &faultOnce{base: r.sb.Net, fault: s.Fault}
	r.client = &retry.Client{
		Transport: &signing.Transport{
			Base: r.faults, APIKey: sandbox.DemoAPIKey, Secret: sandbox.DemoSecret, Now: r.sb.Now,
			Nonce: func() string { return r.sb.NextNonce("desk") },
		},
		Policy:        retry.Policy{MaxAttempts: s.Attempts},
		Seed:          s.Seed,
		Now:           r.sb.Now,
		Sleep:         sleep,
		KeyPerAttempt: !s.SameKey,
	}
	return r
}

// quantity is the quantity of click n's order, in canonical form: each
// click orders a different amount, so the ledger shows which click placed
// which order.
func quantity(n int) string {
	d, err := exchange.ParseDecimal(fmt.Sprintf("0.%03d", n%1000))
	if err != nil {
		return fmt.Sprintf("0.%03d", n%1000)
	}
	return d.String()
}

// Place is one press of the button: one logical order, retried by the
// client until it succeeds, fails for good, or runs out of attempts.
func (r *Run) Place() Click {
	n := len(r.clicks) + 1
	if n > 1 {
		r.sb.Clock.Advance(orderGap)
	}
	q := quantity(n)
	body := `{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"` + q + `"}`
	before := len(r.sb.Net.Events())
	r.faults.arm()
	rep, err := r.client.Do(context.Background(), retry.Request{
		Method: http.MethodPost,
		URL:    "http://sandbox.invalid" + exchange.PathOrders,
		Body:   []byte(body),
	})
	events := r.sb.Net.Events()[before:]
	c := Click{N: n, Quantity: q, Report: rep, Err: err}
	r.mu.Lock()
	for i, a := range rep.Attempts {
		da := Attempt{Attempt: a}
		if i == 0 {
			da.Fault = r.setup.Fault
		}
		if i < len(events) {
			da.Event, da.HasEvent = events[i], true
			k := events[i].Attempt - 1
			prev := 0
			if k > 0 {
				prev = r.ledgerAfter[k-1]
			}
			da.NewOrder = k < len(r.ledgerAfter) && r.ledgerAfter[k] > prev
		}
		c.Attempts = append(c.Attempts, da)
	}
	r.mu.Unlock()
	r.clicks = append(r.clicks, c)
	return c
}

// Ledger is what the exchange holds for the demo key, oldest first.
func (r *Run) Ledger() []exchange.Order { return r.sb.Exchange.Orders(sandbox.DemoAPIKey) }

// Clicks are the presses so far, first first.
func (r *Run) Clicks() []Click { return r.clicks }

// ClickOf is the press that placed an order (0 for an order no press of
// this run placed).
func (r *Run) ClickOf(o exchange.Order) int {
	for _, c := range r.clicks {
		if c.Quantity == o.Quantity {
			return c.N
		}
	}
	return 0
}

// PerClick counts the ledger's orders by the press that placed them.
func (r *Run) PerClick() map[int]int {
	out := map[int]int{}
	for _, o := range r.Ledger() {
		out[r.ClickOf(o)]++
	}
	return out
}

// faultOnce adds X-Sandbox-Fault to the next request after arm, and to no
// other: the first attempt of a press crashes, its retries do not.
type faultOnce struct {
	base  http.RoundTripper
	fault string

	mu    sync.Mutex
	armed bool
}

func (f *faultOnce) arm() {
	f.mu.Lock()
	f.armed = f.fault != ""
	f.mu.Unlock()
}

func (f *faultOnce) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	armed := f.armed
	f.armed = false
	f.mu.Unlock()
	if armed {
		req = req.Clone(req.Context())
		req.Header.Set(exchange.FaultHeader, f.fault)
	}
	return f.base.RoundTrip(req)
}
