package staking

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pos"
)

// NewLottery is the lottery widget's factory.
func NewLottery(p kit.Placement) app.UI { return &lottery{Placement: p} }

// lottery is the seeded stake lottery: it draws many slots with
// pos.ValidatorSet.Tally and shows each validator's wins against its stake
// share, with a chi-square goodness-of-fit test in plain words. With
// bias=true a second panel runs the RANDAO last-revealer experiment.
type lottery struct {
	app.Compo
	kit.Placement
	base

	set   *pos.ValidatorSet
	tally pos.Tally
	crit  float64 // chi-square critical value at 5%
	err   string  // why there is no tally (should not happen with resolved input)
	bias  *pos.BiasExperiment
}

func (l *lottery) OnInit()              { l.Init("lottery", l.Placement, l.load) }
func (l *lottery) OnUpdate(app.Context) { l.Init("lottery", l.Placement, l.load) }

// load draws for the parameters. A validator list or attacker that does
// not pass the spec's check (possible from a URL) is replaced by the
// default, with a note saying why.
func (l *lottery) load() {
	values := l.Values()
	set, err := widgetspec.LotteryValidators(values["validators"])
	if err != nil {
		def, _ := kit.Spec("lottery").Param("validators")
		l.Note(err.Error() + "; using " + def.Default)
		values["validators"] = def.Default
		values["attacker"] = ""
		set, _ = widgetspec.LotteryValidators(def.Default)
	}
	if a := values["attacker"]; a != "" {
		if _, ok := set.Index(a); !ok {
			l.Note("attacker " + strconv.Quote(a) + " is not one of the validators; using the one with the least stake")
			values["attacker"] = ""
		}
	}
	l.set = set
	l.draw()
}

func (l *lottery) draw() {
	l.err, l.bias = "", nil
	seed := pos.SeedFromText(l.Value("seed"))
	t, err := l.set.Tally(seed, 0, uint64(l.Int("draws")))
	if err != nil {
		l.err = err.Error()
		return
	}
	l.tally = t
	l.crit, _ = pos.ChiSquareCritical(t.DF, 0.05)
	if l.Bool("bias") {
		ex, err := pos.RunBiasExperiment(l.set, l.attacker(), seed, uint64(l.Int("rounds")), 1)
		if err != nil {
			l.err = err.Error()
			return
		}
		l.bias = &ex
	}
}

// attacker is the bias experiment's last revealer: the named one, or the
// validator with the least positive stake (the one that gains most, in
// relative terms, from one bit of choice).
func (l *lottery) attacker() string {
	if a := l.Value("attacker"); a != "" {
		return a
	}
	best := ""
	var least uint64
	for _, v := range l.set.Validators() {
		if v.Stake > 0 && (best == "" || v.Stake < least) {
			best, least = v.Name, v.Stake
		}
	}
	return best
}

// nextSeed draws again with the next seed.
func (l *lottery) nextSeed() { l.Set("seed", lotteryNextSeed(l.Value("seed"))) }

// lotteryNextSeed counts seeds: a trailing number goes up by one, keeping
// its width ("run-09" -> "run-10", "7" -> "8"); other text gets "-1".
func lotteryNextSeed(s string) string {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	digits := s[i:]
	if digits == "" || len(digits) > 18 {
		return s + "-1"
	}
	n, _ := strconv.ParseUint(digits, 10, 64)
	next := strconv.FormatUint(n+1, 10)
	if len(next) < len(digits) {
		next = strings.Repeat("0", len(digits)-len(next)) + next
	}
	return s[:i] + next
}

func (l *lottery) Render() app.UI {
	body := []app.UI{l.controls()}
	if l.err != "" {
		body = append(body, app.P().Class("status error").Role("alert").Text(l.err))
		return l.Frame(body...)
	}
	body = append(body, l.results()...)
	if l.bias != nil {
		body = append(body, l.biasPanel())
	}
	return l.Frame(body...)
}

func (l *lottery) controls() app.UI {
	return app.Div().Class("pos-controls").Body(
		l.Text("validators", "Validators (name:stake, …)"),
		l.Number("draws", "Draws (slots)"),
		l.Text("seed", "Seed"),
		app.Div().Class("pos-buttons").Body(
			kit.Button{ID: l.ID + "-next", Label: "Draw again with the next seed", OnClick: kit.Click(l.nextSeed)}.UI(),
		),
	)
}

