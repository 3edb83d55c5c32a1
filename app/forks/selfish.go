package forks

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pow"
)

// NewSelfish is the selfish-mining widget's factory.
func NewSelfish(p kit.Placement) app.UI { return &selfish{Placement: p} }

// selfish runs Eyal and Sirer's state machine (pow.SimulateSelfish) for a
// pool of share alpha and compares its share of main-chain blocks with the
// paper's closed form and with honest mining (alpha itself): above the
// threshold (1 - gamma) / (3 - 2 gamma) withholding pays, which is a third
// of the hash rate when gamma is 0, not a half.
type selfish struct {
	app.Compo
	kit.Placement
	base

	res pow.SelfishResult
	err string
}

func (c *selfish) OnInit()              { c.Init("selfish", c.Placement, c.load) }
func (c *selfish) OnUpdate(app.Context) { c.Init("selfish", c.Placement, c.load) }

func (c *selfish) alpha() float64 { return float64(c.Int("alpha")) / 100 }
func (c *selfish) gamma() float64 { return float64(c.Int("gamma")) / 100 }

func (c *selfish) load() {
	c.err = ""
	res, err := pow.SimulateSelfish(pow.SelfishSim{
		Alpha: c.alpha(), Gamma: c.gamma(), Blocks: c.Int("blocks"), Seed: uint64(c.Int("seed")), Trace: c.Int("trace"),
	})
	if err != nil {
		c.err = err.Error()
		return
	}
	c.res = res
}

func (c *selfish) Render() app.UI {
	id := c.ID
	body := []app.UI{
		app.P().Class("widget-lead").Text("The pool keeps the blocks it finds to itself and publishes them only to orphan the honest miners' work. " +
			"Gamma is the share of honest miners that build on the pool's block when two blocks race."),
		app.Div().Class("controls").Body(
			c.Slider("alpha", "Pool's hash share (%)"),
			c.Slider("gamma", "Gamma, honest miners who side with the pool in a race (%)"),
			c.Number("blocks", "Blocks found in the run"),
			c.Number("seed", "Seed"),
		),
	}
	if c.err != "" {
		return c.Frame(append(body, app.P().Class("status error").Text(c.err))...)
	}
	r := c.res
	pays := r.Revenue > c.alpha()
	verdict := "Honest mining pays more here: withholding costs the pool blocks."
	if pays {
		verdict = "Withholding pays: the pool gets more than its fair share of blocks."
	}
	body = append(body,
		app.P().ID(id+"-summary").Class("selfish-summary").Aria("live", "polite").
			DataSet("revenue", kit.Full(r.Revenue)).
			DataSet("closed-form", kit.Full(r.ClosedForm)).
			DataSet("threshold", kit.Full(r.Threshold)).
			DataSet("pays", kit.YesNo(pays)).
			Text("Pool's share of main-chain blocks: "+kit.Percent(r.Revenue, 2)+" in this run, "+
				kit.Percent(r.ClosedForm, 2)+" by the paper's formula, against "+kit.Percent(c.alpha(), 2)+
				" for honest mining. "+verdict),
		app.P().ID(id+"-threshold").Text("With gamma at "+kit.Percent(c.gamma(), 0)+", selfish mining pays above "+
			kit.Percent(r.Threshold, 2)+" of the hash rate: \"honest mining is safe below 50%\" is false."),
		c.chart(),
		c.counts(id),
	)
	if len(r.Trace) > 0 {
		body = append(body, c.trace(id))
	}
	return c.Frame(body...)
}

// chart draws the closed form against alpha for this gamma, the honest
// share (the diagonal), and this run's point.
func (c *selfish) chart() app.UI {
	var formula, honest []kit.Point
	for a := 0; a <= 49; a++ {
		x := float64(a) / 100
		formula = append(formula, kit.Point{X: x * 100, Y: max(pow.SelfishRevenue(x, c.gamma()), 0) * 100})
		honest = append(honest, kit.Point{X: x * 100, Y: x * 100})
	}
	return kit.Chart{
		Label:  "The pool's share of main-chain blocks against its hash share, in per cent: the closed form for this gamma, honest mining, and this run",
		XLabel: "pool's hash share (%)",
		YLabel: "share of blocks (%)",
		XMin:   0, XMax: 50, YMin: 0, YMax: 100,
		Series: []kit.Series{
			{Name: "selfish, closed form", Style: "series-1", Points: formula},
			{Name: "honest mining", Style: "series-3", Dashed: true, Points: honest},
			{Name: "this run", Style: "series-2", Dots: true, Points: []kit.Point{{X: c.alpha() * 100, Y: c.res.Revenue * 100}}},
		},
	}.Render()
}

func (c *selfish) counts(id string) app.UI {
	r := c.res
	row := func(what string, n int) app.UI {
		return app.Tr().Body(app.Th().Scope("row").Text(what), app.Td().Class("num").Text(kit.Int(n)))
	}
	return kit.ScrollTable("Settled blocks", app.Table().ID(id+"-counts").Body(
		app.Caption().Text("Blocks whose fate was settled in the run"),
		app.TBody().Body(
			row("pool blocks in the main chain", r.PoolBlocks),
			row("honest blocks in the main chain", r.HonestBlocks),
			row("honest blocks orphaned by the pool", r.HonestOrphaned),
			row("pool blocks lost in races", r.PoolOrphaned),
		),
	))
}

func (c *selfish) trace(id string) app.UI {
	lead := func(l int) string {
		if l < 0 {
			return "race"
		}
		return strconv.Itoa(l)
	}
	rows := make([]app.UI, len(c.res.Trace))
	for i, e := range c.res.Trace {
		who := "honest"
		if e.Pool {
			who = "pool"
		}
		rows[i] = app.Tr().Body(
			app.Td().Class("num").Text(strconv.Itoa(i+1)),
			app.Td().Text(who),
			app.Td().Class("num").Text(lead(e.Lead)+" → "+lead(e.After)),
			app.Td().Text(e.Action),
		)
	}
	return kit.ScrollTable("Run trace", app.Table().ID(id+"-trace").Body(
		app.Caption().Text("The first blocks of the run, step by step: who found each, the pool's private lead before and after, and what happened"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("block"), app.Th().Scope("col").Text("found by"),
			app.Th().Scope("col").Text("lead"), app.Th().Scope("col").Text("what happened"),
		)),
		app.TBody().Body(rows...),
	))
}
