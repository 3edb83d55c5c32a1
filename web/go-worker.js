// go-worker.js is what the site's wasm Web Workers (miner-worker.js,
// cipher-worker.js) share: starting a Go js/wasm program inside a worker
// and handing back the one function it publishes on self.
//
//   self.startGoProgram(wasmName, exportName) -> Promise<function>
//
// wasmName is a file in gen/ next to this script; Go's loader is the site's
// /wasm_exec.js, one folder up, the same file the app runs with. All URLs
// are relative to the worker, so it works under any base path and from the
// service worker's cache. The promise is rejected, never thrown, with a
// message that names what failed.
(function () {
  "use strict";

  function instantiate(url, imports) {
    return fetch(url).then(function (resp) {
      if (!resp.ok) throw new Error(url + ": HTTP " + resp.status);
      var type = resp.headers.get("Content-Type") || "";
      if (WebAssembly.instantiateStreaming && type.indexOf("application/wasm") === 0) {
        return WebAssembly.instantiateStreaming(resp, imports);
      }
      return resp.arrayBuffer().then(function (b) { return WebAssembly.instantiate(b, imports); });
    }).then(function (r) { return r.instance; });
  }

  self.startGoProgram = function (wasmName, exportName) {
    var wasmURL = new URL("gen/" + wasmName, self.location.href).href;
    var execURL = new URL("../wasm_exec.js", self.location.href).href;
    try {
      importScripts(execURL);
    } catch (e) {
      return Promise.reject(new Error("loading " + execURL + ": " + (e && e.message ? e.message : e)));
    }
    var go = new self.Go();
    return instantiate(wasmURL, go.importObject).then(function (inst) {
      // run settles only if the program exits; the program parks in
      // select{} once it has published its function.
      go.run(inst);
      if (typeof self[exportName] !== "function") throw new Error(wasmName + " did not publish " + exportName);
      return self[exportName];
    });
  };
})();
