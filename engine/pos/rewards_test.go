package pos

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegerSquareRoot(t *testing.T) {
	for _, n := range []uint64{0, 1, 2, 3, 4, 15, 16, 17, 1 << 32, 1<<62 + 12345, 34_000_000 * GweiPerETH, 1<<64 - 1, (1<<32 - 1) * (1<<32 - 1), (1<<32-1)*(1<<32-1) - 1} {
		want := new(big.Int).Sqrt(new(big.Int).SetUint64(n)).Uint64()
		assert.Equal(t, want, IntegerSquareRoot(n), "n=%d", n)
	}
	assert.Equal(t, uint64(4294967295), IntegerSquareRoot(1<<64-1), "UINT64_MAX_SQRT")
}

// The model against an independent big.Int evaluation of the spec
// formula, and its two shapes: issuance ~ sqrt(stake), yield ~ 1/sqrt(stake).
func TestIssuanceModel(t *testing.T) {
	for _, eth := range []uint64{524_288, 1_000_000, 10_000_000, 34_000_000, 120_000_000} {
		total := eth * GweiPerETH
		is, err := ComputeIssuance(total, FeeModel{})
		require.NoError(t, err)
		root := new(big.Int).Sqrt(new(big.Int).SetUint64(total))
		brpi := new(big.Int).Div(new(big.Int).SetUint64(64*GweiPerETH), root).Uint64()
		assert.Equal(t, brpi, is.BaseRewardPerIncrement, "%d ETH", eth)
		assert.Equal(t, eth*brpi, is.IssuancePerEpochGwei)
		assert.InDelta(t, float64(eth*brpi)/1e9*365.25*86400/384, is.AnnualIssuance, 1e-6)
		assert.InDelta(t, is.AnnualIssuance/float64(eth), is.IssuanceYield, 1e-12)
		parts := is.SourceGwei + is.TargetGwei + is.HeadGwei + is.SyncGwei + is.ProposerGwei
		assert.InDelta(t, float64(is.IssuancePerEpochGwei), float64(parts), 5, "weights sum to 64/64")
	}
	// 34M ETH staked: 347 Gwei per increment per epoch, about 2.85% a year,
	// about 2,650 ETH a day.
	is, err := ComputeIssuance(34_000_000*GweiPerETH, FeeModel{})
	require.NoError(t, err)
	assert.Equal(t, uint64(347), is.BaseRewardPerIncrement)
	assert.InDelta(t, 0.0285, is.IssuanceYield, 0.0005)
	assert.InDelta(t, 2655, is.AnnualIssuance/365.25, 5)

	// Four times the stake: about twice the issuance, half the yield.
	a, err := ComputeIssuance(10_000_000*GweiPerETH, FeeModel{})
	require.NoError(t, err)
	b, err := ComputeIssuance(40_000_000*GweiPerETH, FeeModel{})
	require.NoError(t, err)
	assert.InDelta(t, 2, b.AnnualIssuance/a.AnnualIssuance, 0.01)
	assert.InDelta(t, 0.5, b.IssuanceYield/a.IssuanceYield, 0.01)
	assert.InDelta(t, 0.5, b.PerValidator32ETH/a.PerValidator32ETH, 0.01)
}

func TestIssuanceWithFees(t *testing.T) {
	fees := FeeModel{PriorityFeesPerBlock: 50_000_000, BurnedPerBlock: 500_000_000} // 0.05 and 0.5 ETH
	is, err := ComputeIssuance(34_000_000*GweiPerETH, fees)
	require.NoError(t, err)
	slots := 365.25 * 86400 / 12
	assert.InDelta(t, 0.05*slots, is.AnnualPriorityFees, 1e-6)
	assert.InDelta(t, 0.5*slots, is.AnnualBurn, 1e-6)
	assert.InDelta(t, (is.AnnualIssuance+is.AnnualPriorityFees)/34e6, is.TotalYield, 1e-12)
	assert.Greater(t, is.TotalYield, is.IssuanceYield)
	assert.InDelta(t, is.AnnualIssuance-is.AnnualBurn, is.NetSupplyChange, 1e-6)
	assert.Less(t, is.NetSupplyChange, 0.0, "burning 0.5 ETH a block (1.3M ETH a year) outweighs issuance at 34M staked")
	low, err := ComputeIssuance(34_000_000*GweiPerETH, FeeModel{BurnedPerBlock: 100_000_000})
	require.NoError(t, err)
	assert.Greater(t, low.NetSupplyChange, 0.0, "0.1 ETH a block (263k ETH a year) does not")
}

func TestIssuanceErrorsAndCurve(t *testing.T) {
	_, err := ComputeIssuance(GweiPerETH-1, FeeModel{})
	assert.ErrorIs(t, err, ErrBadIssuance)
	_, err = BaseRewardPerIncrement(0)
	assert.ErrorIs(t, err, ErrBadIssuance)
	curve, err := IssuanceCurve([]uint64{1_000_000, 4_000_000, 16_000_000}, FeeModel{})
	require.NoError(t, err)
	require.Len(t, curve, 3)
	for i := 1; i < len(curve); i++ {
		assert.Greater(t, curve[i].AnnualIssuance, curve[i-1].AnnualIssuance)
		assert.Less(t, curve[i].IssuanceYield, curve[i-1].IssuanceYield)
	}
	_, err = IssuanceCurve([]uint64{math.MaxUint64 / 10}, FeeModel{})
	assert.ErrorIs(t, err, ErrBadIssuance)
	_, err = IssuanceCurve([]uint64{0}, FeeModel{})
	assert.ErrorIs(t, err, ErrBadIssuance)
}
