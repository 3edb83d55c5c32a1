package mining

import (
	"crypto/sha256"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/mining/pool"
)

// What every mining widget (here and the chain of package blocks) needs
// from the worker pool in go-app terms.

// MountSession sets a widget's mining session up once it is mounted: Web
// Workers running web/miner-worker.js where the browser has them, their
// news delivered on the widget's UI goroutine. size 0 is one per core.
func MountSession(ctx app.Context, s *pool.Session, size int, onEvent func(pool.Event)) {
	s.Init(pool.NewBackend(kit.Href("web/miner-worker.js"), kit.Dispatcher(ctx)), size, onEvent)
}

// SessionNotes say how the session mines when that is not the usual way
// (no Web Workers, or a failed worker replaced by the page itself), as the
// frame's notes look.
func SessionNotes(s *pool.Session) []app.UI {
	var out []app.UI
	for _, n := range s.Notes() {
		out = append(out, app.P().Class("widget-note").Role("status").Text("Note: "+n))
	}
	return out
}

// MerkleStandIn is the double SHA-256 of a block's data: a stand-in for
// the merkle root of its transactions (a one-leaf tree's root is the
// leaf's hash, so it is even exact for one transaction).
func MerkleStandIn(data string) [32]byte {
	first := sha256.Sum256([]byte(data))
	return sha256.Sum256(first[:])
}
