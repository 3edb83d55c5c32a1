package staking

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pos"
)

// NewShuffle is the shuffle widget's factory.
func NewShuffle(p kit.Placement) app.UI { return &shuffleStepper{Placement: p} }

// maxProposerStepsShown bounds the proposer trace table; the rest is
// summarised in a line.
const maxProposerStepsShown = 40

// shuffleStepper follows one index through Ethereum's swap-or-not shuffle
// (pos.TraceShuffledIndex), one round per step. Once every round is shown
// it adds the whole permutation (pos.ShuffledPermutation) and the
// proposer choice weighted by effective balance (pos.TraceProposerIndex,
// electra rule) for a small validator set.
type shuffleStepper struct {
	app.Compo
	kit.Placement
	base

	walk     string // the parameters of the walk shown, all but the step
	seed     pos.Hash
	trace    pos.ShuffleTrace
	step     int // rounds shown, 0..len(trace.Rounds)
	perm     []uint64
	proposer pos.ProposerTrace
	vals     []pos.Validator
	err      string
}

func (s *shuffleStepper) OnInit()              { s.start() }
func (s *shuffleStepper) OnUpdate(app.Context) { s.start() }

func (s *shuffleStepper) start() {
	s.walk = ""
	s.Init("shuffle", s.Placement, s.load)
}

// load computes the walk. Cross-parameter problems a URL may carry (index
// beyond count, step beyond rounds, a bad validator list) are repaired
// with a note, as single parameters are; a change of anything but the step
// starts the walk again from round 0.
func (s *shuffleStepper) load() {
	values := s.Values()
	count, index := s.Int("count"), s.Int("index")
	if index >= count {
		s.Note("index " + values["index"] + " must be below count " + values["count"] + "; using " + strconv.Itoa(count-1))
		values["index"] = strconv.Itoa(count - 1)
	}
	if s.Int("step") > s.Int("rounds") {
		s.Note("step " + values["step"] + " is beyond rounds " + values["rounds"] + "; using " + values["rounds"])
		values["step"] = values["rounds"]
	}
	vals, err := widgetspec.ProposerBalances(values["validators"])
	if err != nil {
		def, _ := kit.Spec("shuffle").Param("validators")
		s.Note(err.Error() + "; using " + def.Default)
		values["validators"] = def.Default
		vals, _ = widgetspec.ProposerBalances(def.Default)
	}
	walk := strings.Join([]string{values["count"], values["index"], values["seed"], values["rounds"], values["validators"]}, "\x00")
	if s.walk != "" && walk != s.walk {
		values["step"] = "0"
	}
	s.walk, s.vals = walk, vals
	s.seed = widgetspec.ShuffleSeed(values["seed"])
	s.err, s.perm = "", nil
	t, err := pos.TraceShuffledIndex(uint64(s.Int("index")), uint64(s.Int("count")), s.seed, uint8(s.Int("rounds")))
	if err != nil {
		s.err = err.Error()
		return
	}
	s.trace = t
	s.show(s.Int("step"))
}

// setStep shows n rounds, as a control does.
func (s *shuffleStepper) setStep(n int) {
	s.Set("step", strconv.Itoa(min(max(n, 0), len(s.trace.Rounds))))
}

// show shows n rounds; at the last one it computes the permutation and
// the proposer.
func (s *shuffleStepper) show(n int) {
	s.step = min(max(n, 0), len(s.trace.Rounds))
	if s.step < len(s.trace.Rounds) {
		return
	}
	perm, err := pos.ShuffledPermutation(s.trace.Count, s.seed, uint8(len(s.trace.Rounds)))
	if err != nil {
		s.err = err.Error()
		return
	}
	indices := make([]uint64, len(s.vals))
	balances := make([]uint64, len(s.vals))
	for i, v := range s.vals {
		indices[i], balances[i] = uint64(i), v.Stake
	}
	pt, err := pos.TraceProposerIndex(pos.ProposerElectra, indices, balances, s.seed, uint8(len(s.trace.Rounds)))
	if err != nil {
		s.err = err.Error()
		return
	}
	s.perm, s.proposer = perm, pt
}

