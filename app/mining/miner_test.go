//go:build !wasm

package mining

import (
	"encoding/json"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/mining/pool"
	"github.com/consensus-lab/playground/app/mining/pool/pooltest"
	"github.com/consensus-lab/playground/engine/pow"
)

func TestMinerPreRendersTheBlockAndItsDifficulty(t *testing.T) {
	m := &miner{Placement: kit.Placement{ID: "m", Params: map[string]string{"bits": "16", "data": "hello"}}}
	d := app.NewServerTester(m)
	defer d.Close()
	html := app.HTMLString(m)
	assert.Contains(t, html, `data-widget="miner"`)
	assert.Contains(t, html, `data-state="static"`)
	assert.Contains(t, html, `>hello</textarea>`)
	assert.Contains(t, html, pow.Digest(MerkleStandIn("hello")).String(), "the merkle stand-in is shown")
	bits, _ := pow.ZeroBitsCompact(16)
	target, _ := pow.CompactToTarget(bits)
	assert.Equal(t, hex32(bits), kittest.Text(t, html, "m-nbits-value"))
	assert.Contains(t, html, targetDisplay(target))
	assert.Equal(t, kit.Amount(pow.ExpectedHashes(target)), kittest.Text(t, html, "m-expected"))
	assert.Contains(t, html, "at least 16 zero bits")
	assert.NotContains(t, html, `id="m-status"`, "no stats before mining")
}

func TestMinerClampsAndRejectsParamsWithNotes(t *testing.T) {
	m := &miner{Placement: kit.Placement{ID: "m", Params: map[string]string{"bits": "99", "nbits": "zz"}}}
	d := app.NewServerTester(m)
	defer d.Close()
	html := app.HTMLString(m)
	assert.Contains(t, html, "bits=99 is above the maximum 32; using 32")
	assert.Contains(t, html, `nbits=&#34;zz&#34;: nBits must be hex digits`)
	assert.Equal(t, 32, m.Int("bits"))
	assert.Equal(t, "bits", m.mode())

	m2 := &miner{Placement: kit.Placement{ID: "m2", Params: map[string]string{"nbits": "0x1d00ffff"}}}
	d2 := app.NewServerTester(m2)
	defer d2.Close()
	assert.Equal(t, "nbits", m2.mode())
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
	f := pooltest.Use(t, 2, true)
	m := &miner{Placement: kit.Placement{ID: "m", Params: map[string]string{"bits": "8", "data": "block"}}}
	d := app.NewClientTester(m)
	defer d.Close()
	require.True(t, m.Ready())
	assert.Equal(t, 2, m.sess.Size(), "one worker per core")

	m.onMine()
	require.Equal(t, runMining, m.run, m.err)
	require.Len(t, f.Workers, 2)
	f.ReadyAll()
	h, target, err := m.block()
	require.NoError(t, err)
	assert.Equal(t, h.Hex(), f.Workers[0].Last(t).Header)

	w := f.Workers[1]
	w.Send(pool.Msg{Type: "progress", Job: w.Last(t).Job, Hashes: 5000, Ms: 250})
	m.Update()
	d.Consume()
	html := app.HTMLString(m)
	assert.Equal(t, "mining", kittest.Attrs(t, html, "m-status")["data-run"])
	assert.Equal(t, "5000", kittest.Attrs(t, html, "m-hashes")["data-hashes"])
	assert.Contains(t, html, "worker 2: 20 k hashes/s")
	assert.Contains(t, html, `id="m-stop"`)

	nonce := pooltest.Nonce(t, h, target)
	w.Send(pool.Msg{Type: "found", Job: w.Last(t).Job, Nonce: nonce, Hash: "ignored: recomputed", Hashes: 6000, Ms: 300})
	m.Update()
	d.Consume()
	require.Equal(t, runFound, m.run, m.err)
	h.Nonce = nonce
	html = app.HTMLString(m)
	assert.Equal(t, strconv.FormatUint(uint64(nonce), 10), kittest.Attrs(t, html, "m-found-nonce")["data-value"])
	assert.Equal(t, h.Hash().String(), kittest.Attrs(t, html, "m-found-hash")["data-value"])
	assert.Equal(t, targetDisplay(target), kittest.Attrs(t, html, "m-found-target")["data-value"])
	assert.Contains(t, html, "so the hash is smaller: the block counts")
	assert.Equal(t, 1, f.Workers[0].Stops, "the other worker was stopped")
}

