package mining

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/mining/pool"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pow"
)

// NewMiner is the miner widget's factory.
func NewMiner(p kit.Placement) app.UI { return &miner{Placement: p} }

// minerRun is where a miner widget is in its search.
type minerRun string

const (
	runIdle    minerRun = "idle"    // nothing mined yet, or the inputs changed
	runAsking  minerRun = "asking"  // a long search waits for the learner's yes
	runMining  minerRun = "mining"  // workers are hashing
	runStopped minerRun = "stopped" // stopped; Resume goes on
	runFound   minerRun = "found"   // a block was found
	runFailed  minerRun = "failed"  // mining could not run
)

// askAbove is the expected duration, in seconds, above which the miner asks
// before starting.
const askAbove = 60

// sparkPoints is how many hash-rate samples the sparkline keeps (one every
// sparkEvery).
const (
	sparkPoints = 60
	sparkEvery  = 500 * time.Millisecond
)

// minMeasured is the least mining time a hash rate is worth showing for:
// a find within the first progress report (every 100-250 ms) was too fast
// for the workers to say how fast they hash.
const minMeasured = 250 * time.Millisecond

// miner is the proof-of-work widget: a block header a learner edits, a
// difficulty, and a real double-SHA-256 search on the worker pool. Its
// parameters are the data, the difficulty (bits, or nbits when set) and
// the workers; the previous hash and the time are the learner's alone.
type miner struct {
	app.Compo
	kit.Placement
	base

	// The block as edited, beyond the parameters.
	prevText  string
	timeText  string
	nbitsText string // as typed; the nbits parameter once it parses

	sess     pool.Session
	run      minerRun
	ask      string // the question while asking
	err      string
	bumped   int // times the time was bumped after every nonce failed
	elapsed  time.Duration
	since    time.Time // start of the current mining stretch
	samples  []float64
	sampled  time.Time
	lastRate float64 // the total rate at the last progress report

	// What the pool is mining (to tell whether Resume still applies).
	mining      pow.Header
	miningTgt   *big.Int
	found       *foundBlock
	foundHashes uint64
}

// foundBlock is a mined header, checked with engine/pow.
type foundBlock struct {
	Header pow.Header
	Hash   pow.Digest
	Target *big.Int
}

func (m *miner) OnInit() { m.start() }

func (m *miner) OnUpdate(ctx app.Context) {
	m.sess.Stop()
	m.start()
}

func (m *miner) OnMount(ctx app.Context) {
	m.MarkReady()
	MountSession(ctx, &m.sess, m.Int("workers"), m.onPool)
}

func (m *miner) OnDismount() { m.sess.Close() }

// start sets the widget up from its placement, as a fresh page would.
func (m *miner) start() {
	m.prevText = strings.Repeat("0", 64)
	m.timeText = strconv.FormatInt(time.Now().Unix(), 10)
	m.run = runIdle
	m.Init("miner", m.Placement, m.load)
}

// load follows a change of the parameters: the typed nBits, the pool's
// size, and the search, which no longer matches the block.
func (m *miner) load() {
	if nb := m.Value("nbits"); nb != "" {
		if _, err := parseNBits(nb); err != nil {
			// The spec's check refuses bad nBits already; this is for a
			// value that got past it.
			m.Note("nbits=" + strconv.Quote(nb) + ": " + err.Error() + "; using bits=" + m.Value("bits"))
			m.Values()["nbits"] = ""
		}
	}
	m.nbitsText = m.currentNBits()
	if m.sess.Mounted() && m.Int("workers") != 0 {
		m.sess.Resize(m.Int("workers"))
	}
	if m.run == runMining {
		m.sess.Stop()
		m.pause()
		m.run = runStopped
	}
	m.edited()
}

// mode is how the difficulty is given: "nbits" when the nbits parameter
// is set, else "bits".
func (m *miner) mode() string {
	if m.Value("nbits") != "" {
		return "nbits"
	}
	return "bits"
}

// parseNBits is widgetspec.ParseNBits: the lesson checker and the widget
// accept the same nBits.
func parseNBits(s string) (uint32, error) { return widgetspec.ParseNBits(s) }

