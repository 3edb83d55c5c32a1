//go:build !wasm

package pool_test

import (
	"crypto/sha256"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/mining/pool"
	"github.com/consensus-lab/playground/app/mining/pool/pooltest"
	"github.com/consensus-lab/playground/engine/pow"
)

type eventLog struct{ events []pool.Event }

func (l *eventLog) add(e pool.Event) { l.events = append(l.events, e) }

func (l *eventLog) kinds() []pool.EventKind {
	var k []pool.EventKind
	for _, e := range l.events {
		k = append(k, e.Kind)
	}
	return k
}

func testHeader() pow.Header {
	return pow.Header{Version: 1, Time: 1700000000, Bits: 0x1f00ffff, MerkleRoot: sha256.Sum256([]byte("test"))}
}

func testTarget(t *testing.T) *big.Int {
	t.Helper()
	target, err := pow.CompactToTarget(0x1f00ffff)
	require.NoError(t, err)
	return target
}

func newTestPool(t *testing.T, size int) (*pool.Pool, *pooltest.Spawner, *eventLog) {
	t.Helper()
	f := &pooltest.Spawner{}
	log := &eventLog{}
	return pool.New(f.Spawn, size, log.add), f, log
}

func TestPoolStartsWorkersLazilyOnDisjointSplitRanges(t *testing.T) {
	p, f, _ := newTestPool(t, 2)
	assert.Empty(t, f.Workers, "no worker before the first search")
	h, target := testHeader(), testTarget(t)
	require.True(t, p.Start(h, target, pow.FullRange()))
	require.Len(t, f.Workers, 2)
	assert.Empty(t, f.Workers[0].Mines, "nothing is posted before ready")

	f.ReadyAll()
	split := pow.Split(2)
	wantTarget, _ := pool.TargetHex(target)
	jobs := map[int]bool{}
	for i, w := range f.Workers {
		m := w.Last(t)
		assert.Equal(t, h.Hex(), m.Header)
		assert.Equal(t, wantTarget, m.Target)
		assert.Equal(t, split[i].First, m.Start)
		assert.Equal(t, split[i].Len(), m.Count)
		jobs[m.Job] = true
	}
	assert.Len(t, jobs, 2, "each worker has its own job id")
	assert.True(t, p.Active())
}

func TestPoolFirstFoundStopsTheRest(t *testing.T) {
	p, f, log := newTestPool(t, 2)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.ReadyAll()
	w0, w1 := f.Workers[0], f.Workers[1]
	w0.Send(pool.Msg{Type: "progress", Job: w0.Last(t).Job, Hashes: 1000, Ms: 100})
	w1.Send(pool.Msg{Type: "progress", Job: w1.Last(t).Job, Hashes: 800, Ms: 100})
	assert.InDelta(t, 18000, p.Rate(), 1, "1000 + 800 hashes in 100 ms")
	assert.Equal(t, uint64(1800), p.Hashes())

	w1.Send(pool.Msg{Type: "found", Job: w1.Last(t).Job, Nonce: 2147484000, Hash: "00ab", Hashes: 900, Ms: 110})
	assert.Equal(t, 1, w0.Stops, "the other worker is told to stop")
	assert.Equal(t, 0, w1.Stops, "the finder stops by itself")
	assert.False(t, p.Active())
	assert.False(t, p.CanResume(), "nothing to resume after a find")
	require.Equal(t, []pool.EventKind{pool.Progress, pool.Progress, pool.Found}, log.kinds())
	assert.Equal(t, uint32(2147484000), log.events[2].Nonce)
	assert.Equal(t, "00ab", log.events[2].Hash)
	assert.Equal(t, uint64(1900), p.Hashes())

	// News from the stopped worker that crossed the stop is ignored.
	w0.Send(pool.Msg{Type: "progress", Job: w0.Last(t).Job, Hashes: 5000, Ms: 300})
	w0.Send(pool.Msg{Type: "found", Job: w0.Last(t).Job, Nonce: 7, Hashes: 5001, Ms: 301})
	assert.Equal(t, uint64(1900), p.Hashes())
	assert.Len(t, log.events, 3)
	assert.Equal(t, []float64{0, 0}, p.Rates())
}

