// worker-shim.js runs one of the site's worker scripts (web/miner-worker.js,
// web/cipher-worker.js) inside a Node worker_threads Worker, giving it what a
// browser's dedicated worker scope has and Node lacks: self, self.location,
// postMessage, onmessage, importScripts, and a fetch that reads files.
// workerData names the files:
//   script   - the worker script
//   wasm     - the wasm file it will fetch as gen/<wasmName>
//   wasmName - that name: miner.wasm or ciphers.wasm
//   wasmExec - the wasm_exec.js it will import as ../wasm_exec.js
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const vm = require("node:vm");
const { pathToFileURL, fileURLToPath } = require("node:url");

const { script, wasm, wasmName, wasmExec } = workerData;
const scriptURL = pathToFileURL(script).href;
const mapped = {
  [new URL("gen/" + wasmName, scriptURL).href]: wasm,
  [new URL("../wasm_exec.js", scriptURL).href]: wasmExec,
};
const pathOf = (url) => mapped[String(url)] || fileURLToPath(String(url));

globalThis.self = globalThis;
self.location = { href: scriptURL, toString() { return scriptURL; } };
self.postMessage = (m) => parentPort.postMessage(m);
self.importScripts = (...urls) => {
  for (const u of urls) {
    const p = pathOf(u);
    vm.runInThisContext(fs.readFileSync(p, "utf8"), { filename: p });
  }
};
globalThis.fetch = async (url) => {
  const p = pathOf(url);
  if (!fs.existsSync(p)) return new Response("not found", { status: 404 });
  return new Response(fs.readFileSync(p), { headers: { "Content-Type": "application/wasm" } });
};
parentPort.on("message", (data) => {
  if (typeof self.onmessage === "function") self.onmessage({ data });
});

vm.runInThisContext(fs.readFileSync(script, "utf8"), { filename: script });
