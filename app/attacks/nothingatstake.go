package attacks

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pos"
)

// NewNothingAtStake is the nothingatstake widget's factory.
func NewNothingAtStake(p kit.Placement) app.UI { return &nothingAtStake{Placement: p} }

// nasRules maps the rule parameter to the fork's slashing rule.
var nasRules = map[string]pos.SlashingRule{
	"phase0":    pos.SlashingPhase0,
	"altair":    pos.SlashingAltair,
	"bellatrix": pos.SlashingBellatrix,
	"electra":   pos.SlashingElectra,
}

// nothingAtStake plays one fork twice with pos.SimulateNothingAtStake,
// without and with slashing, and shows the chosen run height by height
// (pos.NASLedger) beside a comparison of both. Stakes are given in ETH and
// simulated in Gwei, as the slashing rules are written.
type nothingAtStake struct {
	app.Compo
	kit.Placement
	base

	slashing bool
	cfg      pos.NothingAtStakeConfig
	res      pos.NothingAtStake
	ledgers  [2][]pos.NASLedgerRow // without, with
	err      string
}

func (c *nothingAtStake) OnInit()              { c.Init("nothingatstake", c.Placement, c.load) }
func (c *nothingAtStake) OnUpdate(app.Context) { c.Init("nothingatstake", c.Placement, c.load) }

func (c *nothingAtStake) load() {
	values := c.Values()
	vals, double, err := widgetspec.ParseFork(values["validators"], values["double"])
	if err != nil {
		// A bad list from a URL or the text box: say why, keep the defaults.
		def, _ := kit.Spec("nothingatstake").Resolve(nil)
		c.Note(err.Error() + "; using the default validators")
		values["validators"], values["double"] = def["validators"], def["double"]
		vals, double, _ = widgetspec.ParseFork(values["validators"], values["double"])
	}
	c.slashing = c.Bool("slashing")
	gwei := make([]pos.Validator, len(vals))
	for i, v := range vals {
		gwei[i] = pos.Validator{Name: v.Name, Stake: v.Stake * pos.GweiPerETH} // within uint64: 8 * 1e7 * 1e9
	}
	c.cfg = pos.NothingAtStakeConfig{
		Validators:    gwei,
		DoubleSigners: double,
		Steps:         c.Int("steps"),
		RewardPPM:     uint64(c.Int("reward")),
		Rule:          nasRules[values["rule"]],
		Seed:          pos.SeedFromText(values["seed"]),
	}
	c.err = ""
	c.res, err = pos.SimulateNothingAtStake(c.cfg)
	if err == nil {
		c.ledgers[0], err = pos.NASLedger(c.cfg, c.res.Without)
	}
	if err == nil {
		c.ledgers[1], err = pos.NASLedger(c.cfg, c.res.With)
	}
	if err != nil {
		c.err = err.Error()
	}
}

// toggleDouble adds or removes a double signer, keeping validator order.
func (c *nothingAtStake) toggleDouble(name string, on bool) {
	var names []string
	for _, v := range c.cfg.Validators {
		in := slices.Contains(c.cfg.DoubleSigners, v.Name)
		if v.Name == name {
			in = on
		}
		if in {
			names = append(names, v.Name)
		}
	}
	c.Set("double", strings.Join(names, ","))
}

func (c *nothingAtStake) run() (pos.NASRun, []pos.NASLedgerRow) {
	if c.slashing {
		return c.res.With, c.ledgers[1]
	}
	return c.res.Without, c.ledgers[0]
}

func (c *nothingAtStake) Render() app.UI {
	id := c.ID
	body := []app.UI{
		app.P().Class("widget-lead").Text("The chain forks into branches A and B. Honest validators sign the branch with more signed stake so far; " +
			"double signers sign both, so whichever wins, they are on it. Rewards go to signatures on the branch that wins."),
		c.controls(id),
	}
	if c.err != "" {
		body = append(body, app.P().Class("status error").Text(c.err))
		return c.Frame(body...)
	}
	run, ledger := c.run()
	regime := "Without slashing"
	if c.slashing {
		regime = "With slashing (" + c.cfg.Rule.Name + ": 1/" + strconv.FormatUint(c.cfg.Rule.MinPenaltyQuotient, 10) + " of stake at once)"
	}
	body = append(body,
		app.H4().Class("nas-regime").Text(regime),
		c.verdict(id, run),
		c.forkChart(run),
		c.ledgerTable(id, run, ledger),
		c.compare(id),
		app.P().Class("widget-small").Text("Rewards here are a fixed share of stake per signature on the winning branch. "+
			"The initial slashing penalty is the fork's; the later correlation penalty, which grows when many validators are slashed together, is left out."),
	)
	return c.Frame(body...)
}