func TestPoolStopAndResumeGoOnWhereEachWorkerWas(t *testing.T) {
	p, f, log := newTestPool(t, 2)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.ReadyAll()
	w0, w1 := f.Workers[0], f.Workers[1]
	old0, old1 := w0.Last(t), w1.Last(t)
	w0.Send(pool.Msg{Type: "progress", Job: old0.Job, Hashes: 1000, Ms: 100})
	w1.Send(pool.Msg{Type: "progress", Job: old1.Job, Hashes: 500, Ms: 100})

	p.Stop()
	assert.Equal(t, 1, w0.Stops)
	assert.Equal(t, 1, w1.Stops)
	assert.False(t, p.Active())
	assert.True(t, p.CanResume())
	assert.Equal(t, uint64(1500), p.Hashes())
	w0.Send(pool.Msg{Type: "progress", Job: old0.Job, Hashes: 1200, Ms: 120}) // crossed the stop
	assert.Equal(t, uint64(1500), p.Hashes(), "late progress of a stopped job is dropped")
	events := len(log.events)

	p.Resume()
	assert.True(t, p.Active())
	n0, n1 := w0.Last(t), w1.Last(t)
	assert.Equal(t, old0.Start+1000, n0.Start)
	assert.Equal(t, old0.Count-1000, n0.Count)
	assert.Equal(t, old1.Start+500, n1.Start)
	assert.Equal(t, old1.Count-500, n1.Count)
	assert.NotEqual(t, old0.Job, n0.Job, "a resumed job is a new job")
	assert.Len(t, log.events, events)

	w0.Send(pool.Msg{Type: "progress", Job: n0.Job, Hashes: 10, Ms: 5})
	assert.Equal(t, uint64(1510), p.Hashes(), "counts add up across the pause")
}

func TestPoolReplacesAWorkerThatErrorsOrDies(t *testing.T) {
	for _, how := range []string{"error message", "onerror"} {
		t.Run(how, func(t *testing.T) {
			p, f, log := newTestPool(t, 2)
			p.Start(testHeader(), testTarget(t), pow.FullRange())
			f.ReadyAll()
			w1 := f.Workers[1]
			first := w1.Last(t)
			w1.Send(pool.Msg{Type: "progress", Job: first.Job, Hashes: 300, Ms: 50})
			if how == "onerror" {
				w1.Die("the miner worker failed: out of memory")
			} else {
				w1.Send(pool.Msg{Type: "error", Message: "the miner crashed"})
			}
			assert.True(t, w1.Terminated)
			require.Len(t, f.Workers, 3, "a new worker takes its place")
			repl := f.Workers[2]
			assert.Empty(t, repl.Mines)
			repl.Send(pool.Msg{Type: "ready"})
			m := repl.Last(t)
			assert.Equal(t, first.Start+300, m.Start, "it goes on after what the old one reported")
			assert.Equal(t, first.Count-300, m.Count)
			assert.True(t, p.Active())
			assert.Empty(t, log.events[1:], "no failure reported for one replacement")

			// The dead worker's late messages are ignored.
			w1.Send(pool.Msg{Type: "found", Job: first.Job, Nonce: 1})
			assert.True(t, p.Active())
			assert.Equal(t, uint64(300), p.Hashes())
		})
	}
}

func TestPoolGivesUpOnAWorkerThatKeepsFailing(t *testing.T) {
	p, f, log := newTestPool(t, 2)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.ReadyAll()
	for range pool.MaxWorkerFailures {
		last := f.Workers[len(f.Workers)-1]
		last.Send(pool.Msg{Type: "error", Message: "the miner did not load: HTTP 404"})
	}
	require.Equal(t, []pool.EventKind{pool.Failed}, log.kinds())
	assert.Equal(t, "the miner did not load: HTTP 404", log.events[0].Message)
	assert.False(t, p.Active(), "the search stops")
	assert.Equal(t, 1, f.Workers[0].Stops, "the healthy worker is stopped too")
}

func TestPoolSpawnFailureCountsAsFailure(t *testing.T) {
	f := &pooltest.Spawner{FailNext: 1}
	log := &eventLog{}
	p := pool.New(f.Spawn, 1, log.add)
	require.True(t, p.Start(testHeader(), testTarget(t), pow.FullRange()))
	require.Len(t, f.Workers, 1, "tried again after the failed start")
	f.ReadyAll()
	assert.Equal(t, uint64(1<<32), f.Workers[0].Last(t).Count)
	assert.Empty(t, log.events)

	f2 := &pooltest.Spawner{FailNext: pool.MaxWorkerFailures}
	log2 := &eventLog{}
	p2 := pool.New(f2.Spawn, 1, log2.add)
	p2.Start(testHeader(), testTarget(t), pow.FullRange())
	assert.Equal(t, []pool.EventKind{pool.Failed}, log2.kinds())
	assert.Equal(t, "no workers today", log2.events[0].Message)
}

func TestPoolExhaustedWhenEveryWorkerIsDone(t *testing.T) {
	p, f, log := newTestPool(t, 2)
	r := pow.Range{First: 1000, Last: 1999}
	require.True(t, p.Start(testHeader(), testTarget(t), r))
	f.ReadyAll()
	w0, w1 := f.Workers[0], f.Workers[1]
	last := w0.Last(t)
	assert.Equal(t, pooltest.Mine{Job: last.Job, Header: last.Header, Target: last.Target, Start: 1000, Count: 500}, last)
	assert.Equal(t, uint32(1500), w1.Last(t).Start)
	assert.Equal(t, uint64(500), w1.Last(t).Count)

	w0.Send(pool.Msg{Type: "exhausted", Job: w0.Last(t).Job, Hashes: 500, Ms: 10})
	assert.True(t, p.Active(), "one worker still searches")
	w1.Send(pool.Msg{Type: "exhausted", Job: w1.Last(t).Job, Hashes: 500, Ms: 10})
	assert.False(t, p.Active())
	assert.Equal(t, []pool.EventKind{pool.Progress, pool.Exhausted}, log.kinds())
	assert.Equal(t, uint64(1000), p.Hashes())
}

