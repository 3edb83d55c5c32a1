package attacks

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pos"
)

// NewFinality is the finality widget's factory.
func NewFinality(p kit.Placement) app.UI { return &finalityWidget{Placement: p} }

// finalityRules are the two supermajority rules the widget compares, in
// column order.
var finalityRules = []struct {
	key, name string
	rule      pos.ThresholdRule
}{
	{"ffg", "Ethereum (Casper FFG): ⅔ or more", pos.FFGRule},
	{"tendermint", "Tendermint: more than ⅔", pos.TendermintRule},
}

// finalityZone is a run of attacker stakes with the same worst power.
type finalityZone struct {
	kind     string // "safe", "conflict", "halt" or "alone"
	from, to uint64 // attacker stakes, inclusive
}

// finalityZoneText says what a zone's attacker can do.
var finalityZoneText = map[string]string{
	"safe":     "can neither stop nor fork finality",
	"conflict": "can fork finality only with a network split, and is then slashed",
	"halt":     "can halt finality by not voting",
	"alone":    "finalizes whatever it likes on its own",
}

// finalityWidget shows, for an attacker's stake out of a total, what BFT
// finality arithmetic allows it (pos.AnalyzeFinality), under both rules,
// and where the thresholds lie on the whole range (pos.FinalityTable).
type finalityWidget struct {
	app.Compo
	kit.Placement
	base

	attacker uint64
	total    uint64
	analyses []pos.FinalityAnalysis // one per rule
	zones    [][]finalityZone       // one list per rule
	err      string
}

func (c *finalityWidget) OnInit()              { c.Init("finality", c.Placement, c.load) }
func (c *finalityWidget) OnUpdate(app.Context) { c.Init("finality", c.Placement, c.load) }

func (c *finalityWidget) load() {
	a, t := c.Int("attacker"), c.Int("total")
	if a > t {
		c.Note("attacker=" + strconv.Itoa(a) + " is more than total=" + strconv.Itoa(t) + "; using " + strconv.Itoa(t))
		a = t
		c.Values()["attacker"] = strconv.Itoa(t)
	}
	c.attacker, c.total = uint64(a), uint64(t)
	c.analyses, c.zones, c.err = nil, nil, ""
	for _, r := range finalityRules {
		an, err := pos.AnalyzeFinality(r.rule, c.attacker, c.total)
		if err != nil {
			c.err = err.Error()
			return
		}
		c.analyses = append(c.analyses, an)
		// One row per unit of stake: the zones' edges are exact.
		table, err := pos.FinalityTable(r.rule, c.total, int(c.total))
		if err != nil {
			c.err = err.Error()
			return
		}
		c.zones = append(c.zones, finalityZones(table))
	}
}

// finalityKind is the worst thing an analysed attacker can do.
func finalityKind(a pos.FinalityAnalysis) string {
	switch {
	case a.CanFinalizeAlone:
		return "alone"
	case a.CanHaltFinality:
		return "halt"
	case a.CanCauseConflict:
		return "conflict"
	}
	return "safe"
}

// finalityZones groups consecutive table rows of the same kind.
func finalityZones(table []pos.FinalityAnalysis) []finalityZone {
	var out []finalityZone
	for _, a := range table {
		k := finalityKind(a)
		if n := len(out); n > 0 && out[n-1].kind == k {
			out[n-1].to = a.Attacker
			continue
		}
		out = append(out, finalityZone{kind: k, from: a.Attacker, to: a.Attacker})
	}
	return out
}

func (c *finalityWidget) stake(v uint64) string {
	return strconv.FormatUint(v, 10) + " (" + kit.Percent(float64(v)/float64(c.total), 2) + ")"
}

func (c *finalityWidget) Render() app.UI {
	id := c.ID
	body := []app.UI{
		app.P().Class("widget-lead").Text("BFT-style proof of stake finalizes a checkpoint when a supermajority of stake votes for it. " +
			"Move the attacker's stake and see what that arithmetic allows it."),
		app.Div().Class("controls").Body(
			// The slider ends at the total, not at the spec's bound.
			kit.Field(c.InputID("attacker"), "Attacker's stake: "+c.stake(c.attacker)+" of "+strconv.FormatUint(c.total, 10),
				app.Input().Type("range").ID(c.InputID("attacker")).Min(0).Max(c.total).Step(1).Value(c.attacker).
					OnInput(func(ctx app.Context, e app.Event) { c.Set("attacker", kit.Value(ctx)) })),
			c.Number("total", "Total stake"),
		),
	}
	if c.err != "" {
		body = append(body, app.P().Class("status error").Text(c.err))
		return c.Frame(body...)
	}
	body = append(body, c.summary(id), c.table(id))
	for i, r := range finalityRules {
		body = append(body, c.scale(id+"-scale-"+r.key, r.name, c.zones[i]))
	}
	body = append(body, finalityLegend())
	return c.Frame(body...)
}

// summary says in words what the attacker can do under each rule.
func (c *finalityWidget) summary(id string) app.UI {
	var items []app.UI
	for i, r := range finalityRules {
		a := c.analyses[i]
		k := finalityKind(a)
		text := "With " + c.stake(c.attacker) + ", the attacker " + finalityZoneText[k] + "."
		switch k {
		case "alone":
			text += " Honest validators cannot stop it."
		case "halt":
			text += " The rest hold less than the " + strconv.FormatUint(a.Supermajority, 10) + " needed."
			if a.CanCauseConflict {
				text += " With a network split it could also finalize two conflicting checkpoints, losing at least " +
					strconv.FormatUint(a.MinSlashableConflict, 10) + " of its stake to slashing."
			}
		case "conflict":
			text += " At least " + strconv.FormatUint(a.MinSlashableConflict, 10) + " of its stake would be provably slashable."
		case "safe":
			text += " Honest validators finalize without it."
		}
		items = append(items, app.Li().ID(id+"-summary-"+r.key).DataSet("kind", k).Body(
			app.Strong().Text(r.name+": "), app.Text(text)))
	}
	return app.Ul().Class("finality-summary").Aria("live", "polite").Body(items...)
}

