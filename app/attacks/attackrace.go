package attacks

import (
	"strconv"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pow"
)

// NewAttackRace is the attackrace widget's factory.
func NewAttackRace(p kit.Placement) app.UI { return &attackRace{Placement: p} }

// attackRaceMinRows is how far the table and chart reach at least: the
// whitepaper's first table runs z = 0..10.
const attackRaceMinRows = 10

// attackRace is the whitepaper's 51% race: P(attacker catches up) against
// confirmations from pow.AttackerSuccess, and on demand a seeded Monte
// Carlo race (pow.NewRace, one per number of confirmations) drawn as dots
// against the formula. The race runs in slices off the UI's critical path
// and can be stopped.
type attackRace struct {
	app.Compo
	kit.Placement
	base

	over50  string // shown when a share of 50% or more was asked for
	q       int    // percent
	z       int
	trials  int
	seed    uint64
	risk    float64
	zmax    int
	formula []float64 // AttackerSuccess(q, z) for z = 0..zmax
	minConf int
	minErr  string

	race     []pow.RaceStats // finished points, z = 0..len-1
	raceKey  string          // the inputs race was played for
	state    string          // "idle", "running", "done" or "stopped"
	progress string
	stop     *atomic.Bool
	runID    int
}

func (c *attackRace) OnInit()              { c.start() }
func (c *attackRace) OnUpdate(app.Context) { c.start() }
func (c *attackRace) OnDismount()          { c.cancel() }

func (c *attackRace) start() {
	c.over50 = ""
	raw := c.Params["q"]
	if s, ok := c.State["q"]; ok {
		raw = s
	}
	if n, err := strconv.Atoi(raw); err == nil && n >= 50 {
		c.over50 = "With " + strconv.Itoa(n) + "% of the hash rate the attacker always catches up eventually: " +
			"the formula gives P = " + kit.Prob(pow.AttackerSuccess(float64(n)/100, 30)) + " for every z. The widget shows 49%, the largest share that can still lose."
	}
	c.Init("attackrace", c.Placement, c.load)
}

// load recomputes everything the page shows. A race in progress belongs
// to the old values: it is stopped and cleared, unless only z moved within
// the rows already raced.
func (c *attackRace) load() {
	c.q, c.z, c.trials = c.Int("q"), c.Int("z"), c.Int("trials")
	c.seed = uint64(c.Int("seed"))
	c.risk, _ = strconv.ParseFloat(c.Value("risk"), 64)
	c.zmax = max(c.z, attackRaceMinRows)
	q := c.qShare()
	c.formula = make([]float64, c.zmax+1)
	for z := range c.formula {
		c.formula[z] = pow.AttackerSuccess(q, z)
	}
	c.minConf, c.minErr = 0, ""
	if n, err := pow.MinConfirmations(q, c.risk); err != nil {
		c.minErr = err.Error()
	} else {
		c.minConf = n
	}
	key := c.Value("q") + "/" + c.Value("trials") + "/" + c.Value("seed") + "/" + strconv.Itoa(c.zmax)
	if key != c.raceKey {
		c.cancel()
		c.race, c.state, c.progress, c.raceKey = nil, "idle", "", key
	}
}

func (c *attackRace) qShare() float64 { return float64(c.q) / 100 }

// cancel stops a running race; its late updates are ignored by runID.
func (c *attackRace) cancel() {
	if c.stop != nil {
		c.stop.Store(true)
		c.stop = nil
	}
	c.runID++
}

func (c *attackRace) onRun(ctx app.Context, _ app.Event) {
	c.cancel()
	stop := new(atomic.Bool)
	c.stop, c.race, c.state = stop, nil, "running"
	c.progress = "Starting the race…"
	id := c.runID
	q, zmax, trials, seed := c.qShare(), c.zmax, c.trials, c.seed
	ctx.Async(func() {
		playRaceCurve(q, zmax, trials, seed, stop, func(u raceUpdate) {
			ctx.Dispatch(func(app.Context) { c.apply(id, u) })
		})
	})
}

func (c *attackRace) onStop(ctx app.Context, _ app.Event) {
	if c.state != "running" {
		return
	}
	c.cancel()
	c.state = "stopped"
	c.progress = "Stopped after " + strconv.Itoa(len(c.race)) + " of " + strconv.Itoa(c.zmax+1) + " points."
}