func (s *shuffleStepper) next()    { s.setStep(s.step + 1) }
func (s *shuffleStepper) prev()    { s.setStep(s.step - 1) }
func (s *shuffleStepper) runAll()  { s.setStep(len(s.trace.Rounds)) }
func (s *shuffleStepper) restart() { s.setStep(0) }

// current is the index's position after the rounds shown.
func (s *shuffleStepper) current() uint64 {
	if s.step == 0 {
		return s.trace.Index
	}
	return s.trace.Rounds[s.step-1].IndexAfter
}

func (s *shuffleStepper) onKey(ctx app.Context, e app.Event) {
	switch e.Get("key").String() {
	case "ArrowRight":
		s.next()
	case "ArrowLeft":
		s.prev()
	case "Home":
		s.restart()
	case "End":
		s.runAll()
	default:
		return
	}
	e.PreventDefault()
}

func (s *shuffleStepper) Render() app.UI {
	body := []app.UI{s.controls()}
	if s.err != "" {
		body = append(body, app.P().Class("status error").Role("alert").Text(s.err))
		return s.Frame(body...)
	}
	body = append(body, s.stepper(), s.roundDetail(), s.positions(), s.pathChart())
	if s.step == len(s.trace.Rounds) && s.perm != nil {
		body = append(body, s.permutation(), s.proposerPanel())
	}
	return s.Frame(body...)
}

func (s *shuffleStepper) controls() app.UI {
	return app.Div().Class("pos-controls").Body(
		s.Number("count", "Count (indices)"),
		s.Number("index", "Index to follow"),
		s.Number("rounds", "Rounds"),
		s.Text("seed", "Seed (64 hex digits or text)"),
	)
}

func (s *shuffleStepper) stepper() app.UI {
	n := len(s.trace.Rounds)
	status := "Before round 1: index " + strconv.FormatUint(s.trace.Index, 10) + " is at position " + strconv.FormatUint(s.trace.Index, 10) + "."
	if s.step > 0 {
		status = "After round " + strconv.Itoa(s.step) + " of " + strconv.Itoa(n) + ": index " + strconv.FormatUint(s.trace.Index, 10) +
			" is at position " + strconv.FormatUint(s.current(), 10) + "."
	}
	return app.Div().Class("pos-stepper").
		TabIndex(0).
		Aria("label", "Shuffle stepper: Left and Right arrows step back and forward, Home restarts, End runs every round").
		OnKeyDown(s.onKey).
		Body(
			app.Div().Class("pos-buttons").Body(
				kit.Button{ID: s.ID + "-restart", Label: "Restart", Secondary: true, Disabled: s.step == 0, OnClick: kit.Click(s.restart)}.UI(),
				kit.Button{ID: s.ID + "-prev", Label: "Previous round", Secondary: true, Disabled: s.step == 0, OnClick: kit.Click(s.prev)}.UI(),
				kit.Button{ID: s.ID + "-next", Label: "Next round", Disabled: s.step == n, OnClick: kit.Click(s.next)}.UI(),
				kit.Button{ID: s.ID + "-all", Label: "Run all", Secondary: true, Disabled: s.step == n, OnClick: kit.Click(s.runAll)}.UI(),
			),
			app.P().Class("pos-status").ID(s.ID+"-status").Role("status").Aria("live", "polite").
				DataSet("step", strconv.Itoa(s.step)).
				DataSet("position", strconv.FormatUint(s.current(), 10)).
				Text(status),
		)
}

