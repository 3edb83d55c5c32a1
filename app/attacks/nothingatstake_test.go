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
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/pos"
)

// nasEngine recomputes, from the engine alone, what the widget should
// show for its default validators (in Gwei) and the given double signers.
func nasEngine(t *testing.T, double []string, steps int) (pos.NothingAtStakeConfig, pos.NothingAtStake, [2][]pos.NASLedgerRow) {
	t.Helper()
	var vals []pos.Validator
	for _, n := range []string{"alice", "bob", "carol", "dave", "erin"} {
		vals = append(vals, pos.Validator{Name: n, Stake: 32 * pos.GweiPerETH})
	}
	cfg := pos.NothingAtStakeConfig{Validators: vals, DoubleSigners: double, Steps: steps, RewardPPM: 400,
		Rule: pos.SlashingElectra, Seed: pos.SeedFromText("fork")}
	res, err := pos.SimulateNothingAtStake(cfg)
	require.NoError(t, err)
	var ledgers [2][]pos.NASLedgerRow
	ledgers[0], err = pos.NASLedger(cfg, res.Without)
	require.NoError(t, err)
	ledgers[1], err = pos.NASLedger(cfg, res.With)
	require.NoError(t, err)
	return cfg, res, ledgers
}

// Every cell of the height-by-height table, the final columns and the
// comparison are the engine's, for the run the toggle shows.
func TestNothingAtStakeShowsTheEngineRun(t *testing.T) {
	cfg, res, ledgers := nasEngine(t, []string{"alice", "bob"}, 6)
	c := &nothingAtStake{Placement: kit.Placement{ID: "nas", Params: map[string]string{}}}
	d := app.NewClientTester(c)
	defer d.Close()
	for regime, run := range []pos.NASRun{res.Without, res.With} {
		c.Set("slashing", strconv.FormatBool(regime == 1))
		c.Update()
		d.Consume()
		html := app.HTMLString(c)
		for _, row := range ledgers[regime] {
			for i, e := range row.Entries {
				cell := kittest.Attrs(t, html, "nas-cell-"+strconv.Itoa(i)+"-"+strconv.FormatUint(row.Height, 10))
				assert.Equal(t, e.Signed, cell["data-signed"], "%s h%d", e.Name, row.Height)
				assert.Equal(t, strconv.FormatUint(e.StepReward, 10), cell["data-reward"])
				assert.Equal(t, strconv.FormatUint(e.Stake, 10), cell["data-stake"])
				assert.Equal(t, kit.YesNo(e.SlashedNow), cell["data-slashed"])
			}
		}
		for i, o := range run.Outcomes {
			assert.Equal(t, strconv.FormatUint(o.Reward, 10), kittest.Attrs(t, html, "nas-reward-"+strconv.Itoa(i))["data-gwei"])
			assert.Equal(t, strconv.FormatUint(o.Penalty, 10), kittest.Attrs(t, html, "nas-penalty-"+strconv.Itoa(i))["data-gwei"])
			assert.Equal(t, strconv.FormatUint(o.StakeAfter, 10), kittest.Attrs(t, html, "nas-stake-"+strconv.Itoa(i))["data-gwei"])
			assert.Equal(t, nasFmtETH(o.StakeAfter), kittest.Text(t, html, "nas-stake-"+strconv.Itoa(i)))
		}
		assert.Equal(t, kit.YesNo(run.DoubleSignPays), kittest.Attrs(t, html, "nas-verdict")["data-pays"])
		for key, r := range map[string]pos.NASRun{"without": res.Without, "with": res.With} {
			row := kittest.Attrs(t, html, "nas-cmp-"+key)
			assert.Equal(t, kit.Full(r.ReturnOne), row["data-return-one"])
			assert.Equal(t, kit.Full(r.ReturnBoth), row["data-return-both"])
			assert.Equal(t, r.Slashing == (regime == 1), strings.Contains(row["class"], "current"), key)
		}
	}
	// What the lesson relies on: double signing pays without slashing and
	// costs with it; the two double signers are slashed at the first height.
	assert.True(t, res.Without.DoubleSignPays)
	assert.False(t, res.With.DoubleSignPays)
	assert.Equal(t, []string{"alice", "bob"}, res.With.Steps[0].Slashed)
	html := app.HTMLString(c)
	assert.Contains(t, kittest.Text(t, html, "nas-cmp-with"), "alice (h1), bob (h1)")
	// Electra's minimum penalty is 1/4096 of the balance (EIP-7251).
	penalty := nasFmtETH(cfg.Validators[0].Stake / 4096)
	assert.Equal(t, "0.0078125", penalty, "electra takes 1/4096 of 32 ETH")
	assert.Contains(t, kittest.Text(t, html, "nas-cell-0-1"), "slashed −"+penalty)
}

