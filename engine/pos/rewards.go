package pos

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// An Ethereum-like issuance model (consensus-specs altair onward). Each
// validator's base reward is
//
//	get_base_reward_per_increment = EFFECTIVE_BALANCE_INCREMENT * BASE_REWARD_FACTOR
//	                                // integer_squareroot(get_total_active_balance(state))
//	get_base_reward = effective_balance // EFFECTIVE_BALANCE_INCREMENT * base_reward_per_increment
//
// (specs/altair/beacon-chain.md) and, with every duty done, a validator
// earns its base reward once per epoch, split by the incentivization
// weights TIMELY_SOURCE 14, TIMELY_TARGET 26, TIMELY_HEAD 14, SYNC_REWARD 2
// and PROPOSER 8 out of WEIGHT_DENOMINATOR 64 (they sum to 64). So the
// reward per ETH staked scales with 1/sqrt(total staked) and total
// issuance with sqrt(total staked). Constants: BASE_REWARD_FACTOR 64 and
// EFFECTIVE_BALANCE_INCREMENT 1e9 Gwei (presets/mainnet/phase0.yaml),
// SLOTS_PER_EPOCH 32, SECONDS_PER_SLOT 12.
//
// The figures are the maximum at full participation: real issuance is a
// few percent lower (missed duties, late votes), and proposals of a block
// are rewarded through the PROPOSER weight rather than on top of it.
// Execution-layer income (priority fees, MEV) and the EIP-1559 burn come
// from the FeeModel, not from this formula.

// Issuance constants.
const (
	BaseRewardFactor   = 64
	SlotsPerEpoch      = 32
	SecondsPerSlot     = 12
	WeightDenominator  = 64
	TimelySourceWeight = 14
	TimelyTargetWeight = 26
	TimelyHeadWeight   = 14
	SyncRewardWeight   = 2
	ProposerWeight     = 8
	// SecondsPerYear uses the Julian year, 365.25 days.
	SecondsPerYear = 365.25 * 24 * 3600
	SlotsPerYear   = SecondsPerYear / SecondsPerSlot
	EpochsPerYear  = SlotsPerYear / SlotsPerEpoch
)

// ErrBadIssuance reports an input the model cannot use.
var ErrBadIssuance = errors.New("pos: issuance: bad input")

// IntegerSquareRoot is the spec's integer_squareroot: the largest x with
// x*x <= n.
func IntegerSquareRoot(n uint64) uint64 {
	x := uint64(math.Sqrt(float64(n)))
	// float64 may be off by one either way near 2^64; correct exactly.
	for x > 0 {
		hi, lo := bits.Mul64(x, x)
		if hi == 0 && lo <= n {
			break
		}
		x--
	}
	for {
		hi, lo := bits.Mul64(x+1, x+1)
		if x+1 == 0 || hi != 0 || lo > n {
			return x
		}
		x++
	}
}

// BaseRewardPerIncrement is get_base_reward_per_increment for a total
// active balance in Gwei (at least one increment).
func BaseRewardPerIncrement(totalActiveBalance uint64) (uint64, error) {
	if totalActiveBalance < EffectiveBalanceIncrement {
		return 0, fmt.Errorf("%w: total active balance %d Gwei is below 1 ETH", ErrBadIssuance, totalActiveBalance)
	}
	return EffectiveBalanceIncrement * BaseRewardFactor / IntegerSquareRoot(totalActiveBalance), nil
}

// FeeModel is execution-layer income per block, in Gwei. Every slot is
// assumed to carry a block.
type FeeModel struct {
	PriorityFeesPerBlock uint64 `json:"priorityFeesPerBlock"` // tips (and MEV) to the proposer
	BurnedPerBlock       uint64 `json:"burnedPerBlock"`       // EIP-1559 base fee, destroyed
}