// block returns the header to mine (nonce 0) and its target, or what is
// wrong with the fields.
func (m *miner) block() (pow.Header, *big.Int, error) {
	h := pow.Header{Version: 1, MerkleRoot: MerkleStandIn(m.Value("data"))}
	prev, err := pow.ParseDigest(m.prevText)
	if err != nil {
		return h, nil, errors.New("the previous block hash must be 64 hex digits")
	}
	h.PrevBlock = prev
	t, err := strconv.ParseUint(strings.TrimSpace(m.timeText), 10, 32)
	if err != nil {
		return h, nil, errors.New("the time must be a whole number of seconds since 1970, up to 4294967295")
	}
	h.Time = uint32(t)
	if m.mode() == "nbits" {
		h.Bits, err = parseNBits(m.nbitsText)
		if err != nil {
			return h, nil, err
		}
	} else {
		h.Bits, _ = pow.ZeroBitsCompact(m.Int("bits"))
	}
	target, err := pow.CompactToTarget(h.Bits)
	if err != nil {
		return h, nil, err
	}
	return h, target, nil
}

// onPool takes the pool's news, on the UI goroutine.
func (m *miner) onPool(e pool.Event) {
	now := time.Now()
	switch e.Kind {
	case pool.Progress:
		if r := m.sess.Rate(); r > 0 {
			m.lastRate = r
		}
		if now.Sub(m.sampled) >= sparkEvery {
			m.sampled = now
			m.samples = append(m.samples, m.sess.Rate())
			if len(m.samples) > sparkPoints {
				m.samples = m.samples[len(m.samples)-sparkPoints:]
			}
		}
	case pool.Found:
		m.pause()
		h := m.mining
		h.Nonce = e.Nonce
		d := h.Hash() // checked here, not taken from the worker
		if !d.Meets(m.miningTgt) {
			m.run, m.err = runFailed, "the worker reported nonce "+strconv.FormatUint(uint64(e.Nonce), 10)+", whose hash does not meet the target"
			return
		}
		m.found = &foundBlock{Header: h, Hash: d, Target: m.miningTgt}
		m.foundHashes = m.sess.Hashes()
		m.run = runFound
		kit.Emit("block-mined", map[string]any{
			"widget": "miner", "id": m.ID, "nonce": h.Nonce, "hash": d.String(),
			"bits": strconv.FormatUint(uint64(h.Bits), 16), "hashes": m.foundHashes,
			"seconds": m.elapsed.Seconds(),
		})
	case pool.Exhausted:
		// Every nonce failed (likely above ~32 zero bits): do what real
		// miners do and change the header, here the time, then go on.
		t, _ := strconv.ParseUint(m.timeText, 10, 32)
		m.timeText = strconv.FormatUint(uint64(uint32(t+1)), 10)
		m.bumped++
		h, target, err := m.block()
		if err == nil {
			m.mining, m.miningTgt = h, target
			m.sess.Start(h, target, pow.FullRange())
		}
	case pool.Failed:
		m.pause()
		m.run, m.err = runFailed, "Mining stopped: "+e.Message
	}
}

// pause books the time of the current mining stretch.
func (m *miner) pause() {
	if !m.since.IsZero() {
		m.elapsed += time.Since(m.since)
		m.since = time.Time{}
	}
}

// expectedSeconds is the mean time to a block at the rate we plan with.
func (m *miner) expectedSeconds(target *big.Int) (float64, float64, bool) {
	rate, measured := m.sess.EstimateRate()
	return pow.ExpectedSeconds(target, rate), rate, measured
}

// focusAfter runs an action, then puts the focus where its result is, as
// the pressed button is now disabled or gone: the dialog's "Start anyway"
// when it asks, Stop while mining, Mine otherwise.
func (m *miner) focusAfter(action func()) app.EventHandler {
	return func(ctx app.Context, _ app.Event) {
		action()
		switch m.run {
		case runAsking:
			kit.Focus(ctx, m.ID+"-confirm")
		case runMining:
			kit.Focus(ctx, m.ID+"-stop")
		default:
			kit.Focus(ctx, m.ID+"-mine")
		}
	}
}

