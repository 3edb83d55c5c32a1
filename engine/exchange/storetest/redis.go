//go:build !js

package storetest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Redis is a redis-server started for one test, on a free port, in a
// temporary folder.
type Redis struct {
	Addr string // 127.0.0.1:PORT
	Dir  string
	args []string
	cmd  *exec.Cmd
}

// URL is the address as `playground serve --redis` takes it.
func (r *Redis) URL() string { return "redis://" + r.Addr + "/0" }

// StartRedis starts redis-server with extra arguments (e.g. "--appendonly",
// "yes") and stops it when t ends. Without redis-server the test is skipped
// loudly, or fails when REQUIRE_REDIS is set (as CI sets it).
func StartRedis(t testing.TB, extra ...string) *Redis {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("REQUIRE_REDIS") != "" {
			t.Fatalf("redis-server is not installed and REQUIRE_REDIS is set (apt-get install redis-server)")
		}
		t.Skip("*** redis-server is not installed: the Redis tests are NOT run (apt-get install redis-server; REQUIRE_REDIS=1 makes this a failure) ***")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	r := &Redis{Addr: "127.0.0.1:" + strconv.Itoa(port), Dir: t.TempDir()}
	r.args = append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", r.Dir,
		"--save", "", "--protected-mode", "no", "--logfile", filepath.Join(r.Dir, "redis.log")}, extra...)
	r.start(t, path)
	t.Cleanup(r.Stop)
	return r
}

func (r *Redis) start(t testing.TB, path string) {
	t.Helper()
	r.cmd = exec.Command(path, r.args...)
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if r.ping() == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	log, _ := os.ReadFile(filepath.Join(r.Dir, "redis.log"))
	t.Fatalf("redis-server did not answer on %s within 10 s; log:\n%s", r.Addr, log)
}

// ping sends PING and wants PONG.
func (r *Redis) ping() error {
	c, err := net.DialTimeout("tcp", r.Addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return fmt.Errorf("redis answered %q", line)
	}
	return nil
}

// Stop ends the server (SHUTDOWN semantics: with appendonly the data is on
// disk).
func (r *Redis) Stop() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	_ = r.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = r.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = r.cmd.Process.Kill()
		<-done
	}
	r.cmd = nil
}

// Restart stops the server and starts it again on the same port and
// folder, as an operator restarting Redis would.
func (r *Redis) Restart(t testing.TB) {
	t.Helper()
	r.Stop()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal(err)
	}
	r.start(t, path)
}