func (c *finalityWidget) table(id string) app.UI {
	yes := kit.YesNo
	type line struct {
		key, label string
		cell       func(a pos.FinalityAnalysis) (text, value string)
	}
	lines := []line{
		{"super", "Stake that finalizes (at least)", func(a pos.FinalityAnalysis) (string, string) {
			return c.stake(a.Supermajority), strconv.FormatUint(a.Supermajority, 10)
		}},
		{"halting", "Stake that halts finality by not voting (at least)", func(a pos.FinalityAnalysis) (string, string) {
			return c.stake(a.Halting), strconv.FormatUint(a.Halting, 10)
		}},
		{"conflict-min", "Stake that must sign both of two conflicting finalized checkpoints (at least; all slashable)", func(a pos.FinalityAnalysis) (string, string) {
			return c.stake(a.MinSlashableConflict), strconv.FormatUint(a.MinSlashableConflict, 10)
		}},
		{"halt", "This attacker can halt finality", func(a pos.FinalityAnalysis) (string, string) {
			return yes(a.CanHaltFinality), yes(a.CanHaltFinality)
		}},
		{"alone", "This attacker can finalize alone", func(a pos.FinalityAnalysis) (string, string) {
			return yes(a.CanFinalizeAlone), yes(a.CanFinalizeAlone)
		}},
		{"honest", "Everyone else can still finalize", func(a pos.FinalityAnalysis) (string, string) {
			return yes(a.HonestCanFinalize), yes(a.HonestCanFinalize)
		}},
		{"conflict", "This attacker can finalize a conflicting checkpoint (needs a network split; it is slashed)", func(a pos.FinalityAnalysis) (string, string) {
			return yes(a.CanCauseConflict), yes(a.CanCauseConflict)
		}},
	}
	head := []app.UI{app.Th().Scope("col").Text("")}
	for _, r := range finalityRules {
		head = append(head, app.Th().Scope("col").Text(r.name))
	}
	rows := make([]app.UI, 0, len(lines))
	for _, l := range lines {
		cells := []app.UI{app.Th().Scope("row").Text(l.label)}
		for i, r := range finalityRules {
			text, value := l.cell(c.analyses[i])
			td := app.Td().ID(id+"-"+r.key+"-"+l.key).DataSet("value", value).Text(text)
			if value == "yes" || value == "no" {
				// Red where the attacker gains a power (or the honest side
				// loses one), green otherwise.
				bad := (value == "yes") != (l.key == "honest")
				td = td.Class("flag flag-" + map[bool]string{true: "bad", false: "good"}[bad])
			} else {
				td = td.Class("num")
			}
			cells = append(cells, td)
		}
		rows = append(rows, app.Tr().Body(cells...))
	}
	return kit.ScrollTable("Finality thresholds", app.Table().Class("finality-table").Body(
		app.Caption().Text("Thresholds out of a total of "+strconv.FormatUint(c.total, 10)+", and what an attacker with "+c.stake(c.attacker)+" can do"),
		app.THead().Body(app.Tr().Body(head...)),
		app.TBody().Body(rows...),
	))
}

// scale draws the attacker's range 0..total as zones, with a marker at the
// attacker's stake. The text alternative lists the zones.
func (c *finalityWidget) scale(id, name string, zones []finalityZone) app.UI {
	n := float64(c.total + 1) // one slot per stake value 0..total
	var segs []app.UI
	label := name + ": "
	for i, z := range zones {
		width := float64(z.to-z.from+1) / n * 100
		segs = append(segs, app.Span().Class("zone zone-"+z.kind).
			DataSet("from", strconv.FormatUint(z.from, 10)).DataSet("to", strconv.FormatUint(z.to, 10)).
			Style("width", strconv.FormatFloat(width, 'f', 3, 64)+"%").
			Title(strconv.FormatUint(z.from, 10)+"–"+strconv.FormatUint(z.to, 10)+": "+finalityZoneText[z.kind]))
		if i > 0 {
			label += "; "
		}
		label += "from " + c.stake(z.from) + " to " + c.stake(z.to) + " the attacker " + finalityZoneText[z.kind]
	}
	at := (float64(c.attacker) + 0.5) / n * 100
	segs = append(segs, app.Span().Class("zone-marker").Aria("hidden", "true").
		Style("left", strconv.FormatFloat(at, 'f', 3, 64)+"%"))
	return app.Figure().Class("finality-figure").Body(
		app.Div().ID(id).Class("finality-scale").Role("img").Aria("label", label+". The marker is at "+c.stake(c.attacker)+".").Body(segs...),
		app.FigCaption().Text(name),
	)
}

// finalityLegend is shared by the scales; drawn once under the table.
func finalityLegend() app.UI {
	var items []app.UI
	for _, k := range []string{"safe", "conflict", "halt", "alone"} {
		items = append(items, app.Li().Body(app.Span().Class("swatch zone-"+k).Aria("hidden", "true"), app.Text(finalityZoneText[k])))
	}
	return app.Ul().Class("legend").Body(items...)
}
