package app

import (
	"crypto/sha256"
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pow"
)

func newMiner(id string, params map[string]string) app.UI {
	return &miner{ID: id, Params: params}
}

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

// miner is the proof-of-work widget: a block header a learner edits, a
// difficulty, and a real double-SHA-256 search on the worker pool.
type miner struct {
	app.Compo
	ID     string
	Params map[string]string

	notes    []string
	resolved string // ID and params the fields were reset from

	// The block as edited.
	data     string
	prevText string
	timeText string
	mode     string // "bits" or "nbits"
	zeroBits int
	nbits    string
	workers  int // 0: one per core

	ready    bool
	sess     minerSession
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

func (m *miner) OnInit() { m.reset() }

func (m *miner) OnUpdate(ctx app.Context) {
	if m.resolvedKey() != m.resolved {
		m.sess.stop()
		m.reset()
	}
}

func (m *miner) OnMount(ctx app.Context) {
	m.ready = true
	m.sess.init(ctx, m.workers, func(e poolEvent) { m.onPool(ctx, e) })
	m.workers = m.sess.size
}

func (m *miner) OnDismount() { m.sess.close() }

func (m *miner) resolvedKey() string {
	var b strings.Builder
	b.WriteString(m.ID)
	for _, k := range []string{"bits", "nbits", "data", "workers"} {
		b.WriteString("\x00" + k + "=" + m.Params[k])
	}
	return b.String()
}

func (m *miner) reset() {
	values, notes := resolveParams("miner", m.Params)
	m.resolved = m.resolvedKey()
	m.notes = notes
	m.data = values["data"]
	m.prevText = strings.Repeat("0", 64)
	m.timeText = strconv.FormatInt(time.Now().Unix(), 10)
	m.zeroBits, _ = strconv.Atoi(values["bits"])
	m.mode = "bits"
	m.nbits = ""
	if nb := values["nbits"]; nb != "" {
		if _, err := parseNBits(nb); err != nil {
			m.notes = append(m.notes, "nbits="+strconv.Quote(nb)+": "+err.Error()+"; using bits="+values["bits"])
		} else {
			m.mode, m.nbits = "nbits", nb
		}
	}
	if m.nbits == "" {
		c, _ := pow.ZeroBitsCompact(m.zeroBits)
		m.nbits = strconv.FormatUint(uint64(c), 16)
	}
	m.workers, _ = strconv.Atoi(values["workers"])
	m.run = runIdle
	m.found, m.err = nil, ""
}

// parseNBits is widgetspec.ParseNBits: the lesson checker and the widget
// accept the same nBits.
func parseNBits(s string) (uint32, error) { return widgetspec.ParseNBits(s) }

// merkleStandIn is the double SHA-256 of the block's data: a stand-in for
// the merkle root of its transactions (a one-leaf tree's root is the
// leaf's hash, so it is even exact for one transaction).
func merkleStandIn(data string) [32]byte {
	first := sha256.Sum256([]byte(data))
	return sha256.Sum256(first[:])
}

// block returns the header to mine (nonce 0) and its target, or what is
// wrong with the fields.
func (m *miner) block() (pow.Header, *big.Int, error) {
	h := pow.Header{Version: 1, MerkleRoot: merkleStandIn(m.data)}
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
	if m.mode == "nbits" {
		h.Bits, err = parseNBits(m.nbits)
		if err != nil {
			return h, nil, err
		}
	} else {
		h.Bits, _ = pow.ZeroBitsCompact(min(max(m.zeroBits, 1), 32))
	}
	target, err := pow.CompactToTarget(h.Bits)
	if err != nil {
		return h, nil, err
	}
	return h, target, nil
}

// onPool takes the pool's news, on the UI goroutine.
func (m *miner) onPool(ctx app.Context, e poolEvent) {
	now := time.Now()
	switch e.Kind {
	case poolProgress:
		if r := m.sess.rate(); r > 0 {
			m.lastRate = r
		}
		if now.Sub(m.sampled) >= sparkEvery {
			m.sampled = now
			m.samples = append(m.samples, m.sess.rate())
			if len(m.samples) > sparkPoints {
				m.samples = m.samples[len(m.samples)-sparkPoints:]
			}
		}
	case poolFound:
		m.pause()
		h := m.mining
		h.Nonce = e.Nonce
		d := h.Hash() // checked here, not taken from the worker
		if !d.Meets(m.miningTgt) {
			m.run, m.err = runFailed, "the worker reported nonce "+strconv.FormatUint(uint64(e.Nonce), 10)+", whose hash does not meet the target"
			return
		}
		m.found = &foundBlock{Header: h, Hash: d, Target: m.miningTgt}
		m.foundHashes = m.sess.hashes()
		m.run = runFound
		emit("block-mined", map[string]any{
			"widget": "miner", "id": m.ID, "nonce": h.Nonce, "hash": d.String(),
			"bits": strconv.FormatUint(uint64(h.Bits), 16), "hashes": m.foundHashes,
			"seconds": m.elapsed.Seconds(),
		})
	case poolExhausted:
		// Every nonce failed (likely above ~32 zero bits): do what real
		// miners do and change the header, here the time, then go on.
		t, _ := strconv.ParseUint(m.timeText, 10, 32)
		m.timeText = strconv.FormatUint(uint64(uint32(t+1)), 10)
		m.bumped++
		h, target, err := m.block()
		if err == nil {
			m.mining, m.miningTgt = h, target
			m.sess.start(h, target, pow.FullRange())
		}
	case poolFailed:
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
	rate, measured := m.sess.estimateRate()
	return pow.ExpectedSeconds(target, rate), rate, measured
}

// onMine starts a search, or asks first when it would be long.
func (m *miner) onMine(ctx app.Context, e app.Event) {
	_, target, err := m.block()
	if err != nil {
		m.err = err.Error()
		return
	}
	secs, rate, measured := m.expectedSeconds(target)
	if secs > askAbove {
		how := "at the " + formatRate(rate) + " measured here"
		if !measured {
			how = "at about " + formatRate(rate) + " (a guess: nothing was measured on this device yet)"
		}
		m.ask = "This difficulty needs about " + formatAmount(pow.ExpectedHashes(target)) + " hashes on average: about " +
			formatDuration(secs) + " " + how + ". Start anyway? Stop works at any time."
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
	if !m.sess.start(h, target, pow.FullRange()) {
		m.run, m.err = runFailed, "mining is not available here"
		return
	}
	m.run = runMining
}

func (m *miner) onStop(ctx app.Context, e app.Event) {
	m.sess.stop()
	m.pause()
	m.run = runStopped
}

func (m *miner) onResume(ctx app.Context, e app.Event) {
	if !m.resumable() {
		return
	}
	m.sess.resume()
	m.since = time.Now()
	m.run = runMining
}

// resumable: stopped, and the fields still describe the block being mined.
func (m *miner) resumable() bool {
	if m.run != runStopped || !m.sess.canResume() {
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
	notes := append(append([]string{}, m.notes...), m.sess.notes()...)
	body := []app.UI{
		m.fields(h, busy),
		m.difficulty(target, busy),
		m.controls(blockErr, busy),
	}
	if m.err != "" {
		body = append(body, app.P().ID(m.ID+"-error").Class("status error").Role("alert").Text(m.err))
	} else if blockErr != nil {
		body = append(body, app.P().ID(m.ID+"-error").Class("status error").Role("alert").Text(blockErr.Error()))
	}
	if m.run == runAsking {
		body = append(body, app.Div().Class("miner-ask").Role("alertdialog").Aria("labelledby", m.ID+"-ask").Body(
			app.P().ID(m.ID+"-ask").Text(m.ask),
			app.Button().ID(m.ID+"-confirm").Class("button").Text("Start anyway").
				OnClick(func(ctx app.Context, e app.Event) { m.startMining() }),
			app.Button().ID(m.ID+"-cancel").Class("button secondary").Text("Cancel").
				OnClick(func(ctx app.Context, e app.Event) { m.run = runIdle }),
		))
	}
	if target != nil && m.run != runIdle && m.run != runAsking {
		body = append(body, m.stats())
	}
	if m.found != nil && m.run == runFound {
		body = append(body, foundView(m.ID, m.found, m.foundHashes, m.elapsed))
	}
	return widgetFrame("miner", m.ID, m.ready, notes, body...)
}

func (m *miner) fields(h pow.Header, busy bool) app.UI {
	return app.Div().Class("miner-fields").Body(
		app.Div().Class("field").Body(
			app.Label().For(m.ID+"-data").Text("Block data (its double SHA-256 stands in for the merkle root)"),
			app.Textarea().ID(m.ID+"-data").Rows(2).Spellcheck(false).ReadOnly(busy).
				Body(app.Text(m.data)).
				OnInput(func(ctx app.Context, e app.Event) { m.data = ctx.JSSrc().Get("value").String(); m.edited() }),
			app.P().Class("miner-derived").Body(app.Text("Merkle root: "), app.Code().ID(m.ID+"-merkle").Text(pow.Digest(h.MerkleRoot).String())),
		),
		app.Div().Class("field").Body(
			app.Label().For(m.ID+"-prev").Text("Previous block hash"),
			app.Input().ID(m.ID+"-prev").Type("text").Spellcheck(false).AutoComplete(false).ReadOnly(busy).
				Value(m.prevText).
				OnInput(func(ctx app.Context, e app.Event) { m.prevText = ctx.JSSrc().Get("value").String(); m.edited() }),
		),
		app.Div().Class("field").Body(
			app.Label().For(m.ID+"-time").Text("Time (seconds since 1970)"),
			app.Input().ID(m.ID+"-time").Type("number").Min(0).Max(4294967295).ReadOnly(busy).
				Value(m.timeText).
				OnInput(func(ctx app.Context, e app.Event) { m.timeText = ctx.JSSrc().Get("value").String(); m.edited() }),
			app.P().Class("miner-derived").Text(timeNote(m.timeText)),
		),
	)
}

func timeNote(s string) string {
	t, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return ""
	}
	return formatUTC(uint32(t))
}

func (m *miner) difficulty(target *big.Int, busy bool) app.UI {
	modeRadio := func(value, label string) app.UI {
		id := m.ID + "-mode-" + value
		return app.Label().For(id).Class("miner-mode").Body(
			app.Input().ID(id).Type("radio").Name(m.ID+"-mode").Value(value).Checked(m.mode == value).Disabled(busy).
				OnChange(func(ctx app.Context, e app.Event) { m.mode = value; m.edited() }),
			app.Text(" "+label),
		)
	}
	var input app.UI
	if m.mode == "nbits" {
		input = app.Div().Class("field").Body(
			app.Label().For(m.ID+"-nbits").Text("nBits (compact target, hex)"),
			app.Input().ID(m.ID+"-nbits").Type("text").Spellcheck(false).AutoComplete(false).ReadOnly(busy).
				Value(m.nbits).
				OnInput(func(ctx app.Context, e app.Event) { m.nbits = ctx.JSSrc().Get("value").String(); m.edited() }),
		)
	} else {
		input = app.Div().Class("field").Body(
			app.Label().For(m.ID+"-bits").Body(app.Text("Leading zero bits: "), app.Strong().ID(m.ID+"-bits-value").Text(strconv.Itoa(m.zeroBits))),
			app.Input().ID(m.ID+"-bits").Type("range").Min(1).Max(32).Step(1).Disabled(busy).
				Value(strconv.Itoa(m.zeroBits)).
				OnInput(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						m.zeroBits = min(max(n, 1), 32)
						c, _ := pow.ZeroBitsCompact(m.zeroBits)
						m.nbits = strconv.FormatUint(uint64(c), 16)
						m.edited()
					}
				}),
		)
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
				app.Strong().ID(m.ID+"-expected").Text(formatAmount(pow.ExpectedHashes(target))), app.Text(" hashes")),
		)
	}
	return app.FieldSet().Class("miner-difficulty").Body(
		app.Legend().Text("Difficulty"),
		app.Div().Class("miner-modes").Body(modeRadio("bits", "leading zero bits"), modeRadio("nbits", "real nBits")),
		input,
		app.Ul().Class("miner-facts").Body(facts...),
	)
}

