// cipher-worker.js is the encryption lesson's Web Worker (a classic worker).
// It runs engine/ciphers (wasm/ciphers, built into gen/ciphers.wasm next to
// this file) off the page's UI thread: an RSA key takes about half a second
// to make in wasm, and a speed race keeps the CPU busy on purpose.
//
//   in:  {id, op, args}              args: an object (the op's JSON arguments)
//   out: {type:"ready"}              once, when the wasm runs
//        {id, ok:true, result}       the op's result object
//        {id, ok:false, error, code} the op refused (code: see engine/ciphers/rpc),
//                                    or the message itself was bad
//        {type:"error", message}     once, if the wasm cannot load
//
// Requests that arrive before ready are kept and answered in order once the
// wasm runs; if it never loads, each gets {ok:false} saying why. Calls run
// one at a time, in order: each is synchronous inside the wasm.
//
// go-worker.js starts the wasm with the site's /wasm_exec.js, the same
// loader the app runs with. Every URL is relative to this script, so the
// worker works under any base path and from the service worker's cache.
(function () {
  "use strict";


  var call = null;     // cipherCall, once the wasm runs
  var loadError = "";  // why the wasm did not load, if it did not
  var early = [];      // requests that arrived before ready

  function post(msg) { self.postMessage(msg); }

  function reply(id, r) {
    if (r && typeof r === "object" && typeof r.error === "string") {
      post({ id: id, ok: false, error: r.error, code: r.code || "internal" });
    } else {
      post({ id: id, ok: true, result: r });
    }
  }

  function handle(m) {
    var id = m !== null && typeof m === "object" ? m.id : undefined;
    if (m === null || typeof m !== "object" || typeof m.op !== "string") {
      reply(id, { error: "a request must be an object {id, op, args} with op a string", code: "bad_args" });
      return;
    }
    if (loadError) {
      reply(id, { error: "the cipher worker is not available: " + loadError, code: "unavailable" });
      return;
    }
    var args;
    try {
      args = JSON.stringify(m.args === undefined ? {} : m.args);
    } catch (e) {
      reply(id, { error: "args cannot be sent as JSON: " + (e && e.message ? e.message : e), code: "bad_args" });
      return;
    }
    var out;
    try {
      out = JSON.parse(call(m.op, args));
    } catch (e) {
      // cipherCall never throws by design; a throw means the Go program
      // died (out of memory, a runtime fatal error), so nothing after this
      // can run: say so for this call and every later one.
      loadError = "the cipher engine crashed: " + (e && e.message ? e.message : e);
      call = null;
      reply(id, { error: loadError, code: "unavailable" });
      return;
    }
    reply(id, out);
  }

  self.onmessage = function (e) {
    if (call || loadError) {
      handle(e.data);
    } else {
      early.push(e.data);
    }
  };

  // startGoProgram (go-worker.js, next to this file) fetches and runs the
  // wasm; a failure to load the helper itself is a load failure too.
  function load() {
    try {
      importScripts(new URL("go-worker.js", self.location.href).href);
    } catch (e) {
      return Promise.reject(new Error("loading go-worker.js: " + (e && e.message ? e.message : e)));
    }
    return self.startGoProgram("ciphers.wasm", "cipherCall");
  }


  function drain() {
    var queued = early;
    early = [];
    for (var i = 0; i < queued.length; i++) handle(queued[i]);
  }

  load().then(function (fn) {
    call = fn;
    post({ type: "ready" });
    drain();
  }, function (e) {
    loadError = "the cipher wasm did not load: " + (e && e.message ? e.message : String(e));
    post({ type: "error", message: loadError });
    drain();
  });
})();
