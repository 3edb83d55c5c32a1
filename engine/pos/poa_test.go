package pos

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCliqueTurnsAndDifficulty(t *testing.T) {
	c, err := NewClique([]string{"carol", "alice", "dave", "bob"})
	require.NoError(t, err)
	assert.Equal(t, []string{"alice", "bob", "carol", "dave"}, c.Signers())
	assert.Equal(t, uint64(3), c.SignerLimit()) // 4/2+1
	for n, want := range map[uint64]string{0: "alice", 1: "bob", 2: "carol", 3: "dave", 4: "alice", 9: "bob"} {
		assert.Equal(t, want, c.InTurn(n), "block %d", n)
	}
	d, err := c.Difficulty(5, "bob")
	require.NoError(t, err)
	assert.Equal(t, CliqueDiffInTurn, d)
	d, err = c.Difficulty(5, "alice")
	require.NoError(t, err)
	assert.Equal(t, CliqueDiffNoTurn, d)
	_, err = c.Difficulty(5, "mallory")
	assert.ErrorIs(t, err, ErrUnauthorized)

	for _, tc := range []struct {
		in  []string
		err error
	}{{nil, ErrNoSigners}, {[]string{"a", "a"}, ErrDuplicateName}, {[]string{""}, ErrEmptyName}} {
		_, err := NewClique(tc.in)
		assert.ErrorIs(t, err, tc.err)
	}
	for n, want := range map[int]uint64{1: 1, 2: 2, 3: 2, 5: 3, 6: 4, 7: 4} {
		names := make([]string, n)
		for i := range names {
			names[i] = itoa(uint64(i))
		}
		c, err := NewClique(names)
		require.NoError(t, err)
		assert.Equal(t, want, c.SignerLimit(), "%d signers", n)
	}
}

// A signer may seal only one of any SignerLimit consecutive blocks.
func TestCliqueRecentlySigned(t *testing.T) {
	c, err := NewClique([]string{"a", "b", "c", "d", "e"}) // limit 3
	require.NoError(t, err)
	ch := c.NewChain()
	b, err := ch.Seal("b") // block 1, in turn (1 % 5 = b)
	require.NoError(t, err)
	assert.True(t, b.InTurn)
	assert.Equal(t, uint64(2), b.TotalDifficulty)

	_, err = ch.Seal("b") // block 2: b sealed 1, within 3
	assert.ErrorIs(t, err, ErrRecentlySigned)
	_, err = ch.Seal("a") // block 2 out of turn (c's turn)
	require.NoError(t, err)
	assert.ErrorIs(t, ch.CanSign("b"), ErrRecentlySigned) // block 3: b sealed 1, 3-1 = 2 < 3
	assert.ErrorIs(t, ch.CanSign("a"), ErrRecentlySigned)
	blk, err := ch.Seal("d") // block 3 in turn
	require.NoError(t, err)
	assert.True(t, blk.InTurn)
	assert.NoError(t, ch.CanSign("b"), "block 4: b's last was 1, 4-1 = 3, allowed again")
	assert.ErrorIs(t, ch.CanSign("a"), ErrRecentlySigned)
	assert.ErrorIs(t, ch.CanSign("zed"), ErrUnauthorized)
	assert.Equal(t, uint64(2+1+2), ch.TotalDifficulty())
	assert.Equal(t, uint64(3), ch.Head())
	assert.Len(t, ch.Blocks(), 3)
}

