package app

import (
	"math/big"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/pow"
)

func newChain(id string, params map[string]string) app.UI {
	return &chain{ID: id, Params: params}
}

// The chain's starting blocks. Their nonces are precomputed for every
// difficulty the widget accepts (chainNonces), so the chain starts valid
// without mining on page load, and the pre-rendered page shows the same
// chain; a test recomputes them.
var chainData = []string{
	"Genesis: the chain starts here",
	"Alice pays Bob 10 coins",
	"Bob pays Carol 4 coins",
	"Carol pays Dave 1 coin",
	"Dave pays Alice 2 coins",
}

// chainStartTime is the first block's time; each next block is 10 minutes
// later, as Bitcoin aims for.
const chainStartTime = 1700000000

// chainNonces[bits] are the first nonces, from 0, that mine chainData at
// that many leading zero bits (pow.ZeroBitsCompact), block after block.
var chainNonces = map[int][5]uint32{
	8:  {120, 72, 59, 43, 430},
	9:  {543, 590, 353, 665, 483},
	10: {646, 2412, 3496, 174, 1701},
	11: {9314, 965, 185, 44, 265},
	12: {2498, 6928, 3636, 2152, 1675},
	13: {611, 4154, 6303, 383, 3715},
	14: {68236, 7505, 20137, 33363, 5986},
	15: {14923, 1656, 44049, 82919, 1597},
	16: {31051, 50263, 202870, 65234, 2806},
	17: {111555, 71316, 11597, 51873, 30611},
	18: {92764, 294361, 423827, 28055, 44213},
	19: {374253, 224273, 426075, 92722, 941650},
	20: {2096160, 949979, 1799138, 685227, 571396},
}

// chainBlock is what a learner can change in a block (data) and what
// mining changes (nonce).
type chainBlock struct {
	data  string
	nonce uint32
}

// chainView is one block as the chain computes it.
type chainView struct {
	header pow.Header
	hash   pow.Digest
	meets  bool // its own proof of work holds
	valid  bool // meets, and so does every block before it
}

// chain is the tamper-evidence widget: blocks linked by the previous
// block's hash, each mined at a small difficulty.
type chain struct {
	app.Compo
	ID     string
	Params map[string]string

	notes  []string
	bits   uint32 // compact bits of every block
	target *big.Int
	blocks []chainBlock

	ready   bool
	sess    minerSession
	mining  int  // index of the block being mined, -1 when none
	queue   bool // after this block, go on with the next invalid one
	mined   pow.Header
	lastErr string
}

func (c *chain) OnInit() { c.reset() }

func (c *chain) OnUpdate(app.Context) {
	if c.mining < 0 {
		c.reset()
	}
}

func (c *chain) OnMount(ctx app.Context) {
	c.ready = true
	c.sess.init(ctx, 0, func(e poolEvent) { c.onPool(e) })
}

func (c *chain) OnDismount() { c.sess.close() }

func (c *chain) reset() {
	values, notes := resolveParams("chain", c.Params)
	c.notes = notes
	n, _ := strconv.Atoi(values["blocks"])
	zb, _ := strconv.Atoi(values["bits"])
	c.bits, _ = pow.ZeroBitsCompact(zb)
	c.target, _ = pow.CompactToTarget(c.bits)
	nonces := chainNonces[zb]
	c.blocks = make([]chainBlock, n)
	for i := range c.blocks {
		c.blocks[i] = chainBlock{data: chainData[i], nonce: nonces[i]}
	}
	c.mining = -1
}

// views computes every block's header and hash, each on its predecessor.
func (c *chain) views() []chainView {
	out := make([]chainView, len(c.blocks))
	var prev pow.Digest
	for i, b := range c.blocks {
		h := pow.Header{
			Version: 1, PrevBlock: prev, MerkleRoot: merkleStandIn(b.data),
			Time: chainStartTime + 600*uint32(i), Bits: c.bits, Nonce: b.nonce,
		}
		d := h.Hash()
		v := chainView{header: h, hash: d, meets: d.Meets(c.target)}
		v.valid = v.meets && (i == 0 || out[i-1].valid)
		out[i] = v
		prev = d
	}
	return out
}

// mine sets block i mining on the pool.
func (c *chain) mine(i int) {
	h := c.views()[i].header
	c.lastErr = ""
	if !c.sess.start(h, c.target, pow.FullRange()) {
		c.lastErr = "mining is not available here"
		c.queue = false
		return
	}
	c.mining, c.mined = i, h
}

// mineNextInvalid mines the first block that is not valid, if any.
func (c *chain) mineNextInvalid() {
	for i, v := range c.views() {
		if !v.valid {
			c.mine(i)
			return
		}
	}
	c.queue = false
}