func (c *nothingAtStake) controls(id string) app.UI {
	var doubles []app.UI
	for i, v := range c.cfg.Validators {
		name := v.Name
		cid := id + "-double-" + strconv.Itoa(i)
		box := app.Input().Type("checkbox").ID(cid).
			OnChange(func(ctx app.Context, e app.Event) { c.toggleDouble(name, ctx.JSSrc().Get("checked").Bool()) })
		doubles = append(doubles, app.Span().Class("choice").Body(
			kit.Checked(box, slices.Contains(c.cfg.DoubleSigners, name)), app.Label().For(cid).Text(name)))
	}
	rules := map[string]string{}
	for r, rule := range nasRules {
		rules[r] = r + " (1/" + strconv.FormatUint(rule.MinPenaltyQuotient, 10) + ")"
	}
	return app.Div().Class("controls").Body(
		c.Checkbox("slashing", "Slashing: double signatures are evidence and cost stake"),
		app.FieldSet().Class("field").Body(app.Legend().Text("Who signs both branches"), app.Div().Body(doubles...)),
		c.Slider("steps", "Heights after the fork"),
		c.Select("rule", "Slashing rule (initial penalty)", rules),
		c.Text("validators", "Validators (name:ETH, comma-separated)"),
	)
}

// verdict says whether double signing paid in the shown run.
func (c *nothingAtStake) verdict(id string, run pos.NASRun) app.UI {
	var text string
	switch {
	case len(c.cfg.DoubleSigners) == 0:
		text = "Nobody signs both branches: both runs are the same."
	case run.DoubleSignPays:
		text = "Signing both branches pays: double signers earned " + nasReturn(run.ReturnBoth) + " of their stake, single signers " + nasReturn(run.ReturnOne) + "."
	default:
		text = "Signing both branches does not pay: double signers ended with " + nasReturn(run.ReturnBoth) + " of their stake, single signers " + nasReturn(run.ReturnOne) + "."
	}
	if !run.Resolved {
		text += " The branches ended with equal weight: the fork never resolved."
	} else {
		text += " Branch " + run.Winner + " won."
	}
	return app.P().ID(id+"-verdict").Class("nas-verdict").Aria("live", "polite").DataSet("pays", kit.YesNo(run.DoubleSignPays)).Text(text)
}

func (c *nothingAtStake) forkChart(run pos.NASRun) app.UI {
	a := []kit.Point{{X: 0, Y: 0}}
	b := []kit.Point{{X: 0, Y: 0}}
	for _, st := range run.Steps {
		a = append(a, kit.Point{X: float64(st.Height), Y: nasETH(st.TotalA)})
		b = append(b, kit.Point{X: float64(st.Height), Y: nasETH(st.TotalB)})
	}
	return kit.Chart{
		Label:  "Signed stake on each branch, summed over the heights after the fork, in ETH",
		XLabel: "height after the fork",
		YLabel: "signed stake (ETH)",
		Series: []kit.Series{
			{Name: "branch A", Style: "series-1", Dots: true, Points: a},
			{Name: "branch B", Style: "series-2", Dots: true, Dashed: true, Points: b},
		},
	}.Render()
}

// ledgerTable is the run height by height: a row per validator, a cell per
// height with what it signed, what that earned and its stake after.
func (c *nothingAtStake) ledgerTable(id string, run pos.NASRun, ledger []pos.NASLedgerRow) app.UI {
	head := []app.UI{app.Th().Scope("col").Text("validator")}
	for _, row := range ledger {
		head = append(head, app.Th().Scope("col").Text("h"+strconv.FormatUint(row.Height, 10)))
	}
	head = append(head, app.Th().Scope("col").Text("reward"), app.Th().Scope("col").Text("penalty"), app.Th().Scope("col").Text("stake after"))
	var rows []app.UI
	for i, v := range c.cfg.Validators {
		cells := []app.UI{app.Th().Scope("row").Text(v.Name + nasStrategy(run.Outcomes[i].Strategy))}
		for _, row := range ledger {
			e := row.Entries[i]
			signed := map[string]string{"A": "A", "B": "B", "both": "A+B", "": "—"}[e.Signed]
			pay := "0"
			if e.StepReward > 0 {
				pay = "+" + nasFmtETH(e.StepReward)
			}
			class := "nas-cell"
			if e.SlashedNow {
				pay, class = "slashed −"+nasFmtETH(e.Penalty), class+" slashed"
			} else if e.Signed == "" {
				pay, class = "ejected", class+" ejected"
			}
			cells = append(cells, app.Td().ID(id+"-cell-"+strconv.Itoa(i)+"-"+strconv.FormatUint(row.Height, 10)).Class(class).
				DataSet("signed", e.Signed).DataSet("reward", strconv.FormatUint(e.StepReward, 10)).
				DataSet("stake", strconv.FormatUint(e.Stake, 10)).DataSet("slashed", kit.YesNo(e.SlashedNow)).
				Title("stake after this height: "+nasFmtETH(e.Stake)+" ETH").
				Body(app.Span().Class("signed").Text(signed), app.Span().Class("pay").Text(pay)))
		}
		o := run.Outcomes[i]
		cells = append(cells,
			app.Td().Class("num").ID(id+"-reward-"+strconv.Itoa(i)).DataSet("gwei", strconv.FormatUint(o.Reward, 10)).Text(nasFmtETH(o.Reward)),
			app.Td().Class("num").ID(id+"-penalty-"+strconv.Itoa(i)).DataSet("gwei", strconv.FormatUint(o.Penalty, 10)).Text(nasFmtETH(o.Penalty)),
			app.Td().Class("num").ID(id+"-stake-"+strconv.Itoa(i)).DataSet("gwei", strconv.FormatUint(o.StakeAfter, 10)).Text(nasFmtETH(o.StakeAfter)),
		)
		rows = append(rows, app.Tr().Body(cells...))
	}
	return kit.ScrollTable("Signatures and rewards", app.Table().Class("nas-table").Body(
		app.Caption().Text("What each validator signed at each height and what it earned (ETH); A+B means both branches. Hover a cell for the stake after it."),
		app.THead().Body(app.Tr().Body(head...)),
		app.TBody().Body(rows...),
	))
}

