//go:build !wasm

package app

import (
	"errors"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pow"
)

// fakeWorker records what the pool asks of it; the test answers for it.
type fakeWorker struct {
	onMsg      func(minerMsg)
	onDead     func(string)
	mines      []fakeMine
	stops      int
	terminated bool
}

type fakeMine struct {
	job            int
	header, target string
	start          uint32
	count          uint64
}

func (w *fakeWorker) Mine(job int, header, target string, start uint32, count uint64) {
	w.mines = append(w.mines, fakeMine{job, header, target, start, count})
}
func (w *fakeWorker) Stop()      { w.stops++ }
func (w *fakeWorker) Terminate() { w.terminated = true }

func (w *fakeWorker) last(t *testing.T) fakeMine {
	t.Helper()
	require.NotEmpty(t, w.mines, "the worker was never asked to mine")
	return w.mines[len(w.mines)-1]
}

// send delivers a message from the worker, as the spawner would on the UI
// goroutine.
func (w *fakeWorker) send(m minerMsg) { w.onMsg(m) }

// fakeSpawner starts fakeWorkers; failNext makes spawning fail.
type fakeSpawner struct {
	workers  []*fakeWorker
	failNext int
}

func (f *fakeSpawner) spawn(onMsg func(minerMsg), onDead func(string)) (minerWorker, error) {
	if f.failNext > 0 {
		f.failNext--
		return nil, errors.New("no workers today")
	}
	w := &fakeWorker{onMsg: onMsg, onDead: onDead}
	f.workers = append(f.workers, w)
	return w, nil
}

// readyAll says ready for every worker started so far that has not mined.
func (f *fakeSpawner) readyAll() {
	for _, w := range f.workers {
		if len(w.mines) == 0 && !w.terminated {
			w.send(minerMsg{Type: "ready"})
		}
	}
}

type eventLog struct{ events []poolEvent }

func (l *eventLog) add(e poolEvent) { l.events = append(l.events, e) }

func (l *eventLog) kinds() []poolEventKind {
	var k []poolEventKind
	for _, e := range l.events {
		k = append(k, e.Kind)
	}
	return k
}

func testHeader() pow.Header {
	return pow.Header{Version: 1, Time: 1700000000, Bits: 0x1f00ffff, MerkleRoot: merkleStandIn("test")}
}

func testTarget(t *testing.T) *big.Int {
	t.Helper()
	target, err := pow.CompactToTarget(0x1f00ffff)
	require.NoError(t, err)
	return target
}

func newTestPool(t *testing.T, size int) (*minerPool, *fakeSpawner, *eventLog) {
	t.Helper()
	f := &fakeSpawner{}
	log := &eventLog{}
	return newMinerPool(f.spawn, size, log.add), f, log
}

func TestPoolStartsWorkersLazilyOnDisjointSplitRanges(t *testing.T) {
	p, f, _ := newTestPool(t, 2)
	assert.Empty(t, f.workers, "no worker before the first search")
	h, target := testHeader(), testTarget(t)
	require.True(t, p.Start(h, target, pow.FullRange()))
	require.Len(t, f.workers, 2)
	assert.Empty(t, f.workers[0].mines, "nothing is posted before ready")

	f.readyAll()
	split := pow.Split(2)
	wantTarget, _ := targetHex(target)
	jobs := map[int]bool{}
	for i, w := range f.workers {
		m := w.last(t)
		assert.Equal(t, h.Hex(), m.header)
		assert.Equal(t, wantTarget, m.target)
		assert.Equal(t, split[i].First, m.start)
		assert.Equal(t, split[i].Len(), m.count)
		jobs[m.job] = true
	}
	assert.Len(t, jobs, 2, "each worker has its own job id")
	assert.True(t, p.Active())
}