func TestCliqueSimulate(t *testing.T) {
	c, err := NewClique([]string{"a", "b", "c", "d", "e"})
	require.NoError(t, err)
	seed := SeedFromText("poa")

	// Everyone online: every block in turn, difficulty 2.
	run, err := c.Simulate(20, nil, seed)
	require.NoError(t, err)
	assert.Equal(t, 20, run.InTurn)
	assert.False(t, run.Stalled)
	assert.Equal(t, uint64(40), run.Blocks[19].TotalDifficulty)

	// Two of five offline: their turns are taken out of turn, which in
	// turn blocks some in-turn signers (recently signed); the chain keeps
	// going and never breaks the recent-signer rule. With exactly limit
	// signers online they are forced into a strict rotation of period 3.
	run, err = c.Simulate(50, []string{"b", "d"}, seed)
	require.NoError(t, err)
	assert.False(t, run.Stalled)
	assert.Len(t, run.Blocks, 50)
	assert.Equal(t, 50, run.InTurn+run.OutOfTurn)
	assert.GreaterOrEqual(t, run.OutOfTurn, 20, "every turn of b and d at least")
	assert.Positive(t, run.InTurn)
	for i := 0; i+3 < len(run.Blocks); i++ {
		assert.Equal(t, run.Blocks[i].Signer, run.Blocks[i+3].Signer)
	}
	last := map[string]uint64{}
	for _, b := range run.Blocks {
		assert.NotContains(t, []string{"b", "d"}, b.Signer)
		if prev, ok := last[b.Signer]; ok {
			assert.GreaterOrEqual(t, b.Number-prev, run.Limit, "%s sealed %d and %d", b.Signer, prev, b.Number)
		}
		last[b.Signer] = b.Number
		assert.Equal(t, b.InTurn, b.Difficulty == CliqueDiffInTurn)
		assert.Contains(t, b.Eligible, b.Signer)
	}

	// Three of five offline: two signers cannot fill a window of three.
	run, err = c.Simulate(50, []string{"a", "b", "c"}, seed)
	require.NoError(t, err)
	assert.True(t, run.Stalled)
	assert.Equal(t, uint64(len(run.Blocks)+1), run.StalledAt)
	assert.Less(t, len(run.Blocks), 3)

	_, err = c.Simulate(10, []string{"zed"}, seed)
	assert.ErrorIs(t, err, ErrUnknownOffline)
	_, err = c.Simulate(MaxPoABlocks+1, nil, seed)
	assert.ErrorIs(t, err, ErrTooManyBlocks)
}

// Zero values (not built by the constructors) answer with errors.
func TestZeroValuesDoNotPanic(t *testing.T) {
	var c *Clique
	assert.Equal(t, "", c.InTurn(3))
	assert.Equal(t, "", (&Clique{}).InTurn(3))
	_, err := c.Difficulty(1, "a")
	assert.ErrorIs(t, err, ErrNoSigners)
	_, err = (&Clique{}).Simulate(3, nil, Hash{})
	assert.ErrorIs(t, err, ErrNoSigners)
	var ch CliqueChain
	_, err = ch.Seal("a")
	assert.ErrorIs(t, err, ErrNoSigners)
	assert.Zero(t, ch.TotalDifficulty())

	var d DPoS
	_, err = d.NextRound()
	assert.ErrorIs(t, err, ErrNoCandidates)
	assert.ErrorIs(t, d.Vote(Ballot{Voter: "v", Tokens: 1, Delegates: []string{"a"}}), ErrNoCandidates)
	assert.ErrorIs(t, d.Unvote("v"), ErrNoBallot)

	var r Randao
	require.NoError(t, r.Commit("a", Commitment([]byte("s"))))
	_, err = r.Reveal("a", []byte("s"))
	require.NoError(t, err)
	assert.Equal(t, Commitment([]byte("s")), r.Mix())

	var s Slasher
	k := DeriveKey(Hash{}, "a")
	_, err = s.Observe(k.Sign(BlockHeader{}))
	assert.ErrorIs(t, err, ErrUnknownSigner)
	require.NoError(t, s.Register("a", k.Public()))
	ev, err := s.Observe(k.Sign(BlockHeader{}))
	require.NoError(t, err)
	assert.Nil(t, ev)

	var zk ValidatorKey
	assert.Nil(t, zk.Public())
	assert.Empty(t, zk.Sign(BlockHeader{}).Signature)

	var reg *Registry
	_, err = reg.Active()
	assert.ErrorIs(t, err, ErrNoValidators)
	_, err = reg.Slash(Evidence{}, SlashingElectra)
	assert.ErrorIs(t, err, ErrNoValidators)
	_, err = (&Registry{}).Active()
	assert.ErrorIs(t, err, ErrNoValidators)
}
