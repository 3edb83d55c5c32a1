//go:build !wasm

package staking

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pos"
)

// observedIn reads the histogram back from the HTML twice: the table's
// data-observed cells and the bars' SVG titles ("alice: 123").
func observedIn(t *testing.T, html string) (table, bars map[string]uint64) {
	t.Helper()
	table, bars = map[string]uint64{}, map[string]uint64{}
	for _, m := range regexp.MustCompile(`(?s)<tr data-name="([^"]+)">.*?data-observed="(\d+)"`).FindAllStringSubmatch(html, -1) {
		n, _ := strconv.ParseUint(m[2], 10, 64)
		table[m[1]] = n
	}
	for _, m := range regexp.MustCompile(`<rect[^>]*class="bar[^>]*><title>([^:<]+): (\d+)</title>`).FindAllStringSubmatch(html, -1) {
		n, _ := strconv.ParseUint(m[2], 10, 64)
		bars[m[1]] = n
	}
	return table, bars
}

func engineTally(t *testing.T, validators, seed string, draws uint64) pos.Tally {
	t.Helper()
	set, err := pos.ParseValidators(validators)
	require.NoError(t, err)
	tally, err := set.Tally(pos.SeedFromText(seed), 0, draws)
	require.NoError(t, err)
	return tally
}

func wantCounts(tally pos.Tally) map[string]uint64 {
	m := map[string]uint64{}
	for i, n := range tally.Names {
		m[n] = tally.Observed[i]
	}
	return m
}

func TestLotteryBarsAreTheEngineTally(t *testing.T) {
	l := &lottery{Placement: kit.Placement{ID: "lottery-1", Params: map[string]string{"validators": "alice:32,bob:16,carol:8", "draws": "2000", "seed": "seven"}}}
	d := app.NewServerTester(l)
	defer d.Close()
	html := app.HTMLString(l)

	want := engineTally(t, "alice:32,bob:16,carol:8", "seven", 2000)
	table, bars := observedIn(t, html)
	assert.Equal(t, wantCounts(want), table)
	assert.Equal(t, wantCounts(want), bars)
	assert.Contains(t, html, `data-chisquare="`+kit.Full(want.ChiSquare)+`"`)
	assert.Contains(t, html, `data-pvalue="`+kit.Full(want.PValue)+`"`)
	assert.Contains(t, html, "with 2 degrees of freedom")
	crit, err := pos.ChiSquareCritical(2, 0.05)
	require.NoError(t, err)
	assert.Contains(t, html, "exceeds "+kit.Sig(crit, 4)+" in 5% of runs")
	assert.Equal(t, 3, strings.Count(html, `class="expected"`), "one expected-share marker per bar")
	assert.Contains(t, html, `data-state="static"`)
	assert.Contains(t, html, `href="/embed/lottery?`, "a link that restores this state")
	assert.NotContains(t, html, "RANDAO", "bias panel only on request")
}

func TestLotteryNextSeedDrawsAgain(t *testing.T) {
	l := &lottery{Placement: kit.Placement{ID: "lottery-1", Params: map[string]string{"validators": "a:3,b:1", "draws": "500", "seed": "run-09"}}}
	d := app.NewClientTester(l)
	defer d.Close()
	assert.True(t, l.Ready())

	l.nextSeed() // what the button does
	l.Update()
	d.Consume()
	assert.Equal(t, "run-10", l.Value("seed"))
	table, bars := observedIn(t, app.HTMLString(l))
	want := wantCounts(engineTally(t, "a:3,b:1", "run-10", 500))
	assert.Equal(t, want, table)
	assert.Equal(t, want, bars)
	assert.NotEqual(t, wantCounts(engineTally(t, "a:3,b:1", "run-09", 500)), want, "a new seed, new counts")
	assert.Contains(t, app.HTMLString(l), "seed=run-10", "the link follows the state")
}

func TestLotteryNextSeedText(t *testing.T) {
	for in, want := range map[string]string{"7": "8", "run-09": "run-10", "lesson": "lesson-1", "lesson-1": "lesson-2", "99": "100", "": "-1", "x0099": "x0100"} {
		assert.Equal(t, want, lotteryNextSeed(in), in)
	}
}

func TestLotteryBadValidatorsFallBackWithNote(t *testing.T) {
	l := &lottery{Placement: kit.Placement{ID: "l", Params: map[string]string{"validators": "alice:1", "attacker": "zed", "draws": "0"}}}
	d := app.NewServerTester(l)
	defer d.Close()
	html := app.HTMLString(l)
	assert.Contains(t, html, "Note: draws=0 is below the minimum 1; using 1")
	assert.Contains(t, html, "Note: validators: need at least two with stake, got 1; using alice:32,bob:16,carol:8,dave:4")
	assert.Equal(t, "alice:32,bob:16,carol:8,dave:4", l.Value("validators"))
	table, _ := observedIn(t, html)
	assert.Len(t, table, 4)

	// A control typed into by a learner behaves the same.
	l.Set("validators", "x:1,x:2")
	assert.Contains(t, strings.Join(l.Notes(), "|"), "duplicate validator name")
	l.Set("validators", "x:1,y:2")
	assert.Empty(t, l.Notes())
	assert.Equal(t, []string{"x", "y"}, l.tally.Names)
}

func TestLotteryBiasPanelShowsTheEngineExperiment(t *testing.T) {
	l := &lottery{Placement: kit.Placement{ID: "l", Params: map[string]string{"validators": "alice:32,bob:16,carol:8,dave:4", "bias": "true", "rounds": "500", "seed": "b"}}}
	d := app.NewServerTester(l)
	defer d.Close()
	html := app.HTMLString(l)
	set, err := pos.ParseValidators("alice:32,bob:16,carol:8,dave:4")
	require.NoError(t, err)
	ex, err := pos.RunBiasExperiment(set, "dave", pos.SeedFromText("b"), 500, 1)
	require.NoError(t, err)
	assert.Contains(t, html, "RANDAO: the last revealer")
	assert.Contains(t, html, `data-rate="`+kit.Full(ex.HonestRate)+`"`)
	assert.Contains(t, html, `data-rate="`+kit.Full(ex.BiasedRate)+`"`)
	assert.Contains(t, html, `data-rate="`+kit.Full(pos.LastRevealerRate(ex.Share))+`"`)
	assert.Contains(t, html, "dave (stake share 6.67%)", "the least-staked validator by default")
}

// The kit's spellings of what the stake widgets show.
func TestStakeFormats(t *testing.T) {
	assert.Equal(t, "26,200", kit.Count(26200))
	assert.Equal(t, "2,016", kit.Count(2016))
	assert.Equal(t, "3.71 × 10^26", kit.Sig(3.7129e26, 3))
	assert.Equal(t, "1235", kit.Sig(1234.6, 3))
	assert.Equal(t, "0.0123", kit.Sig(0.012345, 3))
	assert.Equal(t, "33.33%", kit.Percent(1.0/3, 2))
	assert.Equal(t, "50%", kit.Percent(0.5, 2))
}

// A chart keeps its markup, classes included, under one root.
func TestChartKeepsClasses(t *testing.T) {
	chart := kit.BarChart{Label: "x", Bars: []kit.Bar{{Label: "a", Value: 3, Expected: 2, HasExpected: true, Style: "series-3"}}}
	html := app.HTMLString(chart.Render())
	assert.Contains(t, html, `class="bar series-3"`)
	assert.Contains(t, html, `class="expected"`)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(html), "<figure"), "a single root element")
}