// onMine starts a search, or asks first when it would be long.
func (m *miner) onMine() {
	_, target, err := m.block()
	if err != nil {
		m.err = err.Error()
		return
	}
	secs, rate, measured := m.expectedSeconds(target)
	if secs > askAbove {
		how := "at the " + kit.HashRate(rate) + " measured here"
		if !measured {
			how = "at about " + kit.HashRate(rate) + " (a guess: nothing was measured on this device yet)"
		}
		m.ask = "This difficulty needs about " + kit.Amount(pow.ExpectedHashes(target)) + " hashes on average: about " +
			kit.Duration(secs) + " " + how + ". Start anyway? Stop works at any time."
		m.run = runAsking
		return
	}
	m.startMining()
}

func (m *miner) startMining() {
	h, target, err := m.block()
	if err != nil {
		m.err = err.Error()
		m.run = runIdle
		return
	}
	m.err, m.found, m.bumped = "", nil, 0
	m.samples, m.sampled, m.lastRate = nil, time.Time{}, 0
	m.elapsed, m.since = 0, time.Now()
	m.mining, m.miningTgt = h, target
	if !m.sess.Start(h, target, pow.FullRange()) {
		m.run, m.err = runFailed, "mining is not available here"
		return
	}
	m.run = runMining
}

func (m *miner) onStop() {
	m.sess.Stop()
	m.pause()
	m.run = runStopped
}

func (m *miner) onResume() {
	if !m.resumable() {
		return
	}
	m.sess.Resume()
	m.since = time.Now()
	m.run = runMining
}

// resumable: stopped, and the fields still describe the block being mined.
func (m *miner) resumable() bool {
	if m.run != runStopped || !m.sess.CanResume() {
		return false
	}
	h, target, err := m.block()
	return err == nil && h == m.mining && target.Cmp(m.miningTgt) == 0
}

// edited is called after any field changes: a found block no longer
// matches the fields, so it is put away.
func (m *miner) edited() {
	if m.run == runFound || m.run == runAsking {
		m.run = runIdle
	}
	m.err = ""
}

func (m *miner) Render() app.UI {
	h, target, blockErr := m.block()
	busy := m.run == runMining
	body := append(SessionNotes(&m.sess),
		m.fields(h, busy),
		m.difficulty(target, busy),
		m.controls(blockErr, busy),
	)
	if m.err != "" {
		body = append(body, app.P().ID(m.ID+"-error").Class("status error").Role("alert").Text(m.err))
	} else if blockErr != nil {
		body = append(body, app.P().ID(m.ID+"-error").Class("status error").Role("alert").Text(blockErr.Error()))
	}
	if m.run == runAsking {
		body = append(body, app.Div().Class("miner-ask").Role("alertdialog").Aria("labelledby", m.ID+"-ask").Body(
			app.P().ID(m.ID+"-ask").Text(m.ask),
			kit.Button{ID: m.ID + "-confirm", Label: "Start anyway", OnClick: m.focusAfter(m.startMining)}.UI(),
			kit.Button{ID: m.ID + "-cancel", Label: "Cancel", Secondary: true, OnClick: m.focusAfter(func() { m.run = runIdle })}.UI(),
		))
	}
	if target != nil && m.run != runIdle && m.run != runAsking {
		body = append(body, m.stats())
	}
	if m.found != nil && m.run == runFound {
		body = append(body, foundView(m.ID, m.found, m.foundHashes, m.elapsed))
	}
	return m.Frame(body...)
}

