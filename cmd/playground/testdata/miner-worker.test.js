// Protocol tests of web/miner-worker.js (CONTRACT.md section 4), run by
// `node --test` from miner_worker_test.go, which builds the miner wasm and
// passes the files through the environment: MINER_WORKER (the script),
// MINER_WASM and WASM_EXEC. The worker runs in a worker_threads Worker with
// the browser bits shimmed (worker-shim.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const crypto = require("node:crypto");
const { Worker } = require("node:worker_threads");

const files = {
  script: process.env.MINER_WORKER,
  wasm: process.env.MINER_WASM,
  wasmExec: process.env.WASM_EXEC,
};
for (const [k, v] of Object.entries(files)) {
  if (!v) throw new Error("missing environment for " + k + ": run through go test ./cmd/playground -run TestMinerWorkerProtocolInNode");
}

// The genesis block (bitcoin/bitcoin src/kernel/chainparams.cpp): its
// serialized header, the nonce Satoshi found and the hash explorers show.
const GENESIS_HEADER = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c";
const GENESIS_NONCE = 2083236893;
const GENESIS_HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
const DIFF1_TARGET = "00000000ffff0000000000000000000000000000000000000000000000000000";
const NOTHING = "0".repeat(64); // only an all-zero hash meets it: never in practice
const TWO32 = 4294967296;

