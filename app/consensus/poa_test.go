//go:build !wasm

package consensus

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pos"
)

func simulatePoA(t *testing.T, signers []string, offline []string, blocks int, seed string) pos.PoARun {
	t.Helper()
	c, err := pos.NewClique(signers)
	require.NoError(t, err)
	run, err := c.Simulate(blocks, offline, pos.SeedFromText(seed))
	require.NoError(t, err)
	return run
}

// sealersIn reads the block strip back: the signer of each block in order.
func sealersIn(html string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<li[^>]*data-signer="([^"]+)"[^>]*>\s*<span class="pos-block-no">`).FindAllStringSubmatch(html, -1) {
		out = append(out, m[1])
	}
	return out
}

func signersOf(run pos.PoARun) []string {
	out := make([]string, len(run.Blocks))
	for i, b := range run.Blocks {
		out[i] = b.Signer
	}
	return out
}

func TestPoAAllOnlineSealsInTurn(t *testing.T) {
	p := &poaRotation{Placement: kit.Placement{ID: "poa-1", Params: map[string]string{"signers": "a,b,c,d,e", "blocks": "10"}}}
	d := app.NewServerTester(p)
	defer d.Close()
	html := app.HTMLString(p)
	run := simulatePoA(t, []string{"a", "b", "c", "d", "e"}, nil, 10, "clique")
	assert.Equal(t, 10, run.InTurn)
	assert.Equal(t, signersOf(run), sealersIn(html))
	assert.Equal(t, []string{"b", "c", "d", "e", "a", "b", "c", "d", "e", "a"}, sealersIn(html), "block n is signer n mod 5's")
	assert.Contains(t, html, `data-limit="3"`)
	assert.Contains(t, html, "consecutive blocks (floor(5/2) + 1)")
	assert.Contains(t, html, "with up to 2 signers offline")
	assert.NotContains(t, html, "Stalled")
}

func TestPoAOfflineSignersThenStall(t *testing.T) {
	p := &poaRotation{Placement: kit.Placement{ID: "poa-1", Params: map[string]string{"signers": "a,b,c,d,e", "blocks": "12", "seed": "s"}}}
	d := app.NewClientTester(p)
	defer d.Close()

	p.setOnline("c", false) // what unticking c does
	p.Update()
	d.Consume()
	html := app.HTMLString(p)
	run := simulatePoA(t, []string{"a", "b", "c", "d", "e"}, []string{"c"}, 12, "s")
	require.False(t, run.Stalled)
	assert.Equal(t, signersOf(run), sealersIn(html))
	assert.Positive(t, run.OutOfTurn)
	assert.Contains(t, html, `data-outofturn="`+strconv.Itoa(run.OutOfTurn)+`"`)
	assert.Contains(t, html, "out of turn, c&#39;s turn")
	assert.Equal(t, "c", p.Value("offline"))

	p.setOnline("a", false)
	require.False(t, p.run.Stalled, "two offline of five is still fine")
	p.setOnline("e", false)
	p.Update()
	d.Consume()
	html = app.HTMLString(p)
	run = simulatePoA(t, []string{"a", "b", "c", "d", "e"}, []string{"a", "c", "e"}, 12, "s")
	require.True(t, run.Stalled)
	assert.Contains(t, html, `data-stalled-at="`+strconv.Itoa(int(run.StalledAt))+`"`)
	assert.Contains(t, html, "only 2 signers are online")
	assert.Equal(t, signersOf(run), sealersIn(html))
	assert.Equal(t, "a,c,e", p.Value("offline"))

	p.setOnline("a", true)
	assert.False(t, p.run.Stalled, "back online, the chain goes on")
}

func TestPoABadParamsAreRepairedOrFallBack(t *testing.T) {
	p := &poaRotation{Placement: kit.Placement{ID: "p", Params: map[string]string{"signers": "a,b,c", "offline": "zed,b"}}}
	d := app.NewServerTester(p)
	defer d.Close()
	html := app.HTMLString(p)
	assert.Contains(t, html, `Note: offline: &#34;zed&#34; is not a signer; ignored`)
	assert.Equal(t, "b", p.Value("offline"))
	assert.Equal(t, []string{"b"}, p.run.Offline)

	// Renaming signers drops offline names that no longer exist.
	p.Set("signers", "a,c,d")
	assert.Empty(t, p.Value("offline"))
	assert.Equal(t, []string{"a", "c", "d"}, p.run.Signers)

	p.Set("signers", "a,a")
	assert.Contains(t, strings.Join(p.Notes(), "|"), "using the default signers, none offline")
	assert.Len(t, p.run.Signers, 5)
}
