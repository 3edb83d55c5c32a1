package consensus

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pos"
)

// NewDPoS is the dpos widget's factory.
func NewDPoS(p kit.Placement) app.UI { return &dposVote{Placement: p} }

// dposHistory is how many past rounds the widget keeps.
const dposHistory = 8

// dposVote runs a delegated-PoS chain (pos.NewDPoS): token holders'
// ballots from the parameters elect the first round's producers; the
// learner changes ballots, which count from the next round, and steps
// round by round to see the elected set and the production rotation change.
type dposVote struct {
	app.Compo
	kit.Placement
	base

	candidates []string
	ballots    []pos.Ballot // as edited: what the next round will count
	chain      *pos.DPoS
	live       string          // the setup the chain runs, ballots as edited
	rounds     []pos.DPoSRound // the most recent last
	pending    bool            // ballots changed since the last round
	msg        string          // why the last edit was refused
	err        string
}

func (d *dposVote) OnInit()              { d.start() }
func (d *dposVote) OnUpdate(app.Context) { d.start() }

func (d *dposVote) start() {
	d.chain = nil
	d.Init("dpos", d.Placement, d.load)
}

// setupKey names a setup: the chain runs on one until the candidates, the
// seats or the ballots change other than by the ballot table's edits.
func setupKey(values map[string]string) string {
	return values["candidates"] + "\x00" + values["seats"] + "\x00" + values["ballots"]
}

// load starts a chain from the parameters and plays its first round,
// unless they are the setup the chain already runs (a ballot edit, which
// counts from the next round). A setup that fails the spec's check
// (possible from a URL) is repaired, or falls back to the defaults, with a
// note.
func (d *dposVote) load() {
	values := d.Values()
	if d.chain != nil && setupKey(values) == d.live {
		return
	}
	cs, bs, err := widgetspec.DPoSSetup(values["candidates"], values["ballots"], d.Int("seats"))
	if err != nil {
		for _, n := range dposRepair(values) {
			d.Note(n)
		}
		if cs, bs, err = widgetspec.DPoSSetup(values["candidates"], values["ballots"], d.Int("seats")); err != nil {
			spec := kit.Spec("dpos")
			d.Note(err.Error() + "; using the default candidates, ballots and seats")
			for _, k := range []string{"candidates", "ballots", "seats"} {
				p, _ := spec.Param(k)
				values[k] = p.Default
			}
			cs, bs, _ = widgetspec.DPoSSetup(values["candidates"], values["ballots"], d.Int("seats"))
		}
	}
	d.candidates, d.ballots = cs, bs
	d.chain, d.live = nil, setupKey(values)
	d.rounds, d.pending, d.msg, d.err = nil, false, "", ""
	chain, err := pos.NewDPoS(cs, d.Int("seats"))
	if err != nil {
		d.err = err.Error()
		return
	}
	for _, b := range widgetspec.CastBallots(bs) {
		if err := chain.Vote(b); err != nil {
			d.err = err.Error()
			return
		}
	}
	d.chain = chain
	d.nextRound()
}

// dposRepair fixes what a learner's edit (or a hand-made link) most often
// breaks, in place and with a note for each change, instead of throwing
// the whole setup away: more seats than candidates, ballots naming unknown
// candidates or more delegates than there are seats, a voter listed twice.
// Anything else is left for the caller's fallback to the defaults.
func dposRepair(values map[string]string) []string {
	var notes []string
	cs, err := pos.ParseNames(values["candidates"])
	if err != nil || len(cs) == 0 {
		return nil
	}
	if seats, _ := strconv.Atoi(values["seats"]); seats > len(cs) {
		notes = append(notes, "seats="+values["seats"]+" is more than the "+strconv.Itoa(len(cs))+" candidates; using "+strconv.Itoa(len(cs)))
		values["seats"] = strconv.Itoa(len(cs))
	}
	seats, _ := strconv.Atoi(values["seats"])
	bs, err := pos.ParseBallots(values["ballots"])
	if err != nil {
		return notes
	}
	known := map[string]bool{}
	for _, c := range cs {
		known[c] = true
	}
	seen := map[string]bool{}
	out := make([]pos.Ballot, 0, len(bs))
	for _, b := range bs {
		if seen[b.Voter] {
			notes = append(notes, b.Voter+" has two ballots; keeping the first")
			continue
		}
		seen[b.Voter] = true
		var ds []string
		for _, d := range b.Delegates {
			switch {
			case !known[d]:
				notes = append(notes, b.Voter+" votes for "+d+", who is not a candidate; vote dropped")
			case slices.Contains(ds, d):
			default:
				ds = append(ds, d)
			}
		}
		if len(ds) > seats {
			notes = append(notes, b.Voter+" approves "+strconv.Itoa(len(ds))+" delegates but there are "+strconv.Itoa(seats)+" seats; keeping "+strings.Join(ds[:seats], ", "))
			ds = ds[:seats]
		}
		b.Delegates = ds
		out = append(out, b)
	}
	values["ballots"] = pos.FormatBallots(out)
	return notes
}

