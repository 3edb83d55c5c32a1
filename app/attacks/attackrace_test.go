//go:build !wasm

package attacks

import (
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/pow"
)

// dispatchClick runs a handler on the UI goroutine with a real context, as
// a click would, and consumes everything it started (Consume waits for
// ctx.Async goroutines).
func dispatchClick(d app.ClientDispatcher, src app.UI, h func(app.Context, app.Event)) {
	d.Dispatch(app.Dispatch{Mode: app.Update, Source: src, Function: func(ctx app.Context) { h(ctx, app.Event{}) }})
	d.Consume()
}

func TestAttackRaceTableIsTheFormula(t *testing.T) {
	c := &attackRace{Placement: kit.Placement{ID: "ar", Params: map[string]string{"q": "10", "z": "5"}}}
	d := app.NewServerTester(c)
	defer d.Close()
	html := app.HTMLString(c)

	assert.Contains(t, html, `data-widget="attackrace"`)
	// z = 0..10, the whitepaper's first table.
	for z := 0; z <= 10; z++ {
		p := pow.AttackerSuccess(0.1, z)
		id := "ar-row-" + strconv.Itoa(z)
		row := kittest.Attrs(t, html, id)
		assert.Equal(t, kit.Full(p), row["data-p"], "z=%d", z)
		assert.Equal(t, strconv.Itoa(z), row["data-z"])
		mark := ""
		if z == 5 {
			mark = " ← your z"
		}
		assert.Equal(t, strconv.Itoa(z)+mark+" "+kit.Prob(p)+" – –", kittest.Text(t, html, id), "z=%d", z)
		assert.Equal(t, z == 5, strings.Contains(row["class"], "current"))
	}
	assert.NotContains(t, html, `id="ar-row-11"`)
	// The headline is the paper's value for q = 0.1, z = 5, printed as the paper prints it.
	p5 := pow.AttackerSuccess(0.1, 5)
	assert.Equal(t, kit.Full(p5), kittest.Attrs(t, html, "ar-p")["data-p"])
	assert.Equal(t, strconv.FormatFloat(p5, 'f', 7, 64), kittest.Text(t, html, "ar-p"))
	n, err := pow.MinConfirmations(0.1, 0.001)
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(n), kittest.Text(t, html, "ar-minconf"))
	assert.Contains(t, html, "below 0.1%")
	// The chart: a formula line on a log scale and the learner's z, no race yet.
	assert.Contains(t, html, `class="line series-1"`)
	assert.NotContains(t, html, "race-dots")
	assert.Contains(t, html, `data-race="idle"`)
	assert.Contains(t, html, `href="/embed/attackrace?q=10&risk=0.001&seed=1&trials=10000&z=5"`)
}

func TestAttackRaceRowsReachZ(t *testing.T) {
	c := &attackRace{Placement: kit.Placement{ID: "ar", Params: map[string]string{"q": "30", "z": "24", "risk": "0.0001"}}}
	d := app.NewServerTester(c)
	defer d.Close()
	html := app.HTMLString(c)
	assert.Contains(t, html, `id="ar-row-24"`)
	assert.NotContains(t, html, `id="ar-row-25"`)
	n, err := pow.MinConfirmations(0.3, 0.0001)
	require.NoError(t, err)
	assert.Equal(t, n, c.minConf)
	assert.Contains(t, html, "below 0.01%")
}

// The race's dots and table cells are the engine's seeded race, point by
// point: pow.RaceCurve with the same inputs.
func TestAttackRaceRunMatchesEngine(t *testing.T) {
	c := &attackRace{Placement: kit.Placement{ID: "ar", Params: map[string]string{"q": "20", "z": "3", "trials": "400", "seed": "7"}}}
	d := app.NewClientTester(c)
	defer d.Close()
	dispatchClick(d, c, c.onRun)

	want, err := pow.RaceCurve(0.2, 10, 400, 7)
	require.NoError(t, err)
	require.Equal(t, "done", c.state)
	require.Equal(t, want, c.race)
	html := app.HTMLString(c)
	assert.Contains(t, html, `data-race="done"`)
	_, disabled := kittest.Attrs(t, html, "ar-run")["disabled"]
	assert.False(t, disabled, "the race can be run again")
	dots := 0
	for _, s := range want {
		row := kittest.Attrs(t, html, "ar-row-"+strconv.Itoa(s.Z))
		assert.Equal(t, kit.Full(s.Rate), row["data-rate"], "z=%d", s.Z)
		assert.Equal(t, strconv.Itoa(s.Wins), row["data-wins"], "z=%d", s.Z)
		assert.Equal(t, "400", row["data-trials"])
		if s.Rate > 0 {
			dots++
		}
	}
	assert.Equal(t, dots, strings.Count(html, `class="dot series-2 race-dots"`), "a dot for each race with wins")
	assert.Contains(t, html, "Done: 11 races of 400 trials each.")
}

