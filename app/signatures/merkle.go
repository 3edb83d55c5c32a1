package signatures

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
)

// merkleProof mirrors rpc.MerkleResult.
type merkleProof struct {
	Levels [][]string `json:"levels"`
	Root   string     `json:"root"`
	Branch []string   `json:"branch"`
	Path   []string   `json:"path"`
	Valid  bool       `json:"valid"`
}

// NewMerkle is the merkle widget's factory.
func NewMerkle(p kit.Placement) app.UI { return &merkle{Placement: p} }

// merkle draws the Merkle tree of a block's transaction ids, marks the
// branch that proves one of them, and checks that branch as a light client
// does, with the true transaction id or a forged one. The hashing runs in
// the cipher worker's merkle.proof op.
type merkle struct {
	app.Compo
	kit.Placement
	base

	ctx      app.Context
	provedOf string // the ids, index and forge flag the proof shown is of
	ids      []string
	index    int
	leaf     string // the id the light client is handed
	proof    merkleProof
	err      error
	jobs     jobs
	loaded   bool
}

func (w *merkle) OnInit() { w.Init("merkle", w.Placement, w.load) }
func (w *merkle) OnUpdate(ctx app.Context) {
	w.ctx = ctx
	w.Init("merkle", w.Placement, w.load)
}

// OnMount asks for the proof, unless that is done or under way.
func (w *merkle) OnMount(ctx app.Context) {
	w.ctx = ctx
	switch {
	case w.loaded:
		w.MarkReady()
	case !w.jobs.Busy():
		w.prove()
	}
}

// load reads the ids and the index, clamped with a note, and asks for the
// proof when they changed.
func (w *merkle) load() {
	ids, err := widgetspec.MerkleTxIDs(w.Value("txids"))
	if err != nil {
		w.Note(err.Error() + "; using made-up ids")
		ids = nil
	}
	if len(ids) == 0 {
		ids = madeUpIDs(w.Int("count"))
	}
	w.ids = ids
	w.index = w.Int("index")
	if w.index >= len(ids) {
		w.Note("index=" + w.Value("index") + " is past the last of the " + strconv.Itoa(len(ids)) + " transactions; using " + strconv.Itoa(len(ids)-1))
		w.index = len(ids) - 1
	}
	w.leaf = ids[w.index]
	if w.Bool("forge") {
		w.leaf = forged(w.leaf)
	}
	key := w.leaf + "|" + strconv.Itoa(w.index)
	for _, id := range ids {
		key += "|" + id
	}
	if key == w.provedOf {
		return
	}
	w.provedOf = key
	w.proof, w.err, w.loaded = merkleProof{}, nil, false
	w.jobs.Drop()
	if live(w.ctx) {
		w.prove()
	}
}

// madeUpIDs are n transaction ids for a block that never existed: the
// double SHA-256 of "tx <i>", in display order (bytes reversed), as a real
// id is printed.
func madeUpIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		h := sha256.Sum256([]byte("tx " + strconv.Itoa(i)))
		h = sha256.Sum256(h[:])
		slices.Reverse(h[:])
		ids[i] = hex.EncodeToString(h[:])
	}
	return ids
}

// forged is id with its last hex digit changed: a transaction a cheating
// server claims is in the block.
func forged(id string) string {
	last := id[len(id)-1]
	if last == '0' {
		last = '1'
	} else {
		last = '0'
	}
	return id[:len(id)-1] + string(last)
}

func (w *merkle) prove() {
	args := map[string]any{"txids": w.ids, "index": w.index}
	if w.leaf != w.ids[w.index] {
		args["leaf"] = w.leaf
	}
	w.jobs.send(w.ctx, "merkle.proof", args, func(r cipherworker.Reply) {
		var p merkleProof
		w.err = r.Decode(&p)
		w.proof = p
		w.loaded = true
		if w.ctx != nil {
			w.MarkReady()
		}
	})
}

func (w *merkle) Render() app.UI {
	body := []app.UI{
		w.Area("txids", "Transaction ids, display order, comma-separated (empty: made-up ids)", 3),
		app.Div().Class("merkle-controls").Body(
			w.countInput(),
			w.Number("index", "Transaction to prove (0 is the coinbase)"),
			w.Checkbox("forge", "Forge: hand the light client a changed transaction id with the honest branch"),
		),
		kit.Button{ID: w.ID + "-madeup", Label: "Use made-up ids", Secondary: true, Disabled: w.Value("txids") == "", OnClick: kit.Click(func() { w.Set("txids", "") })}.UI(),
		w.tree(),
		w.check(),
	}
	return w.Frame(body...)
}

