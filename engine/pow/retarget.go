package pow

import "math/big"

// Mainnet retarget parameters (Bitcoin Core chainparams).
const (
	TargetTimespan   = 14 * 24 * 60 * 60              // nPowTargetTimespan, seconds: two weeks
	TargetSpacing    = 10 * 60                        // nPowTargetSpacing, seconds per block
	RetargetInterval = TargetTimespan / TargetSpacing // 2016 blocks per period
)

// Retarget is Bitcoin Core's CalculateNextWorkRequired for mainnet: given
// the bits of the last block of a period and the period's actual timespan
// (last block time minus the time of the period's first block, which spans
// 2015 intervals, not 2016), it clamps the timespan to [T/4, 4T] with
// T = 1209600 s, scales the target by timespan/T, caps it at the pow limit
// and returns the new bits. Like Core it reads lastBits without rejecting
// the sign bit and computes in 256-bit arithmetic.
func Retarget(lastBits uint32, actualTimespan int64) uint32 {
	actualTimespan = min(max(actualTimespan, TargetTimespan/4), TargetTimespan*4)
	t := coreSetCompact(lastBits)
	t.Mul(t, big.NewInt(actualTimespan))
	t.And(t, mask256) // arith_uint256 wraps
	t.Quo(t, big.NewInt(TargetTimespan))
	if t.Cmp(powLimit) > 0 {
		t.Set(powLimit)
	}
	return TargetToCompact(t)
}