func TestPoolResizeSharesOutOnlyWhatIsLeft(t *testing.T) {
	p, f, _ := newTestPool(t, 2)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.ReadyAll()
	w0, w1 := f.Workers[0], f.Workers[1]
	w0.Send(pool.Msg{Type: "progress", Job: w0.Last(t).Job, Hashes: 100, Ms: 10})
	w1.Send(pool.Msg{Type: "progress", Job: w1.Last(t).Job, Hashes: 200, Ms: 10})

	p.Resize(1)
	assert.True(t, w1.Terminated)
	assert.Equal(t, 1, p.Size())
	m := w0.Last(t)
	assert.Equal(t, uint32(100), m.Start)
	assert.Equal(t, uint64(1<<31-100), m.Count, "first what is left of its own range")
	w0.Send(pool.Msg{Type: "exhausted", Job: m.Job, Hashes: m.Count, Ms: 1000})
	m2 := w0.Last(t)
	assert.Equal(t, uint32(1<<31+200), m2.Start, "then what the removed worker left")
	assert.Equal(t, uint64(1<<31-200), m2.Count)
	assert.True(t, p.Active())
	assert.Equal(t, uint64(1<<31+200), p.Hashes())

	// Growing: the rest is cut in three; a stopped pool stays stopped.
	p.Stop()
	p.Resize(3)
	require.Len(t, f.Workers, 4)
	assert.False(t, p.Active())
	f.ReadyAll()
	p.Resume()
	var total uint64
	var starts []uint32
	for _, w := range []*pooltest.Worker{w0, f.Workers[2], f.Workers[3]} {
		mm := w.Last(t)
		total += mm.Count
		starts = append(starts, mm.Start)
	}
	assert.Equal(t, uint64(1<<31-200), total)
	assert.Equal(t, uint32(1<<31+200), starts[0])
	assert.Less(t, starts[0], starts[1])
	assert.Less(t, starts[1], starts[2])
}

func TestPoolStartReplacesTheSearch(t *testing.T) {
	p, f, log := newTestPool(t, 1)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.ReadyAll()
	w := f.Workers[0]
	old := w.Last(t)
	w.Send(pool.Msg{Type: "progress", Job: old.Job, Hashes: 100, Ms: 10})
	h2 := testHeader()
	h2.Time++
	p.Start(h2, testTarget(t), pow.FullRange())
	assert.Equal(t, 1, w.Stops)
	assert.Equal(t, h2.Hex(), w.Last(t).Header)
	assert.Equal(t, uint64(0), p.Hashes(), "a new search counts from zero")
	w.Send(pool.Msg{Type: "found", Job: old.Job, Nonce: 3})
	assert.Equal(t, []pool.EventKind{pool.Progress}, log.kinds(), "the old job's find is not this search's")
}

func TestPoolRefusesWhatCannotBeMined(t *testing.T) {
	p, f, _ := newTestPool(t, 2)
	assert.False(t, p.Start(testHeader(), nil, pow.FullRange()))
	assert.False(t, p.Start(testHeader(), big.NewInt(-1), pow.FullRange()))
	assert.False(t, p.Start(testHeader(), testTarget(t), pow.Range{First: 5, Last: 4}))
	assert.Empty(t, f.Workers)
}

func TestPoolCloseTerminatesEveryWorker(t *testing.T) {
	p, f, log := newTestPool(t, 3)
	p.Start(testHeader(), testTarget(t), pow.FullRange())
	f.ReadyAll()
	p.Close()
	for _, w := range f.Workers {
		assert.True(t, w.Terminated)
	}
	assert.False(t, p.Active())
	f.Workers[0].Send(pool.Msg{Type: "found", Job: f.Workers[0].Last(t).Job})
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
		parts := pool.Partition([]pow.Range{pow.FullRange()}, n)
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
			parts := pool.Partition(tt.ranges, tt.n)
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
	s, ok := pool.TargetHex(pow.DifficultyOneTarget())
	assert.True(t, ok)
	assert.Equal(t, "00000000ffff0000000000000000000000000000000000000000000000000000", s)
	huge := new(big.Int).Lsh(big.NewInt(1), 300)
	s, ok = pool.TargetHex(huge)
	assert.True(t, ok)
	assert.Equal(t, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", s, "saturated")
	_, ok = pool.TargetHex(big.NewInt(-1))
	assert.False(t, ok)
}

func rng(first, last uint32) pow.Range { return pow.Range{First: first, Last: last} }
