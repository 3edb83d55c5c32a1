package consensus

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/space"
)

// NewPlots is the plots widget's factory.
func NewPlots(p kit.Placement) app.UI { return &plots{Placement: p} }

// plots is the proof-of-space demo run by engine/space: farmers plot once
// (one hash per entry), then each block they answer the challenge with a
// binary search of their plot, and the smallest distance wins. Everything
// shown is recomputed from the parameters, so the URL is the whole state.
type plots struct {
	app.Compo
	kit.Placement
	base

	farm    *space.Farm
	farmKey string       // the farmers and seed farm was plotted for: replot only when they change
	round   *space.Round // the last block stepped; nil before the first
	race    *space.RaceResult
	raceKey string // the farm and rounds race was run for: rerun only when they change
	err     string
}

func (p *plots) OnInit()              { p.Init("plots", p.Placement, p.load) }
func (p *plots) OnUpdate(app.Context) { p.Init("plots", p.Placement, p.load) }

// load computes the state: it plots (if the farmers or seed changed),
// steps the chain to the block shown, and runs the race if it is shown. A
// farmer list that fails the spec's check (possible from a URL) falls back
// to the default, with a note.
func (p *plots) load() {
	values := p.Values()
	fs, err := widgetspec.PlotsFarmers(values["farmers"])
	if err != nil {
		def, _ := kit.Spec("plots").Param("farmers")
		p.Note(err.Error() + "; using " + def.Default)
		values["farmers"] = def.Default
		fs, _ = widgetspec.PlotsFarmers(def.Default)
	}
	lastRound, lastRace := p.round, p.race
	p.err, p.round, p.race = "", nil, nil
	seed := values["seed"]
	if key := values["farmers"] + "\x00" + seed; key != p.farmKey || p.farm == nil {
		farm, err := space.NewFarm(fs, seed)
		if err != nil {
			p.err, p.farm, p.farmKey, p.raceKey = err.Error(), nil, "", ""
			return
		}
		p.farm, p.farmKey, p.raceKey, lastRound, lastRace = farm, key, "", nil, nil
	}
	// Next block steps once from the block shown; anything else (a shared
	// URL, Back to the start) replays the chain from genesis.
	block := uint64(p.Int("block"))
	prev, from := space.Genesis(seed), uint64(1)
	if lastRound != nil && lastRound.Height < block {
		p.round, prev, from = lastRound, lastRound.Hash, lastRound.Height+1
	}
	for h := from; h <= block; h++ {
		r := p.farm.Round(prev, h)
		p.round, prev = &r, r.Hash
	}
	if values["race"] == "true" {
		key := p.farmKey + "\x00" + values["rounds"]
		if lastRace != nil && key == p.raceKey {
			p.race = lastRace
			return
		}
		res, err := p.farm.Race(space.Genesis(seed), p.Int("rounds"))
		if err != nil {
			p.err = err.Error()
			return
		}
		p.race, p.raceKey = &res, key
	}
}

func (p *plots) nextBlock() { p.Set("block", strconv.Itoa(p.Int("block")+1)) }
func (p *plots) restart()   { p.Set("block", "0") }
func (p *plots) runRace()   { p.Set("race", "true") }

func (p *plots) onKey(ctx app.Context, e app.Event) {
	switch e.Get("key").String() {
	case "ArrowRight":
		p.nextBlock()
	case "Home":
		p.restart()
	default:
		return
	}
	e.PreventDefault()
}

func (p *plots) Render() app.UI {
	body := []app.UI{p.controls()}
	if p.err != "" {
		body = append(body, app.P().Class("status error").Role("alert").Text(p.err))
		return p.Frame(body...)
	}
	body = append(body, p.plotTable(), p.stepper(), p.answers(), p.raceRun())
	if p.race != nil {
		body = append(body, p.raceResult()...)
	}
	return p.Frame(body...)
}

func (p *plots) controls() app.UI {
	return app.Div().Class("pos-controls").Body(
		p.Text("farmers", "Farmers (name:entries, …)"),
		p.Text("seed", "Seed"),
		p.Number("rounds", "Rounds to race"),
	)
}

// plotTable is what plotting cost, paid once, next to what a block costs.
func (p *plots) plotTable() app.UI {
	shares := p.farm.Shares()
	rows := make([]app.UI, 0, len(shares))
	for i, pl := range p.farm.Plots() {
		rows = append(rows, app.Tr().DataSet("name", pl.Name()).Body(
			app.Th().Scope("row").Text(pl.Name()),
			app.Td().DataSet("entries", strconv.Itoa(pl.Len())).Text(kit.Count(uint64(pl.Len()))),
			app.Td().DataSet("hashes", strconv.FormatUint(pl.Hashes(), 10)).Text(kit.Count(pl.Hashes())),
			app.Td().Text(strconv.Itoa(space.ProbeBound(pl.Len()))),
			app.Td().Text(kit.Percent(shares[i], 2)),
		))
	}
	return app.Div().Body(
		app.Table().Class("pos-table").Body(
			app.Caption().Text("Plots, built once"),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Farmer"), app.Th().Scope("col").Text("Entries"),
				app.Th().Scope("col").Text("Hashes to plot"), app.Th().Scope("col").Text("Reads per block, at most"),
				app.Th().Scope("col").Text("Expected share of blocks"),
			)),
			app.TBody().Body(rows...),
		),
		app.P().Class("pos-summary").ID(p.ID+"-cost").DataSet("hashes", strconv.FormatUint(p.farm.Hashes(), 10)).
			Text("Plotting cost "+kit.Count(p.farm.Hashes())+" hashes, once. After that a block costs each farmer one binary search, "+
				"about log2(entries) reads; finding the same answer without a plot would mean hashing the whole plot again, every block."),
	)
}

