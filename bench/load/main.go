// Command load drives the sidecar (package server) over loopback with
// keep-alive connections and reports, in one run on one machine:
//
//   - in-process Engine.PriceJSON throughput for the 10-line benchmark cart
//     (every CPU busy), the ceiling;
//   - the server's saturation throughput for the same bytes (-clients
//     closed-loop clients), and its ratio to the ceiling;
//   - p50/p99/max latency at a fixed open-loop rate (-rate requests per
//     second), measured from when each request was due, so a stalled
//     server cannot hide its queue (no coordinated omission).
//
// Client and server share the machine, as a sidecar and its backend do.
// Usage: go run ./bench/load [-duration 10s] [-rate 1000] [-clients 8]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rkcart/rkcart/bench"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/server"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "length of each phase")
	rate := flag.Int("rate", 1000, "requests per second of the fixed-rate phase")
	clients := flag.Int("clients", 8, "closed-loop clients of the saturation phase")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run (client and server) to this file")
	bareAnswer := flag.String("bare-answer", "", "serve only: the bare handler answering this file's bytes (what the run starts to measure net/http's floor in a process of its own)")
	flag.Parse()
	if *bareAnswer != "" {
		fmt.Fprintln(os.Stderr, "load:", serveBare(*bareAnswer))
		os.Exit(1)
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*duration, *rate, *clients); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(d time.Duration, rate, clients int) error {
	fx, err := bench.NewFixture()
	if err != nil {
		return err
	}
	e, m, rest, opts := fx.Engine, fx.Menu, fx.Restaurant, fx.Options
	cart := fx.Cart
	gc := server.TuneGC() // as rkcart serve runs; GOGC overrides it
	fmt.Printf("cart: 10 lines, %d bytes; GOMAXPROCS %d; GOGC %d (the in-process figure too)\n", len(cart), runtime.GOMAXPROCS(0), gc)

	inproc := inProcess(e, cart, d)
	fmt.Printf("in-process PriceJSON:   %8.0f carts/s\n", inproc)

	s, err := server.New(server.Options{Engine: opts, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		MaxInFlight: 4 * clients})
	if err != nil {
		return err
	}
	if err := s.Set([]server.Object{{ID: 1, Menu: m, Restaurant: rest}}); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Shutdown(context.Background())
	dial := func() (*conn, error) { return dialConn(ln.Addr().String(), "/v1/price", cart) }
	client, err := dial()
	if err != nil {
		return err
	}
	if err := client.post(); err != nil { // warm up, and check it answers
		return err
	}

	var seq []time.Duration
	for range 2000 {
		t0 := time.Now()
		if err := client.post(); err != nil {
			return err
		}
		seq = append(seq, time.Since(t0))
	}
	slices.Sort(seq)
	fmt.Printf("one client, back to back: p50 %v  p99 %v\n", seq[len(seq)/2].Round(time.Microsecond), seq[len(seq)*99/100].Round(time.Microsecond))

	// CPU per request: the process's CPU time (client and server; the
	// client's share is the same in both) over a fixed number of requests
	// from one connection, which holds on a busy machine, without and
	// with a per-request policy; and in-process PriceJSON's CPU per call.
	const n = 20000
	// The floor: a bare net/http handler in this process that reads the
	// same body and writes the same answer bytes. What the sidecar costs
	// above it is its own work (decoding, pricing, the answer, middleware,
	// log, metrics); the floor itself (net/http, syscalls, wake-ups) is the
	// machine's and the same for any Go HTTP server.
	bare, stopBare, err := bareServer(client)
	if err != nil {
		return err
	}
	defer stopBare()
	bc, err := dialConn(bare, "/v1/price", cart)
	if err != nil {
		return err
	}
	targets := []string{"/v1/price", "/v1/price?lang=ru&profile=pos"}
	conns := []*conn{bc}
	for _, target := range targets {
		c, err := dialConn(ln.Addr().String(), target, cart)
		if err != nil {
			return err
		}
		conns = append(conns, c)
	}
	// Interleaved rounds, medians: this machine's noise moves whole
	// seconds, so the three are measured side by side, five times.
	const rounds = 5
	per := make([][]float64, len(conns))
	var calls []float64
	for range rounds {
		calls = append(calls, cpuPer(n/rounds, func() error { _, err := e.PriceJSON(cart); return err }))
		for i, c := range conns {
			per[i] = append(per[i], cpuPer(n/rounds, c.post))
		}
	}
	median := func(v []float64) float64 { slices.Sort(v); return v[len(v)/2] }
	floor, perCall := median(per[0]), median(calls)
	fmt.Printf("CPU per request, bare net/http (same bytes in and out): %6.1f µs (median of %d rounds)\n", floor, rounds)
	for i, target := range targets {
		p := median(per[i+1])
		fmt.Printf("CPU per request %-32s %6.1f µs (%.2f× in-process PriceJSON's %.1f µs); above the bare floor %.1f µs (%.2f×)\n",
			target+":", p, p/perCall, perCall, p-floor, (p-floor)/perCall)
	}
	// Server side only, each server a process of its own: the sidecar,
	// and the bare handler (net/http's floor), interleaved.
	var side, bareSide []float64
	ans, err := bc.answer()
	if err != nil {
		return err
	}
	procs, err := newServers(fx.MenuJSON, ans)
	if err != nil {
		return err
	}
	defer procs.close()
	for range 3 {
		p, err := procs.sidecarCPU(cart, n/2)
		if err != nil {
			fmt.Printf("server-only CPU: not measured (%v)\n", err)
			break
		}
		b, err := procs.bareCPU(cart, n/2)
		if err != nil {
			fmt.Printf("server-only CPU of the bare handler: not measured (%v)\n", err)
			break
		}
		side, bareSide = append(side, p), append(bareSide, b)
	}
	if len(side) > 0 {
		p, b := median(side), median(bareSide)
		fmt.Printf("server-only CPU per request, each server its own process (/proc, median of %d): rkcart serve %.1f µs (%.2f× in-process PriceJSON); "+
			"a bare net/http handler, same bytes in and out, %.1f µs (%.2f×); the sidecar above it %.1f µs (%.2f×)\n",
			len(side), p, p/perCall, b, b/perCall, p-b, (p-b)/perCall)
	}

	sat, errs, err := saturate(dial, clients, d)
	if err != nil {
		return err
	}
	fmt.Printf("server saturation:      %8.0f req/s with %d clients (%.0f %% of in-process; %d errors)\n", sat, clients, 100*sat/inproc, errs)

	lat, errs, late, err := fixedRate(dial, rate, d)
	if err != nil {
		return err
	}
	if len(lat) == 0 {
		return fmt.Errorf("no answer at %d req/s", rate)
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("at %d req/s for %v:  p50 %v  p99 %v  max %v  (%d requests, %d errors, %d sent late)\n",
		rate, d, q(0.50).Round(time.Microsecond), q(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond), len(lat), errs, late)
	return nil
}

// bareServer serves, on its own loopback listener, a handler that reads the
// request body and answers with the bytes c's server answered last (same
// status, Content-Type and length): net/http's floor for this exchange.
func bareServer(c *conn) (string, func(), error) {
	ans, err := c.answer()
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute, Handler: bareHandler(ans)}
	go func() { _ = hs.Serve(ln) }()
	return ln.Addr().String(), func() { _ = hs.Shutdown(context.Background()) }, nil
}

