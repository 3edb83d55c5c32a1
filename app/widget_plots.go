package app

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/space"
)

func newPlots(id string, params map[string]string) app.UI {
	return &plots{ID: id, Params: params}
}

// plots is the proof-of-space demo run by engine/space: farmers plot once
// (one hash per entry), then each block they answer the challenge with a
// binary search of their plot, and the smallest distance wins. Everything
// shown is recomputed from the parameters, so the URL is the whole state.
type plots struct {
	app.Compo
	ID     string
	Params map[string]string

	values  map[string]string
	notes   []string
	farm    *space.Farm
	farmKey string       // the farmers and seed farm was plotted for: replot only when they change
	round   *space.Round // the last block stepped; nil before the first
	race    *space.RaceResult
	raceKey string // the farm and rounds race was run for: rerun only when they change
	err     string
	ready   bool
}

func (p *plots) OnInit()                 { p.reset() }
func (p *plots) OnUpdate(app.Context)    { p.reset() }
func (p *plots) OnMount(ctx app.Context) { p.ready = true }

func (p *plots) reset() {
	values, notes := resolveParams("plots", p.Params)
	p.apply(values, notes)
}

// apply makes values the state: it plots (if the farmers or seed
// changed), steps the chain to the block shown, and runs the race if it
// is shown. A farmer list that fails the spec's check (possible from a
// URL) falls back to the default, with a note.
func (p *plots) apply(values map[string]string, notes []string) {
	fs, err := widgetspec.PlotsFarmers(values["farmers"])
	if err != nil {
		spec, _ := widgetspec.Lookup("plots")
		def, _ := spec.Param("farmers")
		notes = append(notes, err.Error()+"; using "+def.Default)
		values["farmers"] = def.Default
		fs, _ = widgetspec.PlotsFarmers(def.Default)
	}
	lastRound, lastRace := p.round, p.race
	p.values, p.notes, p.err, p.round, p.race = values, notes, "", nil, nil
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
	block := uint64(paramInt(values["block"]))
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
		res, err := p.farm.Race(space.Genesis(seed), paramInt(values["rounds"]))
		if err != nil {
			p.err = err.Error()
			return
		}
		p.race, p.raceKey = &res, key
	}
}

func (p *plots) change(key, value string) {
	values, notes := posResolve("plots", p.values, key, value)
	p.apply(values, notes)
}

func (p *plots) nextBlock() { p.change("block", strconv.Itoa(paramInt(p.values["block"])+1)) }
func (p *plots) restart()   { p.change("block", "0") }
func (p *plots) runRace()   { p.change("race", "true") }

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
		return widgetFrame("plots", p.ID, p.ready, p.notes, body...)
	}
	body = append(body, p.plotTable(), p.stepper(), p.answers(), p.raceRun())
	if p.race != nil {
		body = append(body, p.raceResult()...)
	}
	body = append(body, stateLink("plots", p.Params, p.values))
	return widgetFrame("plots", p.ID, p.ready, p.notes, body...)
}

func (p *plots) controls() app.UI {
	id := func(s string) string { return p.ID + "-" + s }
	return app.Div().Class("pos-controls").Body(
		posField(id("farmers"), "Farmers (name:entries, …)", app.Input().Type("text").ID(id("farmers")).
			Value(p.values["farmers"]).Spellcheck(false).
			OnChange(func(ctx app.Context, e app.Event) { p.change("farmers", posValue(ctx)) })),
		posField(id("seed"), "Seed", app.Input().Type("text").ID(id("seed")).
			Value(p.values["seed"]).Spellcheck(false).
			OnChange(func(ctx app.Context, e app.Event) { p.change("seed", posValue(ctx)) })),
		posField(id("rounds"), "Rounds to race", app.Input().Type("number").ID(id("rounds")).
			Min(1).Max(20000).Value(p.values["rounds"]).
			OnChange(func(ctx app.Context, e app.Event) { p.change("rounds", posValue(ctx)) })),
	)
}

// plotTable is what plotting cost, paid once, next to what a block costs.
func (p *plots) plotTable() app.UI {
	shares := p.farm.Shares()
	rows := make([]app.UI, 0, len(shares))
	for i, pl := range p.farm.Plots() {
		rows = append(rows, app.Tr().DataSet("name", pl.Name()).Body(
			app.Th().Scope("row").Text(pl.Name()),
			app.Td().DataSet("entries", strconv.Itoa(pl.Len())).Text(posGroup(uint64(pl.Len()))),
			app.Td().DataSet("hashes", strconv.FormatUint(pl.Hashes(), 10)).Text(posGroup(pl.Hashes())),
			app.Td().Text(strconv.Itoa(space.ProbeBound(pl.Len()))),
			app.Td().Text(posPercent(shares[i], 2)),
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
			Text("Plotting cost "+posGroup(p.farm.Hashes())+" hashes, once. After that a block costs each farmer one binary search, "+
				"about log2(entries) reads; finding the same answer without a plot would mean hashing the whole plot again, every block."),
	)
}

func (p *plots) stepper() app.UI {
	block := paramInt(p.values["block"])
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
				posButton(p.ID+"-next", "Next block", true, block >= 1000, p.nextBlock),
				posButton(p.ID+"-restart", "Back to the start", false, block == 0, p.restart),
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
		posButton(p.ID+"-run", "Run "+posGroup(uint64(paramInt(p.values["rounds"])))+" rounds", p.race == nil, false, p.runRace),
	)
}

// raceResult draws wins against plot shares; the chart's label and bar
// titles carry the numbers for screen readers, so no table repeats them.
func (p *plots) raceResult() []app.UI {
	res := p.race
	bars := make([]Bar, len(res.Names))
	aria := make([]string, len(res.Names))
	for i, name := range res.Names {
		want := res.Expected[i] * float64(res.Rounds)
		bars[i] = Bar{Label: name, Value: float64(res.Wins[i]), Expected: want, HasExpected: true}
		aria[i] = name + " " + strconv.FormatUint(res.Wins[i], 10) + " (expected " + posSig(want, 4) + ", " + posPercent(res.Expected[i], 2) + " of the entries)"
	}
	chart := BarChart{
		Label:  "Blocks won per farmer in " + strconv.Itoa(res.Rounds) + " rounds, with each plot share's expectation marked: " + strings.Join(aria, ", "),
		YLabel: "blocks won",
		Bars:   bars,
	}
	return []app.UI{
		chart.Render(),
		app.P().Class("pos-summary").ID(p.ID+"-work").DataSet("probes", strconv.FormatUint(res.Probes, 10)).
			Text(posGroup(uint64(res.Rounds)) + " blocks took " + posGroup(res.Probes) + " plot reads in all, " + posSig(float64(res.Probes)/float64(res.Rounds), 3) +
				" per block for all farmers together, against " + posGroup(res.Hashes) + " hashes of plotting paid once. " +
				"Averaged over plots, a farmer's chance is its share of all entries; one particular plot's luck moves that share by about 1/√entries of itself."),
	}
}

// hex16 prints a 64-bit value as 16 hex digits, as the model's values are
// the first 8 bytes of a hash.
func hex16(v uint64) string {
	s := strconv.FormatUint(v, 16)
	return "0x" + strings.Repeat("0", 16-len(s)) + s
}
