package pos

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func slasherFor(t *testing.T, seed Hash, names ...string) (*Slasher, map[string]ValidatorKey) {
	t.Helper()
	s := NewSlasher()
	keys := map[string]ValidatorKey{}
	for _, n := range names {
		keys[n] = DeriveKey(seed, n)
		require.NoError(t, s.Register(n, keys[n].Public()))
	}
	return s, keys
}

// A validator that signs two different blocks at one height is caught from
// its own signed headers, loses 1/4096 (electra) of its stake and is
// ejected; honest validators are untouched.
func TestDoubleSignIsSlashed(t *testing.T) {
	seed := SeedFromText("slash")
	s, keys := slasherFor(t, seed, "alice", "bob")
	reg, err := NewRegistry([]Validator{{"alice", 32 * GweiPerETH}, {"bob", 32 * GweiPerETH}})
	require.NoError(t, err)

	parent := SeedFromText("parent")
	forkA := BlockHeader{Height: 10, Parent: parent, Body: SeedFromText("A")}
	forkB := BlockHeader{Height: 10, Parent: parent, Body: SeedFromText("B")}

	ev, err := s.Observe(keys["bob"].Sign(forkA))
	require.NoError(t, err)
	assert.Nil(t, ev)
	ev, err = s.Observe(keys["bob"].Sign(forkA)) // same block again: fine
	require.NoError(t, err)
	assert.Nil(t, ev)
	ev, err = s.Observe(keys["alice"].Sign(forkA))
	require.NoError(t, err)
	assert.Nil(t, ev)
	ev, err = s.Observe(keys["alice"].Sign(BlockHeader{Height: 11, Parent: forkA.Root()})) // next height: fine
	require.NoError(t, err)
	assert.Nil(t, ev)

	ev, err = s.Observe(keys["alice"].Sign(forkB))
	require.NoError(t, err)
	require.NotNil(t, ev)
	assert.Equal(t, "alice", ev.Validator)
	assert.Equal(t, uint64(10), ev.Height)
	require.NoError(t, s.Verify(*ev))

	rec, err := reg.Slash(*ev, SlashingElectra)
	require.NoError(t, err)
	assert.Equal(t, 32*GweiPerETH/4096, rec.Penalty)
	assert.Equal(t, uint64(7_812_500), rec.Penalty, "1/4096 of 32 ETH in Gwei")
	assert.Equal(t, 32*GweiPerETH-rec.Penalty, rec.StakeAfter)
	assert.True(t, rec.Ejected)
	_, err = reg.Slash(*ev, SlashingElectra)
	assert.ErrorIs(t, err, ErrAlreadySlashed)

	active, err := reg.Active()
	require.NoError(t, err)
	assert.Equal(t, []Validator{{"bob", 32 * GweiPerETH}}, active.Validators())
	acc := reg.Accounts()
	assert.True(t, acc[0].Slashed)
	assert.False(t, acc[1].Slashed)
}

func TestSlashingRejectsForgeries(t *testing.T) {
	seed := SeedFromText("forge")
	s, keys := slasherFor(t, seed, "alice", "bob")
	h := BlockHeader{Height: 3, Body: SeedFromText("x")}

	// Mallory signs with her own key but claims to be alice.
	mallory := DeriveKey(seed, "mallory")
	forged := mallory.Sign(h)
	forged.Signer = "alice"
	_, err := s.Observe(forged)
	assert.ErrorIs(t, err, ErrBadSignature)
	_, err = s.Observe(mallory.Sign(h))
	assert.ErrorIs(t, err, ErrUnknownSigner)

	// Tampering with a signed header breaks its signature.
	sh := keys["bob"].Sign(h)
	sh.Header.Body = SeedFromText("y")
	_, err = s.Observe(sh)
	assert.ErrorIs(t, err, ErrBadSignature)
	sh = keys["bob"].Sign(h)
	sh.Signature = sh.Signature[:10]
	_, err = s.Observe(sh)
	assert.ErrorIs(t, err, ErrBadSignature)

	// Evidence that is not an equivocation is refused.
	a := keys["alice"].Sign(h)
	b := keys["alice"].Sign(BlockHeader{Height: 4, Body: SeedFromText("x")})
	c := keys["bob"].Sign(BlockHeader{Height: 3, Body: SeedFromText("z")})
	reg, err := NewRegistry([]Validator{{"alice", 100}, {"bob", 100}})
	require.NoError(t, err)
	for _, ev := range []Evidence{
		{Validator: "alice", Height: 3, First: a, Second: a}, // same block
		{Validator: "alice", Height: 3, First: a, Second: b}, // two heights
		{Validator: "alice", Height: 3, First: a, Second: c}, // two signers
	} {
		assert.ErrorIs(t, s.Verify(ev), ErrNotEquivocation)
		_, err := reg.Slash(ev, SlashingPhase0)
		assert.ErrorIs(t, err, ErrNotEquivocation)
	}
	// Well-shaped evidence with a forged half fails Verify.
	forgedB := mallory.Sign(BlockHeader{Height: 3, Body: SeedFromText("w")})
	forgedB.Signer = "alice"
	assert.ErrorIs(t, s.Verify(Evidence{Validator: "alice", Height: 3, First: a, Second: forgedB}), ErrBadSignature)

	assert.ErrorIs(t, s.Register("alice", keys["alice"].Public()), ErrDuplicateName)
	assert.ErrorIs(t, s.Register("", keys["alice"].Public()), ErrEmptyName)
	assert.ErrorIs(t, s.Register("carol", []byte{1, 2}), ErrBadSignature)
	_, err = reg.Slash(Evidence{Validator: "zed", Height: 3, First: signedAs(a, "zed"), Second: signedAs(c, "zed")}, SlashingPhase0)
	assert.ErrorIs(t, err, ErrUnknownName)
}