// nextRound elects from the ballots standing now and produces a round.
func (d *dposVote) nextRound() {
	r, err := d.chain.NextRound()
	if err != nil {
		d.err = err.Error()
		return
	}
	d.rounds = append(d.rounds, r)
	if len(d.rounds) > dposHistory {
		d.rounds = d.rounds[len(d.rounds)-dposHistory:]
	}
	d.pending, d.msg = false, ""
}

// setBallot replaces voter i's ballot if the engine accepts it, and
// remembers that it counts from the next round.
func (d *dposVote) setBallot(i int, b pos.Ballot) {
	var err error
	if len(b.Delegates) == 0 {
		err = d.chain.Unvote(b.Voter)
		if errors.Is(err, pos.ErrNoBallot) { // it had abstained already
			err = nil
		}
	} else {
		err = d.chain.Vote(b)
	}
	if err != nil {
		d.msg = dposExplain(err, d.Int("seats"))
		return
	}
	d.ballots[i] = b
	d.pending, d.msg = true, ""
	// The edited ballots are the state to share; the chain already counts
	// them, so load leaves it running.
	values := maps.Clone(d.Values())
	values["ballots"] = pos.FormatBallots(d.ballots)
	d.live = setupKey(values)
	d.Set("ballots", values["ballots"])
}

// toggle approves or withdraws voter i's approval of candidate c, keeping
// the ballot in candidate order.
func (d *dposVote) toggle(i int, c string, on bool) {
	b := d.ballots[i]
	var next []string
	for _, x := range d.candidates {
		has := slices.Contains(b.Delegates, x)
		if x == c {
			has = on
		}
		if has {
			next = append(next, x)
		}
	}
	b.Delegates = next
	d.setBallot(i, b)
}

// setTokens changes voter i's token weight.
func (d *dposVote) setTokens(i int, s string) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil {
		d.msg = "Tokens must be a whole number of at least 0."
		return
	}
	b := d.ballots[i]
	b.Tokens = n
	d.setBallot(i, b)
}

// dposExplain turns an engine refusal into a sentence for the learner.
func dposExplain(err error, seats int) string {
	if errors.Is(err, pos.ErrBallotTooLong) {
		return "A holder may approve at most " + strconv.Itoa(seats) + " delegates (the number of seats); withdraw one first."
	}
	return "Not accepted: " + err.Error()
}

func (d *dposVote) Render() app.UI {
	body := []app.UI{d.setup()}
	if d.err != "" {
		body = append(body, app.P().Class("status error").Role("alert").Text(d.err))
		return d.Frame(body...)
	}
	body = append(body, d.ballotTable(), d.controls())
	if n := len(d.rounds); n > 0 {
		body = append(body, d.roundPanel(d.rounds[n-1]))
	}
	body = append(body, d.history())
	return d.Frame(body...)
}

func (d *dposVote) setup() app.UI {
	return app.Details().Class("pos-setup").Body(
		app.Summary().Text("Candidates and seats"),
		app.Div().Class("pos-controls").Body(
			d.Text("candidates", "Candidates (comma-separated)"),
			d.Number("seats", "Seats"),
		),
	)
}

func (d *dposVote) ballotTable() app.UI {
	head := []app.UI{app.Th().Scope("col").Text("Holder"), app.Th().Scope("col").Text("Tokens")}
	for _, c := range d.candidates {
		head = append(head, app.Th().Scope("col").Text(c))
	}
	rows := make([]app.UI, len(d.ballots))
	for i, b := range d.ballots {
		i, b := i, b
		tokID := d.ID + "-tokens-" + strconv.Itoa(i)
		cells := []app.UI{
			app.Th().Scope("row").Text(b.Voter),
			app.Td().Body(
				app.Label().For(tokID).Class("pos-sr").Text(b.Voter+"'s tokens"),
				app.Input().Type("number").ID(tokID).Class("pos-tokens").Min(0).Value(strconv.FormatUint(b.Tokens, 10)).
					OnChange(func(ctx app.Context, e app.Event) { d.setTokens(i, kit.Value(ctx)) }),
			),
		}
		for j, c := range d.candidates {
			c := c
			boxID := d.ID + "-vote-" + strconv.Itoa(i) + "-" + strconv.Itoa(j)
			cells = append(cells, app.Td().Body(
				kit.Checked(app.Input().Type("checkbox").ID(boxID).DataSet("voter", b.Voter).DataSet("candidate", c).
					OnChange(func(ctx app.Context, e app.Event) { d.toggle(i, c, ctx.JSSrc().Get("checked").Bool()) }),
					slices.Contains(b.Delegates, c)),
				app.Label().For(boxID).Class("pos-sr").Text(b.Voter+" approves "+c),
			))
		}
		rows[i] = app.Tr().Body(cells...)
	}
	return kit.ScrollTable("Ballots", app.Table().Class("pos-table pos-ballots").Body(
		app.Caption().Text("Ballots: each holder's tokens count in full for every delegate it approves (at most "+d.Value("seats")+")"),
		app.THead().Body(app.Tr().Body(head...)),
		app.TBody().Body(rows...),
	))
}

