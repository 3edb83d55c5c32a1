//go:build !wasm

package main

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/engine/pow"
)

// workerLogScript runs in every page before its own scripts: it wraps the
// Worker constructor so that every message any worker posts to the page is
// logged with its arrival time. The tests read window.__workerLog to see
// what the workers really did, independently of what the widget shows.
const workerLogScript = `(() => {
  const W = window.Worker;
  if (!W) return;
  window.__workerLog = [];
  window.__workers = 0;
  window.Worker = class extends W {
    constructor(url, opts) {
      super(url, opts);
      const worker = ++window.__workers;
      this.addEventListener("message", (e) => {
        const d = e.data || {};
        window.__workerLog.push({ t: performance.now(), worker, type: d.type, job: d.job, hashes: d.hashes });
      });
    }
  };
})();`

// noWorkerScript makes the page look like a browser without Web Workers.
const noWorkerScript = `window.Worker = undefined;`

// requireMinerBuilt fails tests that need the miner worker's wasm.
func requireMinerBuilt(t *testing.T) {
	t.Helper()
	requireWasmBuilt(t)
	if _, err := os.Stat("../../web/gen/miner.wasm"); err != nil {
		t.Fatalf("web/gen/miner.wasm is missing: run `make wasm` (make test does) before these tests")
	}
}

// newMinerBrowser starts Chromium with script injected into every page,
// and the playground server.
func newMinerBrowser(t *testing.T, script string) (*browsertest.Browser, *browsertest.Server) {
	t.Helper()
	requireMinerBuilt(t)
	b := browsertest.New(t)
	_, err := chromedp.Run(b.Ctx, func(ctx context.Context, tg *chromedp.Target) (page.AddScriptToEvaluateOnNewDocumentResult, error) {
		return cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
	})
	require.NoError(t, err)
	return b, browsertest.StartServe(t, bin)
}

// foundFields is what the miner shows of a found block.
type foundFields struct {
	Data    string `json:"data"`
	Version string `json:"version"`
	Prev    string `json:"prev"`
	Merkle  string `json:"merkle"`
	Time    string `json:"time"`
	Bits    string `json:"bits"`
	Nonce   string `json:"nonce"`
	Hash    string `json:"hash"`
	Target  string `json:"target"`
}

func readFound(t *testing.T, ctx context.Context, id string) foundFields {
	t.Helper()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[foundFields](`(() => {
	  const text = (k) => document.getElementById("`+id+`-found-" + k).textContent.trim();
	  return { data: document.getElementById("`+id+`-data").value, version: text("version"), prev: text("prev"),
	    merkle: text("merkle"), time: text("time"), bits: text("bits"), nonce: text("nonce"),
	    hash: text("hash").replace(/\s+/g, ""), target: text("target").replace(/\s+/g, "") };
	})()`))
	require.NoError(t, err)
	return f
}

// headerFromDisplay rebuilds the header from what the page shows.
func headerFromDisplay(t *testing.T, f foundFields) pow.Header {
	t.Helper()
	version, err := strconv.ParseInt(f.Version, 10, 32)
	require.NoError(t, err)
	prev, err := pow.ParseDigest(f.Prev)
	require.NoError(t, err)
	merkle, err := pow.ParseDigest(f.Merkle)
	require.NoError(t, err)
	tm, err := strconv.ParseUint(f.Time, 10, 32)
	require.NoError(t, err)
	bits, err := strconv.ParseUint(f.Bits, 16, 32)
	require.NoError(t, err)
	nonce, err := strconv.ParseUint(f.Nonce, 10, 32)
	require.NoError(t, err)
	return pow.Header{Version: int32(version), PrevBlock: prev, MerkleRoot: merkle, Time: uint32(tm), Bits: uint32(bits), Nonce: uint32(nonce)}
}

func sha256d(b []byte) [32]byte {
	first := sha256.Sum256(b)
	return sha256.Sum256(first[:])
}

