package app

import (
	"math/big"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/pow"
)

// miningBackend is what a widget mines with (see minerBackend).
type miningBackend struct {
	Spawn    spawnFunc // starts one worker
	Fallback spawnFunc // main-thread mining when workers cannot run; nil if Spawn already is
	Cores    int       // navigator.hardwareConcurrency (at least 1)
	Workers  bool      // Spawn starts real Web Workers
}

// measuredRate is the last total hash rate any mining widget of the page
// saw: the estimate behind "this would take about ..." before a learner
// has mined anything in the widget that asks.
var measuredRate float64

// assumedRatePerWorker stands in for measuredRate before anything was
// measured: about what one worker does on a laptop (DESIGN.md).
const assumedRatePerWorker = 1e6

// minerSession is the mining state every mining widget shares: the pool,
// created on the first search and closed when the widget goes away, and
// the fallback to main-thread mining when workers keep failing.
type minerSession struct {
	backend  miningBackend
	size     int
	onEvent  func(poolEvent)
	pool     *minerPool
	fellBack string // why mining moved to the main thread, if it did

	// The current search, to restart it on the fallback.
	header pow.Header
	target *big.Int
	rng    pow.Range
}

// init sets the session up; call it from OnMount.
func (s *minerSession) init(ctx app.Context, size int, onEvent func(poolEvent)) {
	s.backend = minerBackend(ctx)
	s.backend.Cores = max(s.backend.Cores, 1)
	s.size = size
	if size <= 0 {
		s.size = s.backend.Cores
	}
	s.size = clampWorkers(s.size)
	s.onEvent = onEvent
}

// mounted reports whether init ran (in the browser, not when pre-rendering).
func (s *minerSession) mounted() bool { return s.backend.Spawn != nil }

// start begins a search on the pool, making the pool if needed.
func (s *minerSession) start(h pow.Header, target *big.Int, r pow.Range) bool {
	if !s.mounted() {
		return false
	}
	if s.pool == nil {
		s.pool = newMinerPool(s.backend.Spawn, s.size, s.handle)
	}
	s.header, s.target, s.rng = h, target, r
	return s.pool.Start(h, target, r)
}

func (s *minerSession) handle(e poolEvent) {
	switch e.Kind {
	case poolProgress:
		if r := s.pool.Rate(); r > 0 {
			measuredRate = r
		}
	case poolFailed:
		if s.backend.Fallback != nil && s.fellBack == "" {
			s.fellBack = e.Message
			s.pool.Close()
			s.backend.Spawn, s.backend.Fallback, s.backend.Workers = s.backend.Fallback, nil, false
			s.size = 1 // one thread: more would only take turns
			s.pool = newMinerPool(s.backend.Spawn, s.size, s.handle)
			s.pool.Start(s.header, s.target, s.rng)
			s.onEvent(poolEvent{Kind: poolProgress})
			return
		}
	}
	s.onEvent(e)
}

func (s *minerSession) stop() {
	if s.pool != nil {
		s.pool.Stop()
	}
}

func (s *minerSession) resume() {
	if s.pool != nil {
		s.pool.Resume()
	}
}

func (s *minerSession) resize(n int) {
	s.size = clampWorkers(n)
	if s.pool != nil {
		s.pool.Resize(s.size)
	}
}

func (s *minerSession) close() {
	if s.pool != nil {
		s.pool.Close()
		s.pool = nil
	}
}

func (s *minerSession) active() bool    { return s.pool != nil && s.pool.Active() }
func (s *minerSession) canResume() bool { return s.pool != nil && s.pool.CanResume() }

func (s *minerSession) hashes() uint64 {
	if s.pool == nil {
		return 0
	}
	return s.pool.Hashes()
}

func (s *minerSession) rate() float64 {
	if s.pool == nil {
		return 0
	}
	return s.pool.Rate()
}

func (s *minerSession) rates() []float64 {
	if s.pool == nil {
		return nil
	}
	return s.pool.Rates()
}

// estimateRate is the rate to plan with: measured if anything was, else
// the assumed rate per worker.
func (s *minerSession) estimateRate() (rate float64, measured bool) {
	if measuredRate > 0 {
		return measuredRate, true
	}
	return assumedRatePerWorker * float64(max(s.size, 1)), false
}

// notes are what the widget should tell the learner about how it mines.
func (s *minerSession) notes() []string {
	var out []string
	if s.mounted() && !s.backend.Workers && s.fellBack == "" {
		out = append(out, "This browser cannot run Web Workers, so mining runs on the page itself in short slices: slower, and the page may feel less smooth while it runs.")
	}
	if s.fellBack != "" {
		out = append(out, "The mining worker failed ("+s.fellBack+"), so mining moved onto the page itself: slower, but it still works.")
	}
	return out
}