func (p *plots) stepper() app.UI {
	block := p.Int("block")
	status := "No block yet: press Next block to publish the first challenge."
	winner := ""
	if r := p.round; r != nil {
		winner = p.farm.Plots()[r.Winner].Name()
		status = "Block " + strconv.FormatUint(r.Height, 10) + ": challenge " + hex16(r.Challenge) + "; " + winner +
			" wins with the closest value, " + strconv.Itoa(r.Probes) + " reads in all."
	}
	line := app.P().Class("pos-status").ID(p.ID+"-status").Role("status").Aria("live", "polite").DataSet("block", strconv.Itoa(block))
	if winner != "" {
		line = line.DataSet("winner", winner)
	}
	return app.Div().Class("pos-stepper").TabIndex(0).
		Aria("label", "Block stepper: Right arrow publishes the next block, Home goes back to the start").
		OnKeyDown(p.onKey).
		Body(
			app.Div().Class("pos-buttons").Body(
				kit.Button{ID: p.ID + "-next", Label: "Next block", Disabled: block >= p.maxBlock(), OnClick: kit.Click(p.nextBlock)}.UI(),
				kit.Button{ID: p.ID + "-restart", Label: "Back to the start", Secondary: true, Disabled: block == 0, OnClick: kit.Click(p.restart)}.UI(),
			),
			line.Text(status),
		)
}

// answers lists each farmer's reply to the last challenge.
func (p *plots) answers() app.UI {
	r := p.round
	if r == nil {
		return app.P().Class("pos-hint").Text("Each block publishes a challenge, a hash of the previous block. " +
			"Every farmer looks up the first value in its plot at or after it; the smallest distance wins.")
	}
	rows := make([]app.UI, 0, len(r.Answers))
	for i, a := range r.Answers {
		pl := p.farm.Plots()[i]
		result := ""
		row := app.Tr().DataSet("name", pl.Name()).DataSet("distance", strconv.FormatUint(a.Distance, 10)).DataSet("probes", strconv.Itoa(a.Probes))
		if i == r.Winner {
			result = "wins"
			row = row.Class("winner").DataSet("winner", "true")
		}
		rows = append(rows, row.Body(
			app.Th().Scope("row").Text(pl.Name()),
			app.Td().Body(app.Code().Text(hex16(a.Value))),
			app.Td().Body(app.Code().Text(hex16(a.Distance))),
			app.Td().Text(strconv.Itoa(a.Probes)),
			app.Td().Text(result),
		))
	}
	return app.Table().Class("pos-table").ID(p.ID+"-answers").DataSet("challenge", hex16(r.Challenge)).Body(
		app.Caption().Text("Answers to challenge "+hex16(r.Challenge)+" (block "+strconv.FormatUint(r.Height, 10)+")"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Farmer"), app.Th().Scope("col").Text("First value at or after"),
			app.Th().Scope("col").Text("Distance"), app.Th().Scope("col").Text("Reads"), app.Th().Scope("col").Text("Result"),
		)),
		app.TBody().Body(rows...),
	)
}

func (p *plots) raceRun() app.UI {
	return app.Div().Class("pos-buttons").Body(
		kit.Button{ID: p.ID + "-run", Label: "Run " + kit.Int(p.Int("rounds")) + " rounds", Secondary: p.race != nil, OnClick: kit.Click(p.runRace)}.UI(),
	)
}

// raceResult draws wins against plot shares; the chart's label and bar
// titles carry the numbers for screen readers, so no table repeats them.
func (p *plots) raceResult() []app.UI {
	res := p.race
	bars := make([]kit.Bar, len(res.Names))
	aria := make([]string, len(res.Names))
	for i, name := range res.Names {
		want := res.Expected[i] * float64(res.Rounds)
		bars[i] = kit.Bar{Label: name, Value: float64(res.Wins[i]), Expected: want, HasExpected: true}
		aria[i] = name + " " + strconv.FormatUint(res.Wins[i], 10) + " (expected " + kit.Sig(want, 4) + ", " + kit.Percent(res.Expected[i], 2) + " of the entries)"
	}
	chart := kit.BarChart{
		Label:  "Blocks won per farmer in " + strconv.Itoa(res.Rounds) + " rounds, with each plot share's expectation marked: " + strings.Join(aria, ", "),
		YLabel: "blocks won",
		Bars:   bars,
	}
	return []app.UI{
		chart.Render(),
		app.P().Class("pos-summary").ID(p.ID+"-work").DataSet("probes", strconv.FormatUint(res.Probes, 10)).
			Text(kit.Count(uint64(res.Rounds)) + " blocks took " + kit.Count(res.Probes) + " plot reads in all, " + kit.Sig(float64(res.Probes)/float64(res.Rounds), 3) +
				" per block for all farmers together, against " + kit.Count(res.Hashes) + " hashes of plotting paid once. " +
				"Averaged over plots, a farmer's chance is its share of all entries; one particular plot's luck moves that share by about 1/√entries of itself."),
	}
}

// maxBlock is the last block the stepper reaches (the spec's bound).
func (p *plots) maxBlock() int {
	b, _ := kit.Spec("plots").Param("block")
	return b.Max
}

// hex16 prints a 64-bit value as 16 hex digits, as the model's values are
// the first 8 bytes of a hash.
func hex16(v uint64) string {
	s := strconv.FormatUint(v, 16)
	return "0x" + strings.Repeat("0", 16-len(s)) + s
}
