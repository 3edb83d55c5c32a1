package consensus

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pos"
	"github.com/consensus-lab/playground/engine/pow"
)

// NewEnergy is the energy widget's factory.
func NewEnergy(p kit.Placement) app.UI { return &energyCompare{Placement: p} }

// energyCompare sets proof of work's energy (pow.EnergyFromBits or
// pow.EnergyFromHashRate) beside proof of stake's
// (pos.EstimateStakingEnergy), per block and per year. Every input is an
// assumption on screen with its source; nothing here is a measurement.
type energyCompare struct {
	app.Compo
	kit.Placement
	base

	work  pow.EnergyEstimate
	stake pos.StakingEnergy
	err   string
}

func (e *energyCompare) OnInit()              { e.Init("energy", e.Placement, e.load) }
func (e *energyCompare) OnUpdate(app.Context) { e.Init("energy", e.Placement, e.load) }

// load computes both estimates. A bits or J/TH value that does not parse
// (possible from a URL or a typo) is replaced by its default, with a note.
func (e *energyCompare) load() {
	values := e.Values()
	spec := kit.Spec("energy")
	bits, err := widgetspec.ParseBits(values["bits"])
	if err != nil {
		p, _ := spec.Param("bits")
		e.Note(err.Error() + "; using " + p.Default)
		values["bits"] = p.Default
		bits, _ = widgetspec.ParseBits(p.Default)
	}
	jth, err := widgetspec.ParseJoulesPerTH(values["jth"])
	if err != nil {
		p, _ := spec.Param("jth")
		e.Note(err.Error() + "; using " + p.Default)
		values["jth"] = p.Default
		jth, _ = widgetspec.ParseJoulesPerTH(p.Default)
	}
	e.err = ""
	jph := jth * 1e-12 // J/TH to J per hash
	if values["mode"] == "hashrate" {
		e.work, err = pow.EnergyFromHashRate(float64(e.Int("hashrate"))*1e18, jph)
	} else {
		e.work, err = pow.EnergyFromBits(bits, jph)
	}
	if err != nil {
		e.err = err.Error()
		return
	}
	e.stake, err = pos.EstimateStakingEnergy(uint64(e.Int("machines")), float64(e.Int("watts")))
	if err != nil {
		e.err = err.Error()
	}
}

func (e *energyCompare) Render() app.UI {
	body := []app.UI{e.controls()}
	if e.err != "" {
		body = append(body, app.P().Class("status error").Role("alert").Text(e.err))
		return e.Frame(body...)
	}
	body = append(body, e.results(), e.assumptions())
	return e.Frame(body...)
}

func (e *energyCompare) controls() app.UI {
	workInput := e.Text("bits", "Difficulty bits (hex)")
	if e.Value("mode") == "hashrate" {
		workInput = e.Number("hashrate", "Network hash rate (EH/s)")
	}
	return app.Div().Class("pos-energy-controls").Body(
		app.FieldSet().Body(
			app.Legend().Text("Proof of work"),
			e.Select("mode", "Hashes per block", map[string]string{"bits": "from the difficulty (bits)", "hashrate": "from a network hash rate"}),
			workInput,
			e.Text("jth", "Miner efficiency (J/TH)"),
		),
		app.FieldSet().Body(
			app.Legend().Text("Proof of stake"),
			e.Number("machines", "Machines running validators"),
			e.Number("watts", "Watts per machine"),
		),
	)
}

