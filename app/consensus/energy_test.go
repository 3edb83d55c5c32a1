//go:build !wasm

package consensus

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pos"
	"github.com/consensus-lab/playground/engine/pow"
)

func TestEnergyDefaultsAreTheEngineEstimates(t *testing.T) {
	e := &energyCompare{Placement: kit.Placement{ID: "energy-1"}}
	d := app.NewServerTester(e)
	defer d.Close()
	html := app.HTMLString(e)
	work, err := pow.EnergyFromBits(0x17034219, 17.5e-12)
	require.NoError(t, err)
	stake, err := pos.EstimateStakingEnergy(26200, 100)
	require.NoError(t, err)
	for key, v := range map[string]float64{
		"pow-hashes": work.HashesPerBlock, "pow-hashrate": work.HashRate, "pow-watts": work.PowerWatts,
		"pow-block": work.JoulesPerBlock, "pow-year": work.JoulesPerYear,
		"pos-watts": stake.PowerWatts, "pos-block": stake.JoulesPerBlock, "pos-year": stake.JoulesPerYear,
		"fraction": stake.FractionOf(work.JoulesPerYear),
	} {
		assert.Contains(t, html, `data-`+key+`="`+kit.Full(v)+`"`, key)
	}
	// The readable figures: about 86 T difficulty is 3.71e23 hashes, and
	// 2.62 MW for a year is 23.0 GWh.
	assert.Contains(t, html, "3.71 × 10^23")
	assert.Contains(t, html, "2.62 MW")
	assert.Contains(t, html, "23.0 GWh")
	assert.Contains(t, html, energyText(work.JoulesPerYear))
	assert.Contains(t, html, "Antminer S21")
	assert.Contains(t, html, "Beekhuizen")
	assert.NotContains(t, html, "your value")
}

func TestEnergyHashRateModeAndChangedAssumptions(t *testing.T) {
	e := &energyCompare{Placement: kit.Placement{ID: "e", Params: map[string]string{"mode": "hashrate", "hashrate": "500", "jth": "25", "machines": "1000", "watts": "60"}}}
	d := app.NewClientTester(e)
	defer d.Close()
	html := app.HTMLString(e)
	work, err := pow.EnergyFromHashRate(500e18, 25e-12)
	require.NoError(t, err)
	stake, err := pos.EstimateStakingEnergy(1000, 60)
	require.NoError(t, err)
	assert.Contains(t, html, `data-pow-year="`+kit.Full(work.JoulesPerYear)+`"`)
	assert.Contains(t, html, `data-pos-year="`+kit.Full(stake.JoulesPerYear)+`"`)
	assert.Contains(t, html, "(your value; the default is 17.5)")
	assert.Contains(t, html, "hash rate set to 500 EH/s (your value; the default is 600)")

	e.Set("jth", "abc") // a typo in the box
	assert.Contains(t, e.Notes()[0], `jth="abc" must be a number`)
	assert.Equal(t, "17.5", e.Value("jth"))
	e.Set("mode", "bits")
	e.Set("bits", "1d00ffff")
	want, err := pow.EnergyFromBits(0x1d00ffff, 17.5e-12)
	require.NoError(t, err)
	assert.Equal(t, want, e.work)
}

func TestEnergyUnits(t *testing.T) {
	assert.Equal(t, "1.00 kWh", energyText(pow.JoulesPerKWh))
	assert.Equal(t, "2.50 MWh", energyText(2.5e3*pow.JoulesPerKWh))
	assert.Equal(t, "94.8 TWh", energyText(94.8e9*pow.JoulesPerKWh))
	assert.Equal(t, "2.62 MW", powerText(2.62e6))
	assert.Equal(t, "100 W", powerText(100))
	assert.Equal(t, "10.8 GW", powerText(10.8e9))
}
