package pos

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRandaoCommitReveal(t *testing.T) {
	seed := SeedFromText("randao")
	start := SeedFromText("previous mix")
	r := NewRandao(start)
	names := []string{"alice", "bob", "carol"}
	for _, n := range names {
		require.NoError(t, r.Commit(n, Commitment(DeriveSecret(seed, n, 0))))
	}
	assert.Equal(t, names, r.Pending())
	assert.ErrorIs(t, r.Commit("alice", Hash{}), ErrAlreadyCommitted)
	assert.ErrorIs(t, r.Commit("", Hash{}), ErrEmptyName)

	// A reveal that does not match the commitment is rejected and leaves
	// the mix alone.
	_, err := r.Reveal("alice", []byte("not my secret"))
	assert.ErrorIs(t, err, ErrRevealMismatch)
	assert.Equal(t, start, r.Mix())
	_, err = r.Reveal("mallory", []byte("x"))
	assert.ErrorIs(t, err, ErrNoCommitment)

	want := start
	for _, n := range []string{"bob", "alice"} {
		sec := DeriveSecret(seed, n, 0)
		st, err := r.Reveal(n, sec)
		require.NoError(t, err)
		assert.Equal(t, want, st.MixBefore)
		want = xorHash(want, Commitment(sec))
		assert.Equal(t, want, st.MixAfter)
		assert.True(t, st.Revealed)
	}
	_, err = r.Reveal("bob", DeriveSecret(seed, "bob", 0))
	assert.ErrorIs(t, err, ErrAlreadyRevealed)
	assert.Equal(t, []string{"carol"}, r.Pending())

	st, err := r.Withhold("carol")
	require.NoError(t, err)
	assert.False(t, st.Revealed)
	assert.Equal(t, st.MixBefore, st.MixAfter)
	assert.Equal(t, want, r.Mix())
	_, err = r.Withhold("carol")
	assert.ErrorIs(t, err, ErrAlreadyRevealed)
	assert.Len(t, r.Steps(), 3)
	assert.Empty(t, r.Pending())
}

// XOR makes the final mix independent of reveal order.
func TestRandaoOrderIndependent(t *testing.T) {
	seed := SeedFromText("order")
	mix := func(order []string) Hash {
		r := NewRandao(Hash{})
		for _, n := range order {
			require.NoError(t, r.Commit(n, Commitment(DeriveSecret(seed, n, 3))))
		}
		for _, n := range order {
			_, err := r.Reveal(n, DeriveSecret(seed, n, 3))
			require.NoError(t, err)
		}
		return r.Mix()
	}
	assert.Equal(t, mix([]string{"a", "b", "c"}), mix([]string{"c", "a", "b"}))
}

// The last revealer sees two futures and can pick either: the two mixes
// differ and, for some round, so do the proposers.
func TestLastRevealerChoiceChangesOutcome(t *testing.T) {
	set := mustSet(t, "alice:10,bob:30,carol:30,dave:30")
	seed := SeedFromText("last")
	differs := 0
	for round := uint64(0); round < 20; round++ {
		mix := sum(seed[:], be64(round))
		lr, err := LastRevealer(set, mix, "alice", DeriveSecret(seed, "alice", round), 0, 4)
		require.NoError(t, err)
		assert.NotEqual(t, lr.IfReveal.Mix, lr.IfWithhold.Mix)
		assert.Equal(t, mix, lr.IfWithhold.Mix, "withholding leaves the mix as it was")
		if lr.Differs {
			differs++
		}
		if lr.IfWithhold.AttackerSlots > lr.IfReveal.AttackerSlots {
			assert.Equal(t, "withhold", lr.Best)
		} else {
			assert.Equal(t, "reveal", lr.Best)
		}
	}
	assert.Positive(t, differs)
	_, err := LastRevealer(set, Hash{}, "mallory", nil, 0, 1)
	assert.ErrorIs(t, err, ErrUnknownName)
}

// One bit of bias: with stake share p = 0.1 and one slot at stake, an
// honest revealer wins about p of the rounds, a biased one about
// 1-(1-p)^2 = 0.19. Tolerances are about four standard deviations.
func TestBiasExperiment(t *testing.T) {
	set := mustSet(t, "alice:10,bob:30,carol:30,dave:30")
	ex, err := RunBiasExperiment(set, "alice", SeedFromText("bias-ex"), 4000, 1)
	require.NoError(t, err)
	assert.InDelta(t, 0.1, ex.Share, 1e-12)
	assert.InDelta(t, 0.1, ex.HonestRate, 0.02)
	assert.InDelta(t, 0.19, ex.BiasedRate, 0.025)
	assert.Greater(t, ex.BiasedSlots, ex.HonestSlots)
	assert.Equal(t, ex.BiasedSlots-ex.HonestSlots, ex.Withheld, "each withholding gains exactly one slot here")
	assert.Len(t, ex.Rounds, 4000)

	_, err = RunBiasExperiment(set, "alice", Hash{}, 0, 1)
	assert.ErrorIs(t, err, ErrTooManyDraws)
	_, err = RunBiasExperiment(set, "alice", Hash{}, MaxBiasWork, 2)
	assert.ErrorIs(t, err, ErrTooManyDraws)
	_, err = RunBiasExperiment(set, "zed", Hash{}, 1, 1)
	assert.ErrorIs(t, err, ErrUnknownName)
}
