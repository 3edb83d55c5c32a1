//go:build !wasm

package main

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/lessons"
)

// The LMS side of these tests is scorm-again, the run-time library LMSs
// embed, installed from testdata/lms/package-lock.json by `make lms` (npm
// ci), never at test time.
const scormAgainDist = "testdata/lms/node_modules/scorm-again/dist/"

// contentPath is where the test LMS serves the unzipped package: a deep
// path that no build could have guessed, as Moodle's pluginfile.php does.
const contentPath = "/pluginfile.php/42/mod_scorm/content/7/"

// lmsPlayer is the LMS's player page: it creates scorm-again's API object
// where a SCO looks for it (window.API or window.API_1484_11), loads the
// learner's stored data as an LMS does on a relaunch, and launches the SCO
// the way LMSs do: in a frame of the page (Moodle), in a frame inside a
// frame (players that wrap content), or in a new window (Moodle's "new
// window" display). window.lms records the commits and the data the API
// held when the SCO finished; window.sco() is the SCO's window.
var lmsPlayer = template.Must(template.New("player").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="/lms/api.js"></script></head>
<body><h1>Test LMS</h1>
<iframe id="sco" title="Lesson" style="width: 900px; height: 420px"></iframe>
<script>
  const version = {{.Version}}, mode = {{.Mode}}, launch = {{.Launch}};
  const settings = { logLevel: 5, autocommit: false };
  const api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
  const stored = {{.Stored}};
  if (stored) api.loadFromJSON(JSON.parse(stored));
  window.lms = { commits: 0, finished: false, final: null };
  api.on(version === "1.2" ? "LMSCommit" : "Commit", () => { window.lms.commits++; });
  api.on(version === "1.2" ? "LMSFinish" : "Terminate", () => {
    window.lms.finished = true;
    window.lms.final = JSON.parse(JSON.stringify(api.cmi));
  });
  if (version === "1.2") window.API = api; else window.API_1484_11 = api;
  const frame = document.getElementById("sco");
  let popup = null;
  if (mode === "popup") popup = window.open(launch, "sco", "width=900,height=420");
  else if (mode === "nested") frame.src = "/frame?src=" + encodeURIComponent(launch);
  else frame.src = launch;
  window.sco = () => mode === "popup" ? popup : mode === "nested" ? frame.contentWindow.frames[0] : frame.contentWindow;
  window.leaveSCO = () => { if (popup) popup.close(); else frame.src = "about:blank"; };
</script></body></html>
`))

// lmsFrame is a page between the player and the SCO, without an API.
var lmsFrame = template.Must(template.New("frame").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Content frame</title></head>
<body><iframe title="Lesson" src="{{.}}" style="width: 880px; height: 400px"></iframe></body></html>
`))

// testLMS is a running test LMS.
type testLMS struct {
	URL string
	mu  sync.Mutex
	got map[string]bool // package files served
}

// served tells whether the package file name was asked for.
func (l *testLMS) served(name string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.got[name]
}

// startLMS serves the unzipped package under contentPath, with .wasm as
// application/octet-stream (what many LMS file servers send), scorm-again
// at /lms/api.js, and the player at /player.
func startLMS(t *testing.T, dir, version string, stored func() string) *testLMS {
	t.Helper()
	dist := "scorm12.js"
	if version == "2004" {
		dist = "scorm2004.js"
	}
	api, err := os.ReadFile(scormAgainDist + dist)
	require.NoError(t, err, "scorm-again is not installed: run `make lms` (npm ci in cmd/playground/testdata/lms)")
	lms := &testLMS{got: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/lms/api.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(api)
	})
	mux.HandleFunc("/player", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = lmsPlayer.Execute(w, map[string]string{
			"Version": version, "Stored": stored(), "Mode": r.URL.Query().Get("mode"),
			"Launch": contentPath + "embed/lesson/hashes/index.html",
		})
	})
	mux.HandleFunc("/frame", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = lmsFrame.Execute(w, r.URL.Query().Get("src"))
	})
	mux.HandleFunc(contentPath, func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, contentPath)
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path.Clean("/"+name))))
		if err != nil {
			t.Logf("test LMS: 404 for %s", r.URL.Path)
			http.NotFound(w, r)
			return
		}
		lms.mu.Lock()
		lms.got[name] = true
		lms.mu.Unlock()
		ctype := mime.TypeByExtension(path.Ext(name))
		if strings.HasSuffix(name, ".wasm") || ctype == "" {
			ctype = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(b)
	})
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	ln := listenLocal(t)
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	lms.URL = "http://" + ln.Addr().String()
	return lms
}

