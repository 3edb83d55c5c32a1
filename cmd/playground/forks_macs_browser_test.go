//go:build !wasm

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/lengthext"
	"github.com/consensus-lab/playground/engine/pow"
)

// In a real browser the selfish-mining widget shows the engine's run, and
// moving the pool's share past the threshold turns the verdict; the forks
// widget shows the engine's stale rate and draws its tree.
func TestBrowserForksAndSelfishMining(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)

	waitReady(t, b, ctx, srv.URL+"embed/selfish?alpha=25&gamma=0&blocks=50000&seed=4", "selfish")
	summary := `document.getElementById("selfish-embed-summary").dataset`
	read := func(key string) string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](summary+"."+key))
		require.NoError(t, err)
		return v
	}
	want, err := pow.SimulateSelfish(pow.SelfishSim{Alpha: 0.25, Blocks: 50000, Seed: 4})
	require.NoError(t, err)
	assertClose(t, want.Revenue, parseF(t, read("revenue")), "revenue of the run")
	assert.Equal(t, "no", read("pays"), "a quarter of the hash rate is below the third of gamma 0")

	// A slider: the kit listens to input events, as a dragged thumb sends.
	require.NoError(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const el = document.getElementById("selfish-embed-alpha");
		el.value = "40";
		el.dispatchEvent(new Event("input", {bubbles: true}));
	})(); undefined`)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](summary+`.pays === "yes"`, chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "40% is above the threshold: withholding pays")
	assertClose(t, pow.SelfishRevenue(0.40, 0), parseF(t, read("closedForm")), "closed form at 40%")

	waitReady(t, b, ctx, srv.URL+"embed/forks?nodes=8&interval=60&delay=6000&blocks=5000&show=60&seed=2", "forks")
	forks, err := pow.SimulateForks(pow.ForkSim{Nodes: 8, Interval: 60, Delay: 6, Blocks: 5000, Seed: 2, Keep: 60})
	require.NoError(t, err)
	rate, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("forks-embed-summary").dataset.staleRate`))
	require.NoError(t, err)
	assertClose(t, forks.StaleRate, parseF(t, rate), "stale rate")
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-widget="forks"] .fork-tree rect').length`))
	require.NoError(t, err)
	assert.Equal(t, len(forks.Kept), boxes, "one box per drawn block")
	assert.Empty(t, b.Errors(), "console errors")
}

// In a real browser the length-extension widget's forged tag is what
// SHA-256 gives for secret || forged message, the naive server accepts it
// and an HMAC server refuses it; HMAC's steps end in RFC 4231's tag.
func TestBrowserLengthExtensionAndHMACSteps(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)

	const secret, msg, suffix = "s3cr3t-k3y", "amount=100&to=alice", "&to=mallory"
	waitReady(t, b, ctx, srv.URL+"embed/lengthext?secret="+secret+"&message=amount%3D100%26to%3Dalice&suffix=%26to%3Dmallory&guess=10&verifier=naive", "lengthext")
	forged := append(append([]byte(msg), lengthext.Padding(uint64(len(secret)+len(msg)))...), suffix...)
	direct := sha256.Sum256(append([]byte(secret), forged...))
	tag, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("lengthext-embed-forged-tag").textContent`))
	require.NoError(t, err)
	assert.Equal(t, hex.EncodeToString(direct[:]), tag)
	accepted := `document.getElementById("lengthext-embed-verdict").dataset.accepted`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](accepted))
	require.NoError(t, err)
	assert.Equal(t, "yes", got, "the naive server accepts the forgery")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#lengthext-embed-verifier-1`))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](accepted+` === "no"`, chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "an HMAC server refuses it")

	// RFC 4231 test case 2, the one whose key and data are text.
	waitReady(t, b, ctx, srv.URL+"embed/hmacsteps?key=Jefe&message=what+do+ya+want+for+nothing%3F", "hmacsteps")
	hmacTag, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("hmacsteps-embed-tag").textContent`))
	require.NoError(t, err)
	raw, err := os.ReadFile("../../engine/internal/vectors/testdata/hmac.json")
	require.NoError(t, err)
	var v struct {
		RFC4231 struct {
			Cases []struct {
				Data string `json:"data_ascii"`
				Tag  string `json:"hmac_sha256"`
			} `json:"cases"`
		} `json:"rfc4231"`
	}
	require.NoError(t, json.Unmarshal(raw, &v))
	require.Equal(t, "what do ya want for nothing?", v.RFC4231.Cases[1].Data)
	assert.Equal(t, v.RFC4231.Cases[1].Tag, hmacTag, "RFC 4231 test case 2")
	assert.Empty(t, b.Errors(), "console errors")
}