func signedAs(h SignedHeader, name string) SignedHeader { h.Signer = name; return h }

func TestInitialPenalties(t *testing.T) {
	eb := uint64(32 * GweiPerETH)
	tests := []struct {
		rule SlashingRule
		want uint64 // Gwei
	}{
		{SlashingPhase0, eb / 128}, // 0.25 ETH
		{SlashingAltair, eb / 64},
		{SlashingBellatrix, eb / 32}, // 1 ETH
		{SlashingElectra, eb / 4096},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.rule.InitialPenalty(eb), tc.rule.Name)
	}
	assert.Equal(t, uint64(250_000_000), SlashingPhase0.InitialPenalty(eb))
	assert.Equal(t, uint64(1_000_000_000), SlashingBellatrix.InitialPenalty(eb))
	assert.Equal(t, uint64(0), SlashingRule{}.InitialPenalty(eb))
}

// The correlation penalty against a big.Int transcription of both spec
// formulas, and the lesson's headline: with multiplier 3, a third of all
// stake slashed together loses everything.
func TestCorrelationPenalty(t *testing.T) {
	inc := new(big.Int).SetUint64(EffectiveBalanceIncrement)
	ref := func(r SlashingRule, eb, slashed, total uint64) uint64 {
		adj := new(big.Int).Mul(new(big.Int).SetUint64(slashed), new(big.Int).SetUint64(r.ProportionalMultiplier))
		if adj.Cmp(new(big.Int).SetUint64(total)) > 0 {
			adj.SetUint64(total)
		}
		ebInc := new(big.Int).Div(new(big.Int).SetUint64(eb), inc)
		T := new(big.Int).SetUint64(total)
		if r.PerIncrement {
			per := new(big.Int).Div(adj, new(big.Int).Div(T, inc))
			return per.Mul(per, ebInc).Uint64()
		}
		num := new(big.Int).Mul(ebInc, adj)
		return num.Div(num, T).Mul(num, inc).Uint64()
	}
	total := uint64(34_000_000 * GweiPerETH)
	for _, r := range []SlashingRule{SlashingPhase0, SlashingAltair, SlashingBellatrix, SlashingElectra} {
		for _, slashed := range []uint64{32 * GweiPerETH, 1000 * 32 * GweiPerETH, total / 10, total / 3, total} {
			for _, eb := range []uint64{32 * GweiPerETH, 31 * GweiPerETH, 2048 * GweiPerETH} {
				got, err := r.CorrelationPenalty(eb, slashed, total)
				require.NoError(t, err)
				assert.Equal(t, ref(r, eb, slashed, total), got, "%s eb %d slashed %d", r.Name, eb, slashed)
				assert.LessOrEqual(t, got, eb)
			}
		}
	}
	all, err := SlashingBellatrix.CorrelationPenalty(32*GweiPerETH, total/3+GweiPerETH, total)
	require.NoError(t, err)
	assert.Equal(t, 32*GweiPerETH, all)
	// A lone slashing: 96 ETH adjusted over 34M increments is 2,823 Gwei
	// per increment, 90,336 Gwei for 32 ETH, about 0.0003% of the stake.
	one, err := SlashingElectra.CorrelationPenalty(32*GweiPerETH, 32*GweiPerETH, total)
	require.NoError(t, err)
	assert.Equal(t, uint64(90_336), one)

	_, err = SlashingElectra.CorrelationPenalty(32, 1, 5)
	assert.ErrorIs(t, err, ErrBadSlashingRule)
	_, err = SlashingRule{Name: "none"}.CorrelationPenalty(32, 1, total)
	assert.ErrorIs(t, err, ErrBadSlashingRule)
	huge, err := SlashingElectra.CorrelationPenalty(1<<64-1, 1<<64-1, total)
	require.NoError(t, err)
	assert.Positive(t, huge)
}

func BenchmarkObserve(b *testing.B) {
	s := NewSlasher()
	k := DeriveKey(SeedFromText("bench"), "v")
	_ = s.Register("v", k.Public())
	hs := make([]SignedHeader, 1024)
	for i := range hs {
		hs[i] = k.Sign(BlockHeader{Height: uint64(i)})
	}
	for i := 0; b.Loop(); i++ {
		_, _ = s.Observe(hs[i%len(hs)])
	}
}
