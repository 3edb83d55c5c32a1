package mining

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pow"
)

// NewRetarget is the retarget widget's factory.
func NewRetarget(p kit.Placement) app.UI { return &retarget{Placement: p} }

// retargetWidget runs a hash-rate schedule through pow.SimulateRetarget:
// every block's time is drawn, and every 2016 blocks the real Retarget rule
// sets the next difficulty. The schedule is in multiples of the rate that
// mines the start difficulty at ten minutes a block (pow.ScaledSchedule).
type retarget struct {
	app.Compo
	kit.Placement
	base

	mults   []float64 // the schedule, one multiplier per listed period
	periods []pow.PeriodStats
	next    []float64 // difficulty of each period's NextBits
	err     string
}

func (c *retarget) OnInit()              { c.Init("retarget", c.Placement, c.load) }
func (c *retarget) OnUpdate(app.Context) { c.Init("retarget", c.Placement, c.load) }

func (c *retarget) load() {
	mults, err := widgetspec.ParseRateSchedule(c.Value("schedule"))
	if err != nil {
		def, _ := kit.Spec("retarget").Resolve(nil)
		c.Note(err.Error() + "; using " + def["schedule"])
		c.Values()["schedule"] = def["schedule"]
		mults, _ = widgetspec.ParseRateSchedule(def["schedule"])
	}
	c.mults = mults
	c.periods, c.next, c.err = nil, nil, ""
	periods, err := retargetRun(mults, c.Int("periods"), uint64(c.Int("seed")))
	if err != nil {
		c.err = err.Error()
		return
	}
	c.periods = periods
	for _, p := range periods {
		d, err := pow.Difficulty(p.NextBits)
		if err != nil {
			c.err = err.Error()
			return
		}
		c.next = append(c.next, d)
	}
}

// retargetRun is the widget's simulation, for the widget and its tests.
func retargetRun(mults []float64, periods int, seed uint64) ([]pow.PeriodStats, error) {
	rate, err := pow.ScaledSchedule(widgetspec.RetargetStartBits, mults...)
	if err != nil {
		return nil, err
	}
	return pow.SimulateRetarget(pow.RetargetSim{StartBits: widgetspec.RetargetStartBits, Periods: periods, HashRate: rate, Seed: seed})
}

// mult is the schedule's multiplier in period i (the last holds).
func (c *retarget) mult(i int) float64 { return c.mults[min(i, len(c.mults)-1)] }

// describe says the schedule in words: "×1 for 2 periods, then ×10 for 4
// periods, then ×0.5 from then on".
func (c *retarget) describe() string {
	var parts []string
	for i := 0; i < len(c.mults); {
		j := i
		for j < len(c.mults) && c.mults[j] == c.mults[i] {
			j++
		}
		p := "×" + strconv.FormatFloat(c.mults[i], 'g', -1, 64)
		switch {
		case j == len(c.mults):
			p += " from then on"
			if i == 0 {
				p = "×" + strconv.FormatFloat(c.mults[i], 'g', -1, 64) + " throughout"
			}
		case j-i == 1:
			p += " for 1 period"
		default:
			p += " for " + strconv.Itoa(j-i) + " periods"
		}
		parts = append(parts, p)
		i = j
	}
	return strings.Join(parts, ", then ")
}

func (c *retarget) Render() app.UI {
	id := c.ID
	body := []app.UI{
		app.P().Class("widget-lead").Text("Miners join and leave; Bitcoin only looks at the clock every 2016 blocks. " +
			"Hash rate is in multiples of the rate that mines the starting difficulty at exactly ten minutes a block."),
		app.Div().Class("controls").Body(
			c.Text("schedule", "Hash-rate schedule (multiplier*periods, comma-separated)"),
			c.Slider("periods", "Periods"),
			c.Number("seed", "Seed"),
			kit.Button{ID: id + "-reroll", Label: "Run again with the next seed", Secondary: true, OnClick: kit.Click(func() {
				c.Set("seed", strconv.Itoa((c.Int("seed")+1)%1_000_000_000))
			})}.UI(),
		),
		app.P().ID(id + "-schedule-text").Class("retarget-schedule").Text("Schedule: " + c.describe() + "."),
	}
	if c.err != "" {
		body = append(body, app.P().Class("status error").Text(c.err))
		return c.Frame(body...)
	}
	body = append(body,
		c.summary(id),
		c.blockTimeChart(),
		c.difficultyChart(),
		c.table(id),
		app.P().Class("widget-small").Text("The rule: at the end of a period, new difficulty = old difficulty × two weeks ÷ the time the period took, "+
			"with that time first clamped to between 3.5 days and 8 weeks. So one retarget changes the difficulty by at most 4× either way, "+
			"and a big jump in hash rate takes several periods to absorb. Bitcoin measures 2015 intervals, not 2016, so the mean settles a hair above 10 minutes."),
	)
	return c.Frame(body...)
}