// currentNBits is the nBits the fields give, as hex.
func (m *miner) currentNBits() string {
	if m.mode == "nbits" {
		return m.nbits
	}
	c, _ := pow.ZeroBitsCompact(min(max(m.zeroBits, 1), 32))
	return strconv.FormatUint(uint64(c), 16)
}

func (m *miner) controls(blockErr error, busy bool) app.UI {
	opts := []app.UI{}
	cores := max(m.sess.backend.Cores, 1)
	for n := 1; n <= maxMinerWorkers; n++ {
		label := strconv.Itoa(n)
		if n == min(cores, maxMinerWorkers) {
			label += " (one per core)"
		}
		opts = append(opts, app.Option().Value(strconv.Itoa(n)).Selected(n == m.sess.size).Text(label))
	}
	return app.Div().Class("miner-controls").Body(
		app.Button().ID(m.ID+"-mine").Class("button").Text("Mine").
			Disabled(!m.ready || busy || blockErr != nil || m.run == runAsking).
			OnClick(m.onMine),
		app.Button().ID(m.ID+"-stop").Class("button secondary").Text("Stop").
			Disabled(!busy).OnClick(m.onStop),
		app.Button().ID(m.ID+"-resume").Class("button secondary").Text("Resume").
			Disabled(!m.resumable()).OnClick(m.onResume),
		app.Label().For(m.ID+"-workers").Class("miner-workers").Body(
			app.Text("Workers "),
			app.Select().ID(m.ID+"-workers").Disabled(!m.ready || !m.sess.backend.Workers).Body(opts...).
				OnChange(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						m.sess.resize(n)
					}
				}),
		),
	)
}

