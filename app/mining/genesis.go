package mining

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/mining/pool"
	"github.com/consensus-lab/playground/engine/pow"
)

// NewGenesis is the genesis widget's factory.
func NewGenesis(p kit.Placement) app.UI { return &genesis{Placement: p} }

// Bitcoin's genesis block, as bitcoin/bitcoin src/kernel/chainparams.cpp
// builds it: CreateGenesisBlock(1231006505, 2083236893, 0x1d00ffff, 1,
// 50 * COIN), asserting hashGenesisBlock ==
// 0x000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f and
// hashMerkleRoot ==
// 0x4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b (both
// in display order). The same values are in the published vectors
// (pow.json, "genesis"); a test checks these constants against them.
const (
	genesisVersion = 1
	genesisMerkle  = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
	genesisTime    = 1231006505
	genesisBits    = 0x1d00ffff
	genesisNonce   = 2083236893
	genesisHash    = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
)

// genesisHeader is the genesis header with nonce 0 (the search fills it in).
func genesisHeader() pow.Header {
	m, _ := pow.ParseDigest(genesisMerkle) // a constant: a test parses it
	return pow.Header{Version: genesisVersion, MerkleRoot: m, Time: genesisTime, Bits: genesisBits}
}

// genesis mines the real genesis header from a little before Satoshi's
// nonce, on the worker pool, and shows that the result is the famous hash.
type genesis struct {
	app.Compo
	kit.Placement
	base

	sess   pool.Session
	state  string // idle, mining, found, failed
	result *foundBlock
	hashes uint64
	took   time.Duration
	since  time.Time
	err    string
}

func (g *genesis) OnInit() { g.Init("genesis", g.Placement, g.load) }

func (g *genesis) OnUpdate(app.Context) {
	if !g.sess.Active() {
		g.Init("genesis", g.Placement, g.load)
	}
}

func (g *genesis) OnDismount() { g.sess.Close() }

func (g *genesis) OnMount(ctx app.Context) {
	g.MarkReady()
	MountSession(ctx, &g.sess, 0, g.onPool)
}

// load puts away a result found at another distance.
func (g *genesis) load() {
	g.sess.Stop()
	g.state, g.result, g.err = "idle", nil, ""
}

// distance is how many nonces before the real one the search starts.
func (g *genesis) distance() uint32 { return uint32(g.Int("distance")) }

// searchRange ends exactly at the real nonce: the workers share it, and
// the one holding the end finds the nonce after about distance/workers
// hashes. No other nonce in the range meets the target (a test checks the
// largest distance), so the answer is always Satoshi's.
func (g *genesis) searchRange() pow.Range {
	return pow.Range{First: genesisNonce - g.distance(), Last: genesisNonce}
}

func (g *genesis) onVerify() {
	target, _ := pow.CompactToTarget(genesisBits)
	g.err, g.result = "", nil
	if !g.sess.Start(genesisHeader(), target, g.searchRange()) {
		g.state, g.err = "failed", "mining is not available here"
		return
	}
	g.state, g.since = "mining", time.Now()
}

func (g *genesis) onPool(e pool.Event) {
	switch e.Kind {
	case pool.Found:
		g.took = time.Since(g.since)
		h := genesisHeader()
		h.Nonce = e.Nonce
		target, _ := pow.CompactToTarget(genesisBits)
		g.result = &foundBlock{Header: h, Hash: h.Hash(), Target: target}
		g.hashes = g.sess.Hashes()
		g.state = "found"
		kit.Emit("block-mined", map[string]any{"widget": "genesis", "id": g.ID, "nonce": h.Nonce, "hash": g.result.Hash.String(), "hashes": g.hashes})
	case pool.Exhausted:
		g.state, g.err = "failed", "no nonce in the range met the target, which should not happen with the real genesis header"
	case pool.Failed:
		g.state, g.err = "failed", "Mining stopped: "+e.Message
	}
}

func (g *genesis) Render() app.UI {
	target, _ := pow.CompactToTarget(genesisBits)
	r := g.searchRange()
	body := append(SessionNotes(&g.sess),
		app.P().Text("In January 2009 Satoshi Nakamoto mined block 0 with nBits 1d00ffff: on average "+
			kit.Amount(pow.ExpectedHashes(target))+" hashes. To check the famous result without that wait, start "+
			kit.Count(uint64(g.distance()))+" nonces before the real one, from "+kit.Count(uint64(r.First))+", and let the workers search."),
		app.Table().Class("miner-header").Body(
			app.Caption().Text("The genesis header (src/kernel/chainparams.cpp)"),
			app.TBody().Body(
				genesisRow("Version", strconv.Itoa(genesisVersion)),
				genesisRow("Previous block hash", pow.Digest{}.String()),
				genesisRow("Merkle root", genesisMerkle),
				genesisRow("Time", strconv.Itoa(genesisTime)+" ("+kit.UTC(genesisTime)+")"),
				genesisRow("nBits", hex32(genesisBits)),
				genesisRow("Nonce", "? (to be found)"),
			),
		),
		app.Div().Class("controls").Body(
			g.Number("distance", "Start this many nonces before the real one"),
			kit.Button{ID: g.ID + "-verify", Label: "Verify the genesis block", BusyLabel: "Mining…",
				Disabled: !g.Ready(), Busy: g.state == "mining", OnClick: kit.Click(g.onVerify)}.UI(),
		),
	)
	status := app.P().ID(g.ID+"-status").Class("status").DataSet("run", g.state).Aria("live", "polite")
	switch g.state {
	case "mining":
		status = status.Text("Mining… " + kit.Count(g.sess.Hashes()) + " hashes at " + kit.HashRate(g.sess.Rate()) + ".")
	case "failed":
		status = status.Class("error").Text(g.err)
	case "found":
		status = status.Text("Found.")
	default:
		status = status.Text("Press the button to mine.")
	}
	body = append(body, status)
	if g.result != nil {
		match := g.result.Hash.String() == genesisHash
		verdict := app.P().ID(g.ID+"-verdict").DataSet("match", kit.YesNo(match))
		if match {
			verdict = verdict.Class("status ok").Text("Nonce " + kit.Count(uint64(g.result.Header.Nonce)) +
				" gives " + genesisHash + ": the hash of Bitcoin's genesis block, the same one every node has hard-coded.")
		} else {
			verdict = verdict.Class("status error").Text("This is not the genesis hash: something is wrong.")
		}
		body = append(body, verdict, foundView(g.ID, g.result, g.hashes, g.took))
	}
	return g.Frame(body...)
}

func genesisRow(label, value string) app.UI {
	return app.Tr().Body(app.Th().Scope("row").Text(label), app.Td().Body(app.Code().Text(value)))
}