func (e *energyCompare) results() app.UI {
	w, s := e.work, e.stake
	frac := s.FractionOf(w.JoulesPerYear)
	row := func(label string, work, stake app.UI) app.UI {
		return app.Tr().Body(app.Th().Scope("row").Text(label), work, stake)
	}
	td := func(key string, v float64, text string) app.UI {
		return app.Td().DataSet(key, kit.Full(v)).Text(text)
	}
	chart := kit.BarChart{
		Label: "Energy per year: proof of work " + energyText(w.JoulesPerYear) + ", proof of stake " + energyText(s.JoulesPerYear) +
			" (the proof-of-stake bar is too small to see at this scale)",
		YLabel: "TWh per year",
		Bars: []kit.Bar{
			{Label: "PoW", Value: w.JoulesPerYear / pow.JoulesPerKWh / 1e9, Style: "series-2"},
			{Label: "PoS", Value: s.JoulesPerYear / pow.JoulesPerKWh / 1e9, Style: "series-3"},
		},
	}
	return app.Div().Body(
		app.Table().Class("pos-table").Body(
			app.Caption().Text("Estimated energy, from the assumptions below"),
			app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text(""), app.Th().Scope("col").Text("Proof of work"), app.Th().Scope("col").Text("Proof of stake"))),
			app.TBody().Body(
				row("Block interval", app.Td().Text("600 s (target)"), app.Td().Text(strconv.FormatFloat(s.SecondsPerBlock, 'f', -1, 64)+" s (a slot)")),
				row("Hashes per block", td("pow-hashes", w.HashesPerBlock, kit.Sig(w.HashesPerBlock, 3)), app.Td().Text("none: no puzzle")),
				row("Network hash rate", td("pow-hashrate", w.HashRate, kit.Sig(w.HashRate/1e18, 3)+" EH/s"), app.Td().Text("–")),
				row("Average power", td("pow-watts", w.PowerWatts, powerText(w.PowerWatts)), td("pos-watts", s.PowerWatts, powerText(s.PowerWatts))),
				row("Energy per block", td("pow-block", w.JoulesPerBlock, energyText(w.JoulesPerBlock)), td("pos-block", s.JoulesPerBlock, energyText(s.JoulesPerBlock))),
				row("Energy per year", td("pow-year", w.JoulesPerYear, energyText(w.JoulesPerYear)), td("pos-year", s.JoulesPerYear, energyText(s.JoulesPerYear))),
			),
		),
		app.P().Class("pos-verdict ok").ID(e.ID+"-ratio").DataSet("fraction", kit.Full(frac)).Text(
			"With these assumptions proof of stake uses "+kit.Sig(frac*100, 2)+"% of proof of work's yearly energy (about 1/"+kit.Sig(1/frac, 2)+"). "+
				"Per block the gap looks smaller, because a slot comes every 12 s and a Bitcoin block every 10 minutes."),
		chart.Render(),
	)
}

// assumptions lists every input with where its default comes from, and
// says which ones the learner has changed.
func (e *energyCompare) assumptions() app.UI {
	spec := kit.Spec("energy")
	mine := func(key string) string {
		if p, _ := spec.Param(key); e.Value(key) != p.Default {
			return " (your value; the default is " + p.Default + ")"
		}
		return ""
	}
	var work app.UI
	if e.Value("mode") == "hashrate" {
		work = app.Li().Text("Hashes per block = hash rate × 600 s, with the hash rate set to " + e.Value("hashrate") + " EH/s" + mine("hashrate") +
			". A round assumption, not a reading: a real network's hash rate is itself estimated from how fast blocks arrive.")
	} else {
		work = app.Li().Text("Hashes per block = 2^256 / (target + 1), the expected number of tries, for bits " + e.Value("bits") + mine("bits") +
			". The default is the difficulty of Bitcoin block 840,000 (April 2024), about 86 T. The network is assumed to find a block every 600 s on average.")
	}
	return app.Details().Class("pos-assumptions").Open(true).Body(
		app.Summary().Text("Assumptions (estimates, not measurements)"),
		app.Ul().Body(
			work,
			app.Li().Text("Miner efficiency "+e.Value("jth")+" J/TH"+mine("jth")+
				". 17.5 J/TH is Bitmain's published figure for its Antminer S21 (2023), among the most efficient machines; real fleets include older machines and spend extra on cooling, so the proof-of-work figures are a lower bound."),
			app.Li().Text("Proof of stake: "+kit.Int(e.Int("machines"))+" machines at "+e.Value("watts")+" W"+mine("machines")+mine("watts")+
				". The defaults give 2.62 MW, Carl Beekhuizen's May 2021 estimate for Ethereum's beacon chain (Ethereum Foundation blog, “A country's worth of power, no more”), "+
				"which assumed about 100 W per staking machine. A later estimate by CCRI (September 2022) put post-Merge Ethereum at about 2,600 MWh a year, roughly a ninth of this: estimates differ widely, and none is a measurement."),
			app.Li().Text("Energy per year uses 365.25 days. Only consensus is counted: running ordinary full nodes costs energy under both designs."),
		),
	)
}

// energyText prints joules in the unit that reads best: kWh up to TWh.
func energyText(j float64) string {
	kwh := j / pow.JoulesPerKWh
	switch {
	case kwh >= 1e9:
		return kit.Sig(kwh/1e9, 3) + " TWh"
	case kwh >= 1e6:
		return kit.Sig(kwh/1e6, 3) + " GWh"
	case kwh >= 1e3:
		return kit.Sig(kwh/1e3, 3) + " MWh"
	default:
		return kit.Sig(kwh, 3) + " kWh"
	}
}

// powerText prints watts as W, kW, MW or GW.
func powerText(w float64) string {
	switch {
	case w >= 1e9:
		return kit.Sig(w/1e9, 3) + " GW"
	case w >= 1e6:
		return kit.Sig(w/1e6, 3) + " MW"
	case w >= 1e3:
		return kit.Sig(w/1e3, 3) + " kW"
	default:
		return kit.Sig(w, 3) + " W"
	}
}
