// scorm.js connects a lesson page of a SCORM package (playground build
// --scorm) to the LMS that launched it. `playground build --scorm` puts it
// first in each SCO page's <head>, with its settings on the script element:
//
//   data-scorm    "1.2" or "2004": which run-time API to look for
//   data-lesson   the lesson's slug
//   data-checks   the ids of the lesson's checks, comma-separated
//   data-mastery  optional, 0-1: the share of checks to answer right to pass
//
// It talks to the app only through what the app already keeps and says:
//   - answers: localStorage keys "playground.<kind>:/lessons/<slug>#<id>"
//     (today "playground.check:...", the JSON {selected, correct} that
//     app/widget_check.go stores). They are mirrored into cmi.suspend_data,
//     and written back from it at launch, before the app starts, so a
//     learner resumes on another computer too;
//   - events: "playground:<type>" DOM events on document (web/playground.js
//     dispatches every emit): check-passed today, check-answered and
//     check-reset when the app sends them; each makes it look at once
//     instead of at the next poll.
// "Reached the end" is derived here: the bottom of the lesson's <main> has
// been on screen.
//
// Without an LMS API (the package opened from a plain folder or a web
// server) it does nothing but the two page fixes at the top, and the page
// works as the site's own embed. window.playgroundScorm reports what it
// found, for course authors' scripts and the tests.
(function () {
  "use strict";
  var script = document.currentScript;
  var cfg = {
    version: script.getAttribute("data-scorm") === "2004" ? "2004" : "1.2",
    lesson: script.getAttribute("data-lesson") || "",
    checks: (script.getAttribute("data-checks") || "").split(",").filter(Boolean),
    mastery: parseFloat(script.getAttribute("data-mastery") || "")
  };
  var v12 = cfg.version === "1.2";

  // The app routes /embed/lesson/<slug>/; an LMS launches the file,
  // .../embed/lesson/<slug>/index.html. Show the app the folder's URL (the
  // same page) before it starts.
  if (/\/index\.html$/.test(location.pathname)) {
    try {
      history.replaceState(history.state, "", location.pathname.replace(/index\.html$/, "") + location.search + location.hash);
    } catch (e) { /* a file: URL may refuse; the pre-rendered lesson still reads */ }
  }
  // "Link to this state" opens a widget page the package does not carry,
  // and leaving the SCO would end the LMS session.
  var style = document.createElement("style");
  style.textContent = ".widget-share a { display: none; }";
  document.head.appendChild(style);

  var status = { connected: false, version: cfg.version, lesson: cfg.lesson };
  window.playgroundScorm = status;

  // API discovery as ADL's and Rustici's samples do it: up the parent
  // chain, then the opener's, a bounded number of steps; a cross-origin
  // window ends the walk.
  function search(win, name) {
    for (var i = 0; win && i < 500; i++) {
      try {
        if (win[name]) return win[name];
      } catch (e) {
        return null;
      }
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }
  function findAPI(name) {
    var api = search(window, name);
    if (!api) {
      try {
        if (window.top && window.top.opener) api = search(window.top.opener, name);
      } catch (e) { /* cross-origin opener */ }
    }
    if (!api && window.opener) api = search(window.opener, name);
    return api;
  }

  var api = findAPI(v12 ? "API" : "API_1484_11");
  if (!api) return;
  var call = v12 ? {
    init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError"
  } : {
    init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError"
  };
  var el = v12 ? {
    location: "cmi.core.lesson_location", exit: "cmi.core.exit",
    session: "cmi.core.session_time", raw: "cmi.core.score.raw", min: "cmi.core.score.min", max: "cmi.core.score.max",
    mastery: "cmi.student_data.mastery_score"
  } : {
    location: "cmi.location", exit: "cmi.exit",
    session: "cmi.session_time", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max",
    mastery: "cmi.scaled_passing_score"
  };
  function get(name) {
    var v = api[call.get](name);
    return v === null || v === undefined ? "" : String(v);
  }
  function set(name, value) {
    var ok = String(api[call.set](name, String(value))) === "true";
    if (!ok) console.warn("scorm: " + call.set + "(" + name + ") failed with error " + api[call.error]());
    return ok;
  }

  if (String(api[call.init]("")) !== "true") {
    console.warn("scorm: " + call.init + " failed with error " + api[call.error]());
    return;
  }
  var started = Date.now();
  var finished = false;
  status.connected = true;

  // The LMS's mastery score, when it has one (from the manifest), is the
  // one that counts; the page's is the author's, for an LMS that has none.
  var lmsMastery = parseFloat(get(el.mastery));
  if (!isNaN(lmsMastery) && lmsMastery > 0) cfg.mastery = v12 ? lmsMastery / 100 : lmsMastery;
  var hasMastery = !isNaN(cfg.mastery) && cfg.mastery > 0;

  // Suspend data: {"v":1,"s":{"<kind>#<id>":<stored value>},"end":1,"done":1}:
  // the answers, whether the end was reached, and whether the lesson was
  // completed (it stays completed when the learner answers again).
  var LIMIT_12 = 4096; // SCORM 1.2's CMIString4096
  var keyRE = /^playground\.([a-z]+):\/lessons\/([a-z0-9-]+)#(.+)$/;
  function storageKey(short) {
    var i = short.indexOf("#");
    return "playground." + short.slice(0, i) + ":/lessons/" + cfg.lesson + short.slice(i);
  }
  function readStorage() {
    var out = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        var m = keyRE.exec(k);
        if (!m || m[2] !== cfg.lesson) continue;
        try { out[m[1] + "#" + m[3]] = JSON.parse(localStorage.getItem(k)); } catch (e) { /* not ours */ }
      }
    } catch (e) { /* storage disabled */ }
    return out;
  }

  var state = { s: {}, end: false, done: false };
  var suspended = get("cmi.suspend_data");
  if (suspended) {
    try {
      var parsed = JSON.parse(suspended);
      if (parsed && parsed.v === 1 && parsed.s) state = { s: parsed.s, end: !!parsed.end, done: !!parsed.done };
    } catch (e) {
      console.warn("scorm: ignoring suspend data that is not ours");
    }
  }
  // The LMS's record of this attempt is the truth: what this browser
  // remembers of the lesson is replaced by it, before the app reads it.
  try {
    var old = readStorage();
    for (var k in old) if (!(k in state.s)) localStorage.removeItem(storageKey(k));
    for (var s in state.s) localStorage.setItem(storageKey(s), JSON.stringify(state.s[s]));
  } catch (e) {
    console.warn("scorm: localStorage is not available; answers will not be restored");
  }

  function score(s) {
    var answered = 0, right = 0;
    for (var i = 0; i < cfg.checks.length; i++) {
      var rec = s["check#" + cfg.checks[i]];
      if (rec && rec.selected) {
        answered++;
        if (rec.correct) right++;
      }
    }
    return { answered: answered, right: right, total: cfg.checks.length };
  }

  function encode(s, end, done) {
    var data = JSON.stringify({ v: 1, s: s, end: end ? 1 : 0, done: done ? 1 : 0 });
    if (!v12 || data.length <= LIMIT_12) return data;
    // Over SCORM 1.2's limit: keep the checks (they make the score), drop
    // other widget state; an LMS record that cannot hold it all is still
    // accepted rather than refused.
    var checks = {};
    for (var k in s) if (k.indexOf("check#") === 0) checks[k] = s[k];
    data = JSON.stringify({ v: 1, s: checks, end: end ? 1 : 0, done: done ? 1 : 0 });
    if (data.length > LIMIT_12) console.warn("scorm: suspend data is " + data.length + " characters, over SCORM 1.2's 4096");
    return data;
  }

  // SCORM 1.2 wants HHHH:MM:SS.SS, SCORM 2004 an ISO 8601 duration.
  function sessionTime() {
    var cs = Math.round((Date.now() - started) / 10);
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, sec = (cs % 6000) / 100;
    if (!v12) return "PT" + h + "H" + m + "M" + sec.toFixed(2) + "S";
    function pad(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
    return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(sec.toFixed(2), 5);
  }

  var last = "";
  // report writes the lesson's state to the LMS; it commits when something
  // that matters changed (an answer, completion), or when asked.
  function report(forceCommit) {
    if (finished) return;
    var sc = score(state.s);
    var complete = state.done = state.done || (state.end && sc.answered === sc.total);
    var data = encode(state.s, state.end, state.done);
    var changed = data !== last;
    if (changed) {
      last = data;
      set("cmi.suspend_data", data);
      if (sc.total > 0 && sc.answered > 0) {
        var ratio = sc.right / sc.total;
        set(el.min, 0);
        set(el.max, 100);
        set(el.raw, Math.round(ratio * 10000) / 100);
        if (!v12) set("cmi.score.scaled", Math.round(ratio * 10000) / 10000);
      }
      var passed = hasMastery && sc.total > 0 && sc.right / sc.total >= cfg.mastery;
      if (v12) {
        set("cmi.core.lesson_status", !complete ? "incomplete" : !hasMastery ? "completed" : passed ? "passed" : "failed");
      } else {
        set("cmi.completion_status", complete ? "completed" : "incomplete");
        set("cmi.progress_measure", Math.round((sc.answered + (state.end ? 1 : 0)) / (sc.total + 1) * 10000) / 10000);
        // Pass or fail is decided once every check is answered.
        set("cmi.success_status", !hasMastery || sc.answered < sc.total ? "unknown" : passed ? "passed" : "failed");
      }
      status.complete = complete;
      status.score = sc;
    }
    if (changed || forceCommit) {
      set(el.session, sessionTime());
      api[call.commit]("");
    }
  }

  function sync() {
    var now = readStorage();
    if (JSON.stringify(now) !== JSON.stringify(state.s)) state.s = now;
    report(false);
  }

  // The place to come back to: the last heading or widget above the middle
  // of the screen. Saved with the next commit, not committed by itself.
  function place() {
    var main = document.querySelector("main[data-lesson]");
    if (!main) return "";
    var marks = main.querySelectorAll("h2[id], h3[id], [data-widget][id]");
    var best = "";
    for (var i = 0; i < marks.length; i++) {
      if (marks[i].getBoundingClientRect().top <= window.innerHeight / 2) best = marks[i].id;
    }
    return best;
  }
  var savedPlace = get(el.location);
  var lastPlace = savedPlace;
  function notePlace() {
    var p = place();
    if (p && p !== lastPlace && p.length <= 255) {
      lastPlace = p;
      set(el.location, p);
    }
  }

  // The end is reached when the bottom of the lesson has been on screen,
  // once the lesson (not a loading message) is there.
  function checkEnd() {
    if (state.end) return;
    var main = document.querySelector("main[data-lesson]");
    if (!main || !main.querySelector(".prose")) return;
    if (main.querySelectorAll('[data-widget="check"]').length < cfg.checks.length) return;
    if (main.getBoundingClientRect().bottom <= window.innerHeight + 2) {
      state.end = true;
      report(false);
    }
  }

  var scrollTimer = 0;
  window.addEventListener("scroll", function () {
    checkEnd();
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(notePlace, 300);
  }, { passive: true });
  window.addEventListener("resize", checkEnd);
  ["check-passed", "check-answered", "check-reset"].forEach(function (type) {
    document.addEventListener("playground:" + type, function () { setTimeout(sync, 0); });
  });
  // The app keeps answers with no event for a wrong one yet, and content
  // grows as the app renders: look twice a second, a few localStorage reads.
  setInterval(function () { sync(); checkEnd(); }, 500);

  // Resume where the learner was, once the app has replaced the page's
  // pre-rendered HTML (go-app removes its loader then), or after 10 s.
  if (savedPlace) {
    var waited = 0;
    var resume = setInterval(function () {
      waited += 100;
      var target = document.getElementById(savedPlace);
      if (target && (!document.getElementById("app-wasm-loader") || waited >= 10000)) {
        clearInterval(resume);
        target.scrollIntoView({ block: "start" });
        status.resumedAt = savedPlace;
      } else if (waited >= 10000) {
        clearInterval(resume);
      }
    }, 100);
  }

  // Finish once, on the first of pagehide and beforeunload (some LMS
  // frames are removed without either: the commits above have the data).
  function finish() {
    if (finished) return;
    sync();
    notePlace();
    set(el.exit, "suspend"); // always resumable: a learner may come back to review
    report(true);
    finished = true;
    api[call.finish]("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  status.finish = finish;

  sync();
  report(true);
})();
