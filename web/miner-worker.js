// miner-worker.js is the playground's mining Web Worker (a classic worker).
// It speaks the protocol of CONTRACT.md section 4:
//
//   in:  {type:"mine", job, header:"<160 hex>", target:"<64 hex, big-endian>", start, count}
//        {type:"stop"}
//   out: {type:"ready"} once
//        {type:"progress", job, hashes, ms}        at least every 250 ms while mining
//        {type:"found", job, nonce, hash:"<display hex>", hashes, ms}
//        {type:"exhausted", job, hashes, ms}
//        {type:"error", message}
//
// A "mine" replaces any job in progress (an invalid one too: the old job
// stops and the error says why); the nonce bytes of the header are ignored.
// count may be 1..2^32 (2^32 lets one worker cover every nonce) and
// start + count may not pass 2^32. hashes counts the nonces tried in the
// job, ms the milliseconds since it started.
//
// The hashing is wasm (wasm/miner, built into gen/miner.wasm next to this
// file), started by go-worker.js with the site's /wasm_exec.js, the same
// loader the app itself runs with. Every URL is relative to this script, so
// the worker works under any base path and from the service worker's cache.
//
// Work is done in chunks sized by time (about 150 ms, from the measured
// rate) with a trip through the event loop between chunks, so that "stop"
// and a new "mine" are answered within one chunk.
(function () {
  "use strict";

  var CHUNK_MS = 150;     // target duration of one minerScan call
  var FIRST_COUNT = 4096; // probe size before the rate is known
  var TWO32 = 4294967296;
  var HEX = /^[0-9a-fA-F]*$/;

  var scan = null;        // minerScan, once the wasm runs
  var loadError = "";     // why the wasm did not load, if it did not
  var early = [];         // messages that arrived before ready
  var job = null;         // the job being mined, or null
  var rate = 0;           // measured nonces per millisecond (kept across jobs)
  var pending = false;    // a step is scheduled
  var lastCount = FIRST_COUNT; // size of the last chunk

  function post(msg) { self.postMessage(msg); }
  function fail(message) { post({ type: "error", message: String(message) }); }
  var now = (self.performance && self.performance.now) ?
    function () { return self.performance.now(); } : function () { return Date.now(); };

  // yieldThen runs fn after the event loop has had a turn, so that a
  // "stop" or a new "mine" waiting in the queue is read first. A bare
  // MessageChannel round trip is not enough (Node, for one, drains it before
  // other ports), and a setTimeout chained from a timer is clamped to 4 ms
  // after a few rounds; a timer set from a channel message is neither.
  var yieldThen = (function () {
    if (typeof MessageChannel === "function") {
      var ch = new MessageChannel();
      var next = null;
      ch.port1.onmessage = function () { var f = next; next = null; if (f) setTimeout(f, 0); };
      return function (fn) { next = fn; ch.port2.postMessage(0); };
    }
    return function (fn) { setTimeout(fn, 0); };
  })();

  function hexBytes(s, n) {
    var b = new Uint8Array(n);
    for (var i = 0; i < n; i++) b[i] = parseInt(s.substr(2 * i, 2), 16);
    return b;
  }

  // displayHex reverses a digest from internal byte order, as explorers show it.
  function displayHex(d) {
    var s = "";
    for (var i = d.length - 1; i >= 0; i--) s += (d[i] < 16 ? "0" : "") + d[i].toString(16);
    return s;
  }

  function isWhole(v, lo, hi) {
    return typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
  }

  // parseMine checks a mine message; it returns a job or an error string.
  function parseMine(m) {
    if (typeof m.header !== "string" || m.header.length !== 160 || !HEX.test(m.header)) {
      return "header must be 160 hex characters (the 80 serialized header bytes), got " + describe(m.header);
    }
    if (typeof m.target !== "string" || m.target.length !== 64 || !HEX.test(m.target)) {
      return "target must be 64 hex characters (32 bytes, big-endian), got " + describe(m.target);
    }
    if (!isWhole(m.start, 0, TWO32 - 1)) {
      return "start must be a whole number within 0..4294967295, got " + describe(m.start);
    }
    if (!isWhole(m.count, 1, TWO32)) {
      return "count must be a whole number within 1..4294967296, got " + describe(m.count);
    }
    if (m.start + m.count > TWO32) {
      return "start + count must not pass 4294967296 (nonces do not wrap), got " + m.start + " + " + m.count;
    }
    return {
      id: m.job,
      header: hexBytes(m.header, 80),
      target: hexBytes(m.target, 32),
      next: m.start,
      end: m.start + m.count, // exclusive
      hashes: 0,
      t0: now()
    };
  }

  function describe(v) {
    if (typeof v === "string") return v.length > 20 ? "a string of " + v.length + " characters" : JSON.stringify(v);
    if (typeof v === "number") return String(v);
    return v === null ? "null" : typeof v;
  }

  function handle(m) {
    if (m === null || typeof m !== "object" || typeof m.type !== "string") {
      fail("a message must be an object with a type (\"mine\" or \"stop\"), got " + describe(m));
      return;
    }
    switch (m.type) {
      case "stop":
        job = null;
        return;
      case "mine":
        var j = parseMine(m);
        if (typeof j === "string") {
          job = null;
          fail(j);
          return;
        }
        job = j;
        schedule();
        return;
      default:
        fail("unknown message type " + JSON.stringify(m.type) + " (expected \"mine\" or \"stop\")");
    }
  }

  function schedule() {
    if (!pending) {
      pending = true;
      yieldThen(step);
    }
  }

  // step mines one chunk of the current job and reports.
  function step() {
    pending = false;
    var j = job;
    if (!j) return;
    var count = rate > 0 ? Math.max(256, Math.round(rate * CHUNK_MS)) : FIRST_COUNT;
    // Grow at most 8-fold per chunk: one misleading timing (a coarse clock,
    // a chunk cut short by the end of the range) cannot make the next chunk
    // run for seconds.
    count = Math.min(count, 8 * lastCount, j.end - j.next);
    lastCount = count;
    var t = now();
    var r;
    try {
      r = scan(j.header, j.target, j.next, count);
    } catch (e) {
      job = null;
      scan = null;
      loadError = "the miner crashed: " + (e && e.message ? e.message : e);
      fail(loadError);
      return;
    }
    var dt = now() - t;
    if (r.error) { // parseMine should have caught it
      job = null;
      fail(r.error);
      return;
    }
    if (r.tried > 0) {
      var measured = r.tried / Math.max(dt, 0.25);
      rate = rate > 0 ? (rate + measured) / 2 : measured;
    }
    j.hashes += r.tried;
    j.next += r.tried;
    var ms = now() - j.t0;
    if (r.found) {
      job = null;
      post({ type: "found", job: j.id, nonce: r.nonce, hash: displayHex(r.hash), hashes: j.hashes, ms: ms });
      return;
    }
    if (j.next >= j.end) {
      job = null;
      post({ type: "exhausted", job: j.id, hashes: j.hashes, ms: ms });
      return;
    }
    post({ type: "progress", job: j.id, hashes: j.hashes, ms: ms });
    schedule();
  }

  self.onmessage = function (e) {
    if (scan) {
      handle(e.data);
    } else if (loadError) {
      fail("the miner is not available: " + loadError);
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
    return self.startGoProgram("miner.wasm", "minerScan");
  }


  load().then(function (fn) {
    scan = fn;
    post({ type: "ready" });
    var queued = early;
    early = [];
    for (var i = 0; i < queued.length; i++) handle(queued[i]);
  }, function (e) {
    loadError = e && e.message ? e.message : String(e);
    fail("the miner did not load: " + loadError);
    early = [];
  });
})();
