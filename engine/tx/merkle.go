package tx

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// MaxLeaves bounds the transaction ids of one tree: a block of 4 MB weight
// holds at most about 24,000 transactions, and a widget asks for far fewer.
const MaxLeaves = 1 << 16

// DoubleSHA256 is Bitcoin's hash of transactions, Merkle nodes and headers.
func DoubleSHA256(b []byte) [32]byte {
	first := sha256.Sum256(b)
	return sha256.Sum256(first[:])
}

// pairHash is one inner node: the double SHA-256 of the two children
// concatenated, each in internal byte order.
func pairHash(left, right [32]byte) [32]byte {
	var buf [64]byte
	copy(buf[:32], left[:])
	copy(buf[32:], right[:])
	return DoubleSHA256(buf[:])
}

func checkLeaves(n int) error {
	switch {
	case n == 0:
		return errors.New("tx: a Merkle tree needs at least one transaction id")
	case n > MaxLeaves:
		return fmt.Errorf("tx: %d transaction ids, at most %d", n, MaxLeaves)
	}
	return nil
}

// nextLevel hashes one level into the next; an odd last node is paired with
// itself, as Bitcoin Core's ComputeMerkleRoot does.
func nextLevel(level [][32]byte) [][32]byte {
	next := make([][32]byte, 0, (len(level)+1)/2)
	for i := 0; i < len(level); i += 2 {
		right := level[i]
		if i+1 < len(level) {
			right = level[i+1]
		}
		next = append(next, pairHash(level[i], right))
	}
	return next
}

// Levels returns every level of the tree, the leaves first and the root
// alone last: what a tree diagram draws.
func Levels(txids [][32]byte) ([][][32]byte, error) {
	if err := checkLeaves(len(txids)); err != nil {
		return nil, err
	}
	levels := [][][32]byte{slices.Clone(txids)}
	for len(levels[len(levels)-1]) > 1 {
		levels = append(levels, nextLevel(levels[len(levels)-1]))
	}
	return levels, nil
}

// MerkleRoot is the root a block header commits to, by Bitcoin's rule:
// pairs double-SHA-256'd, the last node paired with itself on odd levels.
// Ids and root are in internal byte order. A single id is its own root.
//
// Pairing the last node with itself lets two different lists (one ending in
// a duplicated id) have the same root (CVE-2012-2459); Bitcoin Core rejects
// such blocks separately, and this function, like Core's, does not.
func MerkleRoot(txids [][32]byte) ([32]byte, error) {
	levels, err := Levels(txids)
	if err != nil {
		return [32]byte{}, err
	}
	return levels[len(levels)-1][0], nil
}

// MerkleBranch returns the siblings of the leaf at index, from the leaf up
// to (not including) the root: with the leaf and its index they rebuild the
// root, so a light client checks inclusion with one hash per level.
func MerkleBranch(txids [][32]byte, index int) ([][32]byte, error) {
	levels, err := Levels(txids)
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= len(txids) {
		return nil, fmt.Errorf("tx: leaf index %d outside 0..%d", index, len(txids)-1)
	}
	branch := make([][32]byte, 0, len(levels)-1)
	for _, level := range levels[:len(levels)-1] {
		sibling := index ^ 1
		if sibling >= len(level) {
			sibling = index // the odd last node is paired with itself
		}
		branch = append(branch, level[sibling])
		index /= 2
	}
	return branch, nil
}

// VerifyMerkleBranch reports whether leaf at index, hashed up with branch,
// gives root. The index's bits say on which side each sibling sits; an index
// that does not fit the branch's height fails.
func VerifyMerkleBranch(leaf [32]byte, index int, branch [][32]byte, root [32]byte) bool {
	path, ok := BranchPath(leaf, index, branch)
	return ok && path[len(path)-1] == root
}

// BranchPath is what a light client computes from a leaf and its branch:
// the leaf, then each node up to the root it implies (len(branch)+1
// hashes). ok is false for an index that does not fit the branch's height.
func BranchPath(leaf [32]byte, index int, branch [][32]byte) (path [][32]byte, ok bool) {
	if index < 0 || len(branch) > 63 || index>>len(branch) != 0 {
		return nil, false
	}
	path = make([][32]byte, 0, len(branch)+1)
	h := leaf
	path = append(path, h)
	for _, sibling := range branch {
		if index&1 == 0 {
			h = pairHash(h, sibling)
		} else {
			h = pairHash(sibling, h)
		}
		path = append(path, h)
		index >>= 1
	}
	return path, true
}

// DisplayHex returns a hash in display order (bytes reversed, lowercase
// hex), as explorers print transaction ids and Merkle roots.
func DisplayHex(h [32]byte) string {
	slices.Reverse(h[:])
	return hex.EncodeToString(h[:])
}

// ParseDisplayHex decodes 64 hex digits in display order into internal
// byte order.
func ParseDisplayHex(s string) ([32]byte, error) {
	var h [32]byte
	s = strings.TrimSpace(s)
	if len(s) != 64 {
		return h, fmt.Errorf("tx: a hash is 64 hex digits, got %d characters", len(s))
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, fmt.Errorf("tx: hash hex: %w", err)
	}
	slices.Reverse(h[:])
	return h, nil
}
