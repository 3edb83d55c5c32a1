//go:build !wasm

package main

import (
	"context"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/engine/pos"
	"github.com/consensus-lab/playground/engine/pow"
)

// The attacks lesson's widgets in a real browser: each happy path reads
// numbers from the DOM (data attributes the widgets write) and compares
// them with the engine's, computed here natively for the same inputs.
// Floats are compared to 1e-12 relative: amd64 has assembly for some of
// math's functions and wasm does not, so the last bit may differ.

// attacksBrowser starts a server and a browser for one test.
func attacksBrowser(t *testing.T) (*browsertest.Browser, *browsertest.Server, context.Context) {
	t.Helper()
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	t.Cleanup(cancel)
	return b, srv, ctx
}

func waitReady(t *testing.T, b *browsertest.Browser, ctx context.Context, url, widget string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="`+widget+`"][data-state="ready"]`)),
	), "console: %v", b.Messages())
}

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, "%q", s)
	return v
}

func assertClose(t *testing.T, want, got float64, msg string) {
	t.Helper()
	if want == 0 {
		assert.Zero(t, got, msg)
		return
	}
	assert.LessOrEqual(t, math.Abs(got-want)/math.Abs(want), 1e-12, "%s: want %v, got %v", msg, want, got)
}

// The lesson shows the whitepaper's value for q = 10%, z = 5, and a race
// run in the browser gives exactly the engine's seeded frequencies.
func TestBrowserAttackRace(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)

	waitReady(t, b, ctx, srv.URL+"lessons/attacks", "attackrace")
	shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#attackrace-1-p`)))
	require.NoError(t, err)
	assert.Equal(t, strconv.FormatFloat(pow.AttackerSuccess(0.1, 5), 'f', 7, 64), shown, "the paper prints 0.0009137")
	for _, w := range []string{"finality", "nothingatstake"} {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('main[data-lesson="attacks"] [data-widget="`+w+`"][data-state="ready"]').length`))
		require.NoError(t, err)
		assert.Positive(t, n, "%s is live in the lesson", w)
	}

	// Alone, with a small race: run it and compare every row.
	waitReady(t, b, ctx, srv.URL+"embed/attackrace?q=20&z=3&trials=2000&seed=7", "attackrace")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#attackrace-embed-run`))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('#attackrace-embed [data-race="done"]')`,
		chromedp.WithPollingTimeout(90*time.Second)))
	require.NoError(t, err, "the race never finished; console: %v", b.Messages())

	type row struct {
		Z      string `json:"z"`
		P      string `json:"p"`
		Wins   string `json:"wins"`
		Trials string `json:"trials"`
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]row](
		`[...document.querySelectorAll('#attackrace-embed tr[data-z]')].map(r => ({z: r.dataset.z, p: r.dataset.p, wins: r.dataset.wins, trials: r.dataset.trials}))`))
	require.NoError(t, err)
	want, err := pow.RaceCurve(0.2, 10, 2000, 7)
	require.NoError(t, err)
	require.Len(t, rows, len(want))
	dots := 0
	for z, r := range rows {
		assert.Equal(t, strconv.Itoa(z), r.Z)
		assertClose(t, pow.AttackerSuccess(0.2, z), parseF(t, r.P), "formula z="+r.Z)
		assert.Equal(t, strconv.Itoa(want[z].Wins), r.Wins, "race wins at z=%d", z)
		assert.Equal(t, "2000", r.Trials)
		if want[z].Wins > 0 {
			dots++
		}
	}
	// The chart goes in as parsed markup, so its SVG keeps its classes
	// (go-app would set className, which SVG ignores).
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#attackrace-embed svg.chart circle.race-dots').length`))
	require.NoError(t, err)
	assert.Equal(t, dots, n, "a dot per race with wins")
	stroke, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#attackrace-embed polyline.series-1')).stroke`))
	require.NoError(t, err)
	assert.NotEqual(t, "none", stroke, "the formula line is drawn in a theme colour")
	assert.Empty(t, b.Errors(), "console errors")
}

// The finality widget's cells are AnalyzeFinality's, and the slider works
// from the keyboard.
func TestBrowserFinality(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)
	waitReady(t, b, ctx, srv.URL+"embed/finality?attacker=100&total=300", "finality")

	read := func() map[string]string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](
			`Object.fromEntries([...document.querySelectorAll('#finality-embed td[id]')].map(td => [td.id.replace('finality-embed-', ''), td.dataset.value]))`))
		require.NoError(t, err)
		return v
	}
	check := func(attacker uint64) {
		t.Helper()
		cells := read()
		for key, rule := range map[string]pos.ThresholdRule{"ffg": pos.FFGRule, "tendermint": pos.TendermintRule} {
			a, err := pos.AnalyzeFinality(rule, attacker, 300)
			require.NoError(t, err)
			msg := key + " at " + strconv.FormatUint(attacker, 10)
			assert.Equal(t, strconv.FormatUint(a.Supermajority, 10), cells[key+"-super"], msg)
			assert.Equal(t, strconv.FormatUint(a.Halting, 10), cells[key+"-halting"], msg)
			assert.Equal(t, strconv.FormatUint(a.MinSlashableConflict, 10), cells[key+"-conflict-min"], msg)
			assert.Equal(t, yn(a.CanHaltFinality), cells[key+"-halt"], msg)
			assert.Equal(t, yn(a.CanFinalizeAlone), cells[key+"-alone"], msg)
			assert.Equal(t, yn(a.CanCauseConflict), cells[key+"-conflict"], msg)
		}
	}
	check(100)
	assert.Equal(t, "no", read()["ffg-halt"], "exactly a third does not halt Ethereum")
	assert.Equal(t, "yes", read()["tendermint-halt"], "but does halt Tendermint")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`#finality-embed-attacker`)),
		chromedp.KeyEvent(kb.ArrowRight),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#finality-embed-ffg-halt').dataset.value === 'yes'`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "the arrow key did not move the attacker to 101; console: %v", b.Messages())
	check(101)
	assert.Empty(t, b.Errors(), "console errors")
}

