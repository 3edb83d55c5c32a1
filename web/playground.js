// playground.js runs before the wasm loads: it applies the theme without a
// flash, and it is the bridge to a parent page when we are embedded in an
// iframe (height and events through postMessage). It also keeps a section
// link's heading in view while the app replaces the page, and copies code
// blocks. The Go side calls window.playground.toggleTheme(), .theme() and
// .emit().
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

  // A new service worker replacing an active one means a new build is
  // cached: remember it for the Go side, which may not be running yet.
  function markUpdate() {
    window.playground.updateReady = true;
    if (typeof window.goappOnUpdate === "function") window.goappOnUpdate();
  }
  if ("serviceWorker" in navigator) {
    var hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (hadController) markUpdate();
      hadController = true;
    });
  }

  // The service worker's install downloads the whole site for offline use
  // (every page, the app bundles again, the worker wasms). Started at once, as
  // go-app's app.js does, it competes with the first visit's own download
  // and compilation: on a 2-core machine it delayed the first interactive
  // widget by 0.4-0.7 s. So registration waits until the app runs (go-app
  // removes its loader then) and the page is idle, or 10 s at most; the
  // site is still cached, and works offline, after that first visit.
  if ("serviceWorker" in navigator && navigator.serviceWorker.register) {
    var sw = navigator.serviceWorker;
    var register = sw.register.bind(sw);
    var settled = new Promise(function (resolve) {
      var started = Date.now();
      function idle() {
        if (window.requestIdleCallback) window.requestIdleCallback(resolve, { timeout: 2000 });
        else setTimeout(resolve, 200);
      }
      function poll() {
        if (!document.getElementById("app-wasm-loader") || Date.now() - started > 10000) idle();
        else setTimeout(poll, 100);
      }
      if (document.readyState === "complete") poll();
      else window.addEventListener("load", poll, { once: true });
    });
    sw.register = function (url, options) {
      return settled.then(function () { return register(url, options); });
    };
  }

  // Lesson tabs (lessons/markdown/directive, container.go): the compiler
  // writes the WAI-ARIA tabs pattern with the first panel shown; clicks and
  // the arrow, Home and End keys switch panels. Delegated from the document,
  // so lessons the app swaps in later need nothing more.
  function selectTab(tab, focus) {
    var list = tab.parentNode;
    var tabs = list.querySelectorAll('[role="tab"]');
    for (var i = 0; i < tabs.length; i++) {
      var on = tabs[i] === tab;
      tabs[i].setAttribute("aria-selected", on ? "true" : "false");
      tabs[i].tabIndex = on ? 0 : -1;
      var panel = document.getElementById(tabs[i].getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    }
    if (focus) tab.focus();
  }
  document.addEventListener("click", function (e) {
    var tab = e.target.closest && e.target.closest('.tabs [role="tab"]');
    if (tab) selectTab(tab, false);
  });
  document.addEventListener("keydown", function (e) {
    var tab = e.target.closest && e.target.closest('.tabs [role="tab"]');
    if (!tab) return;
    var tabs = Array.prototype.slice.call(tab.parentNode.querySelectorAll('[role="tab"]'));
    var i = tabs.indexOf(tab), n = tabs.length;
    var next = { ArrowRight: (i + 1) % n, ArrowLeft: (i + n - 1) % n, Home: 0, End: n - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    selectTab(tabs[next], true);
  });

  // A link to another lesson is its bare slug (lessons/compile.go): resolve
  // it against the page's folder whether or not the address ends in "/",
  // before the browser or the app follows it (hence the capture phase).
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-lesson-link]");
    if (!a) return;
    var path = location.pathname.replace(/\/+$/, "");
    a.setAttribute("href", path.slice(0, path.lastIndexOf("/") + 1) + a.getAttribute("data-lesson-link"));
  }, true);

  // lesson-completed fires once every check on the page has been passed in
  // this visit.
  var passed = {};
  var completed = false;
  function trackCompletion(type, detail) {
    if (type !== "check-passed" || completed || !detail || !detail.check) return;
    passed[detail.check] = true;
    var checks = document.querySelectorAll('[data-widget="check"]');
    for (var i = 0; i < checks.length; i++) {
      if (!passed[checks[i].id]) return;
    }
    completed = true;
    var main = document.querySelector("main[data-lesson]");
    window.playground.emit("lesson-completed", { lesson: main ? main.getAttribute("data-lesson") : "", checks: checks.length });
  }

  // The theme in effect: the learner's choice, else the system's.
  function theme() {
    var set = root.getAttribute("data-theme");
    if (set === "light" || set === "dark") return set;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // Section links (/lessons/x#heading). The browser scrolls to the heading
  // in the pre-rendered page, but then the wasm starts and replaces the
  // page (first a "Loading" line, then the lesson, then widgets that grow),
  // and go-app's own scroll on in-app navigation runs before the lesson has
  // arrived. So while a fragment is pending, every change to the page puts
  // its heading back at the top, until the learner scrolls, types or clicks
  // themselves, or 15 s have passed.
  var pending = null;
  function follow(hash) {
    var id = "";
    try { id = decodeURIComponent((hash || "").replace(/^#/, "")); } catch (e) { id = ""; }
    pending = id ? { id: id, until: Date.now() + 15000 } : null;
    settle();
  }
  function settle() {
    // In an iframe scrollIntoView would scroll the course page around us.
    if (!pending || embedded) return;
    if (Date.now() > pending.until) { pending = null; return; }
    var el = document.getElementById(pending.id);
    if (el && Math.abs(el.getBoundingClientRect().top) > 1) el.scrollIntoView({ block: "start" });
  }
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
    window.addEventListener(type, function () { pending = null; }, { capture: true, passive: true });
  });
  window.addEventListener("hashchange", function () { follow(location.hash); });
  window.addEventListener("popstate", function () { follow(location.hash); });
  // go-app navigates in the app with history.pushState.
  ["pushState", "replaceState"].forEach(function (name) {
    var orig = history[name];
    if (typeof orig !== "function") return;
    history[name] = function (state, title, url) {
      var out = orig.apply(this, arguments);
      if (name === "pushState" || location.hash) follow(location.hash);
      return out;
    };
  });
  function watch() {
    if (window.MutationObserver) new MutationObserver(settle).observe(document.body, { childList: true, subtree: true, attributes: true });
    if (window.ResizeObserver) new ResizeObserver(settle).observe(document.body);
    follow(location.hash);
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch, { once: true });

  // Copy buttons on code blocks (the lesson compiler renders them, in
  // .code-block beside the <pre>). One listener serves the pre-rendered page
  // and everything the app renders later.
  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest && e.target.closest(".copy-code");
    if (!button) return;
    var pre = button.parentNode && button.parentNode.querySelector("pre");
    if (!pre) return;
    var text = pre.innerText.replace(/\n$/, "");
    function done(ok) {
      var status = button.parentNode.querySelector(".copy-status");
      if (status) status.textContent = ok ? "Copied to the clipboard." : "Could not copy: select the code and copy it by hand.";
      button.textContent = ok ? "Copied" : "Copy";
      setTimeout(function () { button.textContent = "Copy"; if (status) status.textContent = ""; }, 2500);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(legacyCopy(text)); });
    } else {
      done(legacyCopy(text));
    }
  });
  // Plain-http hosts have no navigator.clipboard.
  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  window.playground = {
    updateReady: false,
    theme: theme,
    toggleTheme: function () {
      var next = theme() === "dark" ? "light" : "dark";
      apply(next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode */ }
      return next;
    },
    emit: function (type, detail) {
      post({ type: type, detail: detail || {} });
      document.dispatchEvent(new CustomEvent("playground:" + type, { detail: detail || {} }));
      trackCompletion(type, detail);
    },
    embedded: embedded
  };
})();