// buildPackage runs `playground build --scorm` as an author would and
// unzips the result.
func buildPackage(t *testing.T, version string, args ...string) string {
	t.Helper()
	zipPath := filepath.Join(t.TempDir(), "course.zip")
	out, _, code := runCLI(t, append([]string{"build", "--scorm", version, "--out", zipPath}, args...)...)
	require.Equal(t, 0, code)
	require.Contains(t, out, "wrote a SCORM "+version+" package")
	dir := t.TempDir()
	zr, err := zip.OpenReader(zipPath)
	require.NoError(t, err)
	defer zr.Close()
	for _, f := range zr.File {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(dst, b, 0o644))
	}
	return dir
}

// hashesChecks returns the hashes lesson's checks: their ids, right
// answers and a wrong one each.
func hashesChecks(t *testing.T) (ids, right, wrong []string) {
	t.Helper()
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	l, ok := course.Lesson("hashes")
	require.True(t, ok)
	for _, b := range l.Blocks {
		if b.Widget == nil || b.Widget.Name != "check" {
			continue
		}
		ids = append(ids, b.Widget.ID)
		right = append(right, b.Widget.Params["answer"])
		for _, o := range strings.Split(b.Widget.Params["options"], "|") {
			if o != b.Widget.Params["answer"] {
				wrong = append(wrong, o)
				break
			}
		}
	}
	require.Len(t, ids, 2, "the test answers the hashes lesson's two checks")
	return ids, right, wrong
}

// in evaluates an expression inside the SCO's frame (same origin as the
// player, as an LMS serves its packages).
func in(expr string) string {
	return `(() => { const win = window.sco(); const doc = win.document; return (` + expr + `); })()`
}

// answer picks an option of a check in the frame and commits to it.
func answer(t *testing.T, b *browsertest.Browser, id, option string) {
	t.Helper()
	ctx, cancel := b.Timeout(30 * time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](in(fmt.Sprintf(`(() => {
		const box = doc.getElementById(%q);
		const input = [...box.querySelectorAll("input[type=radio]")].find(i => i.value === %q);
		input.click(); return true; })()`, id, option))))
	require.NoError(t, err)
	// go-app enables the button once it has seen the choice.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](in(fmt.Sprintf(`(() => {
		const btn = doc.querySelector("#%s button");
		if (!btn || btn.disabled) return false;
		btn.click(); return true; })()`, id))))
	require.NoError(t, err, "console: %v", b.Messages())
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](in(fmt.Sprintf(`!!doc.querySelector("#%s .check-verdict")`, id))))
	require.NoError(t, err)
}

// cmi is what the test reads of the API object's data.
type cmi12 struct {
	SuspendData string `json:"suspend_data"`
	Core        struct {
		Location    string                         `json:"lesson_location"`
		Status      string                         `json:"lesson_status"`
		Exit        string                         `json:"exit"`
		SessionTime string                         `json:"session_time"`
		Score       struct{ Raw, Min, Max string } `json:"score"`
	} `json:"core"`
}

type cmi2004 struct {
	SuspendData string                                 `json:"suspend_data"`
	Location    string                                 `json:"location"`
	Completion  string                                 `json:"completion_status"`
	Success     string                                 `json:"success_status"`
	Progress    string                                 `json:"progress_measure"`
	Exit        string                                 `json:"exit"`
	SessionTime string                                 `json:"session_time"`
	Score       struct{ Scaled, Raw, Min, Max string } `json:"score"`
}

// lmsData reads the API object's current data in the player.
func lmsData(t *testing.T, b *browsertest.Browser, into any) {
	t.Helper()
	ctx, cancel := b.Timeout(10 * time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify((window.API || window.API_1484_11).cmi)`))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(s), into))
}

