package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/testkit"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// rkcartBinary builds the command once for the tests that run it as a
// process (signals, loopback clients in other languages).
func rkcartBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rkcart-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "rkcart")
		// -buildvcs=true: the binary carries the commit it was built from
		// (`rkcart version`), whatever GOFLAGS says.
		out, err := exec.Command("go", "build", "-buildvcs=true", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, binErr)
	return binPath
}

// served is a running `rkcart serve`.
type served struct {
	cmd  *exec.Cmd
	base string
	logs *bytes.Buffer
	mu   *sync.Mutex
}

var servingOn = regexp.MustCompile(`serving on (http://\S+)`)

func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	return startListening(t, servingOn, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
}

// startListening runs rkcart with args and waits for the line of stderr
// that on matches, whose first group is its base URL.
func startListening(t *testing.T, on *regexp.Regexp, args ...string) *served {
	t.Helper()
	servingOn := on
	cmd := testkit.Command(t, rkcartBinary(t), args...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	s := &served{cmd: cmd, logs: &bytes.Buffer{}, mu: &sync.Mutex{}}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.mu.Lock()
			s.logs.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if m := servingOn.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case s.base = <-found:
	case <-time.After(30 * time.Second):
		t.Fatalf("rkcart %s did not start:\n%s", args[0], s.log())
	}
	return s
}

func (s *served) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

func (s *served) price(t *testing.T, cart []byte) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Post(s.base+"/v1/price", "application/json", bytes.NewReader(cart))
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp, out
}

// SIGHUP reloads the menu files; SIGTERM lets a request in flight finish
// before the process exits 0.
func TestServeReloadsAndShutsDownGracefully(t *testing.T) {
	dir := t.TempDir()
	menuPath, restPath := filepath.Join(dir, "menu.json"), filepath.Join(dir, "rest.json")
	require.NoError(t, os.WriteFile(menuPath, demo.Menu(), 0o644))
	require.NoError(t, os.WriteFile(restPath, demo.Restaurant(), 0o644))
	s := startServe(t, "--menu", menuPath, "--restaurant", restPath)
	cart, err := os.ReadFile(filepath.Join("..", "..", "testdata", "carts", "combo.json"))
	require.NoError(t, err)

	resp, res := s.price(t, cart)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	v1 := resp.Header.Get("Rkcart-Menu-Version")
	assert.EqualValues(t, 110500, res["total"])

	// A price change in the file, then SIGHUP.
	require.True(t, bytes.Contains(demo.Menu(), []byte(`"price": 25000,`)), "the demo's combo costs 250.00")
	changed := strings.Replace(string(demo.Menu()), `"price": 25000,`, `"price": 25100,`, 1)
	require.NoError(t, os.WriteFile(menuPath, []byte(changed), 0o644))
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGHUP))
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, res = s.price(t, cart)
		if resp.Header.Get("Rkcart-Menu-Version") != v1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("SIGHUP did not reload:\n%s", s.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
	assert.NotEqualValues(t, 110500, res["total"], "priced on the new menu")

	// A request in flight: headers and half the body sent, then SIGTERM.
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /v1/price HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(cart))
	require.NoError(t, err)
	_, err = conn.Write(cart[:len(cart)/2])
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond) // let the server read the headers and start the handler
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	time.Sleep(100 * time.Millisecond)
	_, err = conn.Write(cart[len(cart)/2:])
	require.NoError(t, err)
	answer, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "the request in flight is answered")
	body, _ := io.ReadAll(answer.Body)
	assert.Equal(t, http.StatusOK, answer.StatusCode, "%s", body)

	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "exit 0 after a graceful shutdown:\n%s", s.log())
	case <-time.After(15 * time.Second):
		t.Fatalf("no exit after SIGTERM:\n%s", s.log())
	}
	assert.Contains(t, s.log(), "shutting down")
}

// A backend in another language drives the sidecar over loopback: Node's
// built-in fetch and test runner (skipped where node is not installed).
func TestServeFromNode(t *testing.T) {
	node := testkit.Tool(t, "node", "apt install nodejs")
	s := startServe(t)
	cmd := testkit.Command(t, node, "--test", filepath.Join("testdata", "sidecar.test.mjs"))
	cmd.Env = append(os.Environ(), "RKCART_URL="+s.base)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s\nserver log:\n%s", out, s.log())
	assert.Contains(t, string(out), "# pass 5")
}

func TestServeFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--restaurant", "r.json"}, "--restaurant needs its --menu"},
		{[]string{"serve", "--menu", "a", "--menu", "b", "--restaurant", "r"}, "2 menus need 2 restaurants"},
		{[]string{"serve", "--sync", "http://127.0.0.1:1/"}, "--sync takes --sync-object"},
		{[]string{"serve", "--log", "xml"}, "--log must be text or json"},
		{[]string{"serve", "extra"}, `unexpected argument "extra"`},
		{[]string{"serve", "--read-timeout", "-1s"}, "--read-timeout must be positive"},
		{[]string{"serve", "--body-timeout", "0s"}, "--body-timeout must be positive"},
		{[]string{"serve", "--max-heavy", "0"}, "--max-heavy must be at least 1"},
		{[]string{"serve", "--max-in-flight", "-1"}, "--max-in-flight must be at least 0"},
		{[]string{"serve", "--sync", "http://127.0.0.1:1/", "--sync-object", "1", "--admin-reload"}, "--sync has none"},
		{[]string{"serve", "--sync", "http://pos.example.com/", "--sync-object", "1"}, "plain http"},
	} {
		_, errOut, code := runCLI(t, "", tt.args...)
		assert.Equal(t, exitUnusable, code, tt.args)
		assert.Contains(t, errOut, tt.want, tt.args)
	}
}

