package pool

import (
	"math/big"

	"github.com/consensus-lab/playground/engine/pow"
)

// Backend is what a widget mines with (see NewBackend).
type Backend struct {
	Spawn    SpawnFunc // starts one worker
	Fallback SpawnFunc // main-thread mining when workers cannot run; nil if Spawn already is
	Cores    int       // navigator.hardwareConcurrency (at least 1)
	Workers  bool      // Spawn starts real Web Workers
}

// measuredRate is the last total hash rate any mining widget of the page
// saw: the estimate behind "this would take about ..." before a learner
// has mined anything in the widget that asks.
var measuredRate float64

// ForgetRate forgets the measured rate, as on a fresh page (for tests).
func ForgetRate() { measuredRate = 0 }

// assumedRatePerWorker stands in for measuredRate before anything was
// measured: about what one worker does on a laptop (DESIGN.md).
const assumedRatePerWorker = 1e6

// Session is the mining state every mining widget shares: the pool,
// created on the first search and closed when the widget goes away, and
// the fallback to main-thread mining when workers keep failing.
type Session struct {
	backend  Backend
	size     int
	onEvent  func(Event)
	pool     *Pool
	fellBack string // why mining moved to the main thread, if it did

	// The current search, to restart it on the fallback.
	header pow.Header
	target *big.Int
	rng    pow.Range
}

// Init sets the session up on a backend (NewBackend in the browser); call
// it once the widget is mounted. size 0 means one worker per core.
func (s *Session) Init(b Backend, size int, onEvent func(Event)) {
	s.backend = b
	s.backend.Cores = max(s.backend.Cores, 1)
	s.size = size
	if size <= 0 {
		s.size = s.backend.Cores
	}
	s.size = ClampWorkers(s.size)
	s.onEvent = onEvent
}

// Mounted reports whether Init ran (in the browser, not when pre-rendering).
func (s *Session) Mounted() bool { return s.backend.Spawn != nil }

// Start begins a search on the pool, making the pool if needed.
func (s *Session) Start(h pow.Header, target *big.Int, r pow.Range) bool {
	if !s.Mounted() {
		return false
	}
	if s.pool == nil {
		s.pool = New(s.backend.Spawn, s.size, s.handle)
	}
	s.header, s.target, s.rng = h, target, r
	return s.pool.Start(h, target, r)
}

func (s *Session) handle(e Event) {
	switch e.Kind {
	case Progress:
		if r := s.pool.Rate(); r > 0 {
			measuredRate = r
		}
	case Failed:
		if s.backend.Fallback != nil && s.fellBack == "" {
			s.fellBack = e.Message
			s.pool.Close()
			s.backend.Spawn, s.backend.Fallback, s.backend.Workers = s.backend.Fallback, nil, false
			s.size = 1 // one thread: more would only take turns
			s.pool = New(s.backend.Spawn, s.size, s.handle)
			s.pool.Start(s.header, s.target, s.rng)
			s.onEvent(Event{Kind: Progress})
			return
		}
	}
	s.onEvent(e)
}

// Stop pauses the search (see Pool.Stop).
func (s *Session) Stop() {
	if s.pool != nil {
		s.pool.Stop()
	}
}

// Resume goes on with a stopped search.
func (s *Session) Resume() {
	if s.pool != nil {
		s.pool.Resume()
	}
}

// Resize sets the number of workers (clamped to 1..MaxWorkers).
func (s *Session) Resize(n int) {
	s.size = ClampWorkers(n)
	if s.pool != nil {
		s.pool.Resize(s.size)
	}
}

// Close ends the pool's workers; call it when the widget goes away.
func (s *Session) Close() {
	if s.pool != nil {
		s.pool.Close()
		s.pool = nil
	}
}

// Active reports whether workers are mining; CanResume whether a stopped
// search can go on.
func (s *Session) Active() bool    { return s.pool != nil && s.pool.Active() }
func (s *Session) CanResume() bool { return s.pool != nil && s.pool.CanResume() }

// Size is the number of workers the session mines with.
func (s *Session) Size() int { return s.size }

// Cores is the device's number of cores (at least 1 once mounted).
func (s *Session) Cores() int { return s.backend.Cores }

// Workers reports whether the session mines on real Web Workers.
func (s *Session) Workers() bool { return s.backend.Workers }

// Hashes is the number of nonces tried in the current search.
func (s *Session) Hashes() uint64 {
	if s.pool == nil {
		return 0
	}
	return s.pool.Hashes()
}

// Rate is the total hash rate now, Rates each worker's.
func (s *Session) Rate() float64 {
	if s.pool == nil {
		return 0
	}
	return s.pool.Rate()
}

func (s *Session) Rates() []float64 {
	if s.pool == nil {
		return nil
	}
	return s.pool.Rates()
}

// EstimateRate is the rate to plan with: measured if anything was, else
// the assumed rate per worker.
func (s *Session) EstimateRate() (rate float64, measured bool) {
	if measuredRate > 0 {
		return measuredRate, true
	}
	return assumedRatePerWorker * float64(max(s.size, 1)), false
}

// Notes are what the widget should tell the learner about how it mines.
func (s *Session) Notes() []string {
	var out []string
	if s.Mounted() && !s.backend.Workers && s.fellBack == "" {
		out = append(out, "This browser cannot run Web Workers, so mining runs on the page itself in short slices: slower, and the page may feel less smooth while it runs.")
	}
	if s.fellBack != "" {
		out = append(out, "The mining worker failed ("+s.fellBack+"), so mining moved onto the page itself: slower, but it still works.")
	}
	return out
}