// bareHandler reads the body and answers ans.
func bareHandler(ans []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(ans)
	})
}

// cpuPer is the process's CPU time per call of f, in microseconds, over n
// calls after a warm-up.
func cpuPer(n int, f func() error) float64 {
	for range 1000 {
		if err := f(); err != nil {
			panic(err)
		}
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	for range n {
		if err := f(); err != nil {
			panic(err)
		}
	}
	return float64((cpu() - start).Microseconds()) / float64(n)
}

// servers are the two servers measured as processes of their own, set
// up once: `rkcart serve` on the fixture's menu (its clock the fixture's,
// ?now=, a per-call policy), and the bare handler answering ans — this
// binary again, with -bare-answer: net/http's own floor for the exchange,
// server side.
type servers struct {
	dir, rkcart, self string
}

// newServers builds rkcart and writes the files both servers read; close
// removes them.
func newServers(menuJSON, ans []byte) (*servers, error) {
	dir, err := os.MkdirTemp("", "rkcart-load")
	if err != nil {
		return nil, err
	}
	s := &servers{dir: dir, rkcart: filepath.Join(dir, "rkcart")}
	if s.self, err = os.Executable(); err != nil {
		s.close()
		return nil, err
	}
	if out, err := exec.Command("go", "build", "-o", s.rkcart, "./cmd/rkcart").CombinedOutput(); err != nil {
		s.close()
		return nil, fmt.Errorf("go build (run from the module root): %v: %s", err, out)
	}
	for name, data := range map[string][]byte{"menu.json": menuJSON, "rest.json": []byte(`{"id":1,"name":"bench"}`), "answer.json": ans} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			s.close()
			return nil, err
		}
	}
	return s, nil
}

func (s *servers) close() { os.RemoveAll(s.dir) }

// sidecarCPU is rkcart serve's CPU per request over n requests.
func (s *servers) sidecarCPU(cart []byte, n int) (float64, error) {
	cmd := exec.Command(s.rkcart, "serve", "--addr", "127.0.0.1:0", "--menu", filepath.Join(s.dir, "menu.json"),
		"--restaurant", filepath.Join(s.dir, "rest.json"), "--tz", "UTC", "--log", "json")
	return processCPU(cmd, "/v1/price?now=2026-01-01T12:00:00Z", cart, n)
}

// bareCPU is the bare handler's CPU per request over n requests.
func (s *servers) bareCPU(cart []byte, n int) (float64, error) {
	return processCPU(exec.Command(s.self, "-bare-answer", filepath.Join(s.dir, "answer.json")), "/v1/price", cart, n)
}

