package lessons

import (
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pos"
	"github.com/consensus-lab/playground/engine/pow"
	"github.com/consensus-lab/playground/engine/tx"
)

func lessonText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	// The lessons wrap lines; the quotes below are matched on one line.
	return strings.Join(strings.Fields(string(b)), " ")
}

func pct(x float64, decimals int) string { return strconv.FormatFloat(100*x, 'f', decimals, 64) }

// The consensus lessons quote numbers; they must be the engine's. The
// comments give the sources of the facts issue 14 corrected.
func TestForksLessonQuotesTheEngine(t *testing.T) {
	l := lessonText(t, "forks.md")
	run := func(interval, delay float64) pow.ForkResult {
		// The forks widget's defaults: 10 nodes, 20,000 blocks, seed 1.
		r, err := pow.SimulateForks(pow.ForkSim{Nodes: 10, Interval: interval, Delay: delay, Blocks: 20000, Seed: 1})
		require.NoError(t, err)
		return r
	}
	assert.Equal(t, "0.3", pct(run(600, 2).StaleRate, 1))
	assert.Contains(t, l, "about 0.3% of blocks go stale")
	assert.Equal(t, "13", pct(run(12, 2).StaleRate, 0))
	assert.Equal(t, "30", pct(run(12, 6).StaleRate, 0))
	assert.Contains(t, l, "wastes about 13% of all blocks, and at 12 and 6 about 30%")
	assert.Equal(t, "3", pct(run(60, 2).StaleRate, 0))
	assert.Contains(t, l, `answer="It grows about tenfold, from about 0.3% to about 3%"`)
	assert.Contains(t, l, "::forks{interval=12 delay=6000 blocks=20000 show=40}")

	// Selfish mining: Eyal and Sirer, "Majority is not enough: Bitcoin
	// mining is vulnerable", FC 2014 (arXiv 1311.0243), equation 8 and the
	// threshold (1-gamma)/(3-2gamma). The widget's defaults: alpha 35%,
	// gamma 0, 200,000 blocks, seed 1.
	r, err := pow.SimulateSelfish(pow.SelfishSim{Alpha: 0.35, Gamma: 0, Blocks: 200000, Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, "36.8", pct(r.Revenue, 1))
	assert.Equal(t, "36.65", pct(pow.SelfishRevenue(0.35, 0), 2))
	assert.Contains(t, l, "the pool ends with about 36.8% of the blocks, the closed form's 36.65%")
	assert.Equal(t, "48", pct(pow.SelfishRevenue(0.40, 0), 0))
	assert.Contains(t, l, "at 40% it takes 48%")
	assert.Equal(t, "27.3", pct(pow.SelfishRevenue(0.30, 0), 1))
	assert.Contains(t, l, "At 30% the closed form gives about 27.3%")
	assert.InDelta(t, 1.0/3, pow.SelfishThreshold(0), 1e-15)
	assert.InDelta(t, 0.25, pow.SelfishThreshold(0.5), 1e-15)
	assert.Contains(t, l, `answer="One quarter"`)
	// "an attacker with 10% of the hash power catches up from five blocks
	// behind with probability below 0.1%" (Nakamoto 2008, section 11).
	assert.Less(t, pow.AttackerSuccess(0.10, 5), 0.001)
}

// The attacks lesson's confirmation question replaced one whose answer (24
// confirmations at 30%) was printed right above it; its numbers are the
// whitepaper's first table (z = 5: 0.0009137, z = 10: 0.0000012).
func TestAttacksLessonQuotesTheEngine(t *testing.T) {
	l := lessonText(t, "attacks.md")
	p5, p10 := pow.AttackerSuccess(0.10, 5), pow.AttackerSuccess(0.10, 10)
	assert.Equal(t, "0.09", pct(p5, 2))
	assert.Equal(t, "0.0000012", strconv.FormatFloat(p10, 'f', 7, 64))
	assert.Equal(t, "740", strconv.FormatFloat(math.Round(p5/p10/10)*10, 'f', 0, 64))
	assert.Contains(t, l, "five confirmations leave the attacker a 0.09% chance")
	assert.Contains(t, l, "about 740 times less than at z = 5")
	assert.NotContains(t, l, `answer="24"`)
}

func TestSignaturesLessonQuotesTheEngine(t *testing.T) {
	l := lessonText(t, "signatures.md")
	// Block 100,000's root, as the merkle widget's default ids give it.
	var ids [][32]byte
	for _, s := range []string{
		"8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
		"fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
		"6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
		"e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
	} {
		id, err := tx.ParseDisplayHex(s)
		require.NoError(t, err)
		ids = append(ids, id)
	}
	root, err := tx.MerkleRoot(ids)
	require.NoError(t, err)
	hex := tx.DisplayHex(root)
	assert.Contains(t, l, hex[:8]+"…"+hex[len(hex)-9:])
	// "A block has 4,000 transactions ... About 12"; "count=64 ... 6 hashes".
	for n, want := range map[int]int{4000: 12, 64: 6} {
		leaves := make([][32]byte, n)
		for i := range leaves {
			leaves[i][0], leaves[i][1] = byte(i), byte(i>>8)
		}
		branch, err := tx.MerkleBranch(leaves, n-1)
		require.NoError(t, err)
		assert.Len(t, branch, want, "%d leaves", n)
	}
	assert.Equal(t, 72, tx.TransactionSize)
	assert.Contains(t, l, "six fixed fields in 72 bytes")
	assert.Len(t, tx.Fields, 6)
	// "150,000 to 150,001 satoshis": the txsign widget's default amount.
	assert.Contains(t, l, "from 150,000 to 150,001 satoshis")
	// Taproot activated at block 709,632 in November 2021 (BIP 341's
	// deployment; Bitcoin Core 0.21.1 release notes).
	assert.Contains(t, l, "November 2021 (block 709,632)")
}

func TestProofOfWorkLessonQuotesTheEngine(t *testing.T) {
	l := lessonText(t, "proof-of-work.md")
	// About 37% of headers at 1d00ffff have no winning nonce: each of the
	// 2^32 nonces wins with probability (T+1)/2^256.
	target, err := pow.CompactToTarget(0x1d00ffff)
	require.NoError(t, err)
	p, _ := new(big.Float).Quo(new(big.Float).SetInt(new(big.Int).Add(target, big.NewInt(1))), new(big.Float).SetInt(new(big.Int).Lsh(big.NewInt(1), 256))).Float64()
	none := math.Exp(float64(uint64(1)<<32) * math.Log1p(-p))
	assert.Equal(t, "37", pct(none, 0))
	assert.Contains(t, l, "some **37%** of headers have no winning nonce")
	// The subsidy: 3.125 BTC since block 840,000 (Bitcoin Core
	// GetBlockSubsidy: 50 BTC halved every 210,000 blocks).
	assert.Equal(t, int64(312_500_000), pow.Subsidy(840_000))
	assert.Equal(t, int64(625_000_000), pow.Subsidy(839_999))
	assert.Contains(t, l, "since block 840,000 (April 2024) it is 3.125 BTC")
	perYear := float64(pow.Subsidy(840_000)) / 1e8 * 6 * 24 * 365
	assert.Equal(t, "164", strconv.FormatFloat(perYear/1000, 'f', 0, 64))
	assert.Contains(t, l, "about 164,000 new BTC a year")
	// Proof of work before Bitcoin: Dwork and Naor, "Pricing via Processing
	// or Combatting Junk Mail", CRYPTO 1992; Back, Hashcash (1997), the
	// whitepaper's reference [6].
	assert.Contains(t, l, "Dwork and Naor proposed")
	assert.Contains(t, l, "Hashcash** (1997)")
}

func TestCorrectedClaims(t *testing.T) {
	hashes := lessonText(t, "hashes.md")
	assert.Contains(t, hashes, "**Puzzle-friendliness**")
	assert.Contains(t, hashes, "genesis block, block 0")
	assert.Contains(t, hashes, "never both at once")

	// Electra's MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA = 4096
	// (consensus-specs presets/mainnet/electra.yaml): 32 ETH / 4096.
	attacks := lessonText(t, "attacks.md")
	assert.Equal(t, uint64(4096), pos.SlashingElectra.MinPenaltyQuotient)
	assert.Equal(t, "0.0078125", strconv.FormatFloat(32.0/float64(pos.SlashingElectra.MinPenaltyQuotient), 'f', -1, 64))
	assert.Contains(t, attacks, "0.0078125 ETH each, under the Electra rule")
	// Accountable safety: Buterin and Griffith, "Casper the Friendly
	// Finality Gadget" (2017), theorem 1, for a static validator set.
	assert.Contains(t, attacks, "broke a slashing rule")
	assert.Contains(t, attacks, "surround vote")
	assert.Contains(t, attacks, "fixed validator set")

	// EOS: Spring 1.0 and the Savanna consensus algorithm, activated on EOS
	// mainnet in September 2024, finalize blocks by finalizer votes
	// (AntelopeIO/spring release notes). BNB Smart Chain: "Proof of Staked
	// Authority" (BNB Chain documentation; fast finality, BEP-126).
	family := lessonText(t, "consensus-family.md")
	assert.Contains(t, family, "Savanna")
	assert.Contains(t, family, "proof of staked authority")
	assert.Contains(t, family, "With the difficulty held fixed")

	// The Merge did not raise throughput or lower fees (ethereum.org, "The
	// Merge", misconceptions); 51% in proof of stake is of staked coins.
	stake := lessonText(t, "proof-of-stake.md")
	assert.Contains(t, stake, "block space, throughput and fees stayed as they were")
	assert.Contains(t, stake, `answer="Of the coins staked by validators"`)
	assert.Contains(t, attacks, "a share of the **staked** coins")
	// Blockchains sign, they do not encrypt.
	assert.Contains(t, lessonText(t, "signatures.md"), "nothing in it is encrypted")
}