func (m *miner) fields(h pow.Header, busy bool) app.UI {
	dataID := m.InputID("data")
	return app.Div().Class("miner-fields").Body(
		app.Div().Class("field").Body(
			app.Label().For(dataID).Text("Block data (its double SHA-256 stands in for the merkle root)"),
			kit.ReadOnly(app.Textarea().ID(dataID).Rows(2).Spellcheck(false), busy).
				Body(app.Text(m.Value("data"))).
				OnInput(func(ctx app.Context, e app.Event) { m.Set("data", kit.Value(ctx)) }),
			app.P().Class("miner-derived").Body(app.Text("Merkle root: "), app.Code().ID(m.ID+"-merkle").Text(pow.Digest(h.MerkleRoot).String())),
		),
		kit.Field(m.ID+"-prev", "Previous block hash",
			kit.ReadOnly(app.Input().ID(m.ID+"-prev").Type("text").Spellcheck(false).AutoComplete(false), busy).
				Value(m.prevText).
				OnInput(func(ctx app.Context, e app.Event) { m.prevText = kit.Value(ctx); m.edited() })),
		app.Div().Class("field").Body(
			app.Label().For(m.ID+"-time").Text("Time (seconds since 1970)"),
			kit.ReadOnly(app.Input().ID(m.ID+"-time").Type("number").Min(0).Max(4294967295), busy).
				Value(m.timeText).
				OnInput(func(ctx app.Context, e app.Event) { m.timeText = kit.Value(ctx); m.edited() }),
			app.P().Class("miner-derived").Text(timeNote(m.timeText)),
		),
	)
}

func timeNote(s string) string {
	t, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return ""
	}
	return kit.UTC(int64(t))
}

func (m *miner) difficulty(target *big.Int, busy bool) app.UI {
	modeRadio := func(value, label string, to func() string) app.UI {
		id := m.ID + "-mode-" + value
		in := app.Input().ID(id).Type("radio").Name(m.ID + "-mode").Value(value).
			OnChange(func(ctx app.Context, e app.Event) { m.Set("nbits", to()) })
		return app.Label().For(id).Class("miner-mode").Body(
			kit.Disabled(kit.Checked(in, m.mode() == value), busy),
			app.Text(" "+label),
		)
	}
	var input app.UI
	if m.mode() == "nbits" {
		id := m.InputID("nbits")
		input = kit.Field(id, "nBits (compact target, hex)",
			kit.ReadOnly(app.Input().ID(id).Type("text").Spellcheck(false).AutoComplete(false), busy).
				MaxLength(10).
				Value(m.nbitsText).
				// Live while typing; the parameter (and the link) once it
				// is valid nBits.
				OnInput(func(ctx app.Context, e app.Event) { m.nbitsText = kit.Value(ctx); m.edited() }).
				OnChange(func(ctx app.Context, e app.Event) {
					if _, err := parseNBits(m.nbitsText); err == nil {
						m.Set("nbits", strings.TrimSpace(m.nbitsText))
					}
				}))
	} else {
		input = m.Slider("bits", "Leading zero bits")
	}
	facts := []app.UI{}
	if target != nil {
		bits, _ := parseNBits(m.currentNBits())
		c := pow.DecodeCompact(bits)
		facts = append(facts,
			app.Li().Body(app.Text("nBits "), app.Code().ID(m.ID+"-nbits-value").Text(hex32(bits)),
				app.Text(": mantissa "), app.Code().Text(strconv.FormatUint(uint64(c.Mantissa), 16)),
				app.Text(" × 256^("+strconv.Itoa(int(c.Exponent))+" − 3)")),
			app.Li().Body(app.Text("Target: "), app.Code().Class("miner-hex").ID(m.ID+"-target").Text(targetDisplay(target))),
			app.Li().Body(app.Text("Every hash under it starts with at least "+strconv.Itoa(pow.TargetZeroBits(target))+" zero bits; expected work: "),
				app.Strong().ID(m.ID+"-expected").Text(kit.Amount(pow.ExpectedHashes(target))), app.Text(" hashes")),
		)
	}
	return app.FieldSet().Class("miner-difficulty").Body(
		app.Legend().Text("Difficulty"),
		app.Div().Class("miner-modes").Body(
			modeRadio("bits", "leading zero bits", func() string { return "" }),
			modeRadio("nbits", "real nBits", m.currentNBits),
		),
		input,
		app.Ul().Class("miner-facts").Body(facts...),
	)
}

// currentNBits is the nBits the fields give, as hex.
func (m *miner) currentNBits() string {
	if m.mode() == "nbits" {
		if m.nbitsText != "" {
			return m.nbitsText
		}
		return m.Value("nbits")
	}
	c, _ := pow.ZeroBitsCompact(m.Int("bits"))
	return strconv.FormatUint(uint64(c), 16)
}

