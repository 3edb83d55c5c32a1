// Package pooltest drives a mining pool with fake workers in tests: the
// test sees what the pool asks of each worker and answers for it.
package pooltest

import (
	"errors"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/mining/pool"
	"github.com/consensus-lab/playground/engine/pow"
)

// Worker records what the pool asks of it; the test answers for it.
type Worker struct {
	Mines      []Mine
	Stops      int
	Terminated bool

	onMsg  func(pool.Msg)
	onDead func(string)
}

// Mine is one job the pool gave a worker.
type Mine struct {
	Job            int
	Header, Target string
	Start          uint32
	Count          uint64
}

// Mine implements pool.Worker.
func (w *Worker) Mine(job int, header, target string, start uint32, count uint64) {
	w.Mines = append(w.Mines, Mine{job, header, target, start, count})
}

// Stop implements pool.Worker.
func (w *Worker) Stop() { w.Stops++ }

// Terminate implements pool.Worker.
func (w *Worker) Terminate() { w.Terminated = true }

// Last is the worker's latest job.
func (w *Worker) Last(t testing.TB) Mine {
	t.Helper()
	require.NotEmpty(t, w.Mines, "the worker was never asked to mine")
	return w.Mines[len(w.Mines)-1]
}

// Send delivers a message from the worker, as the spawner would on the UI
// goroutine.
func (w *Worker) Send(m pool.Msg) { w.onMsg(m) }

// Die reports the worker dead, as a Web Worker's onerror would.
func (w *Worker) Die(reason string) { w.onDead(reason) }

// Spawner starts Workers; FailNext makes that many spawns fail.
type Spawner struct {
	Workers  []*Worker
	FailNext int
}

// Spawn is a pool.SpawnFunc.
func (f *Spawner) Spawn(onMsg func(pool.Msg), onDead func(string)) (pool.Worker, error) {
	if f.FailNext > 0 {
		f.FailNext--
		return nil, errors.New("no workers today")
	}
	w := &Worker{onMsg: onMsg, onDead: onDead}
	f.Workers = append(f.Workers, w)
	return w, nil
}

// ReadyAll says ready for every worker started so far that has not mined.
func (f *Spawner) ReadyAll() {
	for _, w := range f.Workers {
		if len(w.Mines) == 0 && !w.Terminated {
			w.Send(pool.Msg{Type: "ready"})
		}
	}
}

// Use makes every mining widget mounted in the test mine on fake workers,
// on a device with that many cores and with or without Web Workers, with
// no rate measured yet; it returns the spawner to drive them.
func Use(t testing.TB, cores int, workers bool) *Spawner {
	t.Helper()
	f := &Spawner{}
	UseBackend(t, pool.Backend{Spawn: f.Spawn, Cores: cores, Workers: workers})
	return f
}

// UseBackend makes every mining widget mounted in the test mine on b.
func UseBackend(t testing.TB, b pool.Backend) {
	t.Helper()
	old := pool.NewBackend
	pool.NewBackend = func(string, func(func())) pool.Backend { return b }
	pool.ForgetRate()
	t.Cleanup(func() { pool.NewBackend = old; pool.ForgetRate() })
}

// Nonce mines h natively: the answer a real worker would give.
func Nonce(t testing.TB, h pow.Header, target *big.Int) uint32 {
	t.Helper()
	n, ok := pow.Search(h, target, 0, ^uint32(0))
	require.True(t, ok, "no nonce meets the target")
	return n
}
