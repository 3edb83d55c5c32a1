package consensus

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pos"
)

// NewPoA is the poa widget's factory.
func NewPoA(p kit.Placement) app.UI { return &poaRotation{Placement: p} }

// poaRotation is Clique proof of authority (EIP-225) run by
// pos.Clique.Simulate: signers take turns, an eligible online signer seals
// out of turn when the in-turn one is missing, nobody seals twice within
// floor(n/2)+1 blocks, and the chain stalls when too many are offline.
type poaRotation struct {
	app.Compo
	kit.Placement
	base

	clique  *pos.Clique
	offline []string
	run     pos.PoARun
	err     string
}

func (p *poaRotation) OnInit()              { p.Init("poa", p.Placement, p.load) }
func (p *poaRotation) OnUpdate(app.Context) { p.Init("poa", p.Placement, p.load) }

// load simulates the parameters. Signers or offline names that fail the
// spec's check (possible from a URL) fall back to the defaults, with a
// note.
func (p *poaRotation) load() {
	values := p.Values()
	c, off, err := widgetspec.PoASetup(values["signers"], values["offline"])
	if err != nil {
		// Offline names that are not signers (say, after editing the
		// signer list) are dropped rather than losing the whole setup.
		if c2, _, err2 := widgetspec.PoASetup(values["signers"], ""); err2 == nil {
			if names, err3 := pos.ParseNames(values["offline"]); err3 == nil {
				var kept []string
				for _, o := range names {
					if slices.Contains(c2.Signers(), o) && !slices.Contains(kept, o) {
						kept = append(kept, o)
					} else if !slices.Contains(c2.Signers(), o) {
						p.Note("offline: " + strconv.Quote(o) + " is not a signer; ignored")
					}
				}
				values["offline"] = strings.Join(kept, ",")
				c, off, err = widgetspec.PoASetup(values["signers"], values["offline"])
			}
		}
	}
	if err != nil {
		p.Note(err.Error() + "; using the default signers, none offline")
		sp, _ := kit.Spec("poa").Param("signers")
		values["signers"], values["offline"] = sp.Default, ""
		c, off, _ = widgetspec.PoASetup(values["signers"], "")
	}
	p.clique, p.offline, p.err = c, off, ""
	run, err := c.Simulate(p.Int("blocks"), off, pos.SeedFromText(values["seed"]))
	if err != nil {
		p.err = err.Error()
		return
	}
	p.run = run
}

// setOnline takes a signer on or offline and simulates again.
func (p *poaRotation) setOnline(name string, online bool) {
	var off []string
	for _, s := range p.clique.Signers() {
		isOff := slices.Contains(p.offline, s)
		if s == name {
			isOff = !online
		}
		if isOff {
			off = append(off, s)
		}
	}
	p.Set("offline", strings.Join(off, ","))
}

func (p *poaRotation) Render() app.UI {
	body := []app.UI{p.controls()}
	if p.err != "" {
		body = append(body, app.P().Class("status error").Role("alert").Text(p.err))
		return p.Frame(body...)
	}
	body = append(body, p.rule(), p.summary(), p.blocks())
	return p.Frame(body...)
}

func (p *poaRotation) controls() app.UI {
	boxes := []app.UI{app.Legend().Text("Online signers (untick to take one offline)")}
	for i, s := range p.clique.Signers() {
		s := s
		bid := p.ID + "-online-" + strconv.Itoa(i)
		boxes = append(boxes, app.Div().Class("choice").Body(
			kit.Checked(app.Input().Type("checkbox").ID(bid).DataSet("signer", s).
				OnChange(func(ctx app.Context, e app.Event) { p.setOnline(s, ctx.JSSrc().Get("checked").Bool()) }),
				!slices.Contains(p.offline, s)),
			app.Label().For(bid).Text(s),
		))
	}
	return app.Div().Body(
		app.FieldSet().Class("pos-signers").Body(boxes...),
		app.Div().Class("pos-controls").Body(
			p.Number("blocks", "Blocks to seal"),
			p.Text("seed", "Seed (who seals out of turn)"),
			p.Text("signers", "Signers (comma-separated)"),
		),
	)
}