func TestPoolFirstFoundStopsTheRest(t *testing.T) {
	p, f, log := newTestPool(t, 2)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.readyAll()
	w0, w1 := f.workers[0], f.workers[1]
	w0.send(minerMsg{Type: "progress", Job: w0.last(t).job, Hashes: 1000, Ms: 100})
	w1.send(minerMsg{Type: "progress", Job: w1.last(t).job, Hashes: 800, Ms: 100})
	assert.InDelta(t, 18000, p.Rate(), 1, "1000 + 800 hashes in 100 ms")
	assert.Equal(t, uint64(1800), p.Hashes())

	w1.send(minerMsg{Type: "found", Job: w1.last(t).job, Nonce: 2147484000, Hash: "00ab", Hashes: 900, Ms: 110})
	assert.Equal(t, 1, w0.stops, "the other worker is told to stop")
	assert.Equal(t, 0, w1.stops, "the finder stops by itself")
	assert.False(t, p.Active())
	assert.False(t, p.CanResume(), "nothing to resume after a find")
	require.Equal(t, []poolEventKind{poolProgress, poolProgress, poolFound}, log.kinds())
	assert.Equal(t, uint32(2147484000), log.events[2].Nonce)
	assert.Equal(t, "00ab", log.events[2].Hash)
	assert.Equal(t, uint64(1900), p.Hashes())

	// News from the stopped worker that crossed the stop is ignored.
	w0.send(minerMsg{Type: "progress", Job: w0.last(t).job, Hashes: 5000, Ms: 300})
	w0.send(minerMsg{Type: "found", Job: w0.last(t).job, Nonce: 7, Hashes: 5001, Ms: 301})
	assert.Equal(t, uint64(1900), p.Hashes())
	assert.Len(t, log.events, 3)
	assert.Equal(t, []float64{0, 0}, p.Rates())
}

func TestPoolStopAndResumeGoOnWhereEachWorkerWas(t *testing.T) {
	p, f, log := newTestPool(t, 2)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.readyAll()
	w0, w1 := f.workers[0], f.workers[1]
	old0, old1 := w0.last(t), w1.last(t)
	w0.send(minerMsg{Type: "progress", Job: old0.job, Hashes: 1000, Ms: 100})
	w1.send(minerMsg{Type: "progress", Job: old1.job, Hashes: 500, Ms: 100})

	p.Stop()
	assert.Equal(t, 1, w0.stops)
	assert.Equal(t, 1, w1.stops)
	assert.False(t, p.Active())
	assert.True(t, p.CanResume())
	assert.Equal(t, uint64(1500), p.Hashes())
	w0.send(minerMsg{Type: "progress", Job: old0.job, Hashes: 1200, Ms: 120}) // crossed the stop
	assert.Equal(t, uint64(1500), p.Hashes(), "late progress of a stopped job is dropped")
	events := len(log.events)

	p.Resume()
	assert.True(t, p.Active())
	n0, n1 := w0.last(t), w1.last(t)
	assert.Equal(t, old0.start+1000, n0.start)
	assert.Equal(t, old0.count-1000, n0.count)
	assert.Equal(t, old1.start+500, n1.start)
	assert.Equal(t, old1.count-500, n1.count)
	assert.NotEqual(t, old0.job, n0.job, "a resumed job is a new job")
	assert.Len(t, log.events, events)

	w0.send(minerMsg{Type: "progress", Job: n0.job, Hashes: 10, Ms: 5})
	assert.Equal(t, uint64(1510), p.Hashes(), "counts add up across the pause")
}

func TestPoolReplacesAWorkerThatErrorsOrDies(t *testing.T) {
	for _, how := range []string{"error message", "onerror"} {
		t.Run(how, func(t *testing.T) {
			p, f, log := newTestPool(t, 2)
			p.Start(testHeader(), testTarget(t), pow.FullRange())
			f.readyAll()
			w1 := f.workers[1]
			first := w1.last(t)
			w1.send(minerMsg{Type: "progress", Job: first.job, Hashes: 300, Ms: 50})
			if how == "onerror" {
				w1.onDead("the miner worker failed: out of memory")
			} else {
				w1.send(minerMsg{Type: "error", Message: "the miner crashed"})
			}
			assert.True(t, w1.terminated)
			require.Len(t, f.workers, 3, "a new worker takes its place")
			repl := f.workers[2]
			assert.Empty(t, repl.mines)
			repl.send(minerMsg{Type: "ready"})
			m := repl.last(t)
			assert.Equal(t, first.start+300, m.start, "it goes on after what the old one reported")
			assert.Equal(t, first.count-300, m.count)
			assert.True(t, p.Active())
			assert.Empty(t, log.events[1:], "no failure reported for one replacement")

			// The dead worker's late messages are ignored.
			w1.send(minerMsg{Type: "found", Job: first.job, Nonce: 1})
			assert.True(t, p.Active())
			assert.Equal(t, uint64(300), p.Hashes())
		})
	}
}