func TestNothingAtStakeTogglesDoubleSigners(t *testing.T) {
	c := &nothingAtStake{Placement: kit.Placement{ID: "nas", Params: map[string]string{"steps": "4"}}}
	d := app.NewClientTester(c)
	defer d.Close()
	c.toggleDouble("bob", false)
	assert.Equal(t, "alice", c.Values()["double"])
	c.toggleDouble("erin", true)
	assert.Equal(t, "alice,erin", c.Values()["double"], "validator order")
	_, res, _ := nasEngine(t, []string{"alice", "erin"}, 4)
	assert.Equal(t, res, c.res)

	c.toggleDouble("alice", false)
	c.toggleDouble("erin", false)
	c.Update()
	d.Consume()
	html := app.HTMLString(c)
	assert.Contains(t, kittest.Text(t, html, "nas-verdict"), "Nobody signs both branches")
	assert.Equal(t, c.res.Without.Outcomes, c.res.With.Outcomes)
}

func TestNothingAtStakeBadParams(t *testing.T) {
	for _, params := range []map[string]string{
		{"validators": "alice:32,bob"},
		{"double": "zed"},
		{"validators": "a:1,b:1,c:1,d:1,e:1,f:1,g:1,h:1,i:1"},
		{"validators": "a:0,b:32", "double": ""},
		{"validators": "a:20000000"},
		{"double": "alice,alice"},
	} {
		c := &nothingAtStake{Placement: kit.Placement{ID: "nas", Params: params}}
		d := app.NewServerTester(c)
		html := app.HTMLString(c)
		d.Close()
		assert.Contains(t, html, "using the default validators", "%v", params)
		assert.Len(t, c.cfg.Validators, 5, "%v", params)
		assert.Empty(t, c.err)
		assert.Error(t, kit.Spec("nothingatstake").Validate(mergeDefaults(t, "nothingatstake", params)), "%v: a lesson may not ask for it", params)
	}
	c := &nothingAtStake{Placement: kit.Placement{ID: "nas", Params: map[string]string{"validators": "x:1000,y:1", "double": "y", "rule": "electra", "slashing": "true"}}}
	d := app.NewServerTester(c)
	defer d.Close()
	assert.Empty(t, c.Notes())
	require.Len(t, c.cfg.Validators, 2)
	assert.Equal(t, 1000*pos.GweiPerETH, c.cfg.Validators[0].Stake, "ETH in, Gwei simulated")
	assert.Equal(t, pos.SlashingElectra, c.cfg.Rule)
	assert.Equal(t, (1*pos.GweiPerETH)/4096, c.res.With.Outcomes[1].Penalty)
}

func TestNasFormatting(t *testing.T) {
	assert.Equal(t, "0", nasFmtETH(0))
	assert.Equal(t, "32", nasFmtETH(32*pos.GweiPerETH))
	assert.Equal(t, "0.0128", nasFmtETH(12_800_000))
	assert.Equal(t, "0.000000001", nasFmtETH(1))
	assert.Equal(t, "+0.24%", nasReturn(0.0024))
	assert.Equal(t, "−3.12%", nasReturn(-0.03125))
	assert.Equal(t, "0%", nasReturn(0))
}

// mergeDefaults fills a widget's defaults under params, as Check does
// before Validate.
func mergeDefaults(t *testing.T, name string, params map[string]string) map[string]string {
	t.Helper()
	spec, ok := widgetspec.Lookup(name)
	require.True(t, ok, name)
	v, _ := spec.Resolve(params)
	return v
}