func (c *chain) onPool(e poolEvent) {
	i := c.mining
	switch e.Kind {
	case poolFound:
		c.mining = -1
		h := c.mined
		h.Nonce = e.Nonce
		if i < 0 || i >= len(c.blocks) || !h.Hash().Meets(c.target) {
			c.lastErr, c.queue = "the worker reported a nonce that does not meet the target", false
			return
		}
		c.blocks[i].nonce = e.Nonce
		emit("block-mined", map[string]any{"widget": "chain", "id": c.ID, "block": i + 1, "nonce": e.Nonce, "hash": h.Hash().String()})
		if c.queue {
			c.mineNextInvalid()
		}
	case poolExhausted:
		// Not at these difficulties (at most 20 bits) in practice.
		c.mining, c.queue = -1, false
		c.lastErr = "every nonce failed for this block; change its data and mine again"
	case poolFailed:
		c.mining, c.queue = -1, false
		c.lastErr = "Mining stopped: " + e.Message
	}
}

func (c *chain) Render() app.UI {
	views := c.views()
	firstBad := -1
	for i, v := range views {
		if !v.valid {
			firstBad = i
			break
		}
	}
	cards := make([]app.UI, len(c.blocks))
	for i := range c.blocks {
		cards[i] = c.card(i, views[i])
	}
	summary := "Every block is valid: each hash meets the target, and each block names the hash before it."
	if firstBad >= 0 {
		summary = "Block " + strconv.Itoa(firstBad+1) + " is invalid, and so is every block after it. Mine them again, in order, to repair the chain."
	}
	body := []app.UI{
		app.P().Class("chain-intro").Text("Each block stores the hash of the block before it, and each hash must start with " +
			strconv.Itoa(pow.TargetZeroBits(c.target)) + " zero bits (about " + formatAmount(pow.ExpectedHashes(c.target)) +
			" hashes of work per block). Edit any block's data."),
		app.Div().Class("chain-blocks").Body(cards...),
		app.P().ID(c.ID+"-summary").Class("chain-summary").DataSet("valid", yesNo(firstBad < 0)).Aria("live", "polite").Text(summary),
		app.Button().ID(c.ID + "-remine").Class("button").Text("Mine every invalid block, in order").
			Disabled(!c.ready || firstBad < 0 || c.mining >= 0).
			OnClick(func(ctx app.Context, e app.Event) { c.queue = true; c.mineNextInvalid() }),
	}
	if c.mining >= 0 {
		body = append(body, app.P().ID(c.ID+"-mining").Class("status").Text("Mining block "+strconv.Itoa(c.mining+1)+
			": "+formatCount(c.sess.hashes())+" hashes at "+formatRate(c.sess.rate())+"…"))
	}
	if c.lastErr != "" {
		body = append(body, app.P().ID(c.ID+"-error").Class("status error").Role("alert").Text(c.lastErr))
	}
	notes := append(append([]string{}, c.notes...), c.sess.notes()...)
	return widgetFrame("chain", c.ID, c.ready, notes, body...)
}

func (c *chain) card(i int, v chainView) app.UI {
	id := c.ID + "-b" + strconv.Itoa(i+1)
	status := "valid"
	switch {
	case !v.meets:
		status = "invalid: the hash is above the target"
	case !v.valid:
		status = "invalid: it builds on an invalid block"
	}
	busy := c.mining >= 0
	mineLabel := "Mine"
	if c.mining == i {
		mineLabel = "Mining…"
	}
	return app.Article().ID(id).Class("chain-block").DataSet("valid", yesNo(v.valid)).Body(
		app.H4().Text("Block "+strconv.Itoa(i+1)),
		app.Div().Class("field").Body(
			app.Label().For(id+"-data").Text("Data"),
			app.Textarea().ID(id+"-data").Rows(2).Spellcheck(false).ReadOnly(busy).
				Body(app.Text(c.blocks[i].data)).
				OnInput(func(ctx app.Context, e app.Event) { c.blocks[i].data = ctx.JSSrc().Get("value").String() }),
		),
		app.Dl().Class("chain-fields").Body(
			app.Dt().Text("Previous hash"), app.Dd().Body(app.Code().ID(id+"-prev").Text(pow.Digest(v.header.PrevBlock).String())),
			app.Dt().Text("Nonce"), app.Dd().Body(app.Code().ID(id+"-nonce").Text(strconv.FormatUint(uint64(v.header.Nonce), 10))),
			app.Dt().Text("Hash"), app.Dd().Body(app.Code().ID(id+"-hash").Class("chain-hash").Text(v.hash.String())),
		),
		app.P().ID(id+"-status").Class("chain-status").Text(status),
		app.Button().ID(id+"-mine").Class("button secondary").Text(mineLabel).
			Disabled(!c.ready || busy || v.meets).
			OnClick(func(ctx app.Context, e app.Event) { c.queue = false; c.mine(i) }),
	)
}

// yesNo is a boolean for data attributes: go-app writes a "true" value as
// a bare attribute when pre-rendering, so the words are spelled out.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
