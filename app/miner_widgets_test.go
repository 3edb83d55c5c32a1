//go:build !wasm

package app

import (
	"encoding/json"
	"math/big"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pow"
)

// withFakeMining makes every mining widget mounted in the test use fake
// workers; it returns the spawner to drive them.
func withFakeMining(t *testing.T, cores int, workers bool) *fakeSpawner {
	t.Helper()
	f := &fakeSpawner{}
	old, oldRate := minerBackend, measuredRate
	minerBackend = func(app.Context) miningBackend {
		return miningBackend{Spawn: f.spawn, Cores: cores, Workers: workers}
	}
	measuredRate = 0
	t.Cleanup(func() { minerBackend, measuredRate = old, oldRate })
	return f
}

// realNonce mines h natively: the answer a worker would give.
func realNonce(t *testing.T, h pow.Header, target *big.Int) uint32 {
	t.Helper()
	n, ok := pow.Search(h, target, 0, ^uint32(0))
	require.True(t, ok)
	return n
}

func TestMinerPreRendersTheBlockAndItsDifficulty(t *testing.T) {
	m := &miner{ID: "m", Params: map[string]string{"bits": "16", "data": "hello"}}
	d := app.NewServerTester(m)
	defer d.Close()
	html := app.HTMLString(m)
	assert.Contains(t, html, `data-widget="miner"`)
	assert.Contains(t, html, `data-state="static"`)
	assert.Contains(t, html, `>hello</textarea>`)
	assert.Contains(t, html, pow.Digest(merkleStandIn("hello")).String(), "the merkle stand-in is shown")
	bits, _ := pow.ZeroBitsCompact(16)
	target, _ := pow.CompactToTarget(bits)
	assert.Equal(t, hex32(bits), elemText(t, html, "m-nbits-value"))
	assert.Contains(t, html, targetDisplay(target))
	assert.Equal(t, formatAmount(pow.ExpectedHashes(target)), elemText(t, html, "m-expected"))
	assert.Contains(t, html, "at least 16 zero bits")
	assert.NotContains(t, html, `id="m-status"`, "no stats before mining")
}

func TestMinerClampsAndRejectsParamsWithNotes(t *testing.T) {
	m := &miner{ID: "m", Params: map[string]string{"bits": "99", "nbits": "zz"}}
	d := app.NewServerTester(m)
	defer d.Close()
	html := app.HTMLString(m)
	assert.Contains(t, html, "bits=99 is above the maximum 32; using 32")
	assert.Contains(t, html, `nbits=&#34;zz&#34;: nBits must be hex digits`)
	assert.Equal(t, 32, m.zeroBits)
	assert.Equal(t, "bits", m.mode)

	m2 := &miner{ID: "m2", Params: map[string]string{"nbits": "0x1d00ffff"}}
	d2 := app.NewServerTester(m2)
	defer d2.Close()
	assert.Equal(t, "nbits", m2.mode)
	h, target, err := m2.block()
	require.NoError(t, err)
	assert.Equal(t, uint32(0x1d00ffff), h.Bits)
	assert.Equal(t, 0, target.Cmp(pow.DifficultyOneTarget()))

	for _, bad := range []string{"1d00ffffff", "", "01fedcba", "04000000"} {
		_, err := parseNBits(bad)
		assert.Error(t, err, bad)
	}
}

func TestMinerMinesOnThePoolAndChecksTheFind(t *testing.T) {
	f := withFakeMining(t, 2, true)
	m := &miner{ID: "m", Params: map[string]string{"bits": "8", "data": "block"}}
	d := app.NewClientTester(m)
	defer d.Close()
	require.True(t, m.ready)
	assert.Equal(t, 2, m.sess.size, "one worker per core")

	m.onMine(nil, app.Event{})
	require.Equal(t, runMining, m.run, m.err)
	require.Len(t, f.workers, 2)
	f.readyAll()
	h, target, err := m.block()
	require.NoError(t, err)
	assert.Equal(t, h.Hex(), f.workers[0].last(t).header)

	w := f.workers[1]
	w.send(minerMsg{Type: "progress", Job: w.last(t).job, Hashes: 5000, Ms: 250})
	m.Update()
	d.Consume()
	html := app.HTMLString(m)
	assert.Equal(t, "mining", elemAttrs(t, html, "m-status")["data-run"])
	assert.Equal(t, "5000", elemAttrs(t, html, "m-hashes")["data-hashes"])
	assert.Contains(t, html, "worker 2: 20 k hashes/s")
	assert.Contains(t, html, `id="m-stop"`)

	nonce := realNonce(t, h, target)
	w.send(minerMsg{Type: "found", Job: w.last(t).job, Nonce: nonce, Hash: "ignored: recomputed", Hashes: 6000, Ms: 300})
	m.Update()
	d.Consume()
	require.Equal(t, runFound, m.run, m.err)
	h.Nonce = nonce
	html = app.HTMLString(m)
	assert.Equal(t, strconv.FormatUint(uint64(nonce), 10), elemAttrs(t, html, "m-found-nonce")["data-value"])
	assert.Equal(t, h.Hash().String(), elemAttrs(t, html, "m-found-hash")["data-value"])
	assert.Equal(t, targetDisplay(target), elemAttrs(t, html, "m-found-target")["data-value"])
	assert.Contains(t, html, "so the hash is smaller: the block counts")
	assert.Equal(t, 1, f.workers[0].stops, "the other worker was stopped")
}

