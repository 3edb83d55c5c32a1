// Package browsertest runs end-to-end tests in a real headless Chromium
// (Debian's chromium package) through chromedp, and starts the playground
// binary as a learner's machine would run it.
//
// Without a browser the tests skip, loudly; with REQUIRE_BROWSER=1 (as CI
// sets it) a missing browser fails them instead.
package browsertest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath finds the browser: $CHROME_PATH, else the usual names.
func ChromiumPath() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found (install Debian's chromium, or set CHROME_PATH)")
}

// Require returns the browser's path, or skips the test (fails it when
// REQUIRE_BROWSER=1).
func Require(t testing.TB) string {
	t.Helper()
	p, err := ChromiumPath()
	if err != nil {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatalf("REQUIRE_BROWSER=1 but %v", err)
		}
		fmt.Fprintf(os.Stderr, "\n*** BROWSER TESTS SKIPPED: %v ***\n\n", err)
		t.Skip(err)
	}
	return p
}

// RequireWasm is for tests that need the wasm files, given those that are
// missing: make test builds them first and sets REQUIRE_WASM=1, which
// makes their absence a failure; on a fresh clone, where `go test ./...`
// must pass before any make, the test is skipped, loudly.
func RequireWasm(t testing.TB, missing []string) {
	t.Helper()
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("web/gen/%s is missing: run `make wasm` (make test does) before this test", missing[0])
	if os.Getenv("REQUIRE_WASM") == "1" {
		t.Fatal(msg)
	}
	fmt.Fprintf(os.Stderr, "*** %s SKIPPED: %s ***\n", t.Name(), msg)
	t.Skip(msg)
}

// Browser is one headless Chromium with a fresh profile, and the console
// messages of its first tab.
type Browser struct {
	Ctx context.Context

	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

// New starts a browser for t; it is closed when t ends.
func New(t testing.TB) *Browser {
	t.Helper()
	path := Require(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &Browser{Ctx: ctx}
	// Start the browser and the tab, then listen before anything loads.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.messages = append(b.messages, m)
			b.mu.Unlock()
		}
	}()
	return b
}

// Errors returns the console errors and uncaught exceptions so far.
func (b *Browser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.messages {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
			out = append(out, m.String())
		}
	}
	return out
}

// Messages returns every console message so far, for failure reports.
func (b *Browser) Messages() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]string, len(b.messages))
	for i, m := range b.messages {
		out[i] = m.String()
	}
	return out
}

// Timeout derives a context for a few actions.
func (b *Browser) Timeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.Ctx, d)
}

// Server is a running `playground serve`.
type Server struct {
	URL string // e.g. http://127.0.0.1:40123/ (with the trailing slash)
	cmd *exec.Cmd

	mu     sync.Mutex
	output strings.Builder
	done   chan error
}

var urlRE = regexp.MustCompile(`at (http://\S+/)`)

// StartServe runs bin with `serve --addr 127.0.0.1:0` plus args and waits
// for the URL it prints. The server is stopped with SIGTERM when t ends.
func StartServe(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	return Start(t, exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...), 30*time.Second)
}

// Start runs a prepared `playground serve` command and waits up to wait
// for the URL it prints.
func Start(t testing.TB, cmd *exec.Cmd, wait time.Duration) *Server {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{cmd: cmd, done: make(chan error, 1)}
	cmd.Stderr = writerFunc(func(p []byte) (int, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.output.Write(p)
	})
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.output.WriteString(line + "\n")
			s.mu.Unlock()
			if m := urlRE.FindStringSubmatch(line); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() { s.Stop() })
	select {
	case s.URL = <-urls:
	case err := <-s.done:
		s.done <- err
		t.Fatalf("playground serve ended (%v) before printing its URL; output:\n%s", err, s.Output())
	case <-time.After(wait):
		t.Fatalf("playground serve printed no URL in %v; output:\n%s", wait, s.Output())
	}
	return s
}

// Output is what the server printed so far.
func (s *Server) Output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.output.String()
}

// Stop sends SIGTERM and waits for the exit; it returns the exit error.
func (s *Server) Stop() error {
	if s.cmd.ProcessState != nil {
		return nil
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		return fmt.Errorf("server did not stop within 15 s of SIGTERM")
	}
}

// Kill ends the server with SIGKILL, as a crash would, and waits for it.
func (s *Server) Kill() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Kill()
	err := <-s.done
	s.done <- err
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

var _ io.Writer = writerFunc(nil)