func (m *miner) controls(blockErr error, busy bool) app.UI {
	opts := []app.UI{}
	cores := max(m.sess.Cores(), 1)
	for n := 1; n <= pool.MaxWorkers; n++ {
		label := strconv.Itoa(n)
		if n == min(cores, pool.MaxWorkers) {
			label += " (one per core)"
		}
		opts = append(opts, kit.Option(strconv.Itoa(n), label, n == m.sess.Size()))
	}
	workersID := m.InputID("workers")
	return app.Div().Class("miner-controls").Body(
		kit.Button{ID: m.ID + "-mine", Label: "Mine", BusyLabel: "Mining…", Busy: busy,
			Disabled: !m.Ready() || blockErr != nil || m.run == runAsking, OnClick: m.focusAfter(m.onMine)}.UI(),
		kit.Button{ID: m.ID + "-stop", Label: "Stop", Secondary: true, Disabled: !busy, OnClick: m.focusAfter(m.onStop)}.UI(),
		kit.Button{ID: m.ID + "-resume", Label: "Resume", Secondary: true, Disabled: !m.resumable(), OnClick: m.focusAfter(m.onResume)}.UI(),
		app.Label().For(workersID).Class("miner-workers").Body(
			app.Text("Workers "),
			// data-live: its choices (this device's cores) are known only
			// once the app runs.
			kit.Disabled(app.Select().ID(workersID), !m.Ready() || !m.sess.Workers()).DataSet("live", "yes").Body(opts...).
				OnChange(func(ctx app.Context, e app.Event) { m.Set("workers", kit.Value(ctx)) }),
		),
	)
}

// rateShown is the hash rate to show with its label, or "" when none was
// measured over long enough to mean anything.
func (m *miner) rateShown(hashes uint64) (label string, rate float64, ok bool) {
	switch {
	case m.run == runMining:
		return "Hash rate: ", m.sess.Rate(), true
	case m.lastRate > 0:
		// Nothing is hashing now: the last rate the workers reported.
		return "Last hash rate: ", m.lastRate, true
	case m.elapsed >= minMeasured && hashes > 0:
		return "Average hash rate: ", float64(hashes) / m.elapsed.Seconds(), true
	}
	return "", 0, false
}

func (m *miner) stats() app.UI {
	_, target, _ := m.block()
	if m.miningTgt != nil {
		target = m.miningTgt
	}
	hashes := m.sess.Hashes()
	if m.run == runFound {
		hashes = m.foundHashes
	}
	rateLabel, rate, measured := m.rateShown(hashes)
	expected := pow.ExpectedHashes(target)
	frac := float64(hashes) / expected
	eta := "—"
	switch {
	case m.run != runMining:
	case rate > 0 && float64(hashes) < expected:
		eta = kit.Duration((expected - float64(hashes)) / rate)
	case rate > 0:
		eta = "past the average already: keep going, each hash is a fresh chance"
	}
	var perWorker []app.UI
	for i, r := range m.sess.Rates() {
		if m.run != runMining {
			break
		}
		perWorker = append(perWorker, app.Li().DataSet("rate", strconv.FormatFloat(r, 'f', 0, 64)).
			Text("worker "+strconv.Itoa(i+1)+": "+kit.HashRate(r)))
	}
	rateLine := app.P().Class("miner-rate").Body(
		app.Text(rateLabel), app.Strong().ID(m.ID+"-rate").DataSet("rate", strconv.FormatFloat(rate, 'f', 0, 64)).Text(kit.HashRate(rate)),
	)
	if !measured {
		what := "Stopped"
		if m.run == runFound {
			what = "Found"
		}
		rateLine = app.P().Class("miner-rate").Body(
			app.Span().ID(m.ID+"-rate").DataSet("rate", "").Text(what + " in " + kit.Millis(float64(m.elapsed.Microseconds())/1000) +
				": too fast to measure a hash rate."),
		)
	}
	items := []app.UI{
		rateLine,
		app.Ul().Class("miner-worker-rates").Body(perWorker...),
		sparkline(m.ID+"-spark", m.samples),
		app.P().Class("miner-progress-text").Body(
			app.Span().ID(m.ID+"-hashes").DataSet("hashes", strconv.FormatUint(hashes, 10)).Text(kit.Count(hashes)),
			app.Text(" of the "+kit.Amount(expected)+" hashes expected on average ("+strconv.FormatFloat(100*frac, 'f', 1, 64)+"%)"),
		),
		app.Div().Class("miner-bar").Role("progressbar").Aria("valuemin", "0").Aria("valuemax", "100").
			Aria("valuenow", strconv.Itoa(int(math.Min(100, 100*frac)))).
			Body(app.Div().Class("miner-bar-fill").Style("width", strconv.FormatFloat(math.Min(100, 100*frac), 'f', 1, 64)+"%")),
	}
	if m.run == runMining || m.run == runStopped {
		items = append(items, app.P().Class("miner-eta").Body(
			app.Text("Time to the expected count at this rate: "), app.Span().ID(m.ID+"-eta").Text(eta),
			app.Text(". It is an average, not a countdown: mining has no memory, and a block can come at any hash."),
		))
	}
	if m.bumped > 0 {
		items = append(items, app.P().Class("status").Text("All 4,294,967,296 nonces failed "+strconv.Itoa(m.bumped)+
			" time(s), so the time was moved on by a second each time, as real miners change the header when the nonces run out."))
	}
	return app.Div().ID(m.ID+"-status").Class("miner-status").DataSet("run", string(m.run)).Aria("live", "polite").Body(items...)
}