// countInput is the count parameter; typing a count also clears the
// listed ids, so the made-up ones it counts are what the tree shows.
func (w *merkle) countInput() app.UI {
	id := w.InputID("count")
	p, _ := kit.Spec("merkle").Param("count")
	return kit.Field(id, "Made-up transactions (a count replaces the listed ids)", app.Input().Type("number").ID(id).
		Min(p.Min).Max(p.Max).Step(1).Value(w.Value("count")).
		OnChange(func(ctx app.Context, e app.Event) { w.useCount(kit.Value(ctx)) }))
}

// useCount switches the tree to n made-up ids.
func (w *merkle) useCount(n string) { w.SetMany(map[string]string{"count": n, "txids": ""}) }

// abbrev shortens a 64-digit id for the tree; the title holds it whole.
func abbrev(id string) string {
	if len(id) < 16 {
		return id
	}
	return id[:8] + "…" + id[len(id)-4:]
}

// tree draws the levels, the root on top and the leaves at the bottom. The
// proved leaf, its path to the root and the branch's siblings are marked.
func (w *merkle) tree() app.UI {
	levels := w.proof.Levels
	rows := make([]app.UI, 0, len(levels))
	for l := len(levels) - 1; l >= 0; l-- {
		on := w.index >> l
		sib := on ^ 1
		if sib >= len(levels[l]) {
			sib = on // the odd last node is paired with itself
		}
		nodes := make([]app.UI, len(levels[l]))
		for i, id := range levels[l] {
			role := ""
			switch {
			case l == 0 && i == w.index:
				role = "leaf"
			case i == on:
				role = "path"
			case i == sib && l < len(levels)-1:
				role = "sibling"
			}
			n := app.Code().ID(w.ID+"-n"+strconv.Itoa(l)+"-"+strconv.Itoa(i)).Class("merkle-node").Title(id).DataSet("hash", id).Text(abbrev(id))
			if role != "" {
				n = n.Class("merkle-"+role).DataSet("role", role)
			}
			nodes[i] = app.Li().Body(n)
		}
		label := "level " + strconv.Itoa(l)
		switch {
		case l == len(levels)-1:
			label = "root"
		case l == 0:
			label = "transaction ids"
		}
		rows = append(rows, app.Div().Class("merkle-level").Body(
			app.Span().Class("merkle-level-label").Text(label),
			app.Ul().Class("merkle-row").Body(nodes...),
		))
	}
	return app.Figure().ID(w.ID+"-tree").Class("merkle-tree").DataSet("leaves", len(w.ids)).DataSet("root", w.proof.Root).Body(
		append(rows, app.FigCaption().Text("The tree of "+strconv.Itoa(len(w.ids))+" transaction ids, hashed in pairs with double SHA-256. Marked: the transaction proved, its path to the root, and the siblings that form the proof."))...)
}

// check is what the light client computes from the branch.
func (w *merkle) check() app.UI {
	box := app.Div().Aria("live", "polite")
	if w.err != nil {
		return box.Body(app.P().ID(w.ID+"-verdict").Class("status error").DataSet("valid", "error").Role("status").Text(w.err.Error()))
	}
	if !w.loaded {
		return box.Body(app.P().ID(w.ID+"-verdict").Class("status").DataSet("valid", "pending").Role("status").Text("Hashing in the background…"))
	}
	p := w.proof
	computed := ""
	if len(p.Path) > 0 {
		computed = p.Path[len(p.Path)-1]
	}
	verdict := app.P().ID(w.ID+"-verdict").Role("status").DataSet("valid", kit.YesNo(p.Valid))
	if p.Valid {
		verdict = verdict.Class("merkle-verdict ok").Body(app.Strong().Text("Included: "), app.Text("the computed root equals the header's root."))
	} else {
		verdict = verdict.Class("merkle-verdict bad").Body(app.Strong().Text("Refused: "), app.Text("the computed root is not the header's root, so this transaction is not proved to be in the block."))
	}
	return box.Body(
		app.P().ID(w.ID+"-proof").DataSet("hashes", len(p.Branch)).Text("proof: "+strconv.Itoa(len(p.Branch))+" hashes, one per level, instead of the other "+strconv.Itoa(len(w.ids)-1)+" transactions"),
		app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Transaction checked: "), app.Code().ID(w.ID+"-leaf").DataSet("hash", w.leaf).Text(w.leaf)),
		app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Root in the header: "), app.Code().ID(w.ID+"-root").DataSet("root", p.Root).Text(p.Root)),
		app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Root the light client computes: "), app.Code().ID(w.ID+"-computed").Class(map[bool]string{true: "ok", false: "bad"}[p.Valid]).DataSet("root", computed).Text(computed)),
		verdict,
	)
}
