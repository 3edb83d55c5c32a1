package pos

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func nasConfig(double ...string) NothingAtStakeConfig {
	v := func(n string) Validator { return Validator{Name: n, Stake: 32 * GweiPerETH} }
	return NothingAtStakeConfig{
		Validators:    []Validator{v("ann"), v("ben"), v("cat"), v("dan"), v("eve"), v("fay")},
		DoubleSigners: double,
		Steps:         8,
		RewardPPM:     400, // 12.8e6 Gwei per canonical signature on 32 ETH
		Rule:          SlashingBellatrix,
		Seed:          SeedFromText("nothing-at-stake"),
	}
}

// Without slashing, signing both branches always lands on the winner, so
// it pays at least as well as picking one (strictly better when a single
// signer first picked the loser); with slashing it costs stake.
func TestNothingAtStake(t *testing.T) {
	cfg := nasConfig("ann", "ben")
	res, err := SimulateNothingAtStake(cfg)
	require.NoError(t, err)

	wo, wi := res.Without, res.With
	require.Len(t, wo.Steps, cfg.Steps)
	require.Len(t, wi.Steps, cfg.Steps)
	perSig := uint64(32*GweiPerETH) * 400 / 1_000_000

	// Without slashing: double signers collect every reward.
	for _, o := range wo.Outcomes {
		assert.Zero(t, o.Penalty)
		assert.False(t, o.Slashed)
		if o.Strategy == "both" {
			assert.Equal(t, uint64(cfg.Steps)*perSig, o.Reward, o.Name)
		} else {
			assert.LessOrEqual(t, o.Reward, uint64(cfg.Steps)*perSig, o.Name)
		}
	}
	assert.True(t, wo.DoubleSignPays, "the seed splits the single signers at height 1, so someone loses a reward")
	assert.Greater(t, wo.ReturnBoth, wo.ReturnOne)
	for _, st := range wo.Steps {
		assert.Contains(t, st.SignedA, "ann")
		assert.Contains(t, st.SignedB, "ann")
		assert.Empty(t, st.Slashed)
	}

	// With slashing: both are caught at height 1, pay 1/32 and are gone.
	require.Equal(t, []string{"ann", "ben"}, wi.Steps[0].Slashed)
	for _, st := range wi.Steps[1:] {
		assert.NotContains(t, st.SignedA, "ann")
		assert.NotContains(t, st.SignedB, "ann")
		assert.Empty(t, st.Slashed)
	}
	for _, o := range wi.Outcomes {
		if o.Strategy == "both" {
			assert.True(t, o.Slashed)
			assert.Equal(t, uint64(GweiPerETH), o.Penalty, "1/32 of 32 ETH")
			assert.Zero(t, o.Reward)
			assert.Equal(t, -int64(GweiPerETH), o.Net)
			assert.Equal(t, 31*GweiPerETH, o.StakeAfter)
		} else {
			assert.False(t, o.Slashed)
			assert.Positive(t, o.Net)
		}
	}
	assert.False(t, wi.DoubleSignPays)
	assert.Less(t, wi.ReturnBoth, 0.0)
	assert.True(t, wi.Resolved)
}

// If everyone follows the dominant strategy the fork never resolves: both
// branches carry the same weight at every height.
func TestNothingAtStakeEveryoneDoubleSigns(t *testing.T) {
	cfg := nasConfig("ann", "ben", "cat", "dan", "eve", "fay")
	res, err := SimulateNothingAtStake(cfg)
	require.NoError(t, err)
	for _, st := range res.Without.Steps {
		assert.Equal(t, "tie", st.Leader)
		assert.Equal(t, st.TotalA, st.TotalB)
	}
	assert.False(t, res.Without.Resolved)
	// With slashing the whole set is ejected at height 1.
	assert.Len(t, res.With.Steps[0].Slashed, 6)
	for _, st := range res.With.Steps[1:] {
		assert.Empty(t, st.SignedA)
		assert.Empty(t, st.SignedB)
	}
}

// With no double signers the two regimes are identical.
func TestNothingAtStakeHonestOnly(t *testing.T) {
	res, err := SimulateNothingAtStake(nasConfig())
	require.NoError(t, err)
	assert.Equal(t, res.Without.Outcomes, res.With.Outcomes)
	assert.Equal(t, res.Without.Steps, res.With.Steps)
	assert.True(t, res.Without.Resolved)
	assert.False(t, res.Without.DoubleSignPays)
	// After height 1 everyone follows the heavier branch.
	for _, st := range res.Without.Steps[1:] {
		assert.True(t, len(st.SignedA) == 0 || len(st.SignedB) == 0)
	}
}

func TestNothingAtStakeErrors(t *testing.T) {
	cfg := nasConfig("zed")
	_, err := SimulateNothingAtStake(cfg)
	assert.ErrorIs(t, err, ErrUnknownName)
	cfg = nasConfig()
	cfg.Steps = 0
	_, err = SimulateNothingAtStake(cfg)
	assert.ErrorIs(t, err, ErrBadSimulation)
	cfg.Steps = MaxNothingAtStakeSteps + 1
	_, err = SimulateNothingAtStake(cfg)
	assert.ErrorIs(t, err, ErrBadSimulation)
	cfg = nasConfig()
	cfg.Validators = nil
	_, err = SimulateNothingAtStake(cfg)
	assert.ErrorIs(t, err, ErrNoValidators)
}