// foundView shows a mined block: its header fields, its hash and the target
// one above the other, so a learner sees why it counts.
func foundView(id string, f *foundBlock, hashes uint64, took time.Duration) app.UI {
	h := f.Header
	row := func(key, label, value string) app.UI {
		return app.Tr().Body(app.Th().Scope("row").Text(label), app.Td().Body(app.Code().ID(id+"-found-"+key).DataSet("value", value).Text(value)))
	}
	return app.Div().ID(id+"-found").Class("miner-found").Body(
		app.P().Class("miner-found-title").Body(app.Strong().Text("Block found"),
			app.Text(" after "+kit.Count(hashes)+" hashes ("+kit.Duration(took.Seconds())+").")),
		app.Table().Class("miner-header").Body(
			app.Caption().Text("The block header that was hashed (80 bytes)"),
			app.TBody().Body(
				row("version", "Version", strconv.FormatInt(int64(h.Version), 10)),
				row("prev", "Previous block hash", pow.Digest(h.PrevBlock).String()),
				row("merkle", "Merkle root", pow.Digest(h.MerkleRoot).String()),
				row("time", "Time", strconv.FormatUint(uint64(h.Time), 10)),
				row("bits", "nBits", hex32(h.Bits)),
				row("nonce", "Nonce", strconv.FormatUint(uint64(h.Nonce), 10)),
			),
		),
		hashVersusTarget(id, f.Hash, f.Target),
		app.Details().Body(app.Summary().Text("The 80 header bytes in hex"),
			app.Code().ID(id+"-found-header").Class("miner-hex").Text(h.Hex())),
	)
}

