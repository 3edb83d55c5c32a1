//go:build !wasm

package attacks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/pos"
)

// Every cell of the table is pos.AnalyzeFinality for its rule.
func TestFinalityTableIsTheEngine(t *testing.T) {
	for _, tc := range []struct{ attacker, total int }{{100, 300}, {101, 300}, {200, 300}, {201, 300}, {0, 300}, {300, 300}, {34, 100}, {33, 99}} {
		c := &finalityWidget{Placement: kit.Placement{ID: "fin", Params: map[string]string{"attacker": strconv.Itoa(tc.attacker), "total": strconv.Itoa(tc.total)}}}
		d := app.NewServerTester(c)
		html := app.HTMLString(c)
		d.Close()
		require.Contains(t, html, `data-widget="finality"`)
		for _, r := range finalityRules {
			a, err := pos.AnalyzeFinality(r.rule, uint64(tc.attacker), uint64(tc.total))
			require.NoError(t, err)
			cell := func(key string) string { return kittest.Attrs(t, html, "fin-"+r.key+"-"+key)["data-value"] }
			msg := r.key + " " + strconv.Itoa(tc.attacker) + "/" + strconv.Itoa(tc.total)
			assert.Equal(t, strconv.FormatUint(a.Supermajority, 10), cell("super"), msg)
			assert.Equal(t, strconv.FormatUint(a.Halting, 10), cell("halting"), msg)
			assert.Equal(t, strconv.FormatUint(a.MinSlashableConflict, 10), cell("conflict-min"), msg)
			assert.Equal(t, kit.YesNo(a.CanHaltFinality), cell("halt"), msg)
			assert.Equal(t, kit.YesNo(a.CanFinalizeAlone), cell("alone"), msg)
			assert.Equal(t, kit.YesNo(a.HonestCanFinalize), cell("honest"), msg)
			assert.Equal(t, kit.YesNo(a.CanCauseConflict), cell("conflict"), msg)
		}
	}
}

// Exactly one third of 300 is where the rules part: Tendermint's
// attacker can halt finality, Ethereum's cannot, though it already
// covers the overlap two conflicting checkpoints need.
func TestFinalityOneThirdBoundary(t *testing.T) {
	c := &finalityWidget{Placement: kit.Placement{ID: "fin", Params: map[string]string{"attacker": "100", "total": "300"}}}
	d := app.NewServerTester(c)
	defer d.Close()
	html := app.HTMLString(c)
	assert.Equal(t, "conflict", kittest.Attrs(t, html, "fin-summary-ffg")["data-kind"])
	assert.Equal(t, "halt", kittest.Attrs(t, html, "fin-summary-tendermint")["data-kind"])
	assert.Contains(t, kittest.Text(t, html, "fin-summary-ffg"), "At least 100 of its stake would be provably slashable.")
	assert.Contains(t, kittest.Text(t, html, "fin-summary-tendermint"), "The rest hold less than the 201 needed.")
}

// The scale's zones start where the engine's thresholds say, and cover
// every stake from 0 to the total once.
func TestFinalityScaleZones(t *testing.T) {
	for _, total := range []int{300, 100, 99, 7} {
		c := &finalityWidget{Placement: kit.Placement{ID: "fin", Params: map[string]string{"attacker": "0", "total": strconv.Itoa(total)}}}
		d := app.NewServerTester(c)
		d.Close()
		for i, r := range finalityRules {
			T := uint64(total)
			super, halt, conflict := r.rule.MinSupermajority(T), r.rule.MinHalting(T), r.rule.MinSlashableConflict(T)
			kindOf := func(a uint64) string {
				switch {
				case a >= super:
					return "alone"
				case a >= halt:
					return "halt"
				case a >= conflict:
					return "conflict"
				}
				return "safe"
			}
			zones := c.zones[i]
			require.NotEmpty(t, zones)
			assert.Zero(t, zones[0].from)
			assert.Equal(t, T, zones[len(zones)-1].to)
			for j, z := range zones {
				if j > 0 {
					assert.Equal(t, zones[j-1].to+1, z.from, "contiguous")
					assert.NotEqual(t, zones[j-1].kind, z.kind, "merged")
				}
				for a := z.from; a <= z.to; a++ {
					assert.Equal(t, kindOf(a), z.kind, "%s T=%d a=%d", r.key, total, a)
				}
			}
		}
	}
	c := &finalityWidget{Placement: kit.Placement{ID: "fin", Params: map[string]string{"attacker": "150", "total": "300"}}}
	d := app.NewServerTester(c)
	defer d.Close()
	html := app.HTMLString(c)
	label := kittest.Attrs(t, html, "fin-scale-ffg")["aria-label"]
	assert.Contains(t, label, "from 200 (66.67%) to 300 (100%) the attacker finalizes whatever it likes on its own")
	assert.Contains(t, label, "The marker is at 150 (50%).")
	assert.Len(t, c.zones[0], 4, "FFG at 300: safe, conflict (exactly 100), halt, alone")
	assert.Len(t, c.zones[1], 3, "Tendermint at 300: safe, halt, alone")
	assert.Equal(t, 7, strings.Count(html, `class="zone zone-`), "every zone is drawn")
}

func TestFinalityClampsAttackerToTotal(t *testing.T) {
	c := &finalityWidget{Placement: kit.Placement{ID: "fin", Params: map[string]string{"attacker": "400", "total": "300"}}}
	d := app.NewClientTester(c)
	defer d.Close()
	assert.Equal(t, uint64(300), c.attacker)
	assert.Contains(t, app.HTMLString(c), "Note: attacker=400 is more than total=300; using 300")
	assert.Error(t, kit.Spec("finality").Validate(map[string]string{"attacker": "400", "total": "300"}), "a lesson may not ask for it")

	c.Set("attacker", "201")
	c.Update()
	d.Consume()
	html := app.HTMLString(c)
	assert.Equal(t, "yes", kittest.Attrs(t, html, "fin-tendermint-alone")["data-value"])
	assert.Empty(t, c.Notes(), "the note went with the bad value")
	c.Set("total", "2")
	assert.Equal(t, uint64(3), c.total, "clamped to the minimum")
	assert.Equal(t, uint64(3), c.attacker, "and the attacker with it")
}