func (d *dposVote) controls() app.UI {
	next := uint64(0)
	if n := len(d.rounds); n > 0 {
		next = d.rounds[n-1].Round + 1
	}
	status := "Ballots unchanged: round " + strconv.FormatUint(next, 10) + " will elect the same producers."
	if d.pending {
		status = "Changed ballots count from the next election: press Next round to hold round " + strconv.FormatUint(next, 10) + "."
	}
	out := []app.UI{
		app.P().Class("pos-status").Role("status").Aria("live", "polite").Text(status),
	}
	if d.msg != "" {
		out = append(out, app.P().Class("status error").Role("alert").Text(d.msg))
	}
	out = append(out, app.Div().Class("pos-buttons").Body(
		kit.Button{ID: d.ID + "-next", Label: "Next round", OnClick: kit.Click(d.nextRound)}.UI(),
	))
	return app.Div().Body(out...)
}

func (d *dposVote) roundPanel(r pos.DPoSRound) app.UI {
	bars := make([]kit.Bar, len(r.Election.Tally))
	rows := make([]app.UI, len(r.Election.Tally))
	for i, v := range r.Election.Tally {
		style, elected := "series-1", "no"
		if v.Elected {
			style, elected = "series-3", "yes"
		}
		bars[i] = kit.Bar{Label: v.Name, Value: float64(v.Votes), Style: style}
		rows[i] = app.Tr().DataSet("name", v.Name).Body(
			app.Td().Text(strconv.Itoa(v.Rank)),
			app.Th().Scope("row").Text(v.Name),
			app.Td().DataSet("votes", strconv.FormatUint(v.Votes, 10)).Text(kit.Count(v.Votes)),
			app.Td().Text(elected),
		)
	}
	blocks := make([]app.UI, len(r.Blocks))
	for i, b := range r.Blocks {
		blocks[i] = app.Li().Class("pos-block").Body(
			app.Span().Class("pos-block-no").Text("#"+strconv.FormatUint(b.Height, 10)),
			app.Text(" "+b.Producer),
		)
	}
	change := "No change in the producer set."
	switch {
	case r.Round == 0:
		change = "The first election."
	case len(r.Joined) > 0 || len(r.Left) > 0:
		change = "Joined: " + dposList(r.Joined) + ". Left: " + dposList(r.Left) + "."
	}
	chart := kit.BarChart{
		Label:  "Votes per candidate in round " + strconv.FormatUint(r.Round, 10) + "; elected: " + strings.Join(r.Election.Producers, ", "),
		YLabel: "votes (tokens)",
		Bars:   bars,
	}
	return app.Section().Class("pos-subpanel").Aria("labelledby", d.ID+"-round-title").Body(
		app.H4().ID(d.ID+"-round-title").Text("Round "+strconv.FormatUint(r.Round, 10)),
		app.P().Body(
			app.Text("Elected, in rank order: "),
			app.Strong().ID(d.ID+"-producers").DataSet("round", strconv.FormatUint(r.Round, 10)).
				DataSet("producers", strings.Join(r.Election.Producers, ",")).
				Text(strings.Join(r.Election.Producers, ", ")),
			app.Text(". "+change+" Green bars are the elected producers."),
		),
		chart.Render(),
		app.Table().Class("pos-table").Body(
			app.Caption().Text("The count"),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Rank"), app.Th().Scope("col").Text("Candidate"),
				app.Th().Scope("col").Text("Votes"), app.Th().Scope("col").Text("Elected"),
			)),
			app.TBody().Body(rows...),
		),
		app.P().Text("Production rotation: each elected producer makes one block, in rank order; whoever misses a turn leaves a gap."),
		app.Ol().Class("pos-blocks").Aria("label", "Blocks of round "+strconv.FormatUint(r.Round, 10)).Body(blocks...),
	)
}

func (d *dposVote) history() app.UI {
	if len(d.rounds) < 2 {
		return app.Text("")
	}
	items := make([]app.UI, 0, len(d.rounds)-1)
	for _, r := range d.rounds[:len(d.rounds)-1] {
		items = append(items, app.Li().Text("Round "+strconv.FormatUint(r.Round, 10)+": "+strings.Join(r.Election.Producers, ", ")))
	}
	return app.Div().Body(app.P().Text("Earlier rounds:"), app.Ul().Class("pos-history").Body(items...))
}

func dposList(xs []string) string {
	if len(xs) == 0 {
		return "nobody"
	}
	return strings.Join(xs, ", ")
}