// compare sets the two runs side by side.
func (c *nothingAtStake) compare(id string) app.UI {
	runs := []struct {
		key, name string
		run       pos.NASRun
	}{{"without", "without slashing", c.res.Without}, {"with", "with slashing", c.res.With}}
	var rows []app.UI
	for _, r := range runs {
		var slashed []string
		for _, st := range r.run.Steps {
			for _, n := range st.Slashed {
				slashed = append(slashed, n+" (h"+strconv.FormatUint(st.Height, 10)+")")
			}
		}
		who := "nobody"
		if len(slashed) > 0 {
			who = strings.Join(slashed, ", ")
		}
		winner := "branch " + r.run.Winner
		if !r.run.Resolved {
			winner = "none: tied"
		}
		tr := app.Tr().ID(id+"-cmp-"+r.key).
			DataSet("return-one", kit.Full(r.run.ReturnOne)).DataSet("return-both", kit.Full(r.run.ReturnBoth)).
			DataSet("pays", kit.YesNo(r.run.DoubleSignPays))
		name := app.Th().Scope("row").Text(r.name)
		if r.run.Slashing == c.slashing {
			tr = tr.Class("current")
			name = app.Th().Scope("row").Body(app.Text(r.name), app.Span().Class("row-mark").Text(" (shown above)"))
		}
		rows = append(rows, tr.Body(
			name,
			app.Td().Class("num").Text(nasReturn(r.run.ReturnOne)),
			app.Td().Class("num").Text(nasReturn(r.run.ReturnBoth)),
			app.Td().Text(kit.YesNo(r.run.DoubleSignPays)),
			app.Td().Text(winner),
			app.Td().Text(who),
		))
	}
	return kit.ScrollTable("Both regimes compared", app.Table().Class("nas-compare").Body(
		app.Caption().Text("The same fork under both regimes: net return on stake"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text(""),
			app.Th().Scope("col").Text("signs one branch"),
			app.Th().Scope("col").Text("signs both"),
			app.Th().Scope("col").Text("double signing pays?"),
			app.Th().Scope("col").Text("winner"),
			app.Th().Scope("col").Text("slashed (height)"),
		)),
		app.TBody().Body(rows...),
	))
}

func nasStrategy(s string) string {
	if s == "both" {
		return " (signs both)"
	}
	return ""
}

// nasETH converts Gwei to ETH for a chart axis.
func nasETH(gwei uint64) float64 { return float64(gwei) / float64(pos.GweiPerETH) }

// nasFmtETH prints Gwei as ETH exactly, without trailing zeros.
func nasFmtETH(gwei uint64) string {
	whole, frac := gwei/pos.GweiPerETH, gwei%pos.GweiPerETH
	s := strconv.FormatUint(whole, 10)
	if frac != 0 {
		f := strconv.FormatUint(frac, 10)
		f = strings.Repeat("0", 9-len(f)) + f
		s += "." + strings.TrimRight(f, "0")
	}
	return s
}

// nasReturn prints a net return per unit of stake as a signed percentage.
func nasReturn(r float64) string {
	p := r * 100
	if p == 0 || math.IsNaN(p) {
		return "0%"
	}
	s := strconv.FormatFloat(p, 'g', 3, 64)
	if p > 0 {
		s = "+" + s
	}
	return strings.Replace(s, "-", "−", 1) + "%"
}
