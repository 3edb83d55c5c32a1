//go:build wasm

package app

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// cipherWorker is the page's one cipher Web Worker, shared by every
// encryption widget: started on the first call (pages without those widgets
// never download gen/ciphers.wasm), and again on the next call after it
// failed. Requests carry ids; replies find their caller by id.
type cipherWorker struct {
	mu      sync.Mutex
	v       app.Value // the Worker; nil when none runs
	funcs   []app.Func
	next    int
	pending map[int]pendingCipherCall
}

// pendingCipherCall is a call waiting for its reply.
type pendingCipherCall struct {
	op      string
	deliver func(cipherReply)
}

var cipherPool = &cipherWorker{pending: map[int]pendingCipherCall{}}

func defaultCipherCall(ctx app.Context, op string, args any, done func(cipherReply)) {
	deliver := func(r cipherReply) { ctx.Dispatch(func(app.Context) { done(r) }) }
	b, err := json.Marshal(args)
	if err != nil {
		deliver(failedReply("bad_args", op+": arguments cannot be sent as JSON: "+err.Error()))
		return
	}
	cipherPool.call(op, string(b), deliver)
}

func (c *cipherWorker) call(op, args string, deliver func(cipherReply)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v == nil {
		if err := c.start(); err != nil {
			deliver(failedReply(codeUnavailable, err.Error()))
			return
		}
	}
	c.next++
	id := c.next
	c.pending[id] = pendingCipherCall{op: op, deliver: deliver}
	msg := app.Window().Get("Object").New()
	msg.Set("id", id)
	msg.Set("op", op)
	msg.Set("args", app.Window().Get("JSON").Call("parse", args))
	c.v.Call("postMessage", msg)
}

// start makes the worker; c.mu is held.
func (c *cipherWorker) start() (err error) {
	defer func() {
		// new Worker throws for a URL the page may not load (CSP, another
		// origin); syscall/js turns that into a panic.
		if r := recover(); r != nil {
			c.v, err = nil, fmt.Errorf("starting the cipher worker: %v", r)
		}
	}()
	ctor := app.Window().Get("Worker")
	if !ctor.Truthy() {
		return fmt.Errorf("this browser has no Web Workers, which the encryption widgets run in")
	}
	w := ctor.New(href("web/cipher-worker.js"))
	onMsg := app.FuncOf(func(_ app.Value, args []app.Value) any {
		c.receive(w, args[0].Get("data"))
		return nil
	})
	onErr := app.FuncOf(func(_ app.Value, args []app.Value) any {
		reason := "the cipher worker failed"
		if len(args) > 0 && args[0].Truthy() {
			if msg := args[0].Get("message"); msg.Truthy() {
				reason += ": " + msg.String()
			}
			args[0].Call("preventDefault") // handled here: no console noise
		}
		c.fail(w, reason)
		return nil
	})
	onX := app.FuncOf(func(_ app.Value, _ []app.Value) any {
		c.fail(w, "a message from the cipher worker could not be read")
		return nil
	})
	w.Set("onmessage", onMsg)
	w.Set("onerror", onErr)
	w.Set("onmessageerror", onX)
	c.v, c.funcs = w, []app.Func{onMsg, onErr, onX}
	return nil
}

// receive handles one message of worker w.
func (c *cipherWorker) receive(w app.Value, d app.Value) {
	if d.Type() != app.TypeObject {
		c.fail(w, "the cipher worker sent a message that is not an object")
		return
	}
	if t := d.Get("type"); t.Type() == app.TypeString {
		if t.String() == "error" {
			// The wasm did not load: fail what waits, and try afresh on the
			// next call (the network may be back).
			c.fail(w, "the cipher worker could not start: "+d.Get("message").String())
		}
		return // "ready": requests were queued by the worker itself
	}
	id := d.Get("id")
	if id.Type() != app.TypeNumber {
		return
	}
	c.mu.Lock()
	p, ok := c.pending[id.Int()]
	delete(c.pending, id.Int())
	c.mu.Unlock()
	if !ok {
		return
	}
	if d.Get("ok").Truthy() {
		res := app.Window().Get("JSON").Call("stringify", d.Get("result"))
		p.deliver(cipherReply{result: json.RawMessage(res.String())})
		return
	}
	code := "internal"
	if v := d.Get("code"); v.Type() == app.TypeString {
		code = v.String()
	}
	p.deliver(failedReply(code, d.Get("error").String()))
}

// fail ends worker w: every pending call gets reason, and the next call
// starts a new worker. A message from an already replaced worker is ignored.
func (c *cipherWorker) fail(w app.Value, reason string) {
	c.mu.Lock()
	if c.v == nil || !c.v.Equal(w) {
		c.mu.Unlock()
		return
	}
	pending := c.pending
	c.pending = map[int]pendingCipherCall{}
	c.v.Call("terminate")
	for _, f := range c.funcs {
		f.Release()
	}
	c.v, c.funcs = nil, nil
	c.mu.Unlock()
	for _, p := range pending {
		p.deliver(failedReply(codeUnavailable, p.op+": "+reason+" (it restarts on the next try)"))
	}
}
