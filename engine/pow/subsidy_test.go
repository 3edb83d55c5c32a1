package pow

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSubsidy(t *testing.T) {
	tests := []struct {
		height int64
		want   int64
	}{
		{-1, 0},
		{0, 50 * Coin},
		{209_999, 50 * Coin},
		{210_000, 25 * Coin},
		{420_000, 1_250_000_000},
		{630_000, 625_000_000},
		{840_000, 312_500_000},
		{32 * 210_000, 1}, // 5e9 >> 32
		{33 * 210_000, 0}, // shifted to nothing before the 64-halving rule
		{64*210_000 - 1, 0},
		{64 * 210_000, 0},
		{1 << 62, 0},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Subsidy(tc.height), "height %d", tc.height)
	}
	// Summing every era gives Bitcoin's famous cap, just under 21 million.
	var total int64
	for era := int64(0); era < 64; era++ {
		total += Subsidy(era*HalvingInterval) * HalvingInterval
	}
	assert.Equal(t, int64(2_099_999_997_690_000), total)

	assert.Equal(t, 50*Coin+12_345, BlockReward(0, 12_345))
	assert.Equal(t, 25*Coin, BlockReward(210_000, -7), "negative fees count as zero")
}
