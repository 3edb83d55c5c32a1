//go:build !wasm

package signatures

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/tx"
)

// engineRoot is engine/tx's Merkle root of ids (display order).
func engineRoot(t *testing.T, ids []string) string {
	leaves := make([][32]byte, len(ids))
	for i, s := range ids {
		var err error
		leaves[i], err = tx.ParseDisplayHex(s)
		require.NoError(t, err)
	}
	root, err := tx.MerkleRoot(leaves)
	require.NoError(t, err)
	return tx.DisplayHex(root)
}

// The default is block 100,000: its header's root, and the proof of its
// third transaction, two hashes.
func TestMerkleBlock100000(t *testing.T) {
	html := kittest.Render(t, NewMerkle, kit.Placement{ID: "mk"})
	const want = "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766"
	ids := strings.Split(widgetspec.Block100000TxIDs, ",")
	assert.Equal(t, want, engineRoot(t, ids))
	assert.Equal(t, want, kittest.Attrs(t, html, "mk-tree")["data-root"])
	assert.Equal(t, want, kittest.Attrs(t, html, "mk-root")["data-root"])
	assert.Equal(t, want, kittest.Attrs(t, html, "mk-computed")["data-root"])
	assert.Equal(t, "yes", kittest.Attrs(t, html, "mk-verdict")["data-valid"])
	assert.Equal(t, "2", kittest.Attrs(t, html, "mk-proof")["data-hashes"])
	assert.Equal(t, "proof: 2 hashes, one per level, instead of the other 3 transactions", kittest.Text(t, html, "mk-proof"))
	// Index 2: the leaf, its sibling 3, the sibling 0 one level up, the
	// path through node 1 to the root.
	for id, role := range map[string]string{"mk-n0-2": "leaf", "mk-n0-3": "sibling", "mk-n1-0": "sibling", "mk-n1-1": "path", "mk-n2-0": "path", "mk-n0-0": "", "mk-n0-1": ""} {
		assert.Equal(t, role, kittest.Attrs(t, html, id)["data-role"], id)
	}
	leaf := kittest.Attrs(t, html, "mk-n0-2")
	assert.Equal(t, ids[2], leaf["title"], "the full id in the title")
	assert.Equal(t, ids[2][:8]+"…"+ids[2][60:], kittest.Text(t, html, "mk-n0-2"))
	assert.Contains(t, leaf["class"], "merkle-leaf")
	assert.Contains(t, html, `data-state="static"`)
}

// A forged leaf with the honest branch computes another root: refused.
func TestMerkleForgedLeafRefused(t *testing.T) {
	for _, index := range []string{"0", "2", "3"} {
		html := kittest.Render(t, NewMerkle, kit.Placement{ID: "mk", Params: map[string]string{"forge": "true", "index": index}})
		ids := strings.Split(widgetspec.Block100000TxIDs, ",")
		leaf := kittest.Attrs(t, html, "mk-leaf")["data-hash"]
		i := int(index[0] - '0')
		assert.Equal(t, ids[i][:63], leaf[:63], "only the last digit changes")
		assert.NotEqual(t, ids[i], leaf)
		root := kittest.Attrs(t, html, "mk-root")["data-root"]
		computed := kittest.Attrs(t, html, "mk-computed")["data-root"]
		assert.Equal(t, engineRoot(t, ids), root, "the header's root is the true one")
		assert.NotEqual(t, root, computed)
		assert.Equal(t, "no", kittest.Attrs(t, html, "mk-verdict")["data-valid"])
		assert.Contains(t, kittest.Text(t, html, "mk-verdict"), "Refused")
	}
}

// With no ids listed the widget makes count of them up; the lesson's
// check question: 64 transactions need 6 hashes. An odd last node is its
// own sibling.
func TestMerkleMadeUpIDs(t *testing.T) {
	html := kittest.Render(t, NewMerkle, kit.Placement{ID: "mk", Params: map[string]string{"txids": "", "count": "64", "index": "37"}})
	ids := madeUpIDs(64)
	assert.Equal(t, engineRoot(t, ids), kittest.Attrs(t, html, "mk-root")["data-root"])
	assert.Equal(t, "6", kittest.Attrs(t, html, "mk-proof")["data-hashes"])
	assert.Equal(t, "yes", kittest.Attrs(t, html, "mk-verdict")["data-valid"])
	assert.Equal(t, "64", kittest.Attrs(t, html, "mk-tree")["data-leaves"])

	html = kittest.Render(t, NewMerkle, kit.Placement{ID: "mk", Params: map[string]string{"txids": "", "count": "7", "index": "6"}})
	assert.Equal(t, engineRoot(t, madeUpIDs(7)), kittest.Attrs(t, html, "mk-root")["data-root"])
	assert.Equal(t, "leaf", kittest.Attrs(t, html, "mk-n0-6")["data-role"])
	assert.Equal(t, "path", kittest.Attrs(t, html, "mk-n1-3")["data-role"], "paired with itself, the node is on the path")
	assert.Equal(t, "sibling", kittest.Attrs(t, html, "mk-n1-2")["data-role"])
	assert.Equal(t, "3", kittest.Attrs(t, html, "mk-proof")["data-hashes"])
}

// An index past the ids is fitted, with a note.
func TestMerkleIndexClamped(t *testing.T) {
	html := kittest.Render(t, NewMerkle, kit.Placement{ID: "mk", Params: map[string]string{"index": "9"}})
	assert.Contains(t, html, "index=9 is past the last of the 4 transactions; using 3")
	assert.Equal(t, "leaf", kittest.Attrs(t, html, "mk-n0-3")["data-role"])
	assert.Equal(t, "yes", kittest.Attrs(t, html, "mk-verdict")["data-valid"])
}

// While the worker hashes the widget says so; it is live only once the
// proof came back, and "Use made-up ids" asks for a new proof.
func TestMerkleBusyThenLive(t *testing.T) {
	h := holdCalls(t)
	w := NewMerkle(kit.Placement{ID: "mk"}).(*merkle)
	d := app.NewClientTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	assert.Equal(t, "pending", kittest.Attrs(t, html, "mk-verdict")["data-valid"])
	assert.NotContains(t, html, `data-state="ready"`)
	assert.Equal(t, "merkle.proof", h.next(t))
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Equal(t, "yes", kittest.Attrs(t, html, "mk-verdict")["data-valid"])
	assert.Equal(t, "4", kittest.Attrs(t, html, "mk-tree")["data-leaves"])
	assert.Contains(t, html, `data-state="ready"`)

	w.Set("txids", "")
	d.Consume()
	assert.Equal(t, "merkle.proof", h.next(t))
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Equal(t, "7", kittest.Attrs(t, html, "mk-tree")["data-leaves"], "the count default")
	assert.Equal(t, engineRoot(t, madeUpIDs(7)), kittest.Attrs(t, html, "mk-root")["data-root"])

	// The lesson's check: set count=64 (the listed ids give way) and
	// count the branch.
	w.Set("txids", widgetspec.Block100000TxIDs)
	d.Consume()
	assert.Equal(t, "merkle.proof", h.next(t))
	w.useCount("64")
	d.Consume()
	assert.Equal(t, "merkle.proof", h.next(t))
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Equal(t, "64", kittest.Attrs(t, html, "mk-tree")["data-leaves"])
	assert.Equal(t, "6", kittest.Attrs(t, html, "mk-proof")["data-hashes"])
	assert.Equal(t, "64", kittest.Attrs(t, html, "mk-count")["value"])
}
