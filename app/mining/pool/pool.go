// Package pool searches nonces for the mining widgets (miner, chain,
// genesis) on a Pool: one miner worker per core, each with its own part of
// the nonce range, speaking the message protocol of CONTRACT.md section 4.
// In the browser a worker is a Web Worker running web/miner-worker.js
// (backend_wasm.go); without Web Workers it is an inline worker on the
// page's own thread (inline.go); tests use fakes (package pooltest). The
// pool is plain Go, free of go-app, and runs on the UI goroutine only:
// spawners deliver worker messages through the widget's dispatch, so no
// locks are needed here.
package pool

import (
	"math/big"

	"github.com/consensus-lab/playground/engine/pow"
)

// MaxWorkers caps the pool: more workers than that mostly adds memory.
const MaxWorkers = 8

// Msg is one message from a worker (CONTRACT.md section 4).
type Msg struct {
	Type    string // ready, progress, found, exhausted, error
	Job     int
	Hashes  uint64  // nonces tried in the job
	Ms      float64 // milliseconds since the job started
	Nonce   uint32
	Hash    string // display hex
	Message string
}

// Worker is the pool's handle on one worker.
type Worker interface {
	// Mine replaces the worker's job with nonces start..start+count-1.
	Mine(job int, header, target string, start uint32, count uint64)
	Stop()
	Terminate()
}

// SpawnFunc starts a worker. Its messages go to onMsg and its death (a
// crash, a script that fails to load) to onDead, both on the UI goroutine.
// Either may still arrive after the pool has replaced or terminated the
// worker; the pool recognises those as stale and drops them.
type SpawnFunc func(onMsg func(Msg), onDead func(reason string)) (Worker, error)

// EventKind says what happened in a pool.
type EventKind int

const (
	Progress  EventKind = iota // a worker reported; read the counters
	Found                      // a worker found a nonce; the pool stopped
	Exhausted                  // every nonce of the range was tried
	Failed                     // workers keep dying; the pool gave up
)

// Event is what the pool tells its widget.
type Event struct {
	Kind    EventKind
	Nonce   uint32 // Found
	Hash    string // Found: display hex, as the worker reported it
	Message string // Failed
}

// maxWorkerFailures is how often in a row one worker may fail before the
// pool stops replacing it and reports Failed.
const maxWorkerFailures = 3

// Pool runs one search at a time on up to size workers.
type Pool struct {
	spawn   SpawnFunc
	onEvent func(Event)
	size    int
	slots   []*poolSlot
	jobs    int // the last job id handed out

	run     *poolRun
	counted uint64 // hashes of the run's finished or interrupted jobs
}

// poolRun is one search: a header, a target and a nonce range.
type poolRun struct {
	header, target string // hex, as the worker protocol carries them
	active         bool   // workers are mining
	over           bool   // found or exhausted: nothing to resume
}

// poolSlot is one worker and the nonces it still has to search.
type poolSlot struct {
	w           Worker
	incarnation int  // bumped on replacement: messages of the old worker are dropped
	ready       bool // the worker said ready
	queue       []pow.Range
	job         int    // the job mining queue[0] from its First, 0 when none
	jobHashes   uint64 // nonces of that job tried so far
	lastMs      float64
	rate        float64 // hashes per second, smoothed
	failures    int
	dead        bool // gave up on it
}

// New makes a pool of size workers (clamped to 1..8); workers are
// started on the first search, not before, so a page that never mines pays
// nothing.
func New(spawn SpawnFunc, size int, onEvent func(Event)) *Pool {
	return &Pool{spawn: spawn, onEvent: onEvent, size: ClampWorkers(size)}
}

func ClampWorkers(n int) int { return min(max(n, 1), MaxWorkers) }

// Size is the number of workers the pool uses.
func (p *Pool) Size() int { return p.size }

// Active reports whether workers are mining.
func (p *Pool) Active() bool { return p.run != nil && p.run.active }

// CanResume reports whether a stopped search can go on.
func (p *Pool) CanResume() bool { return p.run != nil && !p.run.active && !p.run.over }

// Hashes is the number of nonces tried in the current search.
func (p *Pool) Hashes() uint64 {
	n := p.counted
	for _, s := range p.slots {
		n += s.jobHashes
	}
	return n
}

// Rates are the hash rates of the workers, in hashes per second (0 for a
// worker that is not mining).
func (p *Pool) Rates() []float64 {
	r := make([]float64, len(p.slots))
	for i, s := range p.slots {
		if p.Active() && s.job != 0 {
			r[i] = s.rate
		}
	}
	return r
}