// start runs the worker; msgs collects everything it posts, and waitFor
// resolves with the first message (from index `from`) that pred accepts.
function start(over = {}) {
  const w = new Worker(path.join(__dirname, "worker-shim.js"), { workerData: { wasmName: "miner.wasm", ...files, ...over } });
  const msgs = [];
  let waiters = [];
  w.on("message", (m) => {
    msgs.push(m);
    waiters = waiters.filter((x) => !x.check());
  });
  w.on("error", (e) => { throw e; });
  function waitFor(pred, from = 0, ms = 20000) {
    return new Promise((resolve, reject) => {
      const x = {
        check() {
          for (let i = from; i < msgs.length; i++) {
            if (pred(msgs[i])) { clearTimeout(x.timer); resolve({ msg: msgs[i], index: i }); return true; }
          }
          return false;
        },
      };
      x.timer = setTimeout(() => {
        waiters = waiters.filter((y) => y !== x);
        reject(new Error("timed out waiting; messages so far: " + JSON.stringify(msgs.slice(-10))));
      }, ms);
      if (!x.check()) waiters.push(x);
    });
  }
  return { w, msgs, waitFor, post: (m) => w.postMessage(m), close: () => w.terminate() };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const is = (type, job) => (m) => m.type === type && (job === undefined || m.job === job);

function sha256d(buf) {
  return crypto.createHash("sha256").update(crypto.createHash("sha256").update(buf).digest()).digest();
}

test("ready comes once and first; a mine sent before ready is kept and answered", async () => {
  const wk = start();
  try {
    // Sent at once, before the wasm can possibly have loaded.
    wk.post({ type: "mine", job: 1, header: GENESIS_HEADER, target: DIFF1_TARGET, start: GENESIS_NONCE - 300000, count: 600000 });
    const { msg } = await wk.waitFor(is("found", 1));
    assert.equal(wk.msgs[0].type, "ready");
    assert.equal(wk.msgs.filter(is("ready")).length, 1);
    assert.equal(msg.nonce, GENESIS_NONCE);
    assert.equal(msg.hash, GENESIS_HASH);
    assert.equal(msg.hashes, 300001, "every nonce from start up to and including the winner");
    assert.ok(msg.ms > 0);
    // Progress came before, for this job, with growing counts.
    const prog = wk.msgs.filter(is("progress", 1));
    assert.ok(prog.length > 0, "progress while mining");
    for (let i = 1; i < prog.length; i++) {
      assert.ok(prog[i].hashes > prog[i - 1].hashes);
      assert.ok(prog[i].ms >= prog[i - 1].ms);
    }
    assert.ok(prog[prog.length - 1].hashes < msg.hashes);
  } finally {
    await wk.close();
  }
});

test("found: the hash meets the target and the header's own nonce is ignored", async () => {
  const wk = start();
  try {
    const header = Buffer.alloc(80);
    for (let i = 0; i < 80; i++) header[i] = (i * 37 + 11) & 0xff; // nonce bytes too: ignored
    const target = "0000" + "f".repeat(60); // 16 zero bits
    wk.post({ type: "mine", job: "low", header: header.toString("hex"), target, start: 0, count: TWO32 });
    const { msg } = await wk.waitFor(is("found", "low"));
    header.writeUInt32LE(msg.nonce, 76);
    const d = Buffer.from(sha256d(header)).reverse();
    assert.equal(msg.hash, d.toString("hex"));
    assert.ok(d.toString("hex") <= target, "display hex compares like the 256-bit number");
    assert.equal(msg.hashes, msg.nonce + 1, "scanned from 0 in order");
  } finally {
    await wk.close();
  }
});

test("mine replaces the job in progress", async () => {
  const wk = start();
  try {
    wk.post({ type: "mine", job: "a", header: GENESIS_HEADER, target: NOTHING, start: 0, count: TWO32 });
    await wk.waitFor(is("progress", "a"));
    wk.post({ type: "mine", job: "b", header: GENESIS_HEADER, target: DIFF1_TARGET, start: GENESIS_NONCE - 1000, count: 5000 });
    const { index } = await wk.waitFor(is("found", "b"));
    const firstB = wk.msgs.findIndex((m) => m.job === "b");
    assert.ok(firstB >= 0 && firstB <= index);
    assert.deepEqual(wk.msgs.slice(firstB).filter((m) => m.job === "a"), [], "nothing for a after b started");
    assert.equal(wk.msgs[index].nonce, GENESIS_NONCE);
    // Let a few chunks' worth of time pass: a must not come back.
    await sleep(400);
    assert.deepEqual(wk.msgs.slice(firstB).filter((m) => m.job === "a"), []);
  } finally {
    await wk.close();
  }
});

test("stop ends the job: nothing more after the worker has read it", async () => {
  const wk = start();
  try {
    wk.post({ type: "mine", job: 7, header: GENESIS_HEADER, target: NOTHING, start: 0, count: TWO32 });
    await wk.waitFor(is("progress", 7));
    wk.post({ type: "stop" });
    // Messages are read in order: the answer to this one proves the stop
    // was read, and anything posted after it would be a bug.
    wk.post({ type: "ping" });
    const { index } = await wk.waitFor((m) => m.type === "error" && /unknown message type "ping"/.test(m.message));
    await sleep(500);
    assert.deepEqual(wk.msgs.slice(index + 1), [], "no progress, found or exhausted after stop");
    assert.equal(wk.msgs.filter((m) => m.type === "found" || m.type === "exhausted").length, 0);
  } finally {
    await wk.close();
  }
});

test("exhausted after the whole range, with every nonce counted, up to the last nonce", async () => {
  const wk = start();
  try {
    wk.post({ type: "mine", job: 1, header: GENESIS_HEADER, target: NOTHING, start: 100, count: 5000 });
    const { msg } = await wk.waitFor(is("exhausted", 1));
    assert.equal(msg.hashes, 5000);
    wk.post({ type: "mine", job: 2, header: GENESIS_HEADER, target: NOTHING, start: TWO32 - 256, count: 256 });
    const last = await wk.waitFor(is("exhausted", 2));
    assert.equal(last.msg.hashes, 256);
  } finally {
    await wk.close();
  }
});

test("bad input gets an error, never silence", async () => {
  const wk = start();
  try {
    await wk.waitFor(is("ready"));
    const good = { type: "mine", job: 1, header: GENESIS_HEADER, target: DIFF1_TARGET, start: 0, count: 10 };
    const cases = [
      [{ ...good, header: GENESIS_HEADER.replace("01", "zz") }, /header must be 160 hex characters/],
      [{ ...good, header: GENESIS_HEADER.slice(2) }, /header must be 160 hex characters.*158 characters/],
      [{ ...good, header: undefined }, /header must be 160 hex/],
      [{ ...good, target: DIFF1_TARGET + "00" }, /target must be 64 hex characters/],
      [{ ...good, target: 5 }, /target must be 64 hex characters .*got 5$/],
      [{ ...good, count: 0 }, /count must be a whole number within 1\.\.4294967296, got 0/],
      [{ ...good, count: TWO32 + 1 }, /count must be/],
      [{ ...good, count: 1.5 }, /count must be/],
      [{ ...good, count: "10" }, /count must be/],
      [{ ...good, start: -1 }, /start must be a whole number within 0\.\.4294967295, got -1/],
      [{ ...good, start: TWO32 }, /start must be/],
      [{ ...good, start: TWO32 - 1, count: 2 }, /start \+ count must not pass 4294967296/],
      [{ type: "mnie" }, /unknown message type "mnie"/],
      [{ job: 1 }, /must be an object with a type/],
      ["mine", /must be an object with a type.*"mine"/],
      [null, /must be an object with a type.*null/],
    ];
    for (const [msg, re] of cases) {
      const from = wk.msgs.length;
      wk.post(msg);
      const { msg: got } = await wk.waitFor(() => true, from);
      assert.equal(got.type, "error", JSON.stringify(msg));
      assert.match(got.message, re, JSON.stringify(msg));
      assert.deepEqual(Object.keys(got).sort(), ["message", "type"]);
    }
    // The worker still works afterwards.
    wk.post({ type: "mine", job: 9, header: GENESIS_HEADER, target: DIFF1_TARGET, start: GENESIS_NONCE, count: 1 });
    const { msg } = await wk.waitFor(is("found", 9));
    assert.equal(msg.hash, GENESIS_HASH);
    assert.equal(msg.hashes, 1);
  } finally {
    await wk.close();
  }
});

test("an invalid mine stops the job it replaces", async () => {
  const wk = start();
  try {
    wk.post({ type: "mine", job: 3, header: GENESIS_HEADER, target: NOTHING, start: 0, count: TWO32 });
    await wk.waitFor(is("progress", 3));
    wk.post({ type: "mine", job: 4, header: "xyz", target: NOTHING, start: 0, count: 1 });
    const { index } = await wk.waitFor(is("error"));
    await sleep(400);
    assert.deepEqual(wk.msgs.slice(index + 1), []);
  } finally {
    await wk.close();
  }
});

test("a wasm that does not load is reported, and so is every later mine", async () => {
  const wk = start({ wasm: path.join(__dirname, "no-such-miner.wasm") });
  try {
    const { msg } = await wk.waitFor(is("error"));
    assert.match(msg.message, /the miner did not load: .*HTTP 404/);
    wk.post({ type: "mine", job: 1, header: GENESIS_HEADER, target: DIFF1_TARGET, start: 0, count: 1 });
    const later = await wk.waitFor(is("error"), 1);
    assert.match(later.msg.message, /the miner is not available/);
    assert.equal(wk.msgs.filter(is("ready")).length, 0);
  } finally {
    await wk.close();
  }
});