type workerEvent struct {
	T      float64 `json:"t"`
	Worker int     `json:"worker"`
	Type   string  `json:"type"`
	Hashes float64 `json:"hashes"`
}

func workerLog(t *testing.T, ctx context.Context) []workerEvent {
	t.Helper()
	log, err := chromedp.Run(ctx, chromedp.Evaluate[[]workerEvent](`window.__workerLog || []`))
	require.NoError(t, err)
	return log
}

// A block mined in the browser at 16 leading zero bits really is one: the
// header rebuilt in Go from the fields on the page hashes to the hash shown,
// under the target. Then, at 32 bits, Stop silences the workers within
// half a second, and Resume sets them going again.
func TestBrowserMinerMinesStopsAndResumes(t *testing.T) {
	b, srv := newMinerBrowser(t, workerLogScript)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/miner?bits=16"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="miner"][data-state="ready"]`)),
		chromedp.WaitEnabled(chromedp.CSS(`#miner-embed-mine`)),
		chromedp.Click(chromedp.CSS(`#miner-embed-mine`)),
	), "console: %v", b.Messages())
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("miner-embed-found")`, chromedp.WithPollingTimeout(90*time.Second)))
	require.NoError(t, err, "no block found; console: %v", b.Messages())

	f := readFound(t, ctx, "miner-embed")
	h := headerFromDisplay(t, f)
	assert.Equal(t, sha256d([]byte(f.Data)), h.MerkleRoot, "the merkle stand-in is sha256d(data)")
	d := h.Hash()
	assert.Equal(t, d.String(), f.Hash, "the hash shown is the header's")
	zeroBits, err := pow.ZeroBitsTarget(16)
	require.NoError(t, err)
	assert.True(t, d.Meets(zeroBits), "hash %s has 16 leading zero bits", d)
	assert.GreaterOrEqual(t, d.LeadingZeroBits(), 16)
	target, err := pow.CompactToTarget(h.Bits)
	require.NoError(t, err)
	assert.True(t, d.Meets(target), "and it meets the target of its own nBits")
	tb := make([]byte, 32)
	target.FillBytes(tb)
	assert.Equal(t, strings.ToLower(hexString(tb)), f.Target)

	cores, err := chromedp.Run(ctx, chromedp.Evaluate[int](`navigator.hardwareConcurrency`))
	require.NoError(t, err)
	log := workerLog(t, ctx)
	workers := map[int]bool{}
	found := 0
	for _, e := range log {
		if e.Type == "ready" {
			workers[e.Worker] = true
		}
		if e.Type == "found" {
			found++
		}
	}
	assert.Len(t, workers, min(cores, 8), "one worker per core")
	// Two workers can both find a nonce in the same chunk, before the stop
	// reaches the second; the widget shows the first.
	assert.GreaterOrEqual(t, found, 1)

	// A long search: it asks first, then mines until stopped.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/miner?bits=32"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="miner"][data-state="ready"]`)),
		chromedp.WaitEnabled(chromedp.CSS(`#miner-embed-mine`)),
		chromedp.Click(chromedp.CSS(`#miner-embed-mine`)),
		chromedp.WaitVisible(chromedp.CSS(`#miner-embed-confirm`)),
	), "console: %v", b.Messages())
	ask, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#miner-embed-ask`)))
	require.NoError(t, err)
	assert.Contains(t, ask, "Start anyway?")
	assert.Empty(t, workerLog(t, ctx), "no worker before the learner agrees")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#miner-embed-confirm`))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(window.__workerLog || []).filter(e => e.type === "progress").length >= 6`,
		chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "no progress; console: %v", b.Messages())

	stopAt, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById("miner-embed-stop").click(), performance.now()`))
	require.NoError(t, err)
	time.Sleep(1500 * time.Millisecond)
	log = workerLog(t, ctx)
	var last float64
	for _, e := range log {
		if e.Type == "progress" {
			last = max(last, e.T)
		}
	}
	t.Logf("the last progress message arrived %.0f ms after Stop was clicked", last-stopAt)
	assert.Less(t, last-stopAt, 500.0, "the last progress came %.0f ms after Stop", last-stopAt)
	run, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#miner-embed-status`), "data-run"))
	require.NoError(t, err)
	assert.Equal(t, "stopped", run.Value)
	hashesAtStop, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#miner-embed-hashes`), "data-hashes"))
	require.NoError(t, err)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitEnabled(chromedp.CSS(`#miner-embed-resume`)),
		chromedp.Click(chromedp.CSS(`#miner-embed-resume`)),
	))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(window.__workerLog || []).some(e => e.type === "progress" && e.t > `+strconv.FormatFloat(stopAt+1500, 'f', 0, 64)+`)`,
		chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err, "no progress after Resume")
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`+document.getElementById("miner-embed-hashes").dataset.hashes > `+hashesAtStop.Value,
		chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err, "the count goes on from where it stopped")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#miner-embed-stop`))))

	assert.Empty(t, b.Errors(), "console errors")
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// In the hashes lesson, editing block 2 of the chain turns blocks 2-4
// invalid; mining block 2 repairs it alone, and mining the rest repairs all.
func TestBrowserChainTamperAndReMine(t *testing.T) {
	b, srv := newMinerBrowser(t, workerLogScript)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	valid := func() []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[1,2,3,4].map(i => document.getElementById("chain-1-b" + i).dataset.valid)`))
		require.NoError(t, err)
		return v
	}
	waitValid := func(want string) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`[1,2,3,4].map(i => document.getElementById("chain-1-b" + i).dataset.valid).join(",") === "`+want+`"`,
			chromedp.WithPollingTimeout(60*time.Second)))
		require.NoError(t, err, "wanted %s, have %v; console: %v", want, valid(), b.Messages())
	}

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"lessons/hashes"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="chain"][data-state="ready"]`)),
	), "console: %v", b.Messages())
	assert.Equal(t, []string{"yes", "yes", "yes", "yes"}, valid())

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`#chain-1-b2-data`)),
		chromedp.SendKeys(chromedp.CSS(`#chain-1-b2-data`), " and 1000 more"),
	))
	waitValid("yes,no,no,no")
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#chain-1-summary`)))
	require.NoError(t, err)
	assert.Contains(t, summary, "Block 2 is invalid")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitEnabled(chromedp.CSS(`#chain-1-b2-mine`)),
		chromedp.Click(chromedp.CSS(`#chain-1-b2-mine`)),
	))
	waitValid("yes,yes,no,no")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitEnabled(chromedp.CSS(`#chain-1-remine`)),
		chromedp.Click(chromedp.CSS(`#chain-1-remine`)),
	))
	waitValid("yes,yes,yes,yes")

	// Check the repaired chain in Go: every block names the hash before it,
	// and every hash has 16 leading zero bits.
	type shown struct{ Prev, Hash string }
	blocks, err := chromedp.Run(ctx, chromedp.Evaluate[[]shown](`[1,2,3,4].map(i => ({
	  Prev: document.getElementById("chain-1-b" + i + "-prev").textContent.trim(),
	  Hash: document.getElementById("chain-1-b" + i + "-hash").textContent.trim() }))`))
	require.NoError(t, err)
	for i, bl := range blocks {
		d, err := pow.ParseDigest(bl.Hash)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, d.LeadingZeroBits(), 16, "block %d", i+1)
		if i > 0 {
			assert.Equal(t, blocks[i-1].Hash, bl.Prev, "block %d links to block %d", i+1, i)
		}
	}
	mined := 0
	for _, e := range workerLog(t, ctx) {
		if e.Type == "found" {
			mined++
		}
	}
	assert.GreaterOrEqual(t, mined, 3, "blocks 2, 3 and 4 were each mined by a worker")
	assert.Empty(t, b.Errors(), "console errors")
}

