package blocks

import (
	"math/big"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/mining"
	"github.com/consensus-lab/playground/app/mining/pool"
	"github.com/consensus-lab/playground/engine/pow"
)

// NewChain is the chain widget's factory.
func NewChain(p kit.Placement) app.UI { return &chain{Placement: p} }

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
// block's hash, each mined at a small difficulty. The blocks' data and
// nonces are the learner's; the parameters are the number of blocks and
// the difficulty.
type chain struct {
	app.Compo
	kit.Placement
	base

	bits   uint32 // compact bits of every block
	target *big.Int
	blocks []chainBlock

	sess    pool.Session
	mining  int  // index of the block being mined, -1 when none
	queue   bool // after this block, go on with the next invalid one
	mined   pow.Header
	lastErr string
}

func (c *chain) OnInit() { c.mining = -1; c.Init("chain", c.Placement, c.load) }

func (c *chain) OnUpdate(app.Context) {
	if c.mining < 0 {
		c.Init("chain", c.Placement, c.load)
	}
}

func (c *chain) OnMount(ctx app.Context) {
	c.MarkReady()
	mining.MountSession(ctx, &c.sess, 0, c.onPool)
}

func (c *chain) OnDismount() { c.sess.Close() }

// load builds the starting chain for the parameters, valid from the
// start (chainNonces).
func (c *chain) load() {
	c.sess.Stop()
	c.mining, c.queue, c.lastErr = -1, false, ""
	zb := c.Int("bits")
	c.bits, _ = pow.ZeroBitsCompact(zb)
	c.target, _ = pow.CompactToTarget(c.bits)
	nonces := chainNonces[zb]
	c.blocks = make([]chainBlock, c.Int("blocks"))
	for i := range c.blocks {
		c.blocks[i] = chainBlock{data: chainData[i], nonce: nonces[i]}
	}
}

// views computes every block's header and hash, each on its predecessor.
func (c *chain) views() []chainView {
	out := make([]chainView, len(c.blocks))
	var prev pow.Digest
	for i, b := range c.blocks {
		h := pow.Header{
			Version: 1, PrevBlock: prev, MerkleRoot: mining.MerkleStandIn(b.data),
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
	if !c.sess.Start(h, c.target, pow.FullRange()) {
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

func (c *chain) onPool(e pool.Event) {
	i := c.mining
	switch e.Kind {
	case pool.Found:
		c.mining = -1
		h := c.mined
		h.Nonce = e.Nonce
		if i < 0 || i >= len(c.blocks) || !h.Hash().Meets(c.target) {
			c.lastErr, c.queue = "the worker reported a nonce that does not meet the target", false
			return
		}
		c.blocks[i].nonce = e.Nonce
		kit.Emit("block-mined", map[string]any{"widget": "chain", "id": c.ID, "block": i + 1, "nonce": e.Nonce, "hash": h.Hash().String()})
		if c.queue {
			c.mineNextInvalid()
		}
	case pool.Exhausted:
		// Not at these difficulties (at most 20 bits) in practice.
		c.mining, c.queue = -1, false
		c.lastErr = "every nonce failed for this block; change its data and mine again"
	case pool.Failed:
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
		app.Div().Class("controls").Body(
			c.Number("blocks", "Blocks"),
			c.Slider("bits", "Leading zero bits of every hash"),
		),
		app.P().Class("chain-intro").Text("Each block stores the hash of the block before it, and each hash must start with " +
			strconv.Itoa(pow.TargetZeroBits(c.target)) + " zero bits (about " + kit.Amount(pow.ExpectedHashes(c.target)) +
			" hashes of work per block). Edit any block's data."),
		app.Div().Class("chain-blocks").Body(cards...),
		app.P().ID(c.ID+"-summary").Class("chain-summary").DataSet("valid", kit.YesNo(firstBad < 0)).Aria("live", "polite").Text(summary),
		kit.Button{ID: c.ID + "-remine", Label: "Mine every invalid block, in order", Busy: c.mining >= 0 && c.queue,
			Disabled: !c.Ready() || firstBad < 0 || c.mining >= 0,
			OnClick:  kit.Click(func() { c.queue = true; c.mineNextInvalid() })}.UI(),
	}
	if c.mining >= 0 {
		body = append(body, app.P().ID(c.ID+"-mining").Class("status").Text("Mining block "+strconv.Itoa(c.mining+1)+
			": "+kit.Count(c.sess.Hashes())+" hashes at "+kit.HashRate(c.sess.Rate())+"…"))
	}
	if c.lastErr != "" {
		body = append(body, app.P().ID(c.ID+"-error").Class("status error").Role("alert").Text(c.lastErr))
	}
	return c.Frame(append(mining.SessionNotes(&c.sess), body...)...)
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
	return app.Article().ID(id).Class("chain-block").DataSet("valid", kit.YesNo(v.valid)).Body(
		app.H4().Text("Block "+strconv.Itoa(i+1)),
		app.Div().Class("field").Body(
			app.Label().For(id+"-data").Text("Data"),
			kit.ReadOnly(app.Textarea().ID(id+"-data").Rows(2).Spellcheck(false), busy).
				Body(app.Text(c.blocks[i].data)).
				OnInput(func(ctx app.Context, e app.Event) { c.blocks[i].data = kit.Value(ctx) }),
		),
		app.Dl().Class("chain-fields").Body(
			app.Dt().Text("Previous hash"), app.Dd().Body(app.Code().ID(id+"-prev").Text(pow.Digest(v.header.PrevBlock).String())),
			app.Dt().Text("Nonce"), app.Dd().Body(app.Code().ID(id+"-nonce").Text(strconv.FormatUint(uint64(v.header.Nonce), 10))),
			app.Dt().Text("Hash"), app.Dd().Body(app.Code().ID(id+"-hash").Class("chain-hash").Text(v.hash.String())),
		),
		app.P().ID(id+"-status").Class("chain-status").Text(status),
		kit.Button{ID: id + "-mine", Label: "Mine", BusyLabel: "Mining…", Secondary: true, Busy: c.mining == i,
			Disabled: !c.Ready() || busy || v.meets,
			OnClick:  kit.Click(func() { c.queue = false; c.mine(i) })}.UI(),
	)
}