func TestMinerRefusesAFindThatDoesNotMeetTheTarget(t *testing.T) {
	f := withFakeMining(t, 1, true)
	m := &miner{ID: "m", Params: map[string]string{"bits": "20"}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.onMine(nil, app.Event{})
	f.readyAll()
	h, target, _ := m.block()
	bad := uint32(0)
	for ; ; bad++ { // a nonce whose hash is above the target
		h.Nonce = bad
		if !h.Hash().Meets(target) {
			break
		}
	}
	w := f.workers[0]
	w.send(minerMsg{Type: "found", Job: w.last(t).job, Nonce: bad})
	assert.Equal(t, runFailed, m.run)
	assert.Contains(t, m.err, "does not meet the target")
	assert.Nil(t, m.found)
}

func TestMinerAsksBeforeALongSearchAndStopsAndResumes(t *testing.T) {
	f := withFakeMining(t, 2, true)
	m := &miner{ID: "m", Params: map[string]string{"bits": "32"}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.onMine(nil, app.Event{})
	require.Equal(t, runAsking, m.run)
	assert.Empty(t, f.workers, "nothing starts before the learner agrees")
	assert.Contains(t, m.ask, "about "+formatAmount(pow.ExpectedHashes(mustTarget(t, m)))+" hashes")
	assert.Contains(t, m.ask, "a guess: nothing was measured")
	m.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(m), `id="m-confirm"`)

	m.startMining()
	f.readyAll()
	w0, w1 := f.workers[0], f.workers[1]
	w0.send(minerMsg{Type: "progress", Job: w0.last(t).job, Hashes: 1000, Ms: 100})
	assert.InDelta(t, 10000, measuredRate, 1, "the rate is remembered for the next estimate")

	m.onStop(nil, app.Event{})
	assert.Equal(t, runStopped, m.run)
	assert.Equal(t, 1, w0.stops)
	assert.Equal(t, 1, w1.stops)
	assert.True(t, m.resumable())
	start := w0.last(t).start
	m.onResume(nil, app.Event{})
	assert.Equal(t, runMining, m.run)
	assert.Equal(t, start+1000, w0.last(t).start, "resumed where it stopped")

	// Editing the block after a stop makes Resume meaningless.
	m.onStop(nil, app.Event{})
	m.data += "!"
	m.edited()
	assert.False(t, m.resumable())
}

func mustTarget(t *testing.T, m *miner) *big.Int {
	t.Helper()
	_, target, err := m.block()
	require.NoError(t, err)
	return target
}

func TestMinerBumpsTheTimeWhenEveryNonceFails(t *testing.T) {
	f := withFakeMining(t, 1, true)
	m := &miner{ID: "m", Params: map[string]string{"bits": "8"}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.timeText = "1000"
	m.onMine(nil, app.Event{})
	f.readyAll()
	w := f.workers[0]
	w.send(minerMsg{Type: "exhausted", Job: w.last(t).job, Hashes: 1 << 32, Ms: 1})
	assert.Equal(t, "1001", m.timeText)
	assert.Equal(t, runMining, m.run)
	h, _, _ := m.block()
	assert.Equal(t, h.Hex(), w.last(t).header, "mining goes on with the new time")
}

func TestMinerSaysSoWithoutWebWorkers(t *testing.T) {
	withFakeMining(t, 1, false)
	m := &miner{ID: "m"}
	d := app.NewClientTester(m)
	defer d.Close()
	assert.Contains(t, app.HTMLString(m), "This browser cannot run Web Workers")
}

func TestMinerFallsBackToThePageWhenWorkersFail(t *testing.T) {
	broken := &fakeSpawner{failNext: 100}
	fallback := &fakeSpawner{}
	old := minerBackend
	minerBackend = func(app.Context) miningBackend {
		return miningBackend{Spawn: broken.spawn, Fallback: fallback.spawn, Cores: 2, Workers: true}
	}
	t.Cleanup(func() { minerBackend = old })
	m := &miner{ID: "m", Params: map[string]string{"bits": "8"}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.onMine(nil, app.Event{})
	require.Len(t, fallback.workers, 1, "one main-thread worker took over")
	fallback.readyAll()
	assert.Equal(t, uint64(1<<32), fallback.workers[0].last(t).count)
	assert.Equal(t, runMining, m.run)
	assert.Contains(t, strings.Join(m.sess.notes(), " "), "The mining worker failed (no workers today)")
}

func TestChainStartsValidAtEveryDifficulty(t *testing.T) {
	for bits := 8; bits <= 20; bits++ {
		c := &chain{ID: "c", Params: map[string]string{"bits": strconv.Itoa(bits), "blocks": "5"}}
		c.reset()
		for i, v := range c.views() {
			if !assert.True(t, v.valid, "bits %d block %d", bits, i+1) {
				// Print what the table should hold.
				h := v.header
				target, _ := pow.CompactToTarget(h.Bits)
				t.Logf("bits %d block %d: first nonce is %d", bits, i+1, realNonce(t, h, target))
			}
		}
	}
}

func TestChainEditBreaksTheRestUntilReMined(t *testing.T) {
	f := withFakeMining(t, 2, true)
	c := &chain{ID: "c", Params: map[string]string{"bits": "10"}}
	d := app.NewClientTester(c)
	defer d.Close()
	html := app.HTMLString(c)
	for i := 1; i <= 4; i++ {
		assert.Equal(t, "yes", elemAttrs(t, html, "c-b"+strconv.Itoa(i))["data-valid"])
	}
	assert.Equal(t, "yes", elemAttrs(t, html, "c-summary")["data-valid"])

	c.blocks[1].data = "Alice pays Bob 1000 coins"
	c.Update()
	d.Consume()
	views := c.views()
	assert.True(t, views[0].valid)
	for _, v := range views[1:] {
		assert.False(t, v.valid)
	}
	html = app.HTMLString(c)
	assert.Contains(t, html, "Block 2 is invalid, and so is every block after it")
	for i, want := range []string{"yes", "no", "no", "no"} {
		assert.Equal(t, want, elemAttrs(t, html, "c-b"+strconv.Itoa(i+1))["data-valid"], "block %d", i+1)
	}
	assert.Equal(t, "no", elemAttrs(t, html, "c-summary")["data-valid"])

	// Mine every invalid block in order, each on the pool.
	c.queue = true
	c.mineNextInvalid()
	for i := 1; i < 4; i++ {
		require.Equal(t, i, c.mining)
		f.readyAll()
		w := f.workers[0]
		h := c.views()[i].header
		require.Equal(t, h.Hex(), w.last(t).header)
		w.send(minerMsg{Type: "found", Job: w.last(t).job, Nonce: realNonce(t, h, c.target)})
	}
	assert.Equal(t, -1, c.mining)
	for i, v := range c.views() {
		assert.True(t, v.valid, "block %d", i+1)
	}
	assert.Equal(t, views[0].hash, c.views()[0].hash, "block 1 was never touched")
}

func TestGenesisConstantsMatchTheVectors(t *testing.T) {
	raw, err := os.ReadFile("../engine/internal/vectors/testdata/pow.json")
	require.NoError(t, err)
	var v struct {
		Headers []struct {
			Name      string `json:"name"`
			HeaderHex string `json:"header_hex"`
			Hash      string `json:"hash_display"`
			Fields    struct {
				Version int32  `json:"version"`
				Merkle  string `json:"merkle_root_display"`
				Time    uint32 `json:"time"`
				Bits    uint32 `json:"bits_u32"`
				Nonce   uint32 `json:"nonce"`
			} `json:"fields"`
		} `json:"headers"`
	}
	require.NoError(t, json.Unmarshal(raw, &v))
	found := false
	for _, h := range v.Headers {
		if h.Name != "genesis" {
			continue
		}
		found = true
		assert.Equal(t, h.Fields.Version, int32(genesisVersion))
		assert.Equal(t, h.Fields.Merkle, genesisMerkle)
		assert.Equal(t, h.Fields.Time, uint32(genesisTime))
		assert.Equal(t, h.Fields.Bits, uint32(genesisBits))
		assert.Equal(t, h.Fields.Nonce, uint32(genesisNonce))
		assert.Equal(t, h.Hash, genesisHash)
		g := genesisHeader()
		g.Nonce = genesisNonce
		assert.Equal(t, h.HeaderHex, g.Hex())
		assert.Equal(t, genesisHash, g.Hash().String())
		assert.NoError(t, g.CheckProofOfWork())
	}
	assert.True(t, found, "pow.json has the genesis header")
}

// The genesis search ends at Satoshi's nonce; nothing before it within the
// widget's largest distance may meet the target, or the widget could
// show another hash.
func TestGenesisSearchCanOnlyFindTheRealNonce(t *testing.T) {
	spec := 1000000
	target, _ := pow.CompactToTarget(genesisBits)
	_, ok := pow.Search(genesisHeader(), target, genesisNonce-uint32(spec), uint32(spec))
	assert.False(t, ok)
	g := &genesis{ID: "g", Params: map[string]string{"distance": strconv.Itoa(spec)}}
	g.reset()
	assert.Equal(t, pow.Range{First: genesisNonce - uint32(spec), Last: genesisNonce}, g.searchRange())
}

func TestGenesisVerifiesOnThePool(t *testing.T) {
	f := withFakeMining(t, 2, true)
	g := &genesis{ID: "g"}
	d := app.NewClientTester(g)
	defer d.Close()
	assert.Contains(t, app.HTMLString(g), `data-state="ready"`)
	g.onVerify(nil, app.Event{})
	require.Equal(t, "mining", g.state)
	f.readyAll()
	w0, w1 := f.workers[0], f.workers[1]
	assert.Equal(t, uint32(genesisNonce-300000), w0.last(t).start)
	assert.Equal(t, uint64(genesisNonce), uint64(w1.last(t).start)+w1.last(t).count-1, "the last worker's range ends at the real nonce")
	w1.send(minerMsg{Type: "found", Job: w1.last(t).job, Nonce: genesisNonce, Hashes: 150001, Ms: 100})
	g.Update()
	d.Consume()
	html := app.HTMLString(g)
	assert.Equal(t, "found", g.state)
	assert.Equal(t, "yes", elemAttrs(t, html, "g-verdict")["data-match"])
	assert.Equal(t, genesisHash, elemAttrs(t, html, "g-found-hash")["data-value"])
}

func TestFormats(t *testing.T) {
	assert.Equal(t, "4,294,967,296", formatCount(1<<32))
	assert.Equal(t, "999", formatCount(999))
	assert.Equal(t, "65,537", formatAmount(65537.0))
	assert.Equal(t, "1.2 × 10^23", formatAmount(1.2e23))
	assert.Equal(t, "1.0 × 10^16", formatAmount(9.99e15))
	assert.Equal(t, "1.50 M hashes/s", formatRate(1.5e6))
	assert.Equal(t, "20 k hashes/s", formatRate(20000))
	assert.Equal(t, "under a second", formatDuration(0.2))
	assert.Equal(t, "2 min 5 s", formatDuration(125))
	assert.Equal(t, "1 h 1 min", formatDuration(3660))
	assert.Equal(t, "forever", formatDuration(pow.ExpectedSeconds(big.NewInt(1), 0)))
	assert.InDelta(t, 240, log2Big(new(big.Int).Lsh(big.NewInt(1), 240)), 1e-9)
	assert.InDelta(t, 10, log2Big(big.NewInt(1024)), 1e-9)
	assert.Equal(t, "2009-01-03 18:15:05 UTC", formatUTC(genesisTime))
}

var (
	attrRE = regexp.MustCompile(`([a-zA-Z-]+)(?:="([^"]*)")?`)
)

// elemAttrs finds the element with that id in rendered HTML and returns its
// attributes (go-app writes them in no fixed order).
func elemAttrs(t *testing.T, html, id string) map[string]string {
	t.Helper()
	re := regexp.MustCompile(`<([a-z0-9]+)((?:\s[^>]*)?\sid="` + regexp.QuoteMeta(id) + `"[^>]*)>`)
	m := re.FindStringSubmatch(html)
	require.NotNil(t, m, "no element with id %q", id)
	attrs := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
		attrs[a[1]] = a[2]
	}
	return attrs
}

// elemText is the text right inside the element with that id.
func elemText(t *testing.T, html, id string) string {
	t.Helper()
	re := regexp.MustCompile(`<([a-z0-9]+)(?:\s[^>]*)?\sid="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`)
	m := re.FindStringSubmatch(html)
	require.NotNil(t, m, "no element with id %q", id)
	return m[2]
}
