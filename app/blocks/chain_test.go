//go:build !wasm

package blocks

import (
	"strconv"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/mining/pool"
	"github.com/consensus-lab/playground/app/mining/pool/pooltest"
	"github.com/consensus-lab/playground/engine/pow"
)

func TestChainStartsValidAtEveryDifficulty(t *testing.T) {
	for bits := 8; bits <= 20; bits++ {
		c := &chain{Placement: kit.Placement{ID: "c", Params: map[string]string{"bits": strconv.Itoa(bits), "blocks": "5"}}}
		c.OnInit()
		for i, v := range c.views() {
			if !assert.True(t, v.valid, "bits %d block %d", bits, i+1) {
				// Print what the table should hold.
				h := v.header
				target, _ := pow.CompactToTarget(h.Bits)
				t.Logf("bits %d block %d: first nonce is %d", bits, i+1, pooltest.Nonce(t, h, target))
			}
		}
	}
}

func TestChainEditBreaksTheRestUntilReMined(t *testing.T) {
	f := pooltest.Use(t, 2, true)
	c := &chain{Placement: kit.Placement{ID: "c", Params: map[string]string{"bits": "10"}}}
	d := app.NewClientTester(c)
	defer d.Close()
	html := app.HTMLString(c)
	for i := 1; i <= 4; i++ {
		assert.Equal(t, "yes", kittest.Attrs(t, html, "c-b"+strconv.Itoa(i))["data-valid"])
	}
	assert.Equal(t, "yes", kittest.Attrs(t, html, "c-summary")["data-valid"])

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
		assert.Equal(t, want, kittest.Attrs(t, html, "c-b"+strconv.Itoa(i+1))["data-valid"], "block %d", i+1)
	}
	assert.Equal(t, "no", kittest.Attrs(t, html, "c-summary")["data-valid"])

	// Mine every invalid block in order, each on the pool.
	c.queue = true
	c.mineNextInvalid()
	for i := 1; i < 4; i++ {
		require.Equal(t, i, c.mining)
		f.ReadyAll()
		w := f.Workers[0]
		h := c.views()[i].header
		require.Equal(t, h.Hex(), w.Last(t).Header)
		w.Send(pool.Msg{Type: "found", Job: w.Last(t).Job, Nonce: pooltest.Nonce(t, h, c.target)})
	}
	assert.Equal(t, -1, c.mining)
	for i, v := range c.views() {
		assert.True(t, v.valid, "block %d", i+1)
	}
	assert.Equal(t, views[0].hash, c.views()[0].hash, "block 1 was never touched")
}
