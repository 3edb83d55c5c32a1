package app

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pow"
)

func newRetargetWidget(id string, params map[string]string) app.UI {
	return &retargetWidget{ID: id, Params: params}
}

// retargetWidget runs a hash-rate schedule through pow.SimulateRetarget:
// every block's time is drawn, and every 2016 blocks the real Retarget rule
// sets the next difficulty. The schedule is in multiples of the rate that
// mines the start difficulty at ten minutes a block (pow.ScaledSchedule).
type retargetWidget struct {
	app.Compo
	ID     string
	Params map[string]string

	values  map[string]string
	notes   []string
	mults   []float64 // the schedule, one multiplier per listed period
	periods []pow.PeriodStats
	next    []float64 // difficulty of each period's NextBits
	err     string
	ready   bool
}

func (c *retargetWidget) OnInit()                 { c.reset() }
func (c *retargetWidget) OnUpdate(app.Context)    { c.reset() }
func (c *retargetWidget) OnMount(ctx app.Context) { c.ready = true }

func (c *retargetWidget) reset() {
	values, notes := resolveParams("retarget", c.Params)
	c.load(values, notes)
}

func (c *retargetWidget) set(key, value string) {
	values, notes := secResolve("retarget", c.values, key, value)
	c.load(values, notes)
}