// roundDetail explains the last round shown, number by number.
func (s *shuffleStepper) roundDetail() app.UI {
	if s.step == 0 {
		return app.P().Class("pos-hint").Text("Each round picks a pivot, pairs every position with its mirror image around the pivot, " +
			"and lets one bit of a hash decide whether each pair swaps. Press Next round.")
	}
	r := s.trace.Rounds[s.step-1]
	c := s.trace.Count
	u := func(v uint64) string { return strconv.FormatUint(v, 10) }
	bits := strconv.FormatUint(uint64(r.ByteValue), 2)
	for len(bits) < 8 {
		bits = "0" + bits
	}
	// The spec reads bit (position % 8) counting from the least
	// significant end, so it sits at 7-BitIndex in the printed byte.
	at := 7 - int(r.BitIndex)
	byteView := app.Code().Class("pos-bits").Body(
		app.Text(bits[:at]), app.Mark().Text(bits[at:at+1]), app.Text(bits[at+1:]),
	)
	verdict := "bit is 0: the pair stays, the index stays at " + u(r.IndexAfter) + "."
	if r.Swapped {
		verdict = "bit is 1: the pair swaps, the index moves from " + u(r.IndexBefore) + " to " + u(r.IndexAfter) + "."
	}
	src := hex.EncodeToString(r.Source[:])
	return app.Dl().Class("pos-round").DataSet("round", strconv.Itoa(int(r.Round))).Body(
		app.Dt().Text("Round"), app.Dd().Text(strconv.Itoa(int(r.Round))+" (counting from 0, as the spec does)"),
		app.Dt().Text("Pivot"), app.Dd().Body(app.Text("first 8 bytes of hash(seed ‖ round), little-endian, mod "+u(c)+" = "), app.Strong().Class("pivot").Text(u(r.Pivot))),
		app.Dt().Text("Flip"), app.Dd().Body(app.Text("(pivot + count − index) mod count = ("+u(r.Pivot)+" + "+u(c)+" − "+u(r.IndexBefore)+") mod "+u(c)+" = "), app.Strong().Class("flip").Text(u(r.Flip))),
		app.Dt().Text("Position"), app.Dd().Text("max(index, flip) = "+u(r.Position)+": both members of the pair read the same bit"),
		app.Dt().Text("Source"), app.Dd().Body(app.Text("hash(seed ‖ round ‖ position ÷ 256) = "), app.Code().Title(src).Text("0x"+src[:16]+"…")),
		app.Dt().Text("Byte"), app.Dd().Body(app.Text("source[(position mod 256) ÷ 8] = source["+strconv.Itoa(int(r.ByteIndex))+"] = "), byteView),
		app.Dt().Text("Bit"), app.Dd().Body(app.Text("bit position mod 8 = "+strconv.Itoa(int(r.BitIndex))+" (from the right): "), app.Strong().Class("swap-verdict").Text(verdict)),
	)
}

// positions draws the count positions as cells: where the index is, and
// (for the last round shown) its flip partner.
func (s *shuffleStepper) positions() app.UI {
	cur := s.current()
	var from, flip uint64 = cur, cur
	if s.step > 0 {
		r := s.trace.Rounds[s.step-1]
		from, flip = r.IndexBefore, r.Flip
	}
	cells := make([]app.UI, s.trace.Count)
	for i := range cells {
		p := uint64(i)
		class := "pos-cell"
		switch {
		case p == cur:
			class += " current"
		case s.step > 0 && (p == from || p == flip):
			class += " partner"
		}
		cells[i] = app.Li().Class(class).Text(strconv.Itoa(i))
	}
	return app.Ol().Class("pos-cells").Aria("label", "Positions 0 to "+strconv.FormatUint(s.trace.Count-1, 10)+"; the index is at "+strconv.FormatUint(cur, 10)).Body(cells...)
}

// pathChart plots the index's position after each round shown.
func (s *shuffleStepper) pathChart() app.UI {
	pts := []kit.Point{{X: 0, Y: float64(s.trace.Index)}}
	path := strconv.FormatUint(s.trace.Index, 10)
	for _, r := range s.trace.Rounds[:s.step] {
		pts = append(pts, kit.Point{X: float64(r.Round) + 1, Y: float64(r.IndexAfter)})
		path += " → " + strconv.FormatUint(r.IndexAfter, 10)
	}
	c := kit.Chart{
		Label:  "Path of index " + strconv.FormatUint(s.trace.Index, 10) + " through the rounds: " + path,
		XLabel: "after round",
		YLabel: "position",
		XMin:   0, XMax: float64(max(len(s.trace.Rounds), 1)),
		YMin: 0, YMax: float64(s.trace.Count - 1),
		Series: []kit.Series{{Name: "position of index " + strconv.FormatUint(s.trace.Index, 10), Style: "series-1", Dots: true, Points: pts}},
	}
	return app.Div().Body(
		app.P().Class("pos-path").Body(app.Text("Path: "), app.Span().ID(s.ID+"-path").Text(path)),
		c.Render(),
	)
}

