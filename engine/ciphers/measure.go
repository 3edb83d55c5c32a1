package ciphers

import (
	"context"
	"errors"
	"time"
)

// task is one operation prepared for timing. run performs n operations and
// is the only thing timed; prepare, if set, readies n operations beforehand
// (untimed), for operations that consume their input, like opening messages
// of a stateful HPKE context in sequence.
type task struct {
	prepare  func(n int) error
	run      func(n int) error
	maxBatch int // the most operations prepare can ready at once (memory bound); 0 means maxBatch
}

const (
	// maxBatch bounds one timed batch. Together with the stuck-clock check it
	// keeps a clock that never advances from looping forever.
	maxBatch = 1 << 20
	// maxRounds bounds the batches of one measurement whatever the clock does.
	maxRounds = 10000
)

var errClockStuck = errors.New("ciphers: the clock did not advance while timing; cannot measure")

// measure warms t up for warmUp of clock time, then times it for at least
// budget, and returns how many operations ran in how much time.
//
// The warm-up runs real operations, untimed for the result, until warmUp has
// passed (at least one operation): caches, lazy tables and the allocator
// settle, and in a browser the wasm engine has time to recompile the hot code
// with its optimizing tier (V8 first runs wasm through a baseline compiler;
// in Node, with a one-operation warm-up, the first row of a fresh process
// measured as little as a third of its speed on a second pass). Its rate
// sizes the first timed batch. Batches then grow toward
// what fills the rest of the budget, at most tenfold at a time, as testing.B
// does; the clock is read twice per batch, never per operation, so a slow
// clock (a browser's, or wasm's) costs little.
func measure(ctx context.Context, clock func() time.Duration, warmUp, budget time.Duration, t task) (ops int64, elapsed time.Duration, err error) {
	limit := maxBatch
	if t.maxBatch > 0 && t.maxBatch < limit {
		limit = t.maxBatch
	}
	timed := func(n int) (time.Duration, error) {
		if t.prepare != nil {
			if err := t.prepare(n); err != nil {
				return 0, err
			}
		}
		start := clock()
		if err := t.run(n); err != nil {
			return 0, err
		}
		return max(clock()-start, 0), nil
	}

	// Warm-up: grow batches until warmUp has passed.
	var warmOps int64
	var warm time.Duration
	for n, round := 1, 0; ; round++ {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		dt, err := timed(n)
		if err != nil {
			return 0, 0, err
		}
		warmOps += int64(n)
		warm += dt
		if warm >= warmUp || round >= maxRounds || warm == 0 && warmOps >= 2*maxBatch {
			break
		}
		next := int64(n) * 10
		if warm > 0 {
			next = min(next, int64(float64(warmOps)*float64(warmUp-warm)/float64(warm))+1)
		}
		n = clampBatch(next, limit)
	}
	n := 1
	if warm > 0 {
		n = clampBatch(int64(float64(warmOps)*float64(budget/10)/float64(warm)), limit)
	}
	for round := 0; ; round++ {
		if err := ctx.Err(); err != nil {
			return ops, elapsed, err
		}
		dt, err := timed(n)
		if err != nil {
			return ops, elapsed, err
		}
		ops += int64(n)
		elapsed += dt
		if elapsed >= budget {
			return ops, elapsed, nil
		}
		if elapsed == 0 && (ops >= 2*maxBatch || round >= maxRounds) {
			// Millions of operations in no time at all: the clock is frozen.
			return ops, elapsed, errClockStuck
		}
		if round >= maxRounds {
			return ops, elapsed, nil
		}
		next := int64(n) * 10
		if elapsed > 0 {
			// Operations still needed at the rate seen so far, plus 20% so
			// the last batch crosses the line instead of stopping just short.
			want := float64(ops) * float64(budget-elapsed) / float64(elapsed)
			next = min(next, int64(want*1.2)+1)
		}
		n = clampBatch(next, limit)
	}
}

func clampBatch(n int64, limit int) int {
	return int(min(max(n, 1), int64(limit)))
}
