package pos

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSupermajorityBoundary(t *testing.T) {
	// Ethereum: 3*s >= 2*T. 200 of 300 finalizes; Tendermint needs 201.
	assert.True(t, FFGRule.IsSupermajority(200, 300))
	assert.False(t, TendermintRule.IsSupermajority(200, 300))
	assert.True(t, TendermintRule.IsSupermajority(201, 300))
	assert.False(t, FFGRule.IsSupermajority(199, 300))
	assert.Equal(t, uint64(200), FFGRule.MinSupermajority(300))
	assert.Equal(t, uint64(201), TendermintRule.MinSupermajority(300))
	assert.Equal(t, uint64(67), FFGRule.MinSupermajority(100))
	assert.Equal(t, uint64(67), TendermintRule.MinSupermajority(100))
	// No overflow at the top of uint64.
	top := uint64(1<<64 - 1)
	assert.True(t, FFGRule.IsSupermajority(top, top))
	assert.False(t, FFGRule.IsSupermajority(top/3*2-1, top))
	assert.True(t, FFGRule.IsSupermajority(FFGRule.MinSupermajority(top), top))
	assert.False(t, FFGRule.IsSupermajority(FFGRule.MinSupermajority(top)-1, top))
}

// The thresholds must agree with brute force over every attacker stake for
// small totals: halting is the least a whose absence breaks the honest
// supermajority, the conflict bound the least overlap of two supermajorities.
func TestThresholdsMatchBruteForce(t *testing.T) {
	for _, rule := range []ThresholdRule{FFGRule, TendermintRule} {
		for total := uint64(1); total <= 60; total++ {
			var minSuper, minHalt uint64 = total + 1, total + 1
			for s := total; ; s-- {
				if rule.IsSupermajority(s, total) {
					minSuper = s
				}
				if !rule.IsSupermajority(total-s, total) {
					minHalt = s
				}
				if s == 0 {
					break
				}
			}
			assert.Equal(t, minSuper, rule.MinSupermajority(total), "%s T=%d", rule.Name, total)
			assert.Equal(t, minHalt, rule.MinHalting(total), "%s T=%d", rule.Name, total)
			overlap := total + 1
			for q1 := minSuper; q1 <= total; q1++ {
				for q2 := minSuper; q2 <= total; q2++ {
					if o := q1 + q2 - total; q1+q2 >= total && o < overlap {
						overlap = o
					}
				}
			}
			assert.Equal(t, overlap, rule.MinSlashableConflict(total), "%s T=%d", rule.Name, total)
			assert.GreaterOrEqual(t, 3*rule.MinSlashableConflict(total), total, "at least a third")
			if rule == FFGRule {
				for a := uint64(0); a <= total; a++ {
					an, err := AnalyzeFinality(rule, a, total)
					require.NoError(t, err)
					assert.Equal(t, 3*a > total, an.CanHaltFinality, "more than a third halts: T=%d a=%d", total, a)
					assert.Equal(t, 3*a >= 2*total, an.CanFinalizeAlone, "T=%d a=%d", total, a)
				}
			}
		}
	}
}

func TestAnalyzeFinality(t *testing.T) {
	tests := []struct {
		rule                                     ThresholdRule
		attacker, total                          uint64
		halt, alone, honest, conflict            bool
		supermajority, halting, minSlashConflict uint64
	}{
		{FFGRule, 33, 100, false, false, true, false, 67, 34, 34},
		{FFGRule, 34, 100, true, false, false, true, 67, 34, 34},
		{FFGRule, 66, 99, true, true, false, true, 66, 34, 33},
		{FFGRule, 33, 99, false, false, true, true, 66, 34, 33},
		{TendermintRule, 33, 99, true, false, false, false, 67, 33, 35},
		{FFGRule, 100, 100, true, true, false, true, 67, 34, 34},
		{FFGRule, 0, 100, false, false, true, false, 67, 34, 34},
	}
	for _, tc := range tests {
		a, err := AnalyzeFinality(tc.rule, tc.attacker, tc.total)
		require.NoError(t, err)
		assert.Equal(t, tc.halt, a.CanHaltFinality, "%+v", tc)
		assert.Equal(t, tc.alone, a.CanFinalizeAlone, "%+v", tc)
		assert.Equal(t, tc.honest, a.HonestCanFinalize, "%+v", tc)
		assert.Equal(t, tc.conflict, a.CanCauseConflict, "%+v", tc)
		assert.Equal(t, tc.supermajority, a.Supermajority, "%+v", tc)
		assert.Equal(t, tc.halting, a.Halting, "%+v", tc)
		assert.Equal(t, tc.minSlashConflict, a.MinSlashableConflict, "%+v", tc)
	}
	_, err := AnalyzeFinality(FFGRule, 1, 0)
	assert.ErrorIs(t, err, ErrBadStake)
	_, err = AnalyzeFinality(FFGRule, 101, 100)
	assert.ErrorIs(t, err, ErrBadStake)
}

func TestFinalityTable(t *testing.T) {
	rows, err := FinalityTable(FFGRule, 36_000_000*GweiPerETH, 12) // divisible by 12
	require.NoError(t, err)
	require.Len(t, rows, 13)
	assert.Zero(t, rows[0].Attacker)
	assert.Equal(t, 36_000_000*GweiPerETH, rows[12].Attacker)
	// 4/12 = exactly a third does not halt under FFG; 5/12 does.
	assert.False(t, rows[4].CanHaltFinality)
	assert.True(t, rows[5].CanHaltFinality)
	// 8/12 = exactly two thirds finalizes alone (non-strict).
	assert.True(t, rows[8].CanFinalizeAlone)
	assert.False(t, rows[7].CanFinalizeAlone)
	_, err = FinalityTable(FFGRule, 100, 0)
	assert.ErrorIs(t, err, ErrBadStake)
}