// apply takes an update from the race goroutine on the UI goroutine.
func (c *attackRace) apply(id int, u raceUpdate) {
	if id != c.runID {
		return // from a race that was stopped or replaced
	}
	switch {
	case u.err != "":
		c.state, c.progress = "stopped", "The race could not run: "+u.err
	case u.point != nil:
		c.race = append(c.race, *u.point)
	case u.done:
		c.state = "done"
		c.progress = "Done: " + strconv.Itoa(len(c.race)) + " races of " + strconv.Itoa(c.trials) + " trials each."
	default:
		c.progress = u.progress
	}
}

// raceUpdate is one message from the race goroutine.
type raceUpdate struct {
	point    *pow.RaceStats
	progress string
	done     bool
	err      string
}

// raceSliceTarget is how long one slice of trials may hold the thread
// before the goroutine yields, so the page stays responsive in wasm (one
// thread) even when a single point takes seconds near q = 0.5.
const raceSliceTarget = 30 * time.Millisecond

// playRaceCurve plays pow.NewRace(q, z, trials, pow.RaceSeed(seed, z)) for
// z = 0..zmax, which is exactly pow.RaceCurve, in slices of about
// raceSliceTarget, sleeping briefly between slices (in wasm that returns
// control to the browser). It reports each finished point, progress at most
// every 150 ms, and the end; it returns early once stop is set.
func playRaceCurve(q float64, zmax, trials int, seed uint64, stop *atomic.Bool, report func(raceUpdate)) {
	slice := 256
	lastProgress := time.Now()
	for z := 0; z <= zmax; z++ {
		ra, err := pow.NewRace(q, z, trials, pow.RaceSeed(seed, z))
		if err != nil {
			report(raceUpdate{err: err.Error()})
			return
		}
		for !ra.Done() {
			if stop.Load() {
				return
			}
			start := time.Now()
			ra.Step(slice)
			if el := time.Since(start); el > 0 {
				slice = int(float64(slice) * float64(raceSliceTarget) / float64(el))
				slice = min(max(slice, 16), 1<<20)
			}
			if time.Since(lastProgress) > 150*time.Millisecond {
				lastProgress = time.Now()
				report(raceUpdate{progress: "Racing z = " + strconv.Itoa(z) + " of " + strconv.Itoa(zmax) + ": " +
					strconv.Itoa(ra.Played()) + " of " + strconv.Itoa(trials) + " trials…"})
			}
			time.Sleep(time.Millisecond)
		}
		st := ra.Stats()
		report(raceUpdate{point: &st})
	}
	if !stop.Load() {
		report(raceUpdate{done: true})
	}
}

func (c *attackRace) Render() app.UI {
	id := c.ID
	pz := c.formula[c.z]
	body := []app.UI{
		app.P().Class("widget-lead").Text("An attacker with a share q of the hash rate starts z blocks behind the honest chain " +
			"(the merchant waited for z confirmations) and mines in secret. Does its chain ever catch up? " +
			"Bitcoin whitepaper, section 11."),
	}
	if c.over50 != "" {
		body = append(body, app.P().Class("widget-note").Role("status").Text(c.over50))
	}
	body = append(body, app.Div().Class("controls").Body(
		c.Slider("q", "Attacker's share q (%)"),
		c.Slider("z", "Confirmations z"),
		c.Number("trials", "Trials per point"),
		c.Number("seed", "Seed"),
		c.Select("risk", "Risk the merchant accepts", map[string]string{
			"0.01": "1%", "0.001": "0.1% (the paper's choice)", "0.0001": "0.01%", "0.000001": "0.0001%",
		}),
	))

	body = append(body,
		app.P().Class("race-headline").Aria("live", "polite").Body(
			app.Text("With q = "+strconv.Itoa(c.q)+"% and z = "+strconv.Itoa(c.z)+", the attacker catches up with probability "),
			app.Strong().ID(id+"-p").DataSet("p", kit.Full(pz)).Text(kit.Prob(pz)),
			app.Text(" (the whitepaper's formula)."),
		),
		c.minConfLine(id),
		app.Div().Class("race-run").DataSet("race", c.state).Body(
			kit.Button{ID: id + "-run", Label: "Run race", BusyLabel: "Racing…", Busy: c.state == "running", OnClick: c.onRun}.UI(),
			kit.Button{ID: id + "-stop", Label: "Stop", Secondary: true, Disabled: c.state != "running", OnClick: c.onStop}.UI(),
			app.P().Class("race-progress").Role("status").Text(c.statusText()),
		),
		c.chart(),
		c.table(id),
	)
	return c.Frame(body...)
}