// Issuance is the model's answer for one total stake. Amounts are in ETH
// unless the name says Gwei; rates are fractions per year (0.03 = 3%).
type Issuance struct {
	TotalStakedGwei        uint64 `json:"totalStakedGwei"`
	Increments             uint64 `json:"increments"` // total / 1 ETH
	BaseRewardPerIncrement uint64 `json:"baseRewardPerIncrement"`
	// Per epoch, full participation, in Gwei; the parts add to the total
	// up to integer rounding.
	IssuancePerEpochGwei uint64 `json:"issuancePerEpochGwei"`
	SourceGwei           uint64 `json:"sourceGwei"`
	TargetGwei           uint64 `json:"targetGwei"`
	HeadGwei             uint64 `json:"headGwei"`
	SyncGwei             uint64 `json:"syncGwei"`
	ProposerGwei         uint64 `json:"proposerGwei"`
	// Per year.
	AnnualIssuance     float64 `json:"annualIssuance"`
	IssuanceYield      float64 `json:"issuanceYield"`      // annual issuance / total staked
	PerValidator32ETH  float64 `json:"perValidator32Eth"`  // a 32 ETH validator's yearly reward
	AnnualPriorityFees float64 `json:"annualPriorityFees"` // to proposers
	AnnualBurn         float64 `json:"annualBurn"`
	TotalYield         float64 `json:"totalYield"`      // (issuance + priority fees) / staked
	NetSupplyChange    float64 `json:"netSupplyChange"` // issuance - burn (negative: supply shrinks)
}

// ComputeIssuance applies the model to totalStakedGwei (the total active
// effective balance) and fees.
func ComputeIssuance(totalStakedGwei uint64, fees FeeModel) (Issuance, error) {
	brpi, err := BaseRewardPerIncrement(totalStakedGwei)
	if err != nil {
		return Issuance{}, err
	}
	inc := totalStakedGwei / EffectiveBalanceIncrement
	hi, perEpoch := bits.Mul64(inc, brpi)
	if hi != 0 { // cannot happen: inc*brpi ~ 64e9*sqrt(inc)
		return Issuance{}, fmt.Errorf("%w: overflow", ErrBadIssuance)
	}
	part := func(w uint64) uint64 { return perEpoch * w / WeightDenominator }
	is := Issuance{
		TotalStakedGwei: totalStakedGwei, Increments: inc, BaseRewardPerIncrement: brpi,
		IssuancePerEpochGwei: perEpoch,
		SourceGwei:           part(TimelySourceWeight), TargetGwei: part(TimelyTargetWeight), HeadGwei: part(TimelyHeadWeight),
		SyncGwei: part(SyncRewardWeight), ProposerGwei: part(ProposerWeight),
	}
	const gwei = float64(GweiPerETH)
	staked := float64(totalStakedGwei) / gwei
	is.AnnualIssuance = float64(perEpoch) / gwei * EpochsPerYear
	is.IssuanceYield = is.AnnualIssuance / staked
	is.PerValidator32ETH = float64(32*brpi) / gwei * EpochsPerYear
	is.AnnualPriorityFees = float64(fees.PriorityFeesPerBlock) / gwei * SlotsPerYear
	is.AnnualBurn = float64(fees.BurnedPerBlock) / gwei * SlotsPerYear
	is.TotalYield = (is.AnnualIssuance + is.AnnualPriorityFees) / staked
	is.NetSupplyChange = is.AnnualIssuance - is.AnnualBurn
	return is, nil
}

// IssuanceCurve evaluates ComputeIssuance at each total stake given in
// whole ETH (for the chart of issuance and yield against stake).
func IssuanceCurve(totalsETH []uint64, fees FeeModel) ([]Issuance, error) {
	out := make([]Issuance, 0, len(totalsETH))
	for _, e := range totalsETH {
		hi, g := bits.Mul64(e, GweiPerETH)
		if hi != 0 {
			return nil, fmt.Errorf("%w: %d ETH overflows Gwei in uint64", ErrBadIssuance, e)
		}
		is, err := ComputeIssuance(g, fees)
		if err != nil {
			return nil, err
		}
		out = append(out, is)
	}
	return out, nil
}