// rule states the recency rule with this set's numbers.
func (p *poaRotation) rule() app.UI {
	n := len(p.run.Signers)
	limit := p.run.Limit
	return app.P().Class("pos-rule").DataSet("limit", strconv.FormatUint(limit, 10)).Body(
		app.Text(strconv.Itoa(n)+" signers, so a signer may seal at most one block in any "),
		app.Strong().Text(strconv.FormatUint(limit, 10)),
		app.Text(" consecutive blocks (floor("+strconv.Itoa(n)+"/2) + 1). Block n is in turn for signer n mod "+strconv.Itoa(n)+
			" in name order (difficulty 2); anyone else allowed may seal it out of turn (difficulty 1). "+
			"The chain keeps going with up to "+strconv.FormatUint(p.clique.MaxOffline(), 10)+" signers offline."),
	)
}

func (p *poaRotation) summary() app.UI {
	r := p.run
	var td uint64
	if len(r.Blocks) > 0 {
		td = r.Blocks[len(r.Blocks)-1].TotalDifficulty
	}
	line := app.P().Class("pos-summary").
		DataSet("sealed", strconv.Itoa(len(r.Blocks))).
		DataSet("inturn", strconv.Itoa(r.InTurn)).
		DataSet("outofturn", strconv.Itoa(r.OutOfTurn)).
		Text(strconv.Itoa(len(r.Blocks)) + " blocks sealed: " + strconv.Itoa(r.InTurn) + " in turn, " +
			strconv.Itoa(r.OutOfTurn) + " out of turn; total difficulty " + strconv.FormatUint(td, 10) + ".")
	if !r.Stalled {
		return line
	}
	online := len(r.Signers) - len(r.Offline)
	return app.Div().Body(line, app.P().Class("pos-verdict bad").Role("alert").
		ID(p.ID+"-stalled").DataSet("stalled-at", strconv.FormatUint(r.StalledAt, 10)).
		Text("Stalled at block "+strconv.FormatUint(r.StalledAt, 10)+": only "+strconv.Itoa(online)+" signers are online, and each of them sealed one of the last "+
			strconv.FormatUint(r.Limit-1, 10)+" blocks. Nobody may seal, so no block can follow until a signer comes back (or the signers vote to change the set, which itself needs blocks)."))
}

func (p *poaRotation) blocks() app.UI {
	items := make([]app.UI, 0, len(p.run.Blocks)+1)
	for _, b := range p.run.Blocks {
		class, turn := "pos-block inturn", "in turn"
		if !b.InTurn {
			class, turn = "pos-block outturn", "out of turn, "+b.InTurnSigner+"'s turn"
		}
		items = append(items, app.Li().Class(class).
			DataSet("number", strconv.FormatUint(b.Number, 10)).DataSet("signer", b.Signer).
			Title("Block "+strconv.FormatUint(b.Number, 10)+" sealed by "+b.Signer+" ("+turn+", difficulty "+strconv.FormatUint(b.Difficulty, 10)+
				"); could have sealed it: "+strings.Join(b.Eligible, ", ")).
			Body(
				app.Span().Class("pos-block-no").Text("#"+strconv.FormatUint(b.Number, 10)),
				app.Text(" "+b.Signer),
				app.Span().Class("pos-block-note").Text(" ("+turn+")"),
			))
	}
	if p.run.Stalled {
		items = append(items, app.Li().Class("pos-block stalled").Body(
			app.Span().Class("pos-block-no").Text("#"+strconv.FormatUint(p.run.StalledAt, 10)),
			app.Text(" nobody may seal"),
		))
	}
	return app.Ol().Class("pos-blocks").Aria("label", "Sealed blocks").Body(items...)
}