func (c *retargetWidget) load(values map[string]string, notes []string) {
	mults, err := widgetspec.ParseRateSchedule(values["schedule"])
	if err != nil {
		s, _ := widgetspec.Lookup("retarget")
		def, _ := s.Resolve(nil)
		notes = append(notes, err.Error()+"; using "+def["schedule"])
		values["schedule"] = def["schedule"]
		mults, _ = widgetspec.ParseRateSchedule(def["schedule"])
	}
	c.values, c.notes, c.mults = values, notes, mults
	c.periods, c.next, c.err = nil, nil, ""
	periods, err := retargetRun(mults, paramInt(values["periods"]), uint64(paramInt(values["seed"])))
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
func (c *retargetWidget) mult(i int) float64 { return c.mults[min(i, len(c.mults)-1)] }

// describe says the schedule in words: "×1 for 2 periods, then ×10 for 4
// periods, then ×0.5 from then on".
func (c *retargetWidget) describe() string {
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

func (c *retargetWidget) Render() app.UI {
	id := c.ID
	body := []app.UI{
		app.P().Class("widget-lead").Text("Miners join and leave; Bitcoin only looks at the clock every 2016 blocks. " +
			"Hash rate is in multiples of the rate that mines the starting difficulty at exactly ten minutes a block."),
		app.Div().Class("controls").Body(
			secField(id+"-schedule", "Hash-rate schedule (multiplier*periods, comma-separated)",
				app.Input().Type("text").ID(id+"-schedule").Value(c.values["schedule"]).Spellcheck(false).
					OnChange(func(ctx app.Context, e app.Event) { c.set("schedule", ctx.JSSrc().Get("value").String()) })),
			secField(id+"-periods", "Periods: "+c.values["periods"],
				app.Input().Type("range").ID(id+"-periods").Min(1).Max(40).Step(1).Value(c.values["periods"]).
					OnInput(func(ctx app.Context, e app.Event) { c.set("periods", ctx.JSSrc().Get("value").String()) })),
			secField(id+"-seed", "Seed",
				app.Input().Type("number").ID(id+"-seed").Min(0).Max(999999999).Value(c.values["seed"]).
					OnChange(func(ctx app.Context, e app.Event) { c.set("seed", ctx.JSSrc().Get("value").String()) })),
			secButton(id+"-reroll", "button secondary", "Run again with the next seed", false, func(ctx app.Context, e app.Event) {
				c.set("seed", strconv.Itoa((paramInt(c.values["seed"])+1)%1_000_000_000))
			}),
		),
		app.P().ID(id + "-schedule-text").Class("retarget-schedule").Text("Schedule: " + c.describe() + "."),
	}
	if c.err != "" {
		body = append(body, app.P().Class("status error").Text(c.err))
		return widgetFrame("retarget", id, c.ready, c.notes, body...)
	}
	body = append(body,
		c.summary(id),
		c.blockTimeChart(),
		c.difficultyChart(),
		c.table(id),
		app.P().Class("widget-small").Text("The rule: at the end of a period, new difficulty = old difficulty × two weeks ÷ the time the period took, "+
			"with that time first clamped to between 3.5 days and 8 weeks. So one retarget changes the difficulty by at most 4× either way, "+
			"and a big jump in hash rate takes several periods to absorb. Bitcoin measures 2015 intervals, not 2016, so the mean settles a hair above 10 minutes."),
		stateLink("retarget", c.Params, c.values),
	)
	return widgetFrame("retarget", id, c.ready, c.notes, body...)
}

func (c *retargetWidget) clamped(p pow.PeriodStats) bool {
	return pow.ClampTimespan(p.Timespan) != p.Timespan
}

func (c *retargetWidget) summary(id string) app.UI {
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

func (c *retargetWidget) blockTimeChart() app.UI {
	var mean, target []Point
	var ys []float64
	for i, p := range c.periods {
		x := float64(i + 1)
		mean = append(mean, Point{X: x, Y: p.MeanBlockTime / 60})
		target = append(target, Point{X: x, Y: pow.TargetSpacing / 60})
		ys = append(ys, p.MeanBlockTime/60, pow.TargetSpacing/60)
	}
	ymin, ymax := secLogRange(ys...)
	return Chart{
		Label:  "Mean block time per 2016-block period, in minutes on a log scale, against the 10-minute target",
		XLabel: "period",
		YLabel: "minutes per block (log)",
		LogY:   true,
		YMin:   ymin, YMax: ymax,
		Series: []Series{
			{Name: "mean block time", Style: "series-1", Dots: true, Points: mean},
			{Name: "10-minute target", Style: "series-3", Dashed: true, Points: target},
		},
	}.Render()
}

func (c *retargetWidget) difficultyChart() app.UI {
	var diff []Point
	var ys []float64
	for i, p := range c.periods {
		diff = append(diff, Point{X: float64(i + 1), Y: p.Difficulty})
		ys = append(ys, p.Difficulty)
	}
	ymin, ymax := secLogRange(ys...)
	return Chart{
		Label:  "Difficulty of each period on a log scale",
		XLabel: "period",
		YLabel: "difficulty (log)",
		LogY:   true,
		YMin:   ymin, YMax: ymax,
		Series: []Series{{Name: "difficulty", Style: "series-2", Dots: true, Points: diff}},
	}.Render()
}

func (c *retargetWidget) table(id string) app.UI {
	var rows []app.UI
	for i, p := range c.periods {
		used := pow.ClampTimespan(p.Timespan)
		spanText := retargetDays(p.Timespan)
		if c.clamped(p) {
			spanText += " → clamped to " + retargetDays(used)
		}
		tr := app.Tr().ID(id+"-period-"+strconv.Itoa(i+1)).
			DataSet("bits", strconv.FormatUint(uint64(p.Bits), 10)).
			DataSet("difficulty", secFull(p.Difficulty)).
			DataSet("mean", secFull(p.MeanBlockTime)).
			DataSet("timespan", strconv.FormatInt(p.Timespan, 10)).
			DataSet("next-bits", strconv.FormatUint(uint64(p.NextBits), 10)).
			DataSet("clamped", secYesNo(c.clamped(p)))
		if c.clamped(p) {
			tr = tr.Class("clamped")
		}
		rows = append(rows, tr.Body(
			app.Th().Scope("row").Text(strconv.Itoa(i+1)),
			app.Td().Class("num").Text("×"+strconv.FormatFloat(c.mult(i), 'g', -1, 64)),
			app.Td().Class("num").Text(fmtTick(p.Difficulty)),
			app.Td().Class("num").Text(retargetMinutes(p.MeanBlockTime)),
			app.Td().Class("num").Text(spanText),
			app.Td().Class("num").Text(fmtTick(c.next[i])),
		))
	}
	return app.Div().Class("table-scroll").Body(app.Table().Class("retarget-table").Body(
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
