//go:build wasm

package cipherworker

import (
	"encoding/json"
	"fmt"
	"sync"
	"syscall/js"
)

// Client runs the ops in the page's cipher Web Worker, shared by every
// encryption widget: started on the first call (pages without those widgets
// never download gen/ciphers.wasm), and again on the next call after it
// failed. Requests carry ids; replies find their caller by id.
type Client struct {
	// Script is the worker script's address, asked when the worker starts.
	Script func() string

	mu      sync.Mutex
	v       js.Value // the Worker; undefined when none runs
	funcs   []js.Func
	next    int
	pending map[int]pending
}

// pending is a call waiting for its reply.
type pending struct {
	op      string
	deliver func(Reply)
}

// Call sends op with args (marshalled to JSON) to the worker; done gets the
// reply from the browser's event loop (or at once when the worker cannot
// start), so a caller hands it on to its UI goroutine.
func (c *Client) Call(op string, args any, done func(Reply)) {
	b, failed := marshal(op, args)
	if failed != nil {
		done(*failed)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v.IsUndefined() {
		if err := c.start(); err != nil {
			done(Failed(CodeUnavailable, err.Error()))
			return
		}
	}
	if c.pending == nil {
		c.pending = map[int]pending{}
	}
	c.next++
	id := c.next
	c.pending[id] = pending{op: op, deliver: done}
	msg := js.Global().Get("Object").New()
	msg.Set("id", id)
	msg.Set("op", op)
	msg.Set("args", js.Global().Get("JSON").Call("parse", string(b)))
	c.v.Call("postMessage", msg)
}

// start makes the worker; c.mu is held.
func (c *Client) start() (err error) {
	defer func() {
		// new Worker throws for a URL the page may not load (CSP, another
		// origin); syscall/js turns that into a panic.
		if r := recover(); r != nil {
			c.v, err = js.Undefined(), fmt.Errorf("starting the cipher worker: %v", r)
		}
	}()
	ctor := js.Global().Get("Worker")
	if !ctor.Truthy() {
		return fmt.Errorf("this browser has no Web Workers, which the encryption widgets run in")
	}
	w := ctor.New(c.Script())
	onMsg := js.FuncOf(func(_ js.Value, args []js.Value) any {
		c.receive(w, args[0].Get("data"))
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
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
	onX := js.FuncOf(func(js.Value, []js.Value) any {
		c.fail(w, "a message from the cipher worker could not be read")
		return nil
	})
	w.Set("onmessage", onMsg)
	w.Set("onerror", onErr)
	w.Set("onmessageerror", onX)
	c.v, c.funcs = w, []js.Func{onMsg, onErr, onX}
	return nil
}

// receive handles one message of worker w.
func (c *Client) receive(w js.Value, d js.Value) {
	if d.Type() != js.TypeObject {
		c.fail(w, "the cipher worker sent a message that is not an object")
		return
	}
	if t := d.Get("type"); t.Type() == js.TypeString {
		if t.String() == "error" {
			// The wasm did not load: fail what waits, and try afresh on the
			// next call (the network may be back).
			c.fail(w, "the cipher worker could not start: "+d.Get("message").String())
		}
		return // "ready": requests were queued by the worker itself
	}
	id := d.Get("id")
	if id.Type() != js.TypeNumber {
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
		res := js.Global().Get("JSON").Call("stringify", d.Get("result"))
		p.deliver(Reply{result: json.RawMessage(res.String())})
		return
	}
	code := "internal"
	if v := d.Get("code"); v.Type() == js.TypeString {
		code = v.String()
	}
	p.deliver(Failed(code, d.Get("error").String()))
}

// fail ends worker w: every pending call gets reason, and the next call
// starts a new worker. A message from an already replaced worker is ignored.
func (c *Client) fail(w js.Value, reason string) {
	c.mu.Lock()
	if c.v.IsUndefined() || !c.v.Equal(w) {
		c.mu.Unlock()
		return
	}
	waiting := c.pending
	c.pending = map[int]pending{}
	c.v.Call("terminate")
	for _, f := range c.funcs {
		f.Release()
	}
	c.v, c.funcs = js.Undefined(), nil
	c.mu.Unlock()
	for _, p := range waiting {
		p.deliver(Failed(CodeUnavailable, p.op+": "+reason+" (it restarts on the next try)"))
	}
}