func (c *attackRace) minConfLine(id string) app.UI {
	pct := kit.Percent(c.risk, 4)
	if c.minErr != "" {
		return app.P().Class("status error").Text(c.minErr)
	}
	return app.P().Class("race-minconf").Body(
		app.Text("To push P below "+pct+", the merchant waits for at least "),
		app.Strong().ID(id+"-minconf").DataSet("z", strconv.Itoa(c.minConf)).Text(strconv.Itoa(c.minConf)),
		app.Text(" confirmations (the smallest z with P < "+pct+")."),
	)
}

func (c *attackRace) statusText() string {
	switch c.state {
	case "idle":
		return "Run the race to play " + strconv.Itoa(c.trials) + " seeded trials for each z from 0 to " + strconv.Itoa(c.zmax) + "."
	default:
		return c.progress
	}
}

func (c *attackRace) chart() app.UI {
	formula := make([]kit.Point, len(c.formula))
	for z, p := range c.formula {
		formula[z] = kit.Point{X: float64(z), Y: p}
	}
	series := []kit.Series{{Name: "formula (whitepaper)", Style: "series-1", Points: formula}}
	if len(c.race) > 0 {
		var dots []kit.Point
		for _, s := range c.race {
			dots = append(dots, kit.Point{X: float64(s.Z), Y: s.Rate}) // zeros are skipped on the log scale
		}
		series = append(series, kit.Series{Name: "race frequency (Monte Carlo)", Style: "series-2 race-dots", Dots: true, Points: dots})
	}
	series = append(series, kit.Series{Name: "your z", Style: "series-3", Dots: true, Points: []kit.Point{{X: float64(c.z), Y: c.formula[c.z]}}})
	var ys []float64
	for _, s := range series {
		for _, p := range s.Points {
			ys = append(ys, p.Y)
		}
	}
	ymin, ymax := kit.LogRange(ys...)
	return kit.Chart{
		Label:  "Probability that an attacker with " + strconv.Itoa(c.q) + "% of the hash rate catches up, against confirmations z from 0 to " + strconv.Itoa(c.zmax) + ", on a log scale",
		XLabel: "confirmations z",
		YLabel: "P (log scale)",
		LogY:   true,
		XMin:   0, XMax: float64(c.zmax),
		YMin: ymin, YMax: ymax,
		Series: series,
	}.Render()
}

func (c *attackRace) table(id string) app.UI {
	rows := make([]app.UI, 0, len(c.formula))
	for z, p := range c.formula {
		head := app.Th().Scope("row").Text(strconv.Itoa(z))
		if z == c.z {
			head = app.Th().Scope("row").Body(app.Text(strconv.Itoa(z)), app.Span().Class("row-mark").Text(" ← your z"))
		}
		cells := []app.UI{
			head,
			app.Td().Class("num").Text(kit.Prob(p)),
		}
		tr := app.Tr().ID(id+"-row-"+strconv.Itoa(z)).DataSet("z", strconv.Itoa(z)).DataSet("p", kit.Full(p))
		if z < len(c.race) {
			s := c.race[z]
			cells = append(cells,
				app.Td().Class("num").Text(strconv.Itoa(s.Wins)+" / "+strconv.Itoa(s.Trials)),
				app.Td().Class("num").Text(kit.Prob(s.Rate)),
			)
			tr = tr.DataSet("wins", strconv.Itoa(s.Wins)).DataSet("trials", strconv.Itoa(s.Trials)).DataSet("rate", kit.Full(s.Rate))
		} else {
			cells = append(cells, app.Td().Class("num muted").Text("–"), app.Td().Class("num muted").Text("–"))
		}
		if z == c.z {
			tr = tr.Class("current")
		}
		rows = append(rows, tr.Body(cells...))
	}
	return kit.ScrollTable("Formula and race", app.Table().Class("race-table").Body(
		app.Caption().Text("P for q = "+strconv.Itoa(c.q)+"%: the formula, and the race's wins out of its trials. "+
			"A race with no wins has no dot on the log scale."),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("z"),
			app.Th().Scope("col").Text("P (formula)"),
			app.Th().Scope("col").Text("race: caught up"),
			app.Th().Scope("col").Text("race: frequency"),
		)),
		app.TBody().Body(rows...),
	))
}
