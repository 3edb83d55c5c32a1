package tx

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pow"
)

// Block 100,000 of Bitcoin has four transactions. Their ids, the Merkle root
// and the header fields are those of btcsuite's btcutil block_test.go
// (Block100000), which block explorers show too; the block hash is
// 000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506.
var block100000 = struct {
	txids             []string
	root, prev, hash  string
	time, bits, nonce uint32
}{
	txids: []string{
		"8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
		"fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
		"6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
		"e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
	},
	root:  "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766",
	prev:  "000000000002d01c1fccc21636b607dfd930d31d01c3a62104612a1719011250",
	hash:  "000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506",
	time:  1293623863,
	bits:  0x1b04864c,
	nonce: 274148111,
}

func parseAll(t *testing.T, hexes []string) [][32]byte {
	t.Helper()
	out := make([][32]byte, len(hexes))
	for i, h := range hexes {
		var err error
		out[i], err = ParseDisplayHex(h)
		require.NoError(t, err)
	}
	return out
}

func TestMerkleRootBlock100000(t *testing.T) {
	b := block100000
	ids := parseAll(t, b.txids)
	root, err := MerkleRoot(ids)
	require.NoError(t, err)
	require.Equal(t, b.root, DisplayHex(root))

	// The root is right only if the header that commits to it hashes to the
	// block's known hash (and meets its target): an independent check of
	// the byte order too.
	prev, err := pow.ParseDigest(b.prev)
	require.NoError(t, err)
	h := pow.Header{Version: 1, PrevBlock: prev, MerkleRoot: root, Time: b.time, Bits: b.bits, Nonce: b.nonce}
	require.Equal(t, b.hash, h.Hash().String())
	target, err := pow.CompactToTarget(b.bits)
	require.NoError(t, err)
	require.True(t, h.Hash().Meets(target))

	// Every transaction's branch proves it against that root, with two hashes.
	for i, id := range ids {
		branch, err := MerkleBranch(ids, i)
		require.NoError(t, err)
		require.Len(t, branch, 2)
		require.True(t, VerifyMerkleBranch(id, i, branch, root), "tx %d", i)
	}
}

// leaves returns n distinct ids: the double SHA-256 of 0, 1, 2...
func leaves(n int) [][32]byte {
	ids := make([][32]byte, n)
	for i := range ids {
		ids[i] = DoubleSHA256(binary.LittleEndian.AppendUint32(nil, uint32(i)))
	}
	return ids
}

func TestMerkleRootSmallTrees(t *testing.T) {
	ids := leaves(3)
	one, err := MerkleRoot(ids[:1])
	require.NoError(t, err)
	require.Equal(t, ids[0], one, "a single id is its own root")

	// Three leaves: the third is paired with itself, written out by hand.
	ab := pairHash(ids[0], ids[1])
	cc := pairHash(ids[2], ids[2])
	three, err := MerkleRoot(ids)
	require.NoError(t, err)
	require.Equal(t, pairHash(ab, cc), three)

	// The duplication makes [a b c] and [a b c c] share a root
	// (CVE-2012-2459), which Bitcoin Core rejects elsewhere.
	four, err := MerkleRoot(append(ids, ids[2]))
	require.NoError(t, err)
	require.Equal(t, three, four)

	// pairHash is the double SHA-256 of the concatenation.
	first := sha256.Sum256(append(ids[0][:], ids[1][:]...))
	require.Equal(t, [32]byte(sha256.Sum256(first[:])), ab)

	_, err = MerkleRoot(nil)
	require.ErrorContains(t, err, "at least one")
	_, err = MerkleRoot(make([][32]byte, MaxLeaves+1))
	require.Error(t, err)
}

func TestMerkleBranchRoundTrip(t *testing.T) {
	for n := 1; n <= 33; n++ {
		ids := leaves(n)
		root, err := MerkleRoot(ids)
		require.NoError(t, err)
		levels, err := Levels(ids)
		require.NoError(t, err)
		for i := range ids {
			branch, err := MerkleBranch(ids, i)
			require.NoError(t, err)
			require.Len(t, branch, len(levels)-1, "n=%d: one sibling per level below the root", n)
			require.True(t, VerifyMerkleBranch(ids[i], i, branch, root), "n=%d i=%d", n, i)

			// Another leaf, a changed sibling or a wrong root all fail.
			other := ids[(i+1)%n]
			if n > 1 {
				require.False(t, VerifyMerkleBranch(other, i, branch, root), "n=%d i=%d: another leaf", n, i)
			}
			for j := range branch {
				bad := append([][32]byte(nil), branch...)
				bad[j][0] ^= 1
				require.False(t, VerifyMerkleBranch(ids[i], i, bad, root), "n=%d i=%d: sibling %d changed", n, i, j)
			}
			badRoot := root
			badRoot[31] ^= 0x80
			require.False(t, VerifyMerkleBranch(ids[i], i, branch, badRoot))

			// An index beyond the branch's height, or negative, fails.
			require.False(t, VerifyMerkleBranch(ids[i], i+1<<len(branch), branch, root))
			require.False(t, VerifyMerkleBranch(ids[i], -1, branch, root))
		}
		_, err = MerkleBranch(ids, n)
		require.Error(t, err)
		_, err = MerkleBranch(ids, -1)
		require.Error(t, err)
	}
}

func TestMerkleBranchSideMatters(t *testing.T) {
	// Even count: leaf 2 of 4 claimed at index 3 sits on the wrong side.
	ids := leaves(4)
	root, err := MerkleRoot(ids)
	require.NoError(t, err)
	branch, err := MerkleBranch(ids, 2)
	require.NoError(t, err)
	require.False(t, VerifyMerkleBranch(ids[2], 3, branch, root))
}

func TestDisplayHex(t *testing.T) {
	h, err := ParseDisplayHex(block100000.root)
	require.NoError(t, err)
	require.Equal(t, byte(0x66), h[0], "internal order starts with the last display byte")
	require.Equal(t, block100000.root, DisplayHex(h))
	_, err = ParseDisplayHex("abc")
	require.ErrorContains(t, err, "64 hex digits")
	_, err = ParseDisplayHex(string(make([]byte, 64)))
	require.Error(t, err)
}

func TestBranchPathFollowsLevels(t *testing.T) {
	ids := leaves(11)
	levels, err := Levels(ids)
	require.NoError(t, err)
	for i := range ids {
		branch, err := MerkleBranch(ids, i)
		require.NoError(t, err)
		path, ok := BranchPath(ids[i], i, branch)
		require.True(t, ok)
		require.Len(t, path, len(levels))
		for l, h := range path {
			require.Equal(t, levels[l][i>>l], h, "leaf %d level %d", i, l)
		}
	}
	_, ok := BranchPath(ids[0], 1, nil)
	require.False(t, ok)
}

// FuzzParse feeds outside text to the parsers a widget or the worker hands
// learner input to: they return an error or a value that round-trips.
func FuzzParse(f *testing.F) {
	f.Add(block100000.root, sampleTransaction().Bytes())
	f.Add("zz", []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, hexText string, raw []byte) {
		if h, err := ParseDisplayHex(hexText); err == nil {
			again, err := ParseDisplayHex(DisplayHex(h))
			require.NoError(t, err)
			require.Equal(t, h, again)
		}
		if tr, err := ParseTransaction(raw); err == nil {
			require.Equal(t, raw, tr.Bytes())
		} else {
			require.NotEqual(t, TransactionSize, len(raw))
		}
	})
}