func (m *miner) stats() app.UI {
	_, target, _ := m.block()
	if m.miningTgt != nil {
		target = m.miningTgt
	}
	hashes := m.sess.hashes()
	if m.run == runFound {
		hashes = m.foundHashes
	}
	rate := m.sess.rate()
	rateLabel := "Hash rate: "
	if m.run != runMining {
		// Nothing is hashing now: show the last rate measured.
		rateLabel, rate = "Last hash rate: ", m.lastRate
	}
	expected := pow.ExpectedHashes(target)
	frac := float64(hashes) / expected
	eta := "—"
	switch {
	case m.run != runMining:
	case rate > 0 && float64(hashes) < expected:
		eta = formatDuration((expected - float64(hashes)) / rate)
	case rate > 0:
		eta = "past the average already: keep going, each hash is a fresh chance"
	}
	var perWorker []app.UI
	for i, r := range m.sess.rates() {
		if m.run != runMining {
			break
		}
		perWorker = append(perWorker, app.Li().DataSet("rate", strconv.FormatFloat(r, 'f', 0, 64)).
			Text("worker "+strconv.Itoa(i+1)+": "+formatRate(r)))
	}
	items := []app.UI{
		app.P().Class("miner-rate").Body(
			app.Text(rateLabel), app.Strong().ID(m.ID+"-rate").DataSet("rate", strconv.FormatFloat(rate, 'f', 0, 64)).Text(formatRate(rate)),
		),
		app.Ul().Class("miner-worker-rates").Body(perWorker...),
		sparkline(m.ID+"-spark", m.samples),
		app.P().Class("miner-progress-text").Body(
			app.Span().ID(m.ID+"-hashes").DataSet("hashes", strconv.FormatUint(hashes, 10)).Text(formatCount(hashes)),
			app.Text(" of the "+formatAmount(expected)+" hashes expected on average ("+strconv.FormatFloat(100*frac, 'f', 1, 64)+"%)"),
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
			app.Text(" after "+formatCount(hashes)+" hashes ("+formatDuration(took.Seconds())+").")),
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
			formatAmount(pow.ExpectedHashes(target))+" of all. Dark mark: the hash; light mark: the target."),
	)
}

// targetDisplay is the target as 64 hex digits, as block explorers print
// targets and hashes, so the two line up.
func targetDisplay(t *big.Int) string {
	s, _ := targetHex(t)
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
		label = "Hash rate over the last " + strconv.Itoa(len(samples)) + " samples, peak " + formatRate(peak)
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