func (l *lottery) results() []app.UI {
	t := l.tally
	bars := make([]kit.Bar, 0, len(t.Names))
	aria := make([]string, 0, len(t.Names))
	rows := make([]app.UI, 0, len(t.Names))
	for i, name := range t.Names {
		bars = append(bars, kit.Bar{Label: name, Value: float64(t.Observed[i]), Expected: t.Expected[i], HasExpected: true})
		aria = append(aria, name+" "+strconv.FormatUint(t.Observed[i], 10)+" (expected "+kit.Sig(t.Expected[i], 4)+")")
		share := l.set.Share(i)
		observedShare := 0.0
		if t.Draws > 0 {
			observedShare = float64(t.Observed[i]) / float64(t.Draws)
		}
		rows = append(rows, app.Tr().DataSet("name", name).Body(
			app.Th().Scope("row").Text(name),
			app.Td().Text(strconv.FormatUint(t.Stakes[i], 10)),
			app.Td().Text(kit.Percent(share, 2)),
			app.Td().DataSet("expected", kit.Full(t.Expected[i])).Text(kit.Sig(t.Expected[i], 4)),
			app.Td().Class("observed").DataSet("observed", strconv.FormatUint(t.Observed[i], 10)).Text(strconv.FormatUint(t.Observed[i], 10)),
			app.Td().Text(kit.Percent(observedShare, 2)),
		))
	}
	chart := kit.BarChart{
		Label:  "Wins per validator in " + strconv.FormatUint(t.Draws, 10) + " draws, with each stake share's expectation marked: " + strings.Join(aria, ", "),
		YLabel: "wins",
		Bars:   bars,
	}
	return []app.UI{
		app.P().Class("pos-summary").Body(
			app.Text(kit.Count(t.Draws)+" slots drawn with seed “"+l.Value("seed")+"”. "),
			app.Text("Each bar is a validator's wins; the line across it is what its stake share predicts."),
		),
		chart.Render(),
		app.Table().Class("pos-table").Body(
			app.Caption().Text("Wins against stake share"),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Validator"), app.Th().Scope("col").Text("Stake"),
				app.Th().Scope("col").Text("Share"), app.Th().Scope("col").Text("Expected wins"),
				app.Th().Scope("col").Text("Observed wins"), app.Th().Scope("col").Text("Observed share"),
			)),
			app.TBody().Body(rows...),
		),
		l.verdict(),
	}
}

// verdict puts the chi-square test in plain words. The thresholds are the
// usual 5% and 1% levels.
func (l *lottery) verdict() app.UI {
	t := l.tally
	stat := app.P().Class("pos-stat").
		DataSet("chisquare", kit.Full(t.ChiSquare)).DataSet("pvalue", kit.Full(t.PValue)).
		Body(
			app.Text("Chi-square = "), app.Strong().Text(kit.Sig(t.ChiSquare, 4)),
			app.Text(" with "+strconv.Itoa(t.DF)+" degrees of freedom; p-value = "), app.Strong().Text(kit.Sig(t.PValue, 3)),
			app.Text(" (a fair lottery exceeds "+kit.Sig(l.crit, 4)+" in 5% of runs)."),
		)
	var words string
	class := "pos-verdict"
	switch p := t.PValue; {
	case p >= 0.05:
		words = "Consistent with drawing in proportion to stake: a fair lottery strays at least this far from the shares in " + kit.Percent(p, 0) + " of runs."
		class += " ok"
	case p >= 0.01:
		words = "Somewhat unusual: a fair lottery strays this far in only " + kit.Percent(p, 1) + " of runs. Such runs do happen (1 in 20 seeds or so); draw with the next seed and it should usually look fair again."
		class += " warn"
	default:
		words = "Very unusual for a fair lottery (p below 1%). With many draws that points to a lottery that does not follow stake; with few, try more draws."
		class += " bad"
	}
	return app.Div().Body(stat, app.P().Class(class).Role("status").Text(words))
}

func (l *lottery) biasPanel() app.UI {
	ex := l.bias
	rate := pos.LastRevealerRate(ex.Share)
	return app.Section().Class("pos-subpanel").Aria("labelledby", l.ID+"-bias-title").Body(
		app.H4().ID(l.ID+"-bias-title").Text("RANDAO: the last revealer's one bit"),
		app.P().Text("In each of "+kit.Count(uint64(len(ex.Rounds)))+" rounds, "+ex.Attacker+" reveals last. It can see the mix before its turn, "+
			"work out who proposes the next slot if it reveals and if it withholds (missing its own block), and pick the future it likes."),
		app.Table().Class("pos-table").Body(
			app.Caption().Text("Slots won by "+ex.Attacker+" (stake share "+kit.Percent(ex.Share, 2)+")"),
			app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("Strategy"), app.Th().Scope("col").Text("Slots won"), app.Th().Scope("col").Text("Rate"))),
			app.TBody().Body(
				app.Tr().Body(app.Th().Scope("row").Text("Always reveal (honest)"),
					app.Td().Text(kit.Count(ex.HonestSlots)), app.Td().DataSet("rate", kit.Full(ex.HonestRate)).Text(kit.Percent(ex.HonestRate, 2))),
				app.Tr().Body(app.Th().Scope("row").Text("Withhold when that wins the slot"),
					app.Td().Text(kit.Count(ex.BiasedSlots)), app.Td().DataSet("rate", kit.Full(ex.BiasedRate)).Text(kit.Percent(ex.BiasedRate, 2))),
				app.Tr().Body(app.Th().Scope("row").Text("Formula 1 − (1 − p)²"),
					app.Td().Text("–"), app.Td().DataSet("rate", kit.Full(rate)).Text(kit.Percent(rate, 2))),
			),
		),
		app.P().Text("It withheld in "+kit.Count(ex.Withheld)+" rounds. One bit of choice nearly doubles a small validator's chance of the next slot, "+
			"but it costs a missed block each time and cannot do better without controlling more reveals in a row."),
	)
}
