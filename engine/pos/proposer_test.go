package pos

import (
	_ "embed"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// proposer_selfgen.json is SELF-GENERATED (testdata/gen_proposer.py, an
// independent Python port of the spec pseudocode); shuffle.json has no
// proposer examples, so these pin our port to a second implementation.
//
//go:embed testdata/proposer_selfgen.json
var proposerSelfGen []byte

type proposerCase struct {
	Rule       string   `json:"rule"`
	Rounds     uint8    `json:"rounds"`
	Label      string   `json:"label"`
	Seed       Hash     `json:"seed"`
	Indices    []uint64 `json:"indices"`
	Balances   []uint64 `json:"effective_balances"`
	Proposer   uint64   `json:"proposer"`
	Iterations int      `json:"iterations"`
}

func TestProposerSelfGenerated(t *testing.T) {
	var f struct {
		SelfGenerated bool           `json:"self_generated"`
		Cases         []proposerCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(proposerSelfGen, &f))
	require.True(t, f.SelfGenerated, "the file must stay labelled as self-generated")
	require.NotEmpty(t, f.Cases)
	rules := map[string]ProposerRule{"phase0": ProposerPhase0, "electra": ProposerElectra}
	for _, c := range f.Cases {
		t.Run(c.Rule+"/"+c.Label+"/"+c.Seed.String()[:10], func(t *testing.T) {
			rule, ok := rules[c.Rule]
			require.True(t, ok)
			got, err := ComputeProposerIndex(rule, c.Indices, c.Balances, c.Seed, c.Rounds)
			require.NoError(t, err)
			assert.Equal(t, c.Proposer, got)
			tr, err := TraceProposerIndex(rule, c.Indices, c.Balances, c.Seed, c.Rounds)
			require.NoError(t, err)
			assert.Equal(t, c.Proposer, tr.Proposer)
			require.Len(t, tr.Steps, c.Iterations)
			last := tr.Steps[len(tr.Steps)-1]
			assert.True(t, last.Accepted)
			for _, s := range tr.Steps[:len(tr.Steps)-1] {
				assert.False(t, s.Accepted)
			}
		})
	}
}

// With every balance at the maximum the first candidate always passes, so
// the proposer is indices[compute_shuffled_index(0, n, seed)]: a check that
// ties the proposer to the vector-tested shuffle.
func TestProposerFullBalanceTakesFirstCandidate(t *testing.T) {
	for _, rule := range []ProposerRule{ProposerPhase0, ProposerElectra} {
		indices := []uint64{10, 11, 12, 13, 14}
		balances := make([]uint64, 15)
		for _, i := range indices {
			balances[i] = rule.MaxEffectiveBalance
		}
		for k := 0; k < 20; k++ {
			seed := SeedFromText(rule.Name + itoa(uint64(k)))
			pos, err := ShuffledIndex(0, uint64(len(indices)), seed, ShuffleRoundsMainnet)
			require.NoError(t, err)
			got, err := ComputeProposerIndex(rule, indices, balances, seed, ShuffleRoundsMainnet)
			require.NoError(t, err)
			assert.Equal(t, indices[pos], got)
		}
	}
}

// The acceptance test is effective_balance * MAX_RANDOM >= MAX * random, so
// a candidate passes with probability (floor(eb*MAX_RANDOM/MAX)+1)/2^bits.
// Candidates are visited in shuffled order without replacement, so in a
// small set the shares are only roughly proportional to balance (a
// maximum-balance validator cuts every pass short). ProposerShares
// averages over all orders, assuming a uniform shuffle; the observed
// frequencies must fit those shares.
func TestProposerFrequenciesFollowBalance(t *testing.T) {
	balances := []uint64{2048 * GweiPerETH, 1024 * GweiPerETH, 512 * GweiPerETH, 256 * GweiPerETH}
	indices := []uint64{0, 1, 2, 3}
	const n = 1000
	observed := make([]uint64, len(balances))
	for k := uint64(0); k < n; k++ {
		p, err := ComputeProposerIndex(ProposerElectra, indices, balances, ProposerSeed(SeedFromText("freq"), k), ShuffleRoundsMainnet)
		require.NoError(t, err)
		observed[p]++
	}
	shares, err := ProposerShares(ProposerElectra, balances)
	require.NoError(t, err)
	expected := make([]float64, len(shares))
	for i, s := range shares {
		expected[i] = s * n
	}
	// Not proportional: validator 0 holds 8/15 of the balance but wins more.
	assert.InDelta(t, 0.63, shares[0], 0.01)
	stat, df, err := ChiSquare(observed, expected)
	require.NoError(t, err)
	crit, err := ChiSquareCritical(df, 0.001)
	require.NoError(t, err)
	assert.Less(t, stat, crit, "observed %v expected %v", observed, expected)
}

func TestProposerErrors(t *testing.T) {
	seed := SeedFromText("err")
	tests := []struct {
		name     string
		rule     ProposerRule
		indices  []uint64
		balances []uint64
		err      error
	}{
		{"no indices", ProposerPhase0, nil, []uint64{1}, ErrNoIndices},
		{"index without balance", ProposerPhase0, []uint64{0, 5}, []uint64{1, 2}, ErrIndexNoBalance},
		{"all zero", ProposerElectra, []uint64{0, 1}, []uint64{0, 0}, ErrNoBalance},
		{"bad rule", ProposerRule{Name: "x", MaxEffectiveBalance: 1, RandomBits: 12}, []uint64{0}, []uint64{1}, ErrBadProposerRule},
		{"zero max", ProposerRule{Name: "x", RandomBits: 8}, []uint64{0}, []uint64{1}, ErrBadProposerRule},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ComputeProposerIndex(tc.rule, tc.indices, tc.balances, seed, 10)
			assert.ErrorIs(t, err, tc.err)
		})
	}
}

