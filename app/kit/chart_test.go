package kit

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
)

func TestNiceTicks(t *testing.T) {
	assert.Equal(t, []float64{0, 2, 4, 6, 8, 10}, niceTicks(0, 10, 5))
	assert.InDeltaSlice(t, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, niceTicks(0, 1, 5), 1e-12)
	assert.Equal(t, []float64{-10, -5, 0, 5}, niceTicks(-12, 7, 4))
	assert.Equal(t, []float64{3}, niceTicks(3, 3, 5), "an empty range gives one tick")
	assert.Len(t, niceTicks(0, 2016, 6), 5) // 0, 500, 1000, 1500, 2000
}

func TestTick(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.25: "0.25", 2016: "2016", 15000: "15k", 3e6: "3M", 2.5e9: "2.5G"} {
		assert.Equal(t, want, Tick(v))
	}
}

func TestLineChartDrawsEveryFinitePoint(t *testing.T) {
	c := Chart{
		Label: "P against z", XLabel: "z", YLabel: "P", LogY: true,
		Series: []Series{
			{Name: "formula", Style: "series-1", Points: []Point{{0, 1}, {1, 0.2}, {2, 0.05}, {3, 0}}},
			{Name: "simulated", Style: "series-2", Dots: true, Points: []Point{{0, 1}, {1, 0.21}}},
		},
	}
	html := app.HTMLString(c.Render())
	assert.Contains(t, html, `aria-label="P against z"`)
	assert.Equal(t, 2, strings.Count(html, "<polyline"))
	assert.Equal(t, 2, strings.Count(html, "<circle"), "dots for the simulated series only")
	// The zero on a log scale is skipped: 3 points in the first polyline.
	first := html[strings.Index(html, `points="`)+8:]
	first = first[:strings.Index(first, `"`)]
	assert.Len(t, strings.Fields(first), 3)
	assert.Contains(t, html, "formula")
	assert.Contains(t, html, `">1</text>`, "log ticks are labelled as powers of ten")
	assert.Contains(t, html, `">0.1</text>`)
	assert.NotContains(t, html, "1e", "no computer notation on an axis")
}

func TestBarChartMarksExpected(t *testing.T) {
	b := BarChart{Label: "draws per validator", YLabel: "share", Bars: []Bar{
		{Label: "alice", Value: 0.31, Expected: 0.3, HasExpected: true},
		{Label: "bob", Value: 0.69, Expected: 0.7, HasExpected: true},
	}}
	html := app.HTMLString(b.Render())
	assert.Equal(t, 2, strings.Count(html, `class="bar series-1"`))
	assert.Equal(t, 2, strings.Count(html, `class="expected"`))
	assert.Contains(t, html, "alice: 0.31")
}