// --sync: the menus come from a WebDelivery server (here a fake on
// loopback); /readyz turns ready once the object has loaded.
func TestServeSyncsFromWebDelivery(t *testing.T) {
	var hits atomic.Int32
	wd := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("sid") != "test-sid" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		hits.Add(1)
		switch r.URL.Path {
		case "/api/v1/dishes":
			_, _ = w.Write(demo.Menu())
		case "/api/v1/rests":
			_, _ = w.Write(demo.Restaurant())
		case "/api/v1/menutree":
			b, _ := os.ReadFile(filepath.Join("..", "..", "testdata", "menus", "menutree-reference.json"))
			_, _ = w.Write(b)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer wd.Close()
	t.Setenv("RKCART_SID", "test-sid")
	s := startServe(t, "--sync", wd.URL+"/api/v1/", "--sync-object", "199994335", "--sync-corp", "1")
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(s.base + "/readyz")
		require.NoError(t, err)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never ready:\n%s", s.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cart, err := os.ReadFile(filepath.Join("..", "..", "testdata", "carts", "combo.json"))
	require.NoError(t, err)
	resp, res := s.price(t, cart)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.EqualValues(t, 110500, res["total"], "the synced menu and restaurant (its delivery price) are in use")
	assert.Equal(t, "199994335", resp.Header.Get("Rkcart-Object"))
	assert.Regexp(t, `^[0-9a-f]{16}$`, resp.Header.Get("Rkcart-Menu-Version"))
	assert.GreaterOrEqual(t, hits.Load(), int32(2), "dishes and rests fetched")

	// The same documents served from the files `menu pull` writes carry
	// the same version.
	dir := t.TempDir()
	_, errOut, code := runCLI(t, "", "menu", "pull", "--base-url", wd.URL+"/api/v1/", "--corp", "1", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	obj := filepath.Join(dir, "199994335")
	f := startServe(t, "--menu", filepath.Join(obj, "dishes.json"), "--restaurant", filepath.Join(obj, "rests.json"))
	fresp, _ := f.price(t, cart)
	assert.Equal(t, resp.Header.Get("Rkcart-Menu-Version"), fresp.Header.Get("Rkcart-Menu-Version"), "--sync and --menu label one menu alike")
}

var fakeOn = regexp.MustCompile(`fake POS on (http://\S+)`)

// The fake POS driven over loopback from Node (skipped without node).
func TestFakeposFromNode(t *testing.T) {
	node := testkit.Tool(t, "node", "apt install nodejs")
	cmd := testkit.Command(t, rkcartBinary(t), "fakepos", "--addr", "127.0.0.1:0", "--clock", "fixed:2026-11-23T12:00:00+03:00")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := fakeOn.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-found:
	case <-time.After(30 * time.Second):
		t.Fatal("rkcart fakepos did not start")
	}
	run := testkit.Command(t, node, "--test", filepath.Join("testdata", "fakepos.test.mjs"))
	run.Env = append(os.Environ(), "RKCART_FAKEPOS="+base)
	out, err := run.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "# pass 2")

	// SIGTERM: a graceful stop, exit 0.
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "exit 0 after SIGTERM")
	case <-time.After(15 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}

func TestFakeposFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"fakepos", "--mode", "loose"}, "mode must be strict or lax"},
		{[]string{"fakepos", "--clock", "scaled:0"}, "scaled:N wants N from 1 to 10000"},
		{[]string{"fakepos", "--clock", "soon"}, "want real, fixed:RFC3339 or scaled:N"},
		{[]string{"fakepos", "--timeline", "1m"}, "want DURATION:STATE"},
		{[]string{"fakepos", "--menu", "m.json"}, "every --menu needs its --restaurant"},
		{[]string{"fakepos", "--currency", "1:1:Rubles"}, "want ID:CODE:NAME:RATE"},
		{[]string{"fakepos", "--max-orders", "0"}, "--max-orders and --max-bytes must be at least 1"},
		{[]string{"fakepos", "--max-orders", "-1"}, "--max-orders and --max-bytes must be at least 1"},
		{[]string{"fakepos", "--max-bytes", "0"}, "--max-orders and --max-bytes must be at least 1"},
		{[]string{"fakepos", "--timeline", "-5m:1"}, "before the order was saved"},
	} {
		_, errOut, code := runCLI(t, "", tt.args...)
		assert.Equal(t, exitUnusable, code, tt.args)
		assert.Contains(t, errOut, tt.want, tt.args)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	real := now
	clock, err := parseClock("scaled:10", func() time.Time { return real })
	require.NoError(t, err)
	real = real.Add(time.Minute)
	assert.Equal(t, now.Add(10*time.Minute), clock(), "ten times faster")
	cur, err := parseCurrency("2:22:Euro:11")
	require.NoError(t, err)
	assert.EqualValues(t, 11, cur.Rate)
	steps, err := parseTimeline("1m:1, 10m:2")
	require.NoError(t, err)
	assert.Len(t, steps, 2)
}