// Rate is the total hash rate.
func (p *Pool) Rate() float64 {
	t := 0.0
	for _, r := range p.Rates() {
		t += r
	}
	return t
}

// TargetHex is the 32-byte big-endian hex of target, saturated to 256 bits;
// false for a nil or negative target, which nothing can meet.
func TargetHex(target *big.Int) (string, bool) {
	if target == nil || target.Sign() < 0 {
		return "", false
	}
	var b [32]byte
	if target.BitLen() > 256 {
		for i := range b {
			b[i] = 0xff
		}
	} else {
		target.FillBytes(b[:])
	}
	return hexEncode(b[:]), true
}

// Start begins a new search of r for header, replacing any other. The
// header's own nonce does not matter. It returns false, doing nothing, for
// a target nothing can meet or an empty range.
func (p *Pool) Start(h pow.Header, target *big.Int, r pow.Range) bool {
	t, ok := TargetHex(target)
	if !ok || r.Len() == 0 {
		return false
	}
	p.halt()
	p.run = &poolRun{header: h.Hex(), target: t, active: true}
	p.counted = 0
	var parts [][]pow.Range
	if r == pow.FullRange() {
		for _, s := range pow.Split(p.size) {
			parts = append(parts, []pow.Range{s})
		}
	} else {
		parts = partition([]pow.Range{r}, p.size)
	}
	p.assign(parts)
	return true
}

// Stop pauses the search; Resume goes on from where each worker was.
func (p *Pool) Stop() {
	if !p.Active() {
		return
	}
	p.halt()
	p.run.active = false
}

// Resume continues a stopped search.
func (p *Pool) Resume() {
	if !p.CanResume() {
		return
	}
	p.run.active = true
	for _, s := range p.slots {
		p.post(s)
	}
}

// Resize changes the number of workers. The nonces not yet searched are
// shared out again, so nothing is searched twice and nothing is skipped.
func (p *Pool) Resize(n int) {
	n = ClampWorkers(n)
	if n == p.size {
		return
	}
	p.size = n
	if p.run == nil || p.run.over {
		p.trim()
		return
	}
	active := p.run.active
	p.halt()
	var left []pow.Range
	for _, s := range p.slots {
		left = append(left, s.queue...)
	}
	p.trim()
	p.run.active = active
	p.assign(partition(left, n))
}

// Close terminates every worker.
func (p *Pool) Close() {
	if p.run != nil {
		p.halt()
		p.run.active = false
	}
	for _, s := range p.slots {
		s.incarnation++
		if s.w != nil {
			s.w.Terminate()
		}
	}
	p.slots = nil
}

// trim terminates the workers beyond size.
func (p *Pool) trim() {
	for len(p.slots) > p.size {
		s := p.slots[len(p.slots)-1]
		s.incarnation++
		if s.w != nil {
			s.w.Terminate()
		}
		p.slots = p.slots[:len(p.slots)-1]
	}
}

// halt stops every job and books what each worker searched, so that the
// queues hold exactly the nonces still to search.
func (p *Pool) halt() {
	for _, s := range p.slots {
		if s.job != 0 {
			s.w.Stop()
			p.advance(s)
			s.job = 0
		}
	}
}

// advance moves the slot's first range past the nonces its job tried.
func (p *Pool) advance(s *poolSlot) {
	if len(s.queue) == 0 || s.jobHashes == 0 {
		s.jobHashes = 0
		return
	}
	p.counted += s.jobHashes
	q := s.queue[0]
	if s.jobHashes >= q.Len() {
		s.queue = s.queue[1:]
	} else {
		s.queue[0].First = q.First + uint32(s.jobHashes)
	}
	s.jobHashes = 0
}

// assign gives each slot its ranges, starting workers as needed, and sets
// the active ones mining.
func (p *Pool) assign(parts [][]pow.Range) {
	for len(p.slots) < len(parts) {
		s := &poolSlot{}
		p.slots = append(p.slots, s)
		p.respawn(s)
	}
	for i, s := range p.slots {
		s.queue = nil
		if i < len(parts) {
			s.queue = parts[i]
		}
		s.failures, s.rate = 0, 0
		if p.run.active {
			p.post(s)
		}
	}
}

// post sets a ready slot mining its first range.
func (p *Pool) post(s *poolSlot) {
	if !s.ready || s.dead || len(s.queue) == 0 || !p.Active() {
		return
	}
	p.jobs++
	s.job, s.jobHashes, s.lastMs = p.jobs, 0, 0
	q := s.queue[0]
	s.w.Mine(s.job, p.run.header, p.run.target, q.First, q.Len())
}

