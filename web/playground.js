// playground.js runs before the wasm loads: it applies the theme without a
// flash, and it is the bridge to a parent page when we are embedded in an
// iframe (height and events through postMessage). The Go side calls
// window.playground.toggleTheme() and window.playground.emit().
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "playground.theme";

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function apply(theme) {
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
  }
  apply(stored());

  var embedded = window.parent && window.parent !== window;
  if (embedded) root.setAttribute("data-embedded", "true");

  function post(msg) {
    if (!embedded) return;
    msg.source = "playground";
    msg.path = location.pathname;
    // "*": the parent may be any course site; we send nothing secret.
    window.parent.postMessage(msg, "*");
  }

  var lastHeight = 0;
  function reportHeight() {
    var h = Math.ceil(document.documentElement.scrollHeight);
    if (h !== lastHeight) {
      lastHeight = h;
      post({ type: "resize", height: h });
    }
  }
  if (embedded) {
    if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(root);
    window.addEventListener("load", reportHeight);
    setInterval(reportHeight, 1000); // content swapped by wasm before the observer fires
  }

  window.playground = {
    toggleTheme: function () {
      var dark = root.getAttribute("data-theme") === "dark" ||
        (!root.hasAttribute("data-theme") && window.matchMedia &&
          window.matchMedia("(prefers-color-scheme: dark)").matches);
      var next = dark ? "light" : "dark";
      apply(next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode */ }
      return next;
    },
    emit: function (type, detail) {
      post({ type: type, detail: detail || {} });
      document.dispatchEvent(new CustomEvent("playground:" + type, { detail: detail || {} }));
    },
    embedded: embedded
  };
})();