func (c *retarget) clamped(p pow.PeriodStats) bool {
	return pow.ClampTimespan(p.Timespan) != p.Timespan
}

func (c *retarget) summary(id string) app.UI {
	hits := 0
	for _, p := range c.periods {
		if c.clamped(p) {
			hits++
		}
	}
	last := c.periods[len(c.periods)-1]
	return app.P().ID(id+"-summary").Class("retarget-summary").Aria("live", "polite").DataSet("clamped", strconv.Itoa(hits)).Text(
		strconv.Itoa(hits) + " of " + strconv.Itoa(len(c.periods)) + " retargets hit the 4× clamp. " +
			"The last period averaged " + retargetMinutes(last.MeanBlockTime) + " a block.")
}

func (c *retarget) blockTimeChart() app.UI {
	var mean, target []kit.Point
	var ys []float64
	for i, p := range c.periods {
		x := float64(i + 1)
		mean = append(mean, kit.Point{X: x, Y: p.MeanBlockTime / 60})
		target = append(target, kit.Point{X: x, Y: pow.TargetSpacing / 60})
		ys = append(ys, p.MeanBlockTime/60, pow.TargetSpacing/60)
	}
	ymin, ymax := kit.LogRange(ys...)
	return kit.Chart{
		Label:  "Mean block time per 2016-block period, in minutes on a log scale, against the 10-minute target",
		XLabel: "period",
		YLabel: "minutes per block (log)",
		LogY:   true,
		YMin:   ymin, YMax: ymax,
		Series: []kit.Series{
			{Name: "mean block time", Style: "series-1", Dots: true, Points: mean},
			{Name: "10-minute target", Style: "series-3", Dashed: true, Points: target},
		},
	}.Render()
}

func (c *retarget) difficultyChart() app.UI {
	var diff []kit.Point
	var ys []float64
	for i, p := range c.periods {
		diff = append(diff, kit.Point{X: float64(i + 1), Y: p.Difficulty})
		ys = append(ys, p.Difficulty)
	}
	ymin, ymax := kit.LogRange(ys...)
	return kit.Chart{
		Label:  "Difficulty of each period on a log scale",
		XLabel: "period",
		YLabel: "difficulty (log)",
		LogY:   true,
		YMin:   ymin, YMax: ymax,
		Series: []kit.Series{{Name: "difficulty", Style: "series-2", Dots: true, Points: diff}},
	}.Render()
}

func (c *retarget) table(id string) app.UI {
	var rows []app.UI
	for i, p := range c.periods {
		used := pow.ClampTimespan(p.Timespan)
		spanText := retargetDays(p.Timespan)
		if c.clamped(p) {
			spanText += " → clamped to " + retargetDays(used)
		}
		tr := app.Tr().ID(id+"-period-"+strconv.Itoa(i+1)).
			DataSet("bits", strconv.FormatUint(uint64(p.Bits), 10)).
			DataSet("difficulty", kit.Full(p.Difficulty)).
			DataSet("mean", kit.Full(p.MeanBlockTime)).
			DataSet("timespan", strconv.FormatInt(p.Timespan, 10)).
			DataSet("next-bits", strconv.FormatUint(uint64(p.NextBits), 10)).
			DataSet("clamped", kit.YesNo(c.clamped(p)))
		if c.clamped(p) {
			tr = tr.Class("clamped")
		}
		rows = append(rows, tr.Body(
			app.Th().Scope("row").Text(strconv.Itoa(i+1)),
			app.Td().Class("num").Text("×"+strconv.FormatFloat(c.mult(i), 'g', -1, 64)),
			app.Td().Class("num").Text(kit.Tick(p.Difficulty)),
			app.Td().Class("num").Text(retargetMinutes(p.MeanBlockTime)),
			app.Td().Class("num").Text(spanText),
			app.Td().Class("num").Text(kit.Tick(c.next[i])),
		))
	}
	return kit.ScrollTable("Retarget periods", app.Table().Class("retarget-table").Body(
		app.Caption().Text("Each period: hash rate, difficulty, mean block time, the time its 2016 blocks took as Retarget measures it, and the difficulty it sets for the next"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("period"),
			app.Th().Scope("col").Text("hash rate"),
			app.Th().Scope("col").Text("difficulty"),
			app.Th().Scope("col").Text("mean block time"),
			app.Th().Scope("col").Text("measured time (target 14 days)"),
			app.Th().Scope("col").Text("next difficulty"),
		)),
		app.TBody().Body(rows...),
	))
}

// retargetMinutes prints seconds as minutes with one decimal: "10.0 min".
func retargetMinutes(s float64) string {
	return strconv.FormatFloat(s/60, 'f', 1, 64) + " min"
}

// retargetDays prints seconds as days with one decimal: "14.0 days".
func retargetDays(s int64) string {
	return strconv.FormatFloat(float64(s)/86400, 'f', 1, 64) + " days"
}