// serveBare is the process servers.bareCPU starts: the bare handler on a
// loopback port, announced on stderr as rkcart serve announces its own.
func serveBare(answerFile string) error {
	ans, err := os.ReadFile(answerFile)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "serving on http://%s\n", ln.Addr())
	hs := &http.Server{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute, Handler: bareHandler(ans)}
	return hs.Serve(ln)
}

// processCPU starts cmd (a server that writes "serving on http://ADDR" to
// stderr), posts cart to target n times on one connection after a
// warm-up, and returns the server's CPU time per request (/proc/PID/stat).
func processCPU(cmd *exec.Cmd, target string, cart []byte, n int) (float64, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	addr := ""
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if _, a, ok := strings.Cut(sc.Text(), "serving on http://"); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		return 0, fmt.Errorf("rkcart serve did not start")
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	c, err := dialConn(addr, target, cart)
	if err != nil {
		return 0, err
	}
	for range 1000 {
		if err := c.post(); err != nil {
			return 0, err
		}
	}
	ticks := func() (int64, error) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", cmd.Process.Pid))
		if err != nil {
			return 0, err
		}
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
		ut, _ := strconv.ParseInt(f[11], 10, 64) // utime, stime: fields 14 and 15 of stat
		st, _ := strconv.ParseInt(f[12], 10, 64)
		return ut + st, nil
	}
	t0, err := ticks()
	if err != nil {
		return 0, err
	}
	for range n {
		if err := c.post(); err != nil {
			return 0, err
		}
	}
	t1, err := ticks()
	if err != nil {
		return 0, err
	}
	const hz = 100 // USER_HZ
	return float64(t1-t0) * 1e6 / hz / float64(n), nil
}

func inProcess(e *engine.Engine, cart []byte, d time.Duration) float64 {
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				for range 100 {
					if _, err := e.PriceJSON(cart); err != nil {
						panic(err)
					}
				}
				n.Add(100)
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds()
}

// conn is one keep-alive HTTP/1.1 connection sending the same POST: the
// request is written and the answer read in the calling goroutine, as
// wrk-style load generators do, so the client adds no goroutine hand-offs
// (net/http's client passes each request to a writer and a reader
// goroutine) to what is measured.
type conn struct {
	c   net.Conn
	br  *bufio.Reader
	req []byte
}

func dialConn(addr, target string, body []byte) (*conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	req := fmt.Appendf(nil, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", target, addr, len(body))
	return &conn{c: c, br: bufio.NewReaderSize(c, 16<<10), req: append(req, body...)}, nil
}

// answer posts once and returns the answer's body.
func (c *conn) answer() ([]byte, error) {
	if _, err := c.c.Write(c.req); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func (c *conn) post() error {
	if _, err := c.c.Write(c.req); err != nil {
		return err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

func saturate(dial func() (*conn, error), clients int, d time.Duration) (float64, int64, error) {
	conns := make([]*conn, clients)
	for i := range conns {
		var err error
		if conns[i], err = dial(); err != nil {
			return 0, 0, err
		}
	}
	var ok, bad atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if c.post() != nil {
					bad.Add(1)
				} else {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return float64(ok.Load()) / d.Seconds(), bad.Load(), nil
}

// fixedRate sends rate requests a second for d, each due at its own
// slot: worker k of 32 owns slots k, k+32, …, and sleeps until each is due,
// so no hand-off between goroutines sits between the schedule and the
// send. Latency runs from the slot when the worker was held up by a slow
// answer (so a stalled server cannot hide its queue), and from the
// wake-up when it slept: Go's timers wake an idle process up to a
// millisecond late on Linux, which is the client's delay, not the
// server's (the overshoot is reported separately).
func fixedRate(dial func() (*conn, error), rate int, d time.Duration) ([]time.Duration, int64, int64, error) {
	const workers = 32
	conns := make([]*conn, workers)
	for i := range conns {
		var err error
		if conns[i], err = dial(); err != nil {
			return nil, 0, 0, err
		}
	}
	total := int(d.Seconds() * float64(rate))
	interval := time.Second / time.Duration(rate)
	start := time.Now().Add(10 * time.Millisecond)
	var mu sync.Mutex
	lat := make([]time.Duration, 0, total)
	var bad, late, over, slept atomic.Int64
	var wg sync.WaitGroup
	defer func() {
		if n := slept.Load(); n > 0 {
			fmt.Printf("timer overshoot (client side, not counted): mean %v over %d sleeps\n", (time.Duration(over.Load()) / time.Duration(n)).Round(time.Microsecond), n)
		}
	}()
	for k, c := range conns {
		wg.Go(func() {
			mine := make([]time.Duration, 0, total/workers+1)
			for i := k; i < total; i += workers {
				due := start.Add(time.Duration(i) * interval)
				from := due
				if w := time.Until(due); w > 0 {
					time.Sleep(w)
					from = time.Now()
					over.Add(int64(from.Sub(due)))
					slept.Add(1)
				} else if -w > interval {
					late.Add(1)
				}
				if err := c.post(); err != nil {
					bad.Add(1)
					continue
				}
				mine = append(mine, time.Since(from))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return lat, bad.Load(), late.Load(), nil
}
