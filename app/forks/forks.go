package forks

import (
	"html"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pow"
)

// NewForks is the forks widget's factory.
func NewForks(p kit.Placement) app.UI { return &forks{Placement: p} }

// forks runs equal miners that hear of each other's blocks late
// (pow.SimulateForks): each mines on the most-work chain it has seen, so
// blocks found within a delay of each other race and one goes stale. It
// shows the first blocks as a tree and the stale rate of the whole run
// against 1 - exp(-(1 - 1/n) delay/interval).
type forks struct {
	app.Compo
	kit.Placement
	base

	res pow.ForkResult
	err string
}

func (c *forks) OnInit()              { c.Init("forks", c.Placement, c.load) }
func (c *forks) OnUpdate(app.Context) { c.Init("forks", c.Placement, c.load) }

func (c *forks) ratio() float64 {
	return float64(c.Int("delay")) / 1000 / float64(c.Int("interval"))
}

func (c *forks) load() {
	c.err = ""
	res, err := pow.SimulateForks(pow.ForkSim{
		Nodes: c.Int("nodes"), Interval: float64(c.Int("interval")), Delay: float64(c.Int("delay")) / 1000,
		Blocks: c.Int("blocks"), Seed: uint64(c.Int("seed")), Keep: c.Int("show"),
	})
	if err != nil {
		c.err = err.Error()
		return
	}
	c.res = res
}

func (c *forks) Render() app.UI {
	id := c.ID
	body := []app.UI{
		app.P().Class("widget-lead").Text("Every miner builds on the chain with the most work it has seen. A block takes the delay to reach the others, " +
			"so two blocks found within that time race, and the one that loses is stale: its work is wasted."),
		app.Div().Class("controls").Body(
			c.Slider("nodes", "Miners"),
			c.Number("interval", "Seconds between blocks"),
			c.Number("delay", "Propagation delay (ms)"),
			c.Number("blocks", "Blocks in the run"),
			c.Number("seed", "Seed"),
		),
	}
	if c.err != "" {
		return c.Frame(append(body, app.P().Class("status error").Text(c.err))...)
	}
	r := c.res
	body = append(body,
		app.P().ID(id+"-summary").Class("forks-summary").Aria("live", "polite").
			DataSet("stale-rate", kit.Full(r.StaleRate)).
			DataSet("approx", kit.Full(r.Approx)).
			DataSet("max-reorg", strconv.Itoa(r.MaxReorg)).
			Text(kit.Int(r.Stale)+" of "+kit.Int(r.Blocks)+" blocks went stale ("+kit.Percent(r.StaleRate, 2)+"); "+
				"a single race at a time predicts "+kit.Percent(r.Approx, 2)+" for a delay of "+kit.Percent(c.ratio(), 2)+
				" of the interval. The deepest reorganization any miner went through dropped "+kit.Int(r.MaxReorg)+" blocks."),
		c.chart(),
	)
	if len(r.Kept) > 0 {
		body = append(body, app.Raw(treeSVG(r.Kept, "The first "+strconv.Itoa(len(r.Kept))+
			" blocks: the main chain on top, stale blocks below, each joined to the block it built on")))
	}
	return c.Frame(body...)
}

// chart is the single-race prediction against delay / interval, with this
// run's stale rate: the rate grows as the interval shrinks toward the
// delay.
func (c *forks) chart() app.UI {
	var approx []kit.Point
	top := max(1, c.ratio())
	for i := 0; i <= 50; i++ {
		x := top * float64(i) / 50
		approx = append(approx, kit.Point{X: x, Y: pow.StaleApprox(c.Int("nodes"), x) * 100})
	}
	return kit.Chart{
		Label:  "Stale blocks in per cent against the delay as a share of the block interval: the single-race prediction and this run",
		XLabel: "delay ÷ interval",
		YLabel: "stale blocks (%)",
		XMin:   0, XMax: top, YMin: 0, YMax: 100,
		Series: []kit.Series{
			{Name: "1 − exp(−(1 − 1/n) · delay/interval)", Style: "series-1", Points: approx},
			{Name: "this run", Style: "series-2", Dots: true, Points: []kit.Point{{X: c.ratio(), Y: c.res.StaleRate * 100}}},
		},
	}.Render()
}

// treeSVG draws blocks by height (left to right), the main chain in the
// top row and each stale block in the first free row below, with a line to
// its parent. It is written as markup in one piece: a tree of hundreds of
// go-app elements would cost the app more than it shows.
func treeSVG(blocks []pow.ForkBlock, label string) string {
	const cell, box = 22.0, 14.0
	rows := make([]int, len(blocks))
	used := map[[2]int]bool{}
	maxH, maxRow := 0, 0
	for i, b := range blocks {
		row := 0
		if !b.Main {
			row = 1
			for used[[2]int{b.Height, row}] {
				row++
			}
		}
		used[[2]int{b.Height, row}] = true
		rows[i] = row
		maxH, maxRow = max(maxH, b.Height), max(maxRow, row)
	}
	x := func(h int) float64 { return float64(h)*cell + 4 }
	y := func(r int) float64 { return float64(r)*cell + 4 }
	ff := func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }
	var sb strings.Builder
	w, h := x(maxH+1), y(maxRow+1)
	sb.WriteString(`<figure class="chart-figure fork-tree"><svg class="chart" role="img" viewBox="0 0 ` + ff(w) + " " + ff(h) +
		`" aria-label="` + html.EscapeString(label) + `"><title>` + html.EscapeString(label) + `</title>`)
	for i, b := range blocks {
		if b.Parent < 0 {
			continue
		}
		p := b.Parent
		sb.WriteString(`<line class="grid" x1="` + ff(x(blocks[p].Height)+box) + `" y1="` + ff(y(rows[p])+box/2) +
			`" x2="` + ff(x(b.Height)) + `" y2="` + ff(y(rows[i])+box/2) + `"></line>`)
	}
	for i, b := range blocks {
		class := "bar series-1"
		what := "main chain"
		if !b.Main {
			class, what = "bar series-2", "stale"
		}
		sb.WriteString(`<rect class="` + class + `" x="` + ff(x(b.Height)) + `" y="` + ff(y(rows[i])) + `" width="` + ff(box) +
			`" height="` + ff(box) + `"><title>block ` + strconv.Itoa(i+1) + ", height " + strconv.Itoa(b.Height) + ", miner " +
			strconv.Itoa(b.Node+1) + ", " + what + `</title></rect>`)
	}
	sb.WriteString(`</svg><ul class="legend"><li><span class="swatch series-1" aria-hidden="true"></span>main chain</li>` +
		`<li><span class="swatch series-2" aria-hidden="true"></span>stale</li></ul></figure>`)
	return sb.String()
}
