package pow

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
)

// Range is an inclusive range of nonces, First..Last. Inclusive bounds let
// one Range hold all 2^32 nonces.
type Range struct {
	First, Last uint32
}

// FullRange is every nonce, 0..0xffffffff.
func FullRange() Range { return Range{0, ^uint32(0)} }

// Len is the number of nonces in r, 0 when First > Last.
func (r Range) Len() uint64 {
	if r.First > r.Last {
		return 0
	}
	return uint64(r.Last) - uint64(r.First) + 1
}

// MaxWorkers bounds Split: more ranges than this would be too small to be
// worth a worker.
const MaxWorkers = 1 << 16

// Split divides 0..2^32-1 into workers disjoint, contiguous ranges of
// (nearly) equal length, in order, covering every nonce once: one per Web
// Worker or goroutine. workers is clamped to 1..MaxWorkers.
func Split(workers int) []Range {
	w := uint64(min(max(workers, 1), MaxWorkers))
	rs := make([]Range, w)
	for i := range w {
		rs[i] = Range{uint32(i << 32 / w), uint32((i+1)<<32/w - 1)}
	}
	return rs
}

// DefaultChunk is the number of nonces Mine hashes between two looks at its
// context: a few tens of milliseconds of work in the browser, so Stop is
// answered quickly while the per-chunk overhead stays negligible.
const DefaultChunk = 1 << 16

// Progress is reported after every chunk.
type Progress struct {
	Hashes uint64 // nonces hashed so far in this run
	Total  uint64 // nonces in the run's range (or ranges)
}

// Result of a mining run.
type Result struct {
	Found  bool
	Nonce  uint32 // the nonce found, when Found
	Hash   Digest // the header's hash with that nonce, when Found
	Hashes uint64 // nonces hashed, the winning one included
}

// MineOptions tune Mine and MineParallel; the zero value is usable.
type MineOptions struct {
	Chunk    uint32         // nonces per chunk; 0 means DefaultChunk
	Progress func(Progress) // called after every chunk, never concurrently
}

// ErrEmptyRange is returned by Mine for a Range with First > Last.
var ErrEmptyRange = errors.New("pow: empty nonce range")

// Mine searches r chunk by chunk for the first nonce whose header hash meets
// target, reporting progress after every chunk and checking ctx between
// chunks. When ctx ends first it returns the work done so far and
// ctx.Err(). Exhausting the range without a hit is not an error: Found is
// false. The header's own Nonce is ignored.
func Mine(ctx context.Context, h Header, target *big.Int, r Range, opt MineOptions) (Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if r.First > r.Last {
		return Result{}, fmt.Errorf("%w: %d..%d", ErrEmptyRange, r.First, r.Last)
	}
	s, ok := newScanner(h, target)
	if !ok {
		return Result{}, fmt.Errorf("pow: mining needs a non-negative target")
	}
	return mine(ctx, s, h, r, opt.chunk(), opt.Progress)
}

func (o MineOptions) chunk() uint32 {
	if o.Chunk == 0 {
		return DefaultChunk
	}
	return o.Chunk
}

func mine(ctx context.Context, s scanner, h Header, r Range, chunk uint32, progress func(Progress)) (Result, error) {
	var res Result
	total := r.Len()
	next := r.First
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		count := uint32(min(uint64(chunk), uint64(r.Last)-uint64(next)+1))
		nonce, found, tried := s.Scan(next, count)
		res.Hashes += uint64(tried)
		if progress != nil {
			progress(Progress{Hashes: res.Hashes, Total: total})
		}
		if found {
			h.Nonce = nonce
			res.Found, res.Nonce, res.Hash = true, nonce, h.Hash()
			return res, nil
		}
		if res.Hashes == total {
			return res, nil
		}
		next += count
	}
}

// MineParallel mines all 2^32 nonces with workers goroutines, one Split
// range each, and stops them all at the first hit or when ctx ends. The
// nonce found is the first found in time, not necessarily the lowest
// meeting the target. Hashes and Progress add up every worker's work.
func MineParallel(ctx context.Context, h Header, target *big.Int, workers int, opt MineOptions) (Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if _, ok := targetBytes(target); !ok {
		return Result{}, fmt.Errorf("pow: mining needs a non-negative target")
	}
	ranges := Split(workers)
	parent := ctx
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	var (
		mu     sync.Mutex
		best   Result
		hashes = make([]uint64, len(ranges))
		wg     sync.WaitGroup
	)
	report := func(i int, p Progress) {
		mu.Lock()
		defer mu.Unlock()
		hashes[i] = p.Hashes
		if opt.Progress != nil {
			var sum uint64
			for _, v := range hashes {
				sum += v
			}
			opt.Progress(Progress{Hashes: sum, Total: 1 << 32})
		}
	}
	for i, r := range ranges {
		ws, _ := newScanner(h, target) // a stdScanner has state: one each
		wg.Go(func() {
			res, _ := mine(ctx, ws, h, r, opt.chunk(), func(p Progress) { report(i, p) })
			mu.Lock()
			defer mu.Unlock()
			hashes[i] = res.Hashes
			if res.Found && !best.Found {
				best = res
				cancel()
			}
		})
	}
	wg.Wait()
	best.Hashes = 0
	for _, v := range hashes {
		best.Hashes += v
	}
	if !best.Found {
		return best, parent.Err()
	}
	return best, nil
}
