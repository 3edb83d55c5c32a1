//go:build !wasm

package mining

import (
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pow"
)

// Every row is the engine's simulation of the schedule, and the clamp flag
// says whether the measured time fell outside [T/4, 4T].
func TestRetargetRowsAreTheEngine(t *testing.T) {
	c := &retarget{Placement: kit.Placement{ID: "rt", Params: map[string]string{"schedule": "1*2,10*4,0.5", "periods": "10", "seed": "1"}}}
	d := app.NewServerTester(c)
	defer d.Close()
	html := app.HTMLString(c)

	rate, err := pow.ScaledSchedule(widgetspec.RetargetStartBits, 1, 1, 10, 10, 10, 10, 0.5)
	require.NoError(t, err)
	want, err := pow.SimulateRetarget(pow.RetargetSim{StartBits: widgetspec.RetargetStartBits, Periods: 10, HashRate: rate, Seed: 1})
	require.NoError(t, err)
	clamps := 0
	for i, p := range want {
		row := kittest.Attrs(t, html, "rt-period-"+strconv.Itoa(i+1))
		assert.Equal(t, strconv.FormatUint(uint64(p.Bits), 10), row["data-bits"], "period %d", i+1)
		assert.Equal(t, kit.Full(p.Difficulty), row["data-difficulty"])
		assert.Equal(t, kit.Full(p.MeanBlockTime), row["data-mean"])
		assert.Equal(t, strconv.FormatInt(p.Timespan, 10), row["data-timespan"])
		assert.Equal(t, strconv.FormatUint(uint64(p.NextBits), 10), row["data-next-bits"])
		clamped := p.Timespan < pow.TargetTimespan/4 || p.Timespan > 4*pow.TargetTimespan
		assert.Equal(t, kit.YesNo(clamped), row["data-clamped"], "period %d", i+1)
		if clamped {
			clamps++
			assert.Contains(t, kittest.Text(t, html, "rt-period-"+strconv.Itoa(i+1)), "clamped to")
		}
	}
	assert.Equal(t, strconv.Itoa(clamps), kittest.Attrs(t, html, "rt-summary")["data-clamped"])
	assert.Equal(t, "Schedule: ×1 for 2 periods, then ×10 for 4 periods, then ×0.5 from then on.", kittest.Text(t, html, "rt-schedule-text"))

	// What the lesson says about this run: a tenfold jump needs more than
	// one retarget (the first is clamped to 4x), and the time per block
	// comes back near ten minutes afterwards.
	require.Greater(t, clamps, 0)
	assert.Less(t, want[2].Timespan, int64(pow.TargetTimespan/4), "the first x10 period ends in under 3.5 days")
	d3, err := pow.Difficulty(want[2].NextBits)
	require.NoError(t, err)
	assert.InEpsilon(t, 4*want[2].Difficulty, d3, 0.001, "clamped: exactly four times")
	assert.InDelta(t, 600, want[5].MeanBlockTime, 60, "absorbed within three retargets")
	assert.Equal(t, 2, strings.Count(html, `class="chart"`), "block-time and difficulty charts")
}

func TestRetargetControls(t *testing.T) {
	c := &retarget{Placement: kit.Placement{ID: "rt", Params: map[string]string{"schedule": "2", "periods": "3", "seed": "5"}}}
	d := app.NewClientTester(c)
	defer d.Close()
	assert.Equal(t, "Schedule: ×2 throughout.", kittest.Text(t, app.HTMLString(c), "rt-schedule-text"))
	before := c.periods
	c.Set("seed", "6")
	assert.NotEqual(t, before, c.periods, "a new seed draws new block times")
	want, err := retargetRun([]float64{2}, 3, 6)
	require.NoError(t, err)
	assert.Equal(t, want, c.periods)

	c.Set("schedule", "fast")
	assert.Equal(t, "1*2,10*4,0.5", c.Value("schedule"))
	require.NotEmpty(t, c.Notes())
	assert.Contains(t, c.Notes()[len(c.Notes())-1], `schedule item 1 ("fast")`)
	c.Set("periods", "99")
	assert.Len(t, c.periods, 40)
	assert.Contains(t, c.Notes(), "periods=99 is above the maximum 40; using 40")
}