// pollLMS waits until the API object's data satisfies cond (a JavaScript
// expression over c, the data).
func pollLMS(t *testing.T, b *browsertest.Browser, cond string) {
	t.Helper()
	ctx, cancel := b.Timeout(20 * time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const c = JSON.parse(JSON.stringify((window.API || window.API_1484_11).cmi)); return !!(`+cond+`); })()`))
	require.NoError(t, err, "the LMS never saw %s; console: %v", cond, b.Messages())
}

// launch opens the player and waits for the lesson's checks to be ready
// in the SCO: the app started from a wasm served as octet-stream. mode is
// how the player opens the SCO ("" for a frame, "nested", "popup").
func launch(t *testing.T, b *browsertest.Browser, lms *testLMS, mode ...string) {
	t.Helper()
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(lms.URL+"/player?mode="+strings.Join(mode, ""))))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](in(`!!win && !!doc.querySelector('main[data-lesson="hashes"]') &&
		doc.querySelectorAll('[data-widget="check"][data-state="ready"]').length === 2`), chromedp.WithPollingTimeout(80*time.Second)))
	require.NoError(t, err, "the SCO did not start; console: %v", b.Messages())
}

// leave unloads the SCO as an LMS does when the learner closes it, and
// waits for the finish call.
func leave(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	ctx, cancel := b.Timeout(20 * time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(window.leaveSCO(), true)`))
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`window.lms.finished`))
	require.NoError(t, err, "the SCO never finished; console: %v", b.Messages())
}

// scroll moves the SCO's frame to the end of the lesson.
func scrollToEnd(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	ctx, cancel := b.Timeout(10 * time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](in(`(win.scrollTo(0, doc.documentElement.scrollHeight), true)`)))
	require.NoError(t, err)
}

// The suspend data the adapter writes (web/scorm.js).
type suspendData struct {
	V int `json:"v"`
	S map[string]struct {
		Selected string `json:"selected"`
		Correct  bool   `json:"correct"`
	} `json:"s"`
	End int `json:"end"`
}

func TestBrowserSCORM12ReportsAndResumes(t *testing.T) {
	requireWasmBuilt(t)
	ids, right, wrong := hashesChecks(t)
	dir := buildPackage(t, "1.2", "--only", "hashes")
	var stored string
	lms := startLMS(t, dir, "1.2", func() string { return stored })
	b := browsertest.New(t)

	launch(t, b, lms)
	pollLMS(t, b, `c.core.lesson_status === "incomplete"`)
	answer(t, b, ids[0], right[0])
	answer(t, b, ids[1], wrong[1])
	pollLMS(t, b, `c.core.score.raw === "50"`)
	var c cmi12
	lmsData(t, b, &c)
	assert.Equal(t, "incomplete", c.Core.Status, "every check answered, but the end of the lesson not reached")
	assert.Equal(t, "0", c.Core.Score.Min)
	assert.Equal(t, "100", c.Core.Score.Max)

	scrollToEnd(t, b)
	pollLMS(t, b, `c.core.lesson_status === "completed" && c.core.lesson_location !== ""`)
	leave(t, b)
	ctx, cancel := b.Timeout(10 * time.Second)
	final, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.lms.final)`))
	cancel()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(final), &c))
	assert.Equal(t, "completed", c.Core.Status)
	assert.Equal(t, "50", c.Core.Score.Raw)
	assert.Equal(t, "suspend", c.Core.Exit)
	assert.Regexp(t, `^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$`, c.Core.SessionTime)
	assert.NotEqual(t, "00:00:00", c.Core.SessionTime)
	assert.LessOrEqual(t, len(c.SuspendData), 4096)
	var sd suspendData
	require.NoError(t, json.Unmarshal([]byte(c.SuspendData), &sd), c.SuspendData)
	assert.Equal(t, 1, sd.V)
	assert.Equal(t, 1, sd.End)
	assert.Equal(t, right[0], sd.S["check#"+ids[0]].Selected)
	assert.True(t, sd.S["check#"+ids[0]].Correct)
	assert.Equal(t, wrong[1], sd.S["check#"+ids[1]].Selected)
	assert.False(t, sd.S["check#"+ids[1]].Correct)
	location := c.Core.Location
	require.NotEmpty(t, location)

	// Relaunch on "another computer": this browser forgets everything, and
	// the LMS hands back what it stored. This LMS also has a mastery score
	// of 60 % (what it reads from a manifest's adlcp:masteryscore): the
	// LMS's score counts, so 1.2's status becomes passed or failed.
	ctx, cancel = b.Timeout(10 * time.Second)
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(localStorage.clear(), true)`))
	cancel()
	require.NoError(t, err)
	resume, err := json.Marshal(map[string]any{
		"suspend_data": c.SuspendData,
		"core": map[string]any{
			"lesson_location": location, "lesson_status": c.Core.Status, "entry": "resume",
			"score": map[string]string{"raw": c.Core.Score.Raw, "min": c.Core.Score.Min, "max": c.Core.Score.Max},
		},
		"student_data": map[string]string{"mastery_score": "60"},
	})
	require.NoError(t, err)
	stored = string(resume)
	launch(t, b, lms)
	assertResumed(t, b, ids, right, wrong, location)
	pollLMS(t, b, `c.core.lesson_status === "failed" && c.core.score.raw === "50"`)

	// Answering again: the lesson stays done while the check is open, and
	// the score and the verdict follow the new answer.
	ctx, cancel = b.Timeout(20 * time.Second)
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](in(fmt.Sprintf(`(doc.querySelector("#%s button").click(), true)`, ids[1]))))
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](in(fmt.Sprintf(`!doc.querySelector("#%s .check-verdict")`, ids[1]))))
	cancel()
	require.NoError(t, err)
	pollLMS(t, b, `JSON.parse(c.suspend_data).s["check#`+ids[1]+`"] === undefined`)
	lmsData(t, b, &c)
	assert.Equal(t, "failed", c.Core.Status)
	answer(t, b, ids[1], right[1])
	pollLMS(t, b, `c.core.score.raw === "100" && c.core.lesson_status === "passed"`)
	assert.Empty(t, b.Errors(), "console errors")
}

