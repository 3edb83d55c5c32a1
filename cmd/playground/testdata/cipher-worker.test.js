// Protocol tests of web/cipher-worker.js, run by `node --test` from
// cipher_worker_test.go, which builds the cipher wasm and passes the files
// through the environment: CIPHER_WORKER (the script), CIPHER_WASM and
// WASM_EXEC. The worker runs in a worker_threads Worker with the browser
// bits shimmed (worker-shim.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const crypto = require("node:crypto");
const { Worker } = require("node:worker_threads");

const files = {
  script: process.env.CIPHER_WORKER,
  wasm: process.env.CIPHER_WASM,
  wasmExec: process.env.WASM_EXEC,
};
for (const [k, v] of Object.entries(files)) {
  if (!v) throw new Error("missing environment for " + k + ": run through go test ./cmd/playground -run TestCipherWorkerProtocolInNode");
}

const KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// start runs the worker; msgs collects what it posts, and reply(id)
// resolves with the answer to request id.
function start(over = {}) {
  const w = new Worker(path.join(__dirname, "worker-shim.js"), { workerData: { wasmName: "ciphers.wasm", ...files, ...over } });
  const msgs = [];
  let waiters = [];
  w.on("message", (m) => {
    msgs.push(m);
    waiters = waiters.filter((x) => !x.check());
  });
  w.on("error", (e) => { throw e; });
  function waitFor(pred, ms = 20000) {
    return new Promise((resolve, reject) => {
      const x = {
        check() {
          const m = msgs.find(pred);
          if (m) { clearTimeout(x.timer); resolve(m); return true; }
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
  let next = 1;
  function request(op, args) {
    const id = next++;
    w.postMessage({ id, op, args });
    return waitFor((m) => m.id === id);
  }
  return { msgs, waitFor, request, post: (m) => w.postMessage(m), close: () => w.terminate() };
}

test("requests sent before ready are answered, in order, after one ready", async () => {
  const wk = start();
  try {
    // Posted at once, before the wasm can possibly have loaded.
    const a = wk.request("aes.seal", { key: KEY, plaintext: "first", aad: "" });
    const b = wk.request("ed25519.key", {});
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(wk.msgs[0].type, "ready");
    assert.equal(wk.msgs.filter((m) => m.type === "ready").length, 1);
    assert.equal(ra.ok, true, JSON.stringify(ra));
    assert.equal(ra.result.opened, "first");
    assert.equal(rb.ok, true);
    assert.equal(Buffer.from(rb.result.public, "base64").length, 32);
    assert.ok(wk.msgs.indexOf(ra) < wk.msgs.indexOf(rb), "answered in the order sent");
  } finally {
    await wk.close();
  }
});

test("seal/open round trip, checked against Node's own AES-256-GCM", async () => {
  const wk = start();
  try {
    const s = await wk.request("aes.seal", { key: KEY, plaintext: "pay bob", aad: "order-1" });
    assert.equal(s.ok, true, JSON.stringify(s));
    const sealed = s.result.sealed;
    const o = await wk.request("aes.open", { key: KEY, sealed });
    assert.deepEqual(o, { id: o.id, ok: true, result: { plaintext: "pay bob" } });
    // An independent implementation opens what the worker sealed.
    const d = crypto.createDecipheriv("aes-256-gcm", Buffer.from(KEY, "hex"), Buffer.from(sealed.nonce, "base64"));
    d.setAAD(Buffer.from(sealed.aad, "base64"));
    d.setAuthTag(Buffer.from(sealed.tag, "base64"));
    const pt = Buffer.concat([d.update(Buffer.from(sealed.ciphertext, "base64")), d.final()]);
    assert.equal(pt.toString(), "pay bob");
  } finally {
    await wk.close();
  }
});

test("a flipped bit fails to open, with the engine's error and code", async () => {
  const wk = start();
  try {
    const s = await wk.request("aes.seal", { key: KEY, plaintext: "pay bob", aad: "" });
    const sealed = s.result.sealed;
    const ct = Buffer.from(sealed.ciphertext, "base64");
    ct[1] ^= 0x40;
    const o = await wk.request("aes.open", { key: KEY, sealed: { ...sealed, ciphertext: ct.toString("base64") } });
    assert.equal(o.ok, false);
    assert.equal(o.code, "auth_failed");
    assert.match(o.error, /authentication failed/);
    assert.equal(o.result, undefined, "no plaintext at all");
    // The worker's own flip agrees.
    const f = await wk.request("aes.flip", { key: KEY, sealed, part: "ciphertext", bit: 9 });
    assert.equal(f.ok, true, JSON.stringify(f));
    assert.equal(f.result.tamper.byte, 1);
    assert.equal(f.result.tamper.before ^ f.result.tamper.after, 0x40);
    assert.match(f.result.openError, /authentication failed/);
  } finally {
    await wk.close();
  }
});

test("an unknown op and bad requests get errors, never silence, and the worker goes on", async () => {
  const wk = start();
  try {
    const u = await wk.request("aes.sael", {});
    assert.equal(u.ok, false);
    assert.equal(u.code, "unknown_op");
    assert.match(u.error, /unknown op "aes.sael"/);
    const bad = await wk.request("aes.seal", { plaintext: 5 });
    assert.equal(bad.code, "bad_args");
    const from = wk.msgs.length;
    wk.post({ id: 77 });
    wk.post("seal");
    const m1 = await wk.waitFor((m) => m.id === 77);
    assert.equal(m1.ok, false);
    assert.match(m1.error, /must be an object \{id, op, args\}/);
    const m2 = await wk.waitFor((m, i) => wk.msgs.indexOf(m) > from && m.id === undefined && m.ok === false);
    assert.equal(m2.code, "bad_args");
    const ok = await wk.request("ed25519.key", { seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60" });
    assert.equal(Buffer.from(ok.result.public, "base64").toString("hex"), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  } finally {
    await wk.close();
  }
});

test("RSA keys live in the worker under a handle", async () => {
  const wk = start();
  try {
    const k = await wk.request("rsa.keygen", { bits: 1024 });
    assert.equal(k.ok, true, JSON.stringify(k));
    const s = await wk.request("rsa.sign", { handle: k.result.handle, message: "m" });
    assert.equal(s.ok, true);
    // Node verifies the PSS signature with the published public key.
    const ok = crypto.verify("sha256", Buffer.from("m"), {
      key: k.result.publicPem, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32,
    }, Buffer.from(s.result.signature, "base64"));
    assert.equal(ok, true);
    const gone = await wk.request("rsa.sign", { handle: k.result.handle + 1, message: "m" });
    assert.equal(gone.code, "unknown_key");
  } finally {
    await wk.close();
  }
});

test("secp256k1 in the worker: BIP 340 vector 1, and an ECDSA-signed transaction Node verifies", async () => {
  const wk = start();
  try {
    // BIP 340 test vector 1 (bitcoin/bips bip-0340/test-vectors.csv).
    const s = await wk.request("schnorr.sign", {
      secret: "b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef",
      message: "243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89",
      aux: "0000000000000000000000000000000000000000000000000000000000000001",
    });
    assert.equal(s.ok, true, JSON.stringify(s));
    assert.equal(s.result.publicKey, "dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659");
    assert.equal(s.result.signature, "6896bd60eeae296db48a229ff71dfe071bde413e6d43f917dc8dcf8c78de33418906d11ac976abccb20b091292bff4ea897efcb639ea871cfa95f6de339e4b0a");

    const k = await wk.request("secp256k1.key", {});
    assert.equal(k.ok, true, JSON.stringify(k));
    const tx = { version: 2, prevTxid: "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4", prevIndex: 1, amount: 150000, recipient: "c398efa9c392ba6013c5e04ee729755ef7f58b32", lockTime: 0 };
    const signed = await wk.request("tx.sign", { scheme: "ecdsa", secret: k.result.secret, tx });
    assert.equal(signed.ok, true, JSON.stringify(signed));
    assert.equal(signed.result.valid, true);
    // Node's OpenSSL checks the DER signature over sha256(sha256(raw)):
    // verify("sha256", sha256(raw)) hashes once more. The key is the
    // compressed point wrapped in a secp256k1 SubjectPublicKeyInfo.
    const raw = Buffer.from(signed.result.raw, "hex");
    const spki = Buffer.concat([Buffer.from("3036301006072a8648ce3d020106052b8104000a032200", "hex"), Buffer.from(signed.result.publicKey, "hex")]);
    const pub = crypto.createPublicKey({ key: spki, format: "der", type: "spki" });
    const once = crypto.createHash("sha256").update(raw).digest();
    const sig = Buffer.from(signed.result.signature, "hex");
    assert.equal(crypto.verify("sha256", once, pub, sig), true);
    const txid = Buffer.from(crypto.createHash("sha256").update(once).digest()).reverse().toString("hex");
    assert.equal(signed.result.txid, txid, "the txid is the double SHA-256, byte-reversed");

    // One flipped bit of the amount: the worker and Node both refuse it.
    const bit = 8 * 40;
    const t = await wk.request("tx.tamper", { scheme: "ecdsa", publicKey: signed.result.publicKey, raw: signed.result.raw, signature: signed.result.signature, part: "tx", bit });
    assert.equal(t.ok, true, JSON.stringify(t));
    assert.equal(t.result.valid, false);
    assert.equal(t.result.field, "amount");
    const bad = Buffer.from(t.result.raw, "hex");
    assert.equal(crypto.verify("sha256", crypto.createHash("sha256").update(bad).digest(), pub, sig), false);
  } finally {
    await wk.close();
  }
});

test("a wasm that does not load fails every request with the reason", async () => {
  const wk = start({ wasm: path.join(__dirname, "no-such.wasm") });
  try {
    const r = await wk.request("aes.seal", {});
    assert.equal(r.ok, false);
    assert.equal(r.code, "unavailable");
    assert.match(r.error, /did not load/);
    assert.ok(wk.msgs.some((m) => m.type === "error"));
    assert.ok(!wk.msgs.some((m) => m.type === "ready"));
  } finally {
    await wk.close();
  }
});
