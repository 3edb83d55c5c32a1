package scorm

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/consensus-lab/playground/cmd/playground/internal/site"
	"github.com/consensus-lab/playground/lessons/lesson"
)

// scoTag is the script element that connects a SCO page to the LMS:
// web/scorm.js, told the SCORM version, the lesson, its checks and the
// author's mastery score.
func scoTag(v Version, l *lesson.Lesson) string {
	var b strings.Builder
	b.WriteString(`<script src="` + relPath("web/scorm.js") + `"`)
	attr := func(name, value string) { b.WriteString(" " + name + `="` + html.EscapeString(value) + `"`) }
	attr("data-scorm", string(v))
	attr("data-lesson", l.Slug)
	attr("data-checks", strings.Join(Checks(l), ","))
	if l.Mastery > 0 {
		attr("data-mastery", strconv.FormatFloat(l.Mastery, 'f', -1, 64))
	}
	b.WriteString("></script>\n")
	return b.String()
}

// go-app writes attributes in any order.
var manifestLinkRE = regexp.MustCompile(`<link [^>]*\brel="manifest"[^>]*>\n?`)

// scoPage makes a lesson embed page position independent: every URL
// relative to the page, no web app manifest (an LMS frame is not an
// installable app, and the manifest names absolute paths), no og:url, and
// the LMS bridge before any other script.
func scoPage(page []byte, tag string) ([]byte, error) {
	page = site.WithoutOGURL(page)
	page = manifestLinkRE.ReplaceAll(page, nil)
	first := bytes.Index(page, []byte("<script"))
	if first < 0 {
		return nil, fmt.Errorf("the page has no script")
	}
	page = append(page[:first:first], append([]byte(tag), page[first:]...)...)
	page = bytes.ReplaceAll(page, []byte(renderBase), []byte(scoUp))
	if bytes.Contains(page, []byte(strings.TrimSuffix(renderBase, "/"))) {
		return nil, fmt.Errorf("the page still names the render base %s", renderBase)
	}
	return page, nil
}

// rootLine starts a relocatable loader: the package's root is the folder
// of the loader itself, wherever the LMS serves it. go-app reads its base
// path (GOAPP_ROOT_PREFIX) and the wasm's URL from the loader, so they are
// computed from this instead of being fixed at build time.
const rootLine = `// Made relocatable by playground build --scorm: the root is this script's folder.
const playgroundRoot = decodeURI(new URL(".", document.currentScript.src).pathname).replace(/\/$/, "");
`

// loaderEdits are the exact changes made to go-app's app.js (go-app is
// pinned at v9.8.0; a change of its template fails the build here, loudly,
// rather than shipping a package that does not start).
var loaderEdits = []struct{ from, to, why string }{
	{
		// No service worker: the LMS serves the files, and a worker
		// registered under an LMS's path would cache other courses' pages.
		from: "\ngoappInitServiceWorker();\n",
		to:   "\n// playground build --scorm: no service worker inside an LMS.\n",
		why:  "the service worker registration",
	},
	{
		// LMS servers often send .wasm as application/octet-stream, which
		// instantiateStreaming refuses: compile from the bytes then, as
		// web/go-worker.js does for the workers.
		from: "let instantiateStreaming = WebAssembly.instantiateStreaming;",
		to: `let instantiateStreaming = async (resp, importObject) => {
    resp = await resp;
    const type = resp.headers.get("Content-Type") || "";
    if (WebAssembly.instantiateStreaming && type.startsWith("application/wasm")) {
      return WebAssembly.instantiateStreaming(resp, importObject);
    }
    return WebAssembly.instantiate(await resp.arrayBuffer(), importObject);
  };`,
		why: "the streaming wasm compilation",
	},
}

var loaderWasmRE = regexp.MustCompile(`playgroundRoot \+ "/(web/gen/app\.wasm)"`)

// relocatableLoader rewrites a go-app loader (app.js) for a package: its
// root from its own URL, no service worker, wasm compiled whatever its
// Content-Type. It returns the new script and the wasm it loads.
func relocatableLoader(js []byte) ([]byte, string, error) {
	for _, e := range loaderEdits {
		if n := bytes.Count(js, []byte(e.from)); n != 1 {
			return nil, "", fmt.Errorf("go-app's loader changed: %s found %d times, want 1", e.why, n)
		}
		js = bytes.Replace(js, []byte(e.from), []byte(e.to), 1)
	}
	js = bytes.ReplaceAll(js, []byte(`"`+strings.TrimSuffix(renderBase, "/")), []byte(`playgroundRoot + "`))
	if bytes.Contains(js, []byte(strings.TrimSuffix(renderBase, "/"))) {
		return nil, "", fmt.Errorf("the loader still names the render base %s", renderBase)
	}
	m := loaderWasmRE.FindAllSubmatch(js, -1)
	if len(m) != 1 {
		return nil, "", fmt.Errorf("found %d wasm URLs in the loader, want 1", len(m))
	}
	return append([]byte(rootLine), js...), string(m[0][1]), nil
}
