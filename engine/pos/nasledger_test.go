package pos

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ledger's last row is the run's outcome, for every regime and mix of
// strategies; each row's stake is before + rewards - penalties.
func TestNASLedgerEndsAtOutcomes(t *testing.T) {
	mixed := nasConfig("ann", "ben")
	mixed.Validators[2].Stake = 16 * GweiPerETH
	mixed.Validators[5].Stake = 64 * GweiPerETH
	for name, cfg := range map[string]NothingAtStakeConfig{
		"two double signers": nasConfig("ann", "ben"),
		"everyone":           nasConfig("ann", "ben", "cat", "dan", "eve", "fay"),
		"honest":             nasConfig(),
		"mixed stakes":       mixed,
	} {
		res, err := SimulateNothingAtStake(cfg)
		require.NoError(t, err, name)
		for _, run := range []NASRun{res.Without, res.With} {
			t.Run(fmt.Sprintf("%s/slashing=%v", name, run.Slashing), func(t *testing.T) {
				rows, err := NASLedger(cfg, run)
				require.NoError(t, err)
				require.Len(t, rows, cfg.Steps)
				last := rows[len(rows)-1]
				for i, o := range run.Outcomes {
					e := last.Entries[i]
					assert.Equal(t, o.Name, e.Name)
					assert.Equal(t, o.Strategy, e.Strategy)
					assert.Equal(t, o.Reward, e.Reward, o.Name)
					assert.Equal(t, o.Penalty, e.Penalty, o.Name)
					assert.Equal(t, o.StakeAfter, e.Stake, o.Name)
					assert.Equal(t, o.Slashed, e.Slashed, o.Name)
				}
				var prev []NASLedgerEntry
				for h, row := range rows {
					assert.Equal(t, run.Steps[h].Height, row.Height)
					for i, e := range row.Entries {
						assert.Equal(t, cfg.Validators[i].Stake+e.Reward-e.Penalty, e.Stake)
						before := uint64(0)
						if prev != nil {
							before = prev[i].Reward
						}
						assert.Equal(t, before+e.StepReward, e.Reward, "rewards add up")
						assert.Equal(t, e.SlashedNow, slices.Contains(run.Steps[h].Slashed, e.Name))
					}
					prev = row.Entries
				}
			})
		}
	}
}

func TestNASLedgerShowsWhoSignedWhatAndWhenSlashed(t *testing.T) {
	cfg := nasConfig("ann")
	res, err := SimulateNothingAtStake(cfg)
	require.NoError(t, err)

	without, err := NASLedger(cfg, res.Without)
	require.NoError(t, err)
	perSig := cfg.Validators[0].Stake * cfg.RewardPPM / 1_000_000
	for _, row := range without {
		ann := row.Entries[0]
		assert.Equal(t, "both", ann.Signed)
		assert.Equal(t, perSig, ann.StepReward, "one of the two signatures is always on the winner")
		assert.False(t, ann.Slashed)
	}

	with, err := NASLedger(cfg, res.With)
	require.NoError(t, err)
	first := with[0].Entries[0]
	assert.Equal(t, "both", first.Signed)
	assert.True(t, first.SlashedNow)
	assert.Zero(t, first.StepReward, "slashed: its rewards are forfeit")
	assert.Equal(t, cfg.Validators[0].Stake/32, first.Penalty, "bellatrix: 1/32")
	for _, row := range with[1:] {
		ann := row.Entries[0]
		assert.Empty(t, ann.Signed, "ejected: signs nothing")
		assert.True(t, ann.Slashed)
		assert.False(t, ann.SlashedNow)
	}
	// The honest validators sign exactly one branch at every height.
	for _, row := range with {
		for _, e := range row.Entries[1:] {
			assert.Contains(t, []string{"A", "B"}, e.Signed, e.Name)
		}
	}
}

func TestNASLedgerRejectsAMismatchedRun(t *testing.T) {
	cfg := nasConfig("ann")
	res, err := SimulateNothingAtStake(cfg)
	require.NoError(t, err)

	other := cfg
	other.Steps = cfg.Steps + 1
	_, err = NASLedger(other, res.With)
	assert.ErrorIs(t, err, ErrBadSimulation)

	other = cfg
	other.Validators = append([]Validator(nil), cfg.Validators...)
	other.Validators[1].Name = "zed"
	_, err = NASLedger(other, res.With)
	assert.ErrorIs(t, err, ErrBadSimulation)

	run := res.With
	run.Winner = "C"
	_, err = NASLedger(cfg, run)
	assert.ErrorIs(t, err, ErrBadSimulation)

	_, err = NASLedger(cfg, NASRun{})
	assert.ErrorIs(t, err, ErrBadSimulation)
}