func yn(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// The slashing toggle switches the fork to the run with slashing, whose
// numbers are SimulateNothingAtStake's.
func TestBrowserNothingAtStake(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)
	waitReady(t, b, ctx, srv.URL+"embed/nothingatstake?steps=5&seed=web", "nothingatstake")

	spec, ok := widgetspec.Lookup("nothingatstake")
	require.True(t, ok)
	def, _ := spec.Resolve(nil)
	vals, double, err := widgetspec.ParseFork(def["validators"], def["double"])
	require.NoError(t, err)
	for i := range vals {
		vals[i].Stake *= pos.GweiPerETH
	}
	require.Equal(t, "electra", def["rule"], "the widget defaults to the current (Electra) slashing rule")
	res, err := pos.SimulateNothingAtStake(pos.NothingAtStakeConfig{Validators: vals, DoubleSigners: double, Steps: 5,
		RewardPPM: 400, Rule: pos.SlashingElectra, Seed: pos.SeedFromText("web")})
	require.NoError(t, err)

	stakes := func() []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('#nothingatstake-embed td[id^="nothingatstake-embed-stake-"]')].map(td => td.dataset.gwei)`))
		require.NoError(t, err)
		return v
	}
	outcomeStakes := func(run pos.NASRun) []string {
		var out []string
		for _, o := range run.Outcomes {
			out = append(out, strconv.FormatUint(o.StakeAfter, 10))
		}
		return out
	}
	assert.Equal(t, outcomeStakes(res.Without), stakes(), "without slashing")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#nothingatstake-embed-slashing`))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#nothingatstake-embed-cell-0-1').dataset.slashed === 'yes'`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "toggling slashing did not slash alice at height 1; console: %v", b.Messages())
	assert.Equal(t, outcomeStakes(res.With), stakes(), "with slashing")
	pays, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#nothingatstake-embed-verdict').dataset.pays`))
	require.NoError(t, err)
	assert.Equal(t, yn(res.With.DoubleSignPays), pays)
	assert.Empty(t, b.Errors(), "console errors")
}

// The retarget table is SimulateRetarget's, before and after typing a new
// schedule.
func TestBrowserRetarget(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)
	waitReady(t, b, ctx, srv.URL+"embed/retarget?schedule=1*2,10*4,0.5&periods=8&seed=3", "retarget")

	type period struct {
		Bits    string `json:"bits"`
		Mean    string `json:"mean"`
		Clamped string `json:"clamped"`
	}
	compare := func(mults []float64, periods int, seed uint64) {
		t.Helper()
		rate, err := pow.ScaledSchedule(widgetspec.RetargetStartBits, mults...)
		require.NoError(t, err)
		want, err := pow.SimulateRetarget(pow.RetargetSim{StartBits: widgetspec.RetargetStartBits, Periods: periods, HashRate: rate, Seed: seed})
		require.NoError(t, err)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]period](
			`[...document.querySelectorAll('#retarget-embed tr[data-bits]')].map(r => ({bits: r.dataset.bits, mean: r.dataset.mean, clamped: r.dataset.clamped}))`))
		require.NoError(t, err)
		require.Len(t, got, len(want))
		for i, p := range want {
			assert.Equal(t, strconv.FormatUint(uint64(p.Bits), 10), got[i].Bits, "period %d", i+1)
			assertClose(t, p.MeanBlockTime, parseF(t, got[i].Mean), "mean block time, period "+strconv.Itoa(i+1))
			assert.Equal(t, yn(pow.ClampTimespan(p.Timespan) != p.Timespan), got[i].Clamped, "period %d", i+1)
		}
	}
	compare([]float64{1, 1, 10, 10, 10, 10, 0.5}, 8, 3)

	input := chromedp.CSS(`#retarget-embed-schedule`)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Focus(input),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#retarget-embed-schedule').select()`),
		chromedp.SendKeys(input, "2*3,0.25"+kb.Enter),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#retarget-embed-schedule-text').textContent.includes('×2 for 3 periods')`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "the typed schedule was not applied; console: %v", b.Messages())
	compare([]float64{2, 2, 2, 0.25}, 8, 3)
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#retarget-embed svg.chart polyline.line').length`))
	require.NoError(t, err)
	assert.Equal(t, 3, charts, "block time, target and difficulty lines, with their classes")
	assert.Empty(t, b.Errors(), "console errors")
}
