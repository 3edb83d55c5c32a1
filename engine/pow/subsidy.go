package pow

// Amounts are in satoshis.
const (
	Coin            int64 = 100_000_000 // satoshis per bitcoin
	InitialSubsidy        = 50 * Coin   // the subsidy of the first 210000 blocks
	HalvingInterval       = 210_000     // blocks between halvings
)

// Subsidy is Bitcoin Core's GetBlockSubsidy for mainnet: 50 BTC halved
// (shifted right) every 210000 blocks, in satoshis, and zero from the 64th
// halving on (where the shift would be undefined in C++). A negative height
// has no block: zero.
func Subsidy(height int64) int64 {
	if height < 0 {
		return 0
	}
	halvings := height / HalvingInterval
	if halvings >= 64 {
		return 0
	}
	return InitialSubsidy >> halvings
}

// BlockReward is what the coinbase of a block at height may claim: the
// subsidy plus the fees of its transactions (satoshis). Negative fees count
// as zero.
func BlockReward(height, fees int64) int64 {
	return Subsidy(height) + max(fees, 0)
}