func (s *shuffleStepper) permutation() app.UI {
	items := make([]app.UI, len(s.perm))
	for i, p := range s.perm {
		li := app.Li().DataSet("index", strconv.Itoa(i)).DataSet("to", strconv.FormatUint(p, 10)).
			Text(strconv.Itoa(i) + " → " + strconv.FormatUint(p, 10))
		if uint64(i) == s.trace.Index {
			li = li.Class("followed")
		}
		items[i] = li
	}
	agree := "the permutation agrees with the stepped path."
	if s.perm[s.trace.Index] != s.trace.Result {
		agree = "the permutation does NOT agree with the stepped path (a bug: please report it)."
	}
	return app.Section().Class("pos-subpanel").Aria("labelledby", s.ID+"-perm-title").Body(
		app.H4().ID(s.ID+"-perm-title").Text("The whole shuffle"),
		app.P().Body(
			app.Text("Index "+strconv.FormatUint(s.trace.Index, 10)+" ends at position "),
			app.Strong().ID(s.ID+"-result").DataSet("result", strconv.FormatUint(s.trace.Result, 10)).Text(strconv.FormatUint(s.trace.Result, 10)),
			app.Text(". Every index, shuffled with the same seed and rounds (i → position); "+agree),
		),
		app.Ol().Class("pos-perm").ID(s.ID+"-perm").Body(items...),
	)
}

func (s *shuffleStepper) proposerPanel() app.UI {
	pt := s.proposer
	maxETH := pos.ProposerElectra.MaxEffectiveBalance / pos.GweiPerETH
	rows := make([]app.UI, 0, min(len(pt.Steps), maxProposerStepsShown))
	for _, st := range pt.Steps[:min(len(pt.Steps), maxProposerStepsShown)] {
		v := s.vals[st.Candidate]
		verdict := "no"
		if st.Accepted {
			verdict = "yes"
		}
		rows = append(rows, app.Tr().Body(
			app.Td().Text(strconv.FormatUint(st.I, 10)),
			app.Td().Text(strconv.FormatUint(st.ShuffledPosition, 10)),
			app.Th().Scope("row").Text(v.Name),
			app.Td().Text(strconv.FormatUint(st.EffectiveBalance/pos.GweiPerETH, 10)+" ETH"),
			app.Td().Text(strconv.FormatUint(st.RandomValue, 10)+" / "+strconv.FormatUint(st.MaxRandom, 10)),
			app.Td().Text(verdict),
		))
	}
	more := app.UI(app.Text(""))
	if n := len(pt.Steps) - maxProposerStepsShown; n > 0 {
		more = app.P().Text("… and " + strconv.Itoa(n) + " more tries.")
	}
	winner := s.vals[pt.Proposer].Name
	return app.Section().Class("pos-subpanel").Aria("labelledby", s.ID+"-prop-title").Body(
		app.H4().ID(s.ID+"-prop-title").Text("Who proposes? Weighted by effective balance"),
		app.P().Text("The electra rule walks these validators in shuffled order (the same shuffle, over their "+strconv.Itoa(len(s.vals))+
			" indices) and accepts a candidate when balance × 65535 ≥ "+strconv.FormatUint(maxETH, 10)+" ETH × a 16-bit random value: "+
			"a validator at the "+strconv.FormatUint(maxETH, 10)+" ETH maximum is always accepted, one with 32 ETH about once in 64 tries. "+
			"On the beacon chain the seed is hash(epoch seed ‖ slot); here it is the seed above."),
		app.Table().Class("pos-table").Body(
			app.Caption().Text("Candidates tried"),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Try i"), app.Th().Scope("col").Text("Shuffled position"),
				app.Th().Scope("col").Text("Candidate"), app.Th().Scope("col").Text("Effective balance"),
				app.Th().Scope("col").Text("Random value"), app.Th().Scope("col").Text("Accepted"),
			)),
			app.TBody().Body(rows...),
		),
		more,
		app.P().Body(
			app.Text("Proposer: "),
			app.Strong().ID(s.ID+"-proposer").DataSet("proposer", strconv.FormatUint(pt.Proposer, 10)).Text(winner),
			app.Text(" (index "+strconv.FormatUint(pt.Proposer, 10)+", after "+strconv.Itoa(len(pt.Steps))+" tries)."),
		),
	)
}