func TestAttackRaceStopAndParamChanges(t *testing.T) {
	c := &attackRace{Placement: kit.Placement{ID: "ar", Params: map[string]string{"q": "45", "z": "10", "trials": "100000"}}}
	d := app.NewClientTester(c)
	defer d.Close()
	// Start and stop at once: the goroutine sees the flag and gives up.
	d.Dispatch(app.Dispatch{Mode: app.Update, Source: c, Function: func(ctx app.Context) {
		c.onRun(ctx, app.Event{})
		c.onStop(ctx, app.Event{})
	}})
	d.Consume()
	assert.Equal(t, "stopped", c.state)
	assert.Contains(t, app.HTMLString(c), `data-race="stopped"`)

	// A finished race survives a move of z within its rows, not a new q.
	c.Set("trials", "100")
	c.Set("q", "10")
	dispatchClick(d, c, c.onRun)
	require.Equal(t, "done", c.state)
	c.Set("z", "7")
	assert.Equal(t, "done", c.state)
	assert.Len(t, c.race, 11)
	c.Set("z", "12")
	assert.Equal(t, "idle", c.state, "more rows than were raced")
	assert.Empty(t, c.race)
	dispatchClick(d, c, c.onRun)
	c.Set("q", "11")
	assert.Equal(t, "idle", c.state)
	assert.Empty(t, c.race)

	c.Set("trials", "5")
	assert.Equal(t, 100, c.trials)
	assert.Contains(t, c.Notes(), "trials=5 is below the minimum 100; using 100")
}

func TestAttackRaceClampsShareAtFifty(t *testing.T) {
	c := &attackRace{Placement: kit.Placement{ID: "ar", Params: map[string]string{"q": "60"}}}
	d := app.NewServerTester(c)
	defer d.Close()
	html := app.HTMLString(c)
	assert.Equal(t, 49, c.q)
	assert.Contains(t, html, "Note: q=60 is above the maximum 49; using 49")
	assert.Contains(t, html, "always catches up eventually")
	assert.Equal(t, 1.0, pow.AttackerSuccess(0.6, 30), "what the note claims")
	for z, p := range c.formula {
		assert.Equal(t, pow.AttackerSuccess(0.49, z), p)
	}
}

func TestPlayRaceCurveReportsEveryPoint(t *testing.T) {
	var got []pow.RaceStats
	done := false
	playRaceCurve(0.3, 4, 250, 99, new(atomic.Bool), func(u raceUpdate) {
		if u.point != nil {
			got = append(got, *u.point)
		}
		done = done || u.done
		assert.Empty(t, u.err)
	})
	want, err := pow.RaceCurve(0.3, 4, 250, 99)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.True(t, done)

	stop := new(atomic.Bool)
	stop.Store(true)
	calls := 0
	playRaceCurve(0.3, 4, 250, 99, stop, func(raceUpdate) { calls++ })
	assert.Zero(t, calls, "a stopped race reports nothing")
}

func TestLogRange(t *testing.T) {
	for _, tc := range []struct {
		in     []float64
		lo, hi float64
	}{
		{[]float64{1, 0.2, 0.0009}, 1e-4, 1},
		{[]float64{9.8, 10.5}, 0.1, 100},
		{[]float64{1, 191}, 1, 1000},
		{[]float64{8237, 159900}, 1000, 1e6},
		{[]float64{0, -1}, 0.1, 100},
		{nil, 0.1, 100},
	} {
		lo, hi := kit.LogRange(tc.in...)
		assert.InEpsilon(t, tc.lo, lo, 1e-8, "%v", tc.in)
		assert.LessOrEqual(t, lo, tc.lo)
		assert.InEpsilon(t, tc.hi, hi, 1e-12, "%v", tc.in)
	}
	// The point: every log tick is a whole power of ten, so no two labels
	// read the same.
	lo, hi := kit.LogRange(9.8, 10.5)
	html := app.HTMLString(kit.Chart{LogY: true, YMin: lo, YMax: hi, Series: []kit.Series{{Points: []kit.Point{{X: 0, Y: 9.8}, {X: 1, Y: 10.5}}}}}.Render())
	var labels []string
	for _, m := range regexp.MustCompile(`<text[^>]*text-anchor="end"[^>]*>([^<]*)</text>`).FindAllStringSubmatch(html, -1) {
		labels = append(labels, m[1])
	}
	assert.Equal(t, []string{"0.1", "1", "10", "100"}, labels, "the y axis's labels, bottom to top")
}