// The genesis widget mines Bitcoin's real genesis header and shows the
// famous hash.
func TestBrowserGenesisShowsTheFamousHash(t *testing.T) {
	b, srv := newMinerBrowser(t, workerLogScript)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/genesis"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="genesis"][data-state="ready"]`)),
		chromedp.WaitEnabled(chromedp.CSS(`#genesis-embed-verify`)),
		chromedp.Click(chromedp.CSS(`#genesis-embed-verify`)),
	), "console: %v", b.Messages())
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("genesis-embed-verdict")?.dataset.match === "yes"`,
		chromedp.WithPollingTimeout(90*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	hash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#genesis-embed-found-hash`)))
	require.NoError(t, err)
	assert.Equal(t, "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", strings.Join(strings.Fields(hash), ""))
	nonce, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#genesis-embed-found-nonce`)))
	require.NoError(t, err)
	assert.Equal(t, "2083236893", nonce)
	assert.Empty(t, b.Errors(), "console errors")
}

// Without Web Workers the miner says so and still mines, on the page.
func TestBrowserMinerWithoutWorkers(t *testing.T) {
	b, srv := newMinerBrowser(t, noWorkerScript)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/miner?bits=12"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="miner"][data-state="ready"]`)),
	), "console: %v", b.Messages())
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS(`[data-widget="miner"]`)))
	require.NoError(t, err)
	assert.Contains(t, html, "This browser cannot run Web Workers")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitEnabled(chromedp.CSS(`#miner-embed-mine`)),
		chromedp.Click(chromedp.CSS(`#miner-embed-mine`)),
	))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("miner-embed-found")`, chromedp.WithPollingTimeout(90*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	f := readFound(t, ctx, "miner-embed")
	h := headerFromDisplay(t, f)
	assert.Equal(t, h.Hash().String(), f.Hash)
	assert.GreaterOrEqual(t, h.Hash().LeadingZeroBits(), 12)
	assert.Empty(t, b.Errors(), "console errors")
}

// A static export under a sub-path mines offline: the worker script, the
// site's wasm_exec.js one folder above it and the worker's wasm all come
// from the service worker's cache, found relative to the worker's own URL.
// (prefixServer and build are the offline tests' helpers.)
func TestBrowserMinerOfflineUnderSubPath(t *testing.T) {
	requireMinerBuilt(t)
	dir := filepath.Join(t.TempDir(), "site")
	build(t, "--out", dir, "--base", "/course/")
	for _, f := range []string{"web/miner-worker.js", "web/go-worker.js", "web/gen/miner.wasm", "wasm_exec.js"} {
		_, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
	}
	ps := &prefixServer{addr: "127.0.0.1:0", dir: dir, prefix: "/course/"}
	ps.start(t)
	defer ps.stop()

	b := browsertest.New(t)
	_, err := chromedp.Run(b.Ctx, func(ctx context.Context, tg *chromedp.Target) (page.AddScriptToEvaluateOnNewDocumentResult, error) {
		return cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: workerLogScript})
	})
	require.NoError(t, err)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	embed := ps.url("/embed/miner?bits=12")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(embed),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="miner"][data-state="ready"]`)),
	), "console: %v", b.Messages())
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!navigator.serviceWorker.controller`, chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "the service worker takes control; console: %v", b.Messages())

	ps.stop()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(embed),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="miner"][data-state="ready"]`)),
		chromedp.WaitEnabled(chromedp.CSS(`#miner-embed-mine`)),
		chromedp.Click(chromedp.CSS(`#miner-embed-mine`)),
	), "offline; console: %v", b.Messages())
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("miner-embed-found")`, chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "no block found offline; console: %v", b.Messages())
	ready := 0
	for _, e := range workerLog(t, ctx) {
		if e.Type == "ready" {
			ready++
		}
	}
	assert.Positive(t, ready, "the workers started offline (not the main-thread fallback)")
	f := readFound(t, ctx, "miner-embed")
	h := headerFromDisplay(t, f)
	assert.Equal(t, h.Hash().String(), f.Hash)
	assert.GreaterOrEqual(t, h.Hash().LeadingZeroBits(), 12)
}