func TestMinerRefusesAFindThatDoesNotMeetTheTarget(t *testing.T) {
	f := pooltest.Use(t, 1, true)
	m := &miner{Placement: kit.Placement{ID: "m", Params: map[string]string{"bits": "20"}}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.onMine()
	f.ReadyAll()
	h, target, _ := m.block()
	bad := uint32(0)
	for ; ; bad++ { // a nonce whose hash is above the target
		h.Nonce = bad
		if !h.Hash().Meets(target) {
			break
		}
	}
	w := f.Workers[0]
	w.Send(pool.Msg{Type: "found", Job: w.Last(t).Job, Nonce: bad})
	assert.Equal(t, runFailed, m.run)
	assert.Contains(t, m.err, "does not meet the target")
	assert.Nil(t, m.found)
}

func TestMinerAsksBeforeALongSearchAndStopsAndResumes(t *testing.T) {
	f := pooltest.Use(t, 2, true)
	m := &miner{Placement: kit.Placement{ID: "m", Params: map[string]string{"bits": "32"}}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.onMine()
	require.Equal(t, runAsking, m.run)
	assert.Empty(t, f.Workers, "nothing starts before the learner agrees")
	assert.Contains(t, m.ask, "about "+kit.Amount(pow.ExpectedHashes(mustTarget(t, m)))+" hashes")
	assert.Contains(t, m.ask, "a guess: nothing was measured")
	m.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(m), `id="m-confirm"`)

	m.startMining()
	f.ReadyAll()
	w0, w1 := f.Workers[0], f.Workers[1]
	w0.Send(pool.Msg{Type: "progress", Job: w0.Last(t).Job, Hashes: 1000, Ms: 100})
	rate, measured := m.sess.EstimateRate()
	assert.True(t, measured)
	assert.InDelta(t, 10000, rate, 1, "the rate is remembered for the next estimate")

	m.onStop()
	assert.Equal(t, runStopped, m.run)
	assert.Equal(t, 1, w0.Stops)
	assert.Equal(t, 1, w1.Stops)
	assert.True(t, m.resumable())
	start := w0.Last(t).Start
	m.onResume()
	assert.Equal(t, runMining, m.run)
	assert.Equal(t, start+1000, w0.Last(t).Start, "resumed where it stopped")

	// Editing the block after a stop makes Resume meaningless.
	m.onStop()
	m.Set("data", m.Value("data")+"!")
	assert.False(t, m.resumable())
	assert.Equal(t, runStopped, m.run)
}

func mustTarget(t *testing.T, m *miner) *big.Int {
	t.Helper()
	_, target, err := m.block()
	require.NoError(t, err)
	return target
}

func TestMinerBumpsTheTimeWhenEveryNonceFails(t *testing.T) {
	f := pooltest.Use(t, 1, true)
	m := &miner{Placement: kit.Placement{ID: "m", Params: map[string]string{"bits": "8"}}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.timeText = "1000"
	m.onMine()
	f.ReadyAll()
	w := f.Workers[0]
	w.Send(pool.Msg{Type: "exhausted", Job: w.Last(t).Job, Hashes: 1 << 32, Ms: 1})
	assert.Equal(t, "1001", m.timeText)
	assert.Equal(t, runMining, m.run)
	h, _, _ := m.block()
	assert.Equal(t, h.Hex(), w.Last(t).Header, "mining goes on with the new time")
}

func TestMinerSaysSoWithoutWebWorkers(t *testing.T) {
	pooltest.Use(t, 1, false)
	m := &miner{Placement: kit.Placement{ID: "m"}}
	d := app.NewClientTester(m)
	defer d.Close()
	assert.Contains(t, app.HTMLString(m), "This browser cannot run Web Workers")
}

func TestMinerFallsBackToThePageWhenWorkersFail(t *testing.T) {
	broken := &pooltest.Spawner{FailNext: 100}
	fallback := &pooltest.Spawner{}
	pooltest.UseBackend(t, pool.Backend{Spawn: broken.Spawn, Fallback: fallback.Spawn, Cores: 2, Workers: true})
	m := &miner{Placement: kit.Placement{ID: "m", Params: map[string]string{"bits": "8"}}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.onMine()
	require.Len(t, fallback.Workers, 1, "one main-thread worker took over")
	fallback.ReadyAll()
	assert.Equal(t, uint64(1<<32), fallback.Workers[0].Last(t).Count)
	assert.Equal(t, runMining, m.run)
	assert.Contains(t, strings.Join(m.sess.Notes(), " "), "The mining worker failed (no workers today)")
}

func TestGenesisConstantsMatchTheVectors(t *testing.T) {
	raw, err := os.ReadFile("../../engine/internal/vectors/testdata/pow.json")
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
	g := &genesis{Placement: kit.Placement{ID: "g", Params: map[string]string{"distance": strconv.Itoa(spec)}}}
	g.Init("genesis", g.Placement, g.load)
	assert.Equal(t, pow.Range{First: genesisNonce - uint32(spec), Last: genesisNonce}, g.searchRange())
}

func TestGenesisVerifiesOnThePool(t *testing.T) {
	f := pooltest.Use(t, 2, true)
	g := &genesis{Placement: kit.Placement{ID: "g"}}
	d := app.NewClientTester(g)
	defer d.Close()
	assert.Contains(t, app.HTMLString(g), `data-state="ready"`)
	g.onVerify()
	require.Equal(t, "mining", g.state)
	f.ReadyAll()
	w0, w1 := f.Workers[0], f.Workers[1]
	assert.Equal(t, uint32(genesisNonce-300000), w0.Last(t).Start)
	assert.Equal(t, uint64(genesisNonce), uint64(w1.Last(t).Start)+w1.Last(t).Count-1, "the last worker's range ends at the real nonce")
	w1.Send(pool.Msg{Type: "found", Job: w1.Last(t).Job, Nonce: genesisNonce, Hashes: 150001, Ms: 100})
	g.Update()
	d.Consume()
	html := app.HTMLString(g)
	assert.Equal(t, "found", g.state)
	assert.Equal(t, "yes", kittest.Attrs(t, html, "g-verdict")["data-match"])
	assert.Equal(t, genesisHash, kittest.Attrs(t, html, "g-found-hash")["data-value"])
}

// A find within the first progress report has no rate worth showing: the
// miner says it was too fast to measure instead of "0 hashes/s".
func TestMinerSaysAFastFindWasTooFastToMeasure(t *testing.T) {
	f := pooltest.Use(t, 1, true)
	m := &miner{Placement: kit.Placement{ID: "m", Params: map[string]string{"bits": "8", "data": "fast"}}}
	d := app.NewClientTester(m)
	defer d.Close()
	m.onMine()
	f.ReadyAll()
	h, target, err := m.block()
	require.NoError(t, err)
	w := f.Workers[0]
	w.Send(pool.Msg{Type: "found", Job: w.Last(t).Job, Nonce: pooltest.Nonce(t, h, target), Hashes: 300, Ms: 2})
	require.Equal(t, runFound, m.run, m.err)
	m.Update()
	d.Consume()
	html := app.HTMLString(m)
	rate := kittest.Text(t, html, "m-rate")
	assert.Contains(t, rate, "too fast to measure a hash rate")
	assert.NotContains(t, html, "0 hashes/s")
	assert.Equal(t, "", kittest.Attrs(t, html, "m-rate")["data-rate"])

	// Over long enough, the average over the whole search is shown.
	m.elapsed = 2 * time.Second
	m.Update()
	d.Consume()
	html = app.HTMLString(m)
	assert.Equal(t, "150", kittest.Attrs(t, html, "m-rate")["data-rate"], "300 hashes in 2 s")
	assert.Contains(t, html, "Average hash rate: ")
}

// The kit's spellings of what the miner shows.
func TestMinerFormats(t *testing.T) {
	assert.Equal(t, "4,294,967,296", kit.Count(1<<32))
	assert.Equal(t, "999", kit.Count(999))
	assert.Equal(t, "65,537", kit.Amount(65537.0))
	assert.Equal(t, "1.2 × 10^23", kit.Amount(1.2e23))
	assert.Equal(t, "1.0 × 10^16", kit.Amount(9.99e15))
	assert.Equal(t, "1.5 M hashes/s", kit.HashRate(1.5e6))
	assert.Equal(t, "20 k hashes/s", kit.HashRate(20000))
	assert.Equal(t, "under a second", kit.Duration(0.2))
	assert.Equal(t, "2 min 5 s", kit.Duration(125))
	assert.Equal(t, "1 h 1 min", kit.Duration(3660))
	assert.Equal(t, "forever", kit.Duration(pow.ExpectedSeconds(big.NewInt(1), 0)))
	assert.InDelta(t, 240, log2Big(new(big.Int).Lsh(big.NewInt(1), 240)), 1e-9)
	assert.InDelta(t, 10, log2Big(big.NewInt(1024)), 1e-9)
	assert.Equal(t, "2009-01-03 18:15:05 UTC", kit.UTC(genesisTime))
}