// The SCO finds the API from a frame inside a frame, and from a window the
// player opened.
func TestBrowserSCORMFindsAPIThroughFramesAndOpener(t *testing.T) {
	requireWasmBuilt(t)
	ids, right, wrong := hashesChecks(t)
	dir := buildPackage(t, "2004", "--only", "hashes")
	lms := startLMS(t, dir, "2004", func() string { return "" })
	for _, mode := range []string{"nested", "popup"} {
		t.Run(mode, func(t *testing.T) {
			b := browsertest.New(t)
			launch(t, b, lms, mode)
			answer(t, b, ids[0], wrong[0])
			answer(t, b, ids[1], right[1])
			pollLMS(t, b, `c.score.raw === "50" && c.score.scaled === "0.5"`)
			leave(t, b)
			ctx, cancel := b.Timeout(10 * time.Second)
			defer cancel()
			final, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.lms.final)`))
			require.NoError(t, err)
			var c cmi2004
			require.NoError(t, json.Unmarshal([]byte(final), &c))
			assert.Equal(t, "suspend", c.Exit)
			assert.Equal(t, "unknown", c.Success, "no mastery score set: no verdict")
			assert.Contains(t, c.SuspendData, wrong[0])
		})
	}
}

// SCORM 2004 with a mastery score set in the lesson's front matter: scaled
// score, success against mastery, progress measure.
func TestBrowserSCORM2004ReportsMasteryAndResumes(t *testing.T) {
	requireWasmBuilt(t)
	ids, right, wrong := hashesChecks(t)
	src, err := os.ReadFile("../../lessons/hashes.md")
	require.NoError(t, err)
	lessonsDir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(lessonsDir, "hashes.md"),
		[]byte(strings.Replace(string(src), "\n---\n", "\nmastery: 0.5\n---\n", 1)), 0o644))
	dir := buildPackage(t, "2004", "--lessons", lessonsDir)
	var stored string
	lms := startLMS(t, dir, "2004", func() string { return stored })
	b := browsertest.New(t)

	launch(t, b, lms)
	pollLMS(t, b, `c.completion_status === "incomplete" && c.success_status === "unknown"`)
	answer(t, b, ids[0], right[0])
	pollLMS(t, b, `c.score.scaled === "0.5" && c.success_status === "unknown"`) // one of two answered: no verdict yet
	answer(t, b, ids[1], wrong[1])
	pollLMS(t, b, `c.success_status === "passed"`)
	var c cmi2004
	lmsData(t, b, &c)
	assert.Equal(t, "incomplete", c.Completion)
	assert.Equal(t, "0.6667", c.Progress, "two checks of two, and the end not reached: 2/3")
	assert.Equal(t, "50", c.Score.Raw)

	scrollToEnd(t, b)
	pollLMS(t, b, `c.completion_status === "completed" && c.progress_measure === "1" && c.location !== ""`)
	leave(t, b)
	ctx, cancel := b.Timeout(10 * time.Second)
	final, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.lms.final)`))
	cancel()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(final), &c))
	assert.Equal(t, "completed", c.Completion)
	assert.Equal(t, "passed", c.Success)
	assert.Equal(t, "0.5", c.Score.Scaled)
	assert.Equal(t, "suspend", c.Exit)
	assert.Regexp(t, `^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$`, c.SessionTime)
	var sd suspendData
	require.NoError(t, json.Unmarshal([]byte(c.SuspendData), &sd), c.SuspendData)
	assert.Equal(t, wrong[1], sd.S["check#"+ids[1]].Selected)

	ctx, cancel = b.Timeout(10 * time.Second)
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(localStorage.clear(), true)`))
	cancel()
	require.NoError(t, err)
	resume, err := json.Marshal(map[string]any{
		"suspend_data": c.SuspendData, "location": c.Location, "entry": "resume",
		"completion_status": c.Completion, "success_status": c.Success,
	})
	require.NoError(t, err)
	stored = string(resume)
	launch(t, b, lms)
	assertResumed(t, b, ids, right, wrong, c.Location)
	pollLMS(t, b, `c.completion_status === "completed" && c.success_status === "passed"`)
	assert.Empty(t, b.Errors(), "console errors")
}

// assertResumed checks that the relaunched SCO shows the answers the LMS
// stored, in a browser that had forgotten them, and scrolled back.
func assertResumed(t *testing.T, b *browsertest.Browser, ids, right, wrong []string, location string) {
	t.Helper()
	ctx, cancel := b.Timeout(30 * time.Second)
	defer cancel()
	for i, id := range ids {
		want := right[i]
		if i == 1 {
			want = wrong[i]
		}
		got, err := chromedp.Run(ctx, chromedp.Poll[string](in(fmt.Sprintf(`(() => {
			const box = doc.getElementById(%q);
			const on = box && box.querySelector("input[type=radio]:checked");
			return box && box.querySelector(".check-verdict") && on && on.value; })()`, id))))
		require.NoError(t, err, "check %s did not come back answered; console: %v", id, b.Messages())
		assert.Equal(t, want, got, id)
	}
	at, err := chromedp.Run(ctx, chromedp.Poll[string](in(`win.playgroundScorm.resumedAt`)))
	require.NoError(t, err)
	assert.Equal(t, location, at)
	y, err := chromedp.Run(ctx, chromedp.Evaluate[float64](in(`win.scrollY`)))
	require.NoError(t, err)
	assert.Greater(t, y, 0.0, "the frame scrolled back to where the learner was")
}

// Without an LMS the SCO page is the lesson as on the site: opened from a
// plain web folder (wasm as octet-stream again), it starts, answers stay in
// localStorage, nothing waits for an API, and the miner's workers load
// their own wasm relative to the package.
func TestBrowserSCORMPackageWithoutLMS(t *testing.T) {
	requireWasmBuilt(t)
	if _, err := os.Stat("../../web/gen/miner.wasm"); err != nil {
		t.Fatalf("web/gen/miner.wasm is missing: run `make wasm` (make test does) before this test")
	}
	ids, right, _ := hashesChecks(t)
	dir := buildPackage(t, "1.2", "--only", "hashes,proof-of-work")
	lms := startLMS(t, dir, "1.2", func() string { return "" })
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(lms.URL+contentPath+"embed/lesson/hashes/index.html"),
		chromedp.WaitVisible(chromedp.CSS(`#`+ids[0]+`[data-state="ready"]`)),
	), "console: %v", b.Messages())
	connected, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.playgroundScorm.connected`))
	require.NoError(t, err)
	assert.False(t, connected)
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		[...document.querySelectorAll("#%s input[type=radio]")].find(i => i.value === %q).click(); return true; })()`, ids[0], right[0])))
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(() => { const b = document.querySelector("#%s button"); return b && !b.disabled && (b.click(), true); })()`, ids[0])))
	require.NoError(t, err)
	stored, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`localStorage.getItem("playground.check:/lessons/hashes#%s")`, ids[0])))
	require.NoError(t, err)
	assert.JSONEq(t, fmt.Sprintf(`{"selected":%q,"correct":true}`, right[0]), stored)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(lms.URL+contentPath+"embed/lesson/proof-of-work/index.html"),
		chromedp.WaitEnabled(chromedp.CSS(`#miner-1-mine`)),
		chromedp.Click(chromedp.CSS(`#miner-1-mine`)),
	), "console: %v", b.Messages())
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("miner-1-found")`, chromedp.WithPollingTimeout(90*time.Second)))
	require.NoError(t, err, "no block found; console: %v", b.Messages())
	assert.True(t, lms.served("web/gen/miner.wasm"), "the miner ran in workers with their own wasm")
	assert.Empty(t, b.Errors(), "console errors")
}