// Balances far above the maximum must not overflow the comparison.
func TestProposerHugeBalances(t *testing.T) {
	got, err := ComputeProposerIndex(ProposerElectra, []uint64{0, 1}, []uint64{1<<64 - 1, 1<<64 - 1}, SeedFromText("huge"), 10)
	require.NoError(t, err)
	assert.Less(t, got, uint64(2))
}

func TestProposerSeedIsLittleEndianSlot(t *testing.T) {
	epoch := SeedFromText("epoch")
	buf := append(epoch[:], 1, 0, 0, 0, 0, 0, 0, 0)
	assert.Equal(t, Hash(sum(buf)), ProposerSeed(epoch, 1))
	assert.NotEqual(t, ProposerSeed(epoch, 1), ProposerSeed(epoch, 2))
}

// The shuffle widget's default set: the 2048 ETH validator holds 2048/2688
// = 76% of the stake but proposes in about 85% of slots, because a
// validator at the maximum balance is accepted as soon as the walk reaches
// it. Sampling the real rule agrees (chi-square at 0.1%).
func TestProposerSharesSmallSetBias(t *testing.T) {
	eth := []uint64{32, 32, 64, 512, 2048}
	balances := make([]uint64, len(eth))
	indices := make([]uint64, len(eth))
	for i, e := range eth {
		balances[i], indices[i] = e*GweiPerETH, uint64(i)
	}
	shares, err := ProposerShares(ProposerElectra, balances)
	require.NoError(t, err)
	sum := 0.0
	for _, s := range shares {
		sum += s
	}
	assert.InDelta(t, 1, sum, 1e-12)
	assert.InDelta(t, 0.85, shares[4], 0.01)
	assert.InDelta(t, 2048.0/2688, 0.762, 0.001)
	assert.Less(t, shares[0], 32.0/2688, "the small validators lose share to the large one")

	const n = 4000
	observed := make([]uint64, len(eth))
	for k := uint64(0); k < n; k++ {
		p, err := ComputeProposerIndex(ProposerElectra, indices, balances, ProposerSeed(SeedFromText("small-set"), k), ShuffleRoundsMainnet)
		require.NoError(t, err)
		observed[p]++
	}
	expected := make([]float64, len(shares))
	for i, s := range shares {
		expected[i] = s * n
	}
	stat, df, err := ChiSquare(observed, expected)
	require.NoError(t, err)
	crit, err := ChiSquareCritical(df, 0.001)
	require.NoError(t, err)
	assert.Less(t, stat, crit, "observed %v expected %v", observed, expected)

	// A set of equal balances is fair whatever the order.
	eq, err := ProposerShares(ProposerPhase0, []uint64{32 * GweiPerETH, 32 * GweiPerETH, 32 * GweiPerETH})
	require.NoError(t, err)
	for _, s := range eq {
		assert.InDelta(t, 1.0/3, s, 1e-12)
	}
	_, err = ProposerShares(ProposerElectra, make([]uint64, MaxShareValidators+1))
	assert.Error(t, err)
	_, err = ProposerShares(ProposerElectra, []uint64{0, 0})
	assert.ErrorIs(t, err, ErrNoBalance)
	_, err = ProposerShares(ProposerElectra, nil)
	assert.ErrorIs(t, err, ErrNoIndices)
	huge, err := ProposerShares(ProposerElectra, []uint64{1<<64 - 1, 32 * GweiPerETH})
	require.NoError(t, err)
	assert.Greater(t, huge[0], 0.99)
}
