package pool

import (
	"encoding/hex"
	"sync"
	"time"

	"github.com/consensus-lab/playground/engine/pow"
	"github.com/consensus-lab/playground/engine/pow/kernel"
)

// inlineWorker is the fallback for browsers without Web Workers: it mines
// on the page's own thread (a goroutine of the app's wasm), in slices of a
// few milliseconds with a pause after each, so the page keeps answering.
// It speaks the same protocol as web/miner-worker.js.
type inlineWorker struct {
	post  func(Msg)     // delivers on the UI goroutine
	slice time.Duration // work per slice
	pause func()        // gives the event loop its turn

	mu  sync.Mutex
	gen int // bumped by Mine, Stop and Terminate: older loops end
}

// inlineSlice is the work per slice: short enough that a click or a key
// press waits at most that long.
const inlineSlice = 4 * time.Millisecond

// inlineReport is how often an inline job reports progress (the protocol
// asks for at least every 250 ms).
const inlineReport = 100 * time.Millisecond

// InlineSpawner makes inline workers whose messages go through dispatch.
func InlineSpawner(dispatch func(func())) SpawnFunc {
	return func(onMsg func(Msg), _ func(string)) (Worker, error) {
		w := &inlineWorker{
			post:  func(m Msg) { dispatch(func() { onMsg(m) }) },
			slice: inlineSlice,
			// In js/wasm a sleeping goroutine lets the browser run; a
			// millisecond is enough for it to handle input and paint.
			pause: func() { time.Sleep(time.Millisecond) },
		}
		w.post(Msg{Type: "ready"})
		return w, nil
	}
}

func (w *inlineWorker) next() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.gen++
	return w.gen
}

func (w *inlineWorker) current(gen int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.gen == gen
}

// Mine starts the job on its own goroutine; the previous job, if any, ends
// at its next slice.
func (w *inlineWorker) Mine(job int, header, target string, start uint32, count uint64) {
	gen := w.next()
	h, err := pow.ParseHeaderHex(header)
	if err != nil {
		w.post(Msg{Type: "error", Message: err.Error()})
		return
	}
	var t [32]byte
	if n, err := hex.Decode(t[:], []byte(target)); err != nil || n != 32 || len(target) != 64 {
		w.post(Msg{Type: "error", Message: "target must be 64 hex characters"})
		return
	}
	if count == 0 || uint64(start)+count > 1<<32 {
		w.post(Msg{Type: "error", Message: "count out of range"})
		return
	}
	hb := [80]byte(h.Bytes())
	go w.run(gen, job, kernel.NewJob(&hb, &t), start, count)
}

func (w *inlineWorker) run(gen, job int, k *kernel.Job, start uint32, count uint64) {
	t0 := time.Now()
	lastReport := t0
	ms := func() float64 { return float64(time.Since(t0).Microseconds()) / 1000 }
	next := uint64(start)
	end := uint64(start) + count
	var hashes uint64
	chunk := uint64(256)
	for {
		if !w.current(gen) {
			return
		}
		n := min(chunk, end-next)
		t := time.Now()
		nonce, found, tried := k.Scan(uint32(next), uint32(n))
		// Size the next slice from this one's rate.
		if el := time.Since(t); el > 0 {
			chunk = max(64, uint64(float64(tried)*float64(w.slice)/float64(el)))
		}
		hashes += uint64(tried)
		next += uint64(tried)
		if !w.current(gen) {
			return
		}
		switch {
		case found:
			d := pow.Digest(k.Digest(nonce))
			w.post(Msg{Type: "found", Job: job, Nonce: nonce, Hash: d.String(), Hashes: hashes, Ms: ms()})
			return
		case next >= end:
			w.post(Msg{Type: "exhausted", Job: job, Hashes: hashes, Ms: ms()})
			return
		}
		if time.Since(lastReport) >= inlineReport {
			lastReport = time.Now()
			w.post(Msg{Type: "progress", Job: job, Hashes: hashes, Ms: ms()})
		}
		w.pause()
	}
}

// Stop ends the job at its next slice.
func (w *inlineWorker) Stop() { w.next() }

// Terminate is Stop: there is nothing else to free.
func (w *inlineWorker) Terminate() { w.next() }
