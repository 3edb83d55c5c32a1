//go:build wasm

package pool

import (
	"errors"
	"fmt"
	"syscall/js"
)

// NewBackend gives a widget what it mines with in the browser: Web Workers
// running the miner worker script at workerURL when the browser has them,
// else the main-thread fallback. Worker messages reach the widget through
// dispatch (the widget's ctx.Dispatch), on the UI goroutine, as the pool
// requires.
var NewBackend = func(workerURL string, dispatch func(func())) Backend {
	cores := 1
	if n := js.Global().Get("navigator").Get("hardwareConcurrency"); n.Type() == js.TypeNumber {
		cores = max(n.Int(), 1)
	}
	if !js.Global().Get("Worker").Truthy() {
		return Backend{Spawn: InlineSpawner(dispatch), Cores: 1, Workers: false}
	}
	return Backend{
		Spawn:    browserSpawner(workerURL, dispatch),
		Fallback: InlineSpawner(dispatch),
		Cores:    cores,
		Workers:  true,
	}
}

// browserWorker is a Web Worker.
type browserWorker struct {
	v                 js.Value
	onMsg, onErr, onX js.Func
}

// browserSpawner starts Web Workers from url.
func browserSpawner(url string, dispatch func(func())) SpawnFunc {
	return func(onMsg func(Msg), onDead func(string)) (w Worker, err error) {
		defer func() {
			// new Worker throws for a URL the page may not load (CSP,
			// another origin); syscall/js turns that into a panic.
			if r := recover(); r != nil {
				w, err = nil, fmt.Errorf("starting the miner worker: %v", r)
			}
		}()
		ctor := js.Global().Get("Worker")
		if !ctor.Truthy() {
			return nil, errors.New("this browser has no Web Workers")
		}
		bw := &browserWorker{v: ctor.New(url)}
		bw.onMsg = js.FuncOf(func(_ js.Value, args []js.Value) any {
			m := readMinerMsg(args[0].Get("data"))
			dispatch(func() { onMsg(m) })
			return nil
		})
		bw.onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
			reason := "the miner worker failed"
			if len(args) > 0 && args[0].Truthy() {
				if msg := args[0].Get("message"); msg.Truthy() {
					reason += ": " + msg.String()
				}
				args[0].Call("preventDefault") // handled here: no console noise
			}
			dispatch(func() { onDead(reason) })
			return nil
		})
		bw.onX = js.FuncOf(func(_ js.Value, _ []js.Value) any {
			dispatch(func() { onDead("a message from the miner worker could not be read") })
			return nil
		})
		bw.v.Set("onmessage", bw.onMsg)
		bw.v.Set("onerror", bw.onErr)
		bw.v.Set("onmessageerror", bw.onX)
		return bw, nil
	}
}

func (b *browserWorker) Mine(job int, header, target string, start uint32, count uint64) {
	b.v.Call("postMessage", map[string]any{
		"type": "mine", "job": job, "header": header, "target": target,
		"start": float64(start), "count": float64(count),
	})
}

func (b *browserWorker) Stop() { b.v.Call("postMessage", map[string]any{"type": "stop"}) }

func (b *browserWorker) Terminate() {
	b.v.Call("terminate")
	b.onMsg.Release()
	b.onErr.Release()
	b.onX.Release()
}

// readMinerMsg copies a worker message into Go; a field that is missing or
// of the wrong type reads as its zero value.
func readMinerMsg(d js.Value) Msg {
	if d.Type() != js.TypeObject {
		return Msg{Type: "error", Message: "the miner worker sent a message that is not an object"}
	}
	str := func(k string) string {
		if v := d.Get(k); v.Type() == js.TypeString {
			return v.String()
		}
		return ""
	}
	num := func(k string) float64 {
		if v := d.Get(k); v.Type() == js.TypeNumber {
			return v.Float()
		}
		return 0
	}
	return Msg{
		Type:    str("type"),
		Job:     int(num("job")),
		Hashes:  uint64(max(num("hashes"), 0)),
		Ms:      num("ms"),
		Nonce:   uint32(num("nonce")),
		Hash:    str("hash"),
		Message: str("message"),
	}
}
