//go:build wasm

package app

import (
	"errors"
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// minerBackend gives a widget what it mines with in the browser: Web
// Workers running web/miner-worker.js when the browser has them, else the
// main-thread fallback. Worker messages reach the widget through
// ctx.Dispatch, on the UI goroutine, as the pool requires.
var minerBackend = func(ctx app.Context) miningBackend {
	dispatch := func(f func()) { ctx.Dispatch(func(app.Context) { f() }) }
	cores := 1
	if n := app.Window().Get("navigator").Get("hardwareConcurrency"); n.Type() == app.TypeNumber {
		cores = max(n.Int(), 1)
	}
	if !app.Window().Get("Worker").Truthy() {
		return miningBackend{Spawn: inlineSpawner(dispatch), Cores: 1, Workers: false}
	}
	return miningBackend{
		Spawn:    browserSpawner(href("web/miner-worker.js"), dispatch),
		Fallback: inlineSpawner(dispatch),
		Cores:    cores,
		Workers:  true,
	}
}

// browserWorker is a Web Worker seen through go-app's JS values.
type browserWorker struct {
	v                 app.Value
	onMsg, onErr, onX app.Func
}

// browserSpawner starts Web Workers from url.
func browserSpawner(url string, dispatch func(func())) spawnFunc {
	return func(onMsg func(minerMsg), onDead func(string)) (w minerWorker, err error) {
		defer func() {
			// new Worker throws for a URL the page may not load (CSP,
			// another origin); syscall/js turns that into a panic.
			if r := recover(); r != nil {
				w, err = nil, fmt.Errorf("starting the miner worker: %v", r)
			}
		}()
		ctor := app.Window().Get("Worker")
		if !ctor.Truthy() {
			return nil, errors.New("this browser has no Web Workers")
		}
		bw := &browserWorker{v: ctor.New(url)}
		bw.onMsg = app.FuncOf(func(_ app.Value, args []app.Value) any {
			m := readMinerMsg(args[0].Get("data"))
			dispatch(func() { onMsg(m) })
			return nil
		})
		bw.onErr = app.FuncOf(func(_ app.Value, args []app.Value) any {
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
		bw.onX = app.FuncOf(func(_ app.Value, _ []app.Value) any {
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
func readMinerMsg(d app.Value) minerMsg {
	if d.Type() != app.TypeObject {
		return minerMsg{Type: "error", Message: "the miner worker sent a message that is not an object"}
	}
	str := func(k string) string {
		if v := d.Get(k); v.Type() == app.TypeString {
			return v.String()
		}
		return ""
	}
	num := func(k string) float64 {
		if v := d.Get(k); v.Type() == app.TypeNumber {
			return v.Float()
		}
		return 0
	}
	return minerMsg{
		Type:    str("type"),
		Job:     int(num("job")),
		Hashes:  uint64(max(num("hashes"), 0)),
		Ms:      num("ms"),
		Nonce:   uint32(num("nonce")),
		Hash:    str("hash"),
		Message: str("message"),
	}
}