func TestPoolGivesUpOnAWorkerThatKeepsFailing(t *testing.T) {
	p, f, log := newTestPool(t, 2)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.readyAll()
	for range maxWorkerFailures {
		last := f.workers[len(f.workers)-1]
		last.send(minerMsg{Type: "error", Message: "the miner did not load: HTTP 404"})
	}
	require.Equal(t, []poolEventKind{poolFailed}, log.kinds())
	assert.Equal(t, "the miner did not load: HTTP 404", log.events[0].Message)
	assert.False(t, p.Active(), "the search stops")
	assert.Equal(t, 1, f.workers[0].stops, "the healthy worker is stopped too")
}

func TestPoolSpawnFailureCountsAsFailure(t *testing.T) {
	f := &fakeSpawner{failNext: 1}
	log := &eventLog{}
	p := newMinerPool(f.spawn, 1, log.add)
	require.True(t, p.Start(testHeader(), testTarget(t), pow.FullRange()))
	require.Len(t, f.workers, 1, "tried again after the failed start")
	f.readyAll()
	assert.Equal(t, uint64(1<<32), f.workers[0].last(t).count)
	assert.Empty(t, log.events)

	f2 := &fakeSpawner{failNext: maxWorkerFailures}
	log2 := &eventLog{}
	p2 := newMinerPool(f2.spawn, 1, log2.add)
	p2.Start(testHeader(), testTarget(t), pow.FullRange())
	assert.Equal(t, []poolEventKind{poolFailed}, log2.kinds())
	assert.Equal(t, "no workers today", log2.events[0].Message)
}

func TestPoolExhaustedWhenEveryWorkerIsDone(t *testing.T) {
	p, f, log := newTestPool(t, 2)
	r := pow.Range{First: 1000, Last: 1999}
	require.True(t, p.Start(testHeader(), testTarget(t), r))
	f.readyAll()
	w0, w1 := f.workers[0], f.workers[1]
	assert.Equal(t, fakeMine{w0.last(t).job, w0.last(t).header, w0.last(t).target, 1000, 500}, w0.last(t))
	assert.Equal(t, uint32(1500), w1.last(t).start)
	assert.Equal(t, uint64(500), w1.last(t).count)

	w0.send(minerMsg{Type: "exhausted", Job: w0.last(t).job, Hashes: 500, Ms: 10})
	assert.True(t, p.Active(), "one worker still searches")
	w1.send(minerMsg{Type: "exhausted", Job: w1.last(t).job, Hashes: 500, Ms: 10})
	assert.False(t, p.Active())
	assert.Equal(t, []poolEventKind{poolProgress, poolExhausted}, log.kinds())
	assert.Equal(t, uint64(1000), p.Hashes())
}

func TestPoolResizeSharesOutOnlyWhatIsLeft(t *testing.T) {
	p, f, _ := newTestPool(t, 2)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.readyAll()
	w0, w1 := f.workers[0], f.workers[1]
	w0.send(minerMsg{Type: "progress", Job: w0.last(t).job, Hashes: 100, Ms: 10})
	w1.send(minerMsg{Type: "progress", Job: w1.last(t).job, Hashes: 200, Ms: 10})

	p.Resize(1)
	assert.True(t, w1.terminated)
	assert.Equal(t, 1, p.Size())
	m := w0.last(t)
	assert.Equal(t, uint32(100), m.start)
	assert.Equal(t, uint64(1<<31-100), m.count, "first what is left of its own range")
	w0.send(minerMsg{Type: "exhausted", Job: m.job, Hashes: m.count, Ms: 1000})
	m2 := w0.last(t)
	assert.Equal(t, uint32(1<<31+200), m2.start, "then what the removed worker left")
	assert.Equal(t, uint64(1<<31-200), m2.count)
	assert.True(t, p.Active())
	assert.Equal(t, uint64(1<<31+200), p.Hashes())

	// Growing: the rest is cut in three; a stopped pool stays stopped.
	p.Stop()
	p.Resize(3)
	require.Len(t, f.workers, 4)
	assert.False(t, p.Active())
	f.readyAll()
	p.Resume()
	var total uint64
	var starts []uint32
	for _, w := range []*fakeWorker{w0, f.workers[2], f.workers[3]} {
		mm := w.last(t)
		total += mm.count
		starts = append(starts, mm.start)
	}
	assert.Equal(t, uint64(1<<31-200), total)
	assert.Equal(t, uint32(1<<31+200), starts[0])
	assert.Less(t, starts[0], starts[1])
	assert.Less(t, starts[1], starts[2])
}

