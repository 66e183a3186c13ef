package testkit

import (
	"net"
	"strconv"
	"testing"
	"time"
)

// Redis starts a redis-server of its own on a free loopback port, with no
// persistence, and returns its URL; it dies with the test (Command). A
// missing redis-server skips the test, or fails it in CI (Tool).
func Redis(t testing.TB) string {
	t.Helper()
	bin := Tool(t, "redis-server", "Debian package redis-server")
	port := FreePort(t)
	cmd := Command(t, bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", t.TempDir(), "--protected-mode", "yes")
	if err := cmd.Start(); err != nil {
		t.Fatalf("redis-server: %v", err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			_ = c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not listen on %s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "redis://" + addr + "/0"
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