// hashVersusTarget aligns the hash and the target as 64 hex digits each,
// marks where they first differ, and places both on a 0..256-bit scale.
func hashVersusTarget(id string, d pow.Digest, target *big.Int) app.UI {
	hs, ts := d.String(), targetDisplay(target)
	i := 0
	for i < len(hs) && hs[i] == ts[i] {
		i++
	}
	mark := func(s string) []app.UI {
		if i >= len(s) {
			return []app.UI{app.Text(s)}
		}
		return []app.UI{app.Span().Class("same").Text(s[:i]), app.Span().Class("first-diff").Text(s[i : i+1]), app.Text(s[i+1:])}
	}
	why := "The hash equals the target, which still counts (at most the target)."
	if i < len(hs) {
		why = "Read as 256-bit numbers, the two agree on the first " + strconv.Itoa(i) + " hex digits; then the hash has " +
			hs[i:i+1] + " where the target has " + ts[i:i+1] + ", so the hash is smaller: the block counts."
	}
	hb, tb := log2Big(d.Int()), log2Big(target)
	pos := func(v float64) string {
		if math.IsInf(v, -1) {
			v = 0
		}
		return strconv.FormatFloat(v/256*100, 'f', 2, 64)
	}
	return app.Div().Class("miner-compare").Body(
		app.Pre().Class("miner-hex").Body(
			app.Span().Class("label").Text("hash   "), app.Span().ID(id+"-found-hash").DataSet("value", hs).Body(mark(hs)...), app.Text("\n"),
			app.Span().Class("label").Text("target "), app.Span().ID(id+"-found-target").DataSet("value", ts).Body(mark(ts)...),
		),
		app.P().ID(id+"-found-why").Text(why),
		app.Div().Class("miner-scale").Role("img").
			Aria("label", "On a scale of 0 to 256 bits, the hash is about 2^"+strconv.FormatFloat(hb, 'f', 1, 64)+
				" and the target about 2^"+strconv.FormatFloat(tb, 'f', 1, 64)).
			Body(
				app.Div().Class("miner-scale-ok").Style("width", pos(tb)+"%"),
				app.Div().Class("miner-scale-mark target").Style("left", pos(tb)+"%").Title("target"),
				app.Div().Class("miner-scale-mark hash").Style("left", pos(hb)+"%").Title("hash"),
			),
		app.P().Class("miner-scale-legend").Text("Scale: 0 to 2^256. Shaded: the hashes that meet the target, about 1 in "+
			kit.Amount(pow.ExpectedHashes(target))+" of all. Dark mark: the hash; light mark: the target."),
	)
}

// targetDisplay is the target as 64 hex digits, as block explorers print
// targets and hashes, so the two line up.
func targetDisplay(t *big.Int) string {
	s, _ := pool.TargetHex(t)
	return s
}

func hex32(v uint32) string {
	s := strconv.FormatUint(uint64(v), 16)
	return strings.Repeat("0", 8-len(s)) + s
}

// sparkline draws hash-rate samples as a small SVG line.
func sparkline(id string, samples []float64) app.UI {
	const w, h = 240.0, 40.0
	peak := 0.0
	for _, s := range samples {
		peak = math.Max(peak, s)
	}
	var pts strings.Builder
	for i, s := range samples {
		x := w
		if len(samples) > 1 {
			x = float64(i) / float64(len(samples)-1) * w
		}
		y := h - 2
		if peak > 0 {
			y = h - 2 - s/peak*(h-4)
		}
		if i > 0 {
			pts.WriteByte(' ')
		}
		pts.WriteString(strconv.FormatFloat(x, 'f', 1, 64) + "," + strconv.FormatFloat(y, 'f', 1, 64))
	}
	label := "Hash rate over time: no samples yet"
	if len(samples) > 0 {
		label = "Hash rate over the last " + strconv.Itoa(len(samples)) + " samples, peak " + kit.HashRate(peak)
	}
	// No classes inside the SVG: go-app sets classes through className,
	// which SVG elements ignore in the browser. The wrapper carries the
	// class and the colour (currentColor).
	const svgNS = "http://www.w3.org/2000/svg"
	return app.Div().Class("miner-spark").Body(
		app.Elem("svg").XMLNS(svgNS).ID(id).
			Attr("viewBox", "0 0 240 40").Attr("width", "240").Attr("height", "40").
			Attr("preserveAspectRatio", "none").Attr("role", "img").Attr("aria-label", label).
			Body(app.Elem("polyline").XMLNS(svgNS).Attr("points", pts.String()).
				Attr("fill", "none").Attr("stroke", "currentColor").Attr("stroke-width", "2")),
	)
}

// log2Big is log2(x) for x > 0 (a float is enough for a scale), -Inf for 0.
func log2Big(x *big.Int) float64 {
	if x == nil || x.Sign() <= 0 {
		return math.Inf(-1)
	}
	n := x.BitLen()
	if n <= 53 {
		return math.Log2(float64(x.Uint64()))
	}
	top := new(big.Int).Rsh(x, uint(n-53)).Uint64()
	return math.Log2(float64(top)) + float64(n-53)
}