// respawn starts a fresh worker in the slot.
func (p *Pool) respawn(s *poolSlot) {
	if s.w != nil {
		s.w.Terminate()
	}
	s.incarnation++
	s.ready, s.job, s.jobHashes, s.w = false, 0, 0, nil
	inc := s.incarnation
	w, err := p.spawn(
		func(m Msg) { p.handle(s, inc, m) },
		func(reason string) {
			if inc == s.incarnation {
				p.fail(s, reason)
			}
		},
	)
	if err != nil {
		p.fail(s, err.Error())
		return
	}
	s.w = w
}

// handle takes one message of the slot's worker.
func (p *Pool) handle(s *poolSlot, inc int, m Msg) {
	if inc != s.incarnation || !p.owns(s) {
		return // a worker that was replaced or removed
	}
	if m.Type == "ready" {
		s.ready = true
		p.post(s)
		return
	}
	if m.Type == "error" {
		p.fail(s, m.Message)
		return
	}
	if s.job == 0 || m.Job != s.job {
		return // news of a job that was stopped or replaced
	}
	if m.Hashes > s.jobHashes {
		if dt := m.Ms - s.lastMs; dt > 0 {
			r := float64(m.Hashes-s.jobHashes) / dt * 1000
			if s.rate > 0 {
				r = (s.rate + r) / 2
			}
			s.rate = r
		}
		s.jobHashes, s.lastMs = m.Hashes, m.Ms
	}
	switch m.Type {
	case "progress":
		s.failures = 0
		p.emit(Event{Kind: Progress})
	case "found":
		s.failures = 0
		s.job = 0
		p.advance(s)
		p.halt()
		p.run.active, p.run.over = false, true
		p.emit(Event{Kind: Found, Nonce: m.Nonce, Hash: m.Hash})
	case "exhausted":
		s.jobHashes = max(s.jobHashes, s.queue[0].Len())
		s.job = 0
		p.advance(s)
		if len(s.queue) > 0 {
			p.post(s)
			return
		}
		for _, o := range p.slots {
			if len(o.queue) > 0 && !o.dead {
				p.emit(Event{Kind: Progress})
				return
			}
		}
		p.run.active, p.run.over = false, true
		p.emit(Event{Kind: Exhausted})
	}
}

// fail replaces a worker that errored or died, and gives up on it after
// maxWorkerFailures failures in a row (its nonces then stay unsearched,
// and the pool reports Failed).
func (p *Pool) fail(s *poolSlot, reason string) {
	if !p.owns(s) || s.dead {
		return
	}
	s.failures++
	if s.job != 0 {
		p.advance(s)
		s.job = 0
	}
	if s.failures >= maxWorkerFailures {
		s.dead = true
		s.incarnation++
		if s.w != nil {
			s.w.Terminate()
		}
		if p.run != nil && p.run.active {
			p.halt()
			p.run.active = false
		}
		p.emit(Event{Kind: Failed, Message: reason})
		return
	}
	p.respawn(s)
}

func (p *Pool) owns(s *poolSlot) bool {
	for _, o := range p.slots {
		if o == s {
			return true
		}
	}
	return false
}

func (p *Pool) emit(e Event) {
	if p.onEvent != nil {
		p.onEvent(e)
	}
}

// partition shares the nonces of ranges (disjoint, in order) out to n
// workers as evenly as possible: each gets a list of ranges, in order, whose
// lengths add up to its share. Workers beyond the number of nonces get
// nothing.
func partition(ranges []pow.Range, n int) [][]pow.Range {
	var total uint64
	for _, r := range ranges {
		total += r.Len()
	}
	n = max(n, 1)
	parts := make([][]pow.Range, 0, n)
	i := 0
	var used uint64 // nonces of ranges[i] already handed out
	for k := range uint64(n) {
		share := total*(k+1)/uint64(n) - total*k/uint64(n)
		var part []pow.Range
		for share > 0 && i < len(ranges) {
			r := ranges[i]
			left := r.Len() - used
			take := min(left, share)
			first := r.First + uint32(used)
			part = append(part, pow.Range{First: first, Last: first + uint32(take-1)})
			share -= take
			used += take
			if used == r.Len() {
				i, used = i+1, 0
			}
		}
		if len(part) > 0 {
			parts = append(parts, part)
		}
	}
	return parts
}

// hexEncode is lowercase hex, without encoding/hex's error paths.
func hexEncode(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}
