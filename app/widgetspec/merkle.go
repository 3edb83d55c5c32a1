package widgetspec

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// merkle draws the Merkle tree of a block's transaction ids, highlights the
// branch that proves one of them, and lets the learner check a different
// (forged) transaction against the same root. The hashing runs in the
// cipher worker's merkle.proof op (engine/tx).
func init() {
	Register(Spec{
		Name:  "merkle",
		Title: "Merkle tree and inclusion proof",
		Doc:   "The Merkle tree of a block's transaction ids, Bitcoin's rule (double SHA-256, the odd last node paired with itself), the branch that proves one transaction, and what a light client computes from it.",
		Params: []Param{
			{Name: "txids", Kind: String, Default: Block100000TxIDs, MaxLen: MaxMerkleParamIDs * 65, Doc: "transaction ids in display order (64 hex digits each), comma-separated; empty: count made-up ids"},
			{Name: "count", Kind: Int, Default: "7", Min: 1, Max: 64, Doc: "how many made-up ids to use when txids is empty"},
			{Name: "index", Kind: Int, Default: "2", Min: 0, Max: 63, Doc: "the transaction to prove (0 is the coinbase)"},
			{Name: "forge", Kind: Bool, Default: "false", Doc: "check a changed transaction id against the true root, as a cheating server would offer it"},
		},
		Validate: func(v map[string]string) error {
			n, err := MerkleLeafCount(v["txids"], v["count"])
			if err != nil {
				return err
			}
			if i, _ := strconv.Atoi(v["index"]); i >= n {
				return fmt.Errorf("index %d must be below the %d transactions", i, n)
			}
			return nil
		},
	})
}

// Block100000TxIDs are the four transaction ids of Bitcoin block 100,000,
// whose Merkle root is f3e94742...a25a95766 (engine/tx tests it).
const Block100000TxIDs = "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87," +
	"fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4," +
	"6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4," +
	"e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d"

// MaxMerkleParamIDs bounds the ids a lesson may list.
const MaxMerkleParamIDs = 16

// MerkleTxIDs splits the txids parameter; each id must be 64 hex digits.
func MerkleTxIDs(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > MaxMerkleParamIDs {
		return nil, fmt.Errorf("txids: %d listed, at most %d", len(parts), MaxMerkleParamIDs)
	}
	ids := make([]string, len(parts))
	for i, p := range parts {
		p = strings.ToLower(strings.TrimSpace(p))
		if _, err := hex.DecodeString(p); err != nil || len(p) != 64 {
			return nil, fmt.Errorf("txids: id %d is not 64 hex digits", i+1)
		}
		ids[i] = p
	}
	return ids, nil
}

// MerkleLeafCount is how many leaves the widget's tree has: the listed ids,
// or count made-up ones when none are listed.
func MerkleLeafCount(txids, count string) (int, error) {
	ids, err := MerkleTxIDs(txids)
	if err != nil {
		return 0, err
	}
	if len(ids) > 0 {
		return len(ids), nil
	}
	return strconv.Atoi(count)
}