func TestPoolStartReplacesTheSearch(t *testing.T) {
	p, f, log := newTestPool(t, 1)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.readyAll()
	w := f.workers[0]
	old := w.last(t)
	w.send(minerMsg{Type: "progress", Job: old.job, Hashes: 100, Ms: 10})
	h2 := testHeader()
	h2.Time++
	p.Start(h2, testTarget(t), pow.FullRange())
	assert.Equal(t, 1, w.stops)
	assert.Equal(t, h2.Hex(), w.last(t).header)
	assert.Equal(t, uint64(0), p.Hashes(), "a new search counts from zero")
	w.send(minerMsg{Type: "found", Job: old.job, Nonce: 3})
	assert.Equal(t, []poolEventKind{poolProgress}, log.kinds(), "the old job's find is not this search's")
}

func TestPoolRefusesWhatCannotBeMined(t *testing.T) {
	p, f, _ := newTestPool(t, 2)
	assert.False(t, p.Start(testHeader(), nil, pow.FullRange()))
	assert.False(t, p.Start(testHeader(), big.NewInt(-1), pow.FullRange()))
	assert.False(t, p.Start(testHeader(), testTarget(t), pow.Range{First: 5, Last: 4}))
	assert.Empty(t, f.workers)
}

func TestPoolCloseTerminatesEveryWorker(t *testing.T) {
	p, f, log := newTestPool(t, 3)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.readyAll()
	p.Close()
	for _, w := range f.workers {
		assert.True(t, w.terminated)
	}
	assert.False(t, p.Active())
	f.workers[0].send(minerMsg{Type: "found", Job: f.workers[0].last(t).job})
	assert.Empty(t, log.events)
}

func TestPoolSizeIsClamped(t *testing.T) {
	for in, want := range map[int]int{-1: 1, 0: 1, 1: 1, 8: 8, 9: 8, 64: 8} {
		p, _, _ := newTestPool(t, in)
		assert.Equal(t, want, p.Size(), in)
	}
}

func TestPartition(t *testing.T) {
	for n := 1; n <= 8; n++ {
		parts := partition([]pow.Range{pow.FullRange()}, n)
		require.Len(t, parts, n)
		for i, s := range pow.Split(n) {
			assert.Equal(t, []pow.Range{s}, parts[i], "the full range splits as pow.Split does")
		}
	}
	tests := []struct {
		name   string
		ranges []pow.Range
		n      int
	}{
		{"one range in three", []pow.Range{rng(10, 109)}, 3},
		{"two ranges in one", []pow.Range{rng(0, 9), rng(100, 104)}, 1},
		{"uneven pieces in two", []pow.Range{rng(0, 2), rng(50, 50), rng(90, 99)}, 2},
		{"more workers than nonces", []pow.Range{rng(7, 8)}, 5},
		{"the top nonce", []pow.Range{rng(0xfffffff0, 0xffffffff)}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []uint32
			for _, r := range tt.ranges {
				for x := uint64(r.First); x <= uint64(r.Last); x++ {
					want = append(want, uint32(x))
				}
			}
			parts := partition(tt.ranges, tt.n)
			assert.LessOrEqual(t, len(parts), tt.n)
			var got []uint32
			var lens []uint64
			for _, part := range parts {
				var l uint64
				for _, r := range part {
					l += r.Len()
					for x := uint64(r.First); x <= uint64(r.Last); x++ {
						got = append(got, uint32(x))
					}
				}
				lens = append(lens, l)
			}
			assert.Equal(t, want, got, "every nonce once, in order")
			for _, l := range lens {
				assert.InDelta(t, float64(len(want))/float64(tt.n), float64(l), 1, "shares differ by at most one")
			}
		})
	}
}

func TestTargetHex(t *testing.T) {
	s, ok := targetHex(pow.DifficultyOneTarget())
	assert.True(t, ok)
	assert.Equal(t, "00000000ffff0000000000000000000000000000000000000000000000000000", s)
	huge := new(big.Int).Lsh(big.NewInt(1), 300)
	s, ok = targetHex(huge)
	assert.True(t, ok)
	assert.Equal(t, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", s, "saturated")
	_, ok = targetHex(big.NewInt(-1))
	assert.False(t, ok)
}

func rng(first, last uint32) pow.Range { return pow.Range{First: first, Last: last} }
