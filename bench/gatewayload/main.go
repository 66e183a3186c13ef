// Command gatewayload drives the gateway (package gateway) in front of the
// fake POS over loopback, with the fake's faults on (lost, close,
// truncate, slow, 5xx, dlw23), and clients that time out and retry with
// their Idempotency-Key. A tenth of the carts are invalid. Afterwards it
// checks what the gateway promises:
//
//   - the fake's orders hold no cart twice (each cart carries a unique
//     comment, which is also its key);
//   - every key ends answered or reported unknown;
//   - the keys reported unknown are exactly the writes whose outcome the
//     fake left unproven (a lost, closed or truncated answer, a 5xx, a
//     DLW-0023), and every order whose answer was lost is among them;
//   - no invalid cart reached the fake (enforce).
//
// Then, without faults, it sends the same cart alternately to the fake
// directly and through the gateway and reports the gateway's added
// latency (p50/p99) and its throughput.
//
// Usage: go run ./bench/gatewayload [-orders 2000] [-clients 16] [-fault 0.02] [-redis URL | -mem] [-process]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/gateway"
	"github.com/rkcart/rkcart/server"
)

func main() {
	var c config
	flag.IntVar(&c.orders, "orders", 2000, "orders to place through the gateway with faults on")
	flag.IntVar(&c.clients, "clients", 16, "concurrent clients")
	flag.Float64Var(&c.fault, "fault", 0.02, "probability of each of the six faults per savedeliveryorder")
	flag.IntVar(&c.latency, "latency", 2000, "requests of the latency phase (half direct, half through the gateway)")
	flag.StringVar(&c.redis, "redis", "", "use this Redis as the gateway's store (default: the embedded store in a temporary directory)")
	flag.BoolVar(&c.mem, "mem", false, "use a store in memory, durable nowhere (in-process only): the gateway's floor, what it adds with a store that costs nothing")
	flag.BoolVar(&c.process, "process", false, "run the gateway as its own process (rkcart gateway, built from ./cmd/rkcart; run from the module root), as it is deployed, instead of in this one")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if c.mem && (c.process || c.redis != "") {
		fmt.Fprintln(os.Stderr, "gatewayload: -mem is a store of this process: not with -process or -redis")
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gatewayload:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Printf("GOGC %d (as rkcart gateway runs)\n", server.TuneGC())
	r, err := run(c, os.Stdout)
	if err == nil {
		err = r.check()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gatewayload:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

type config struct {
	orders, clients, latency int
	fault                    float64
	redis                    string
	dir                      string // the embedded store's directory ("": a temporary one)
	process                  bool
	mem                      bool
}

// result is what a run found.
type result struct {
	Orders, Invalid            int
	Answered, Unknown, Locally int // keys' final states
	Unresolved                 []string
	Duplicates                 []string
	InvalidReached             int
	Unproven                   int // fake requests whose fault left the outcome unproven
	LostNotUnknown             []string
	UnknownNotUnproven         int
	Retries                    atomic.Int64
	Elapsed                    time.Duration
	Direct, Through            []time.Duration
	DirectRead, ThroughRead    []time.Duration // a forwarded read (courier)
}

func (r *result) check() error {
	var errs []error
	if len(r.Duplicates) > 0 {
		errs = append(errs, fmt.Errorf("%d carts made more than one order: %v", len(r.Duplicates), r.Duplicates[:min(5, len(r.Duplicates))]))
	}
	if len(r.Unresolved) > 0 {
		errs = append(errs, fmt.Errorf("%d keys ended neither answered nor unknown: %v", len(r.Unresolved), r.Unresolved[:min(5, len(r.Unresolved))]))
	}
	if r.InvalidReached > 0 {
		errs = append(errs, fmt.Errorf("%d invalid carts reached the fake", r.InvalidReached))
	}
	if r.Unknown != r.Unproven {
		errs = append(errs, fmt.Errorf("%d keys unknown, but the fake left %d outcomes unproven", r.Unknown, r.Unproven))
	}
	if len(r.LostNotUnknown) > 0 {
		errs = append(errs, fmt.Errorf("%d orders whose answer was lost are not unknown: %v", len(r.LostNotUnknown), r.LostNotUnknown[:min(5, len(r.LostNotUnknown))]))
	}
	if r.Invalid != r.Locally {
		errs = append(errs, fmt.Errorf("%d invalid carts, %d refused by the gateway", r.Invalid, r.Locally))
	}
	return errors.Join(errs...)
}

const object = 199994335

func cart(comment string, invalid bool) []byte {
	qnt := 2000
	if invalid {
		qnt = 0 // bad_qnt: enforce refuses it
	}
	return fmt.Appendf(nil, `{"objectid":%d,"delivery_time":"2099-01-15T13:00:00","comment":%q,"order_type":0,"pay_type":0,`+
		`"client":{"phone":"79996661010","ln":"Load"},"order":[{"id":1000016,"type":"d","qnt":1000,"items":[{"id":1000393,"type":"m","qnt":1000}]},{"id":1000042,"type":"d","qnt":%d}]}`,
		object, comment, qnt)
}

// unprovenFaults leave a write's outcome unknown to the gateway.
var unprovenFaults = []string{"lost", "close", "truncate", "5xx", "dlw23"}

// lostFaults made the order and broke its answer.
var lostFaults = []string{"lost", "close", "truncate"}

func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = hs.Close() }, nil
}

func run(c config, out io.Writer) (*result, error) {
	clientTimeout := 400 * time.Millisecond
	var faults []fakepos.Fault
	for _, k := range []fakepos.FaultKind{fakepos.FaultLost, fakepos.FaultClose, fakepos.FaultTruncate, fakepos.Fault5xx, fakepos.FaultDLW23} {
		faults = append(faults, fakepos.Fault{Method: "savedeliveryorder", Kind: k, Probability: c.fault})
	}
	// Slower than the client waits, faster than the gateway's upstream time-out.
	faults = append(faults, fakepos.Fault{Method: "savedeliveryorder", Kind: fakepos.FaultSlow, Probability: c.fault, Delay: 2 * clientTimeout})
	fake, err := fakepos.New(fakepos.Config{Seed: 7, Faults: faults, MaxOrders: 10 * (c.orders + c.latency), MaxBytes: 4 << 30})
	if err != nil {
		return nil, err
	}
	var invalidReached atomic.Int64
	fakeURL, stopFake, err := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/savedeliveryorder") {
			b, _ := io.ReadAll(r.Body)
			if strings.Contains(string(b), `"qnt":0}`) {
				invalidReached.Add(1)
			}
			r.Body = io.NopCloser(strings.NewReader(string(b)))
		}
		fake.ServeHTTP(w, r)
	}))
	if err != nil {
		return nil, err
	}
	defer stopFake()

	var gwURL string
	if c.process {
		u, stop, err := gatewayProcess(c, fakeURL+"/api/v1/", 5*clientTimeout)
		if err != nil {
			return nil, err
		}
		defer stop()
		gwURL = u
	} else {
		var store gateway.Store
		if c.mem {
			store = newMemStore()
		} else if c.redis != "" {
			store, err = gateway.OpenRedis(context.Background(), c.redis, fmt.Sprintf("gatewayload:%d:", time.Now().UnixNano()))
		} else {
			dir := c.dir
			if dir == "" {
				if dir, err = os.MkdirTemp("", "gatewayload"); err != nil {
					return nil, err
				}
				defer os.RemoveAll(dir)
			}
			store, err = gateway.OpenBolt(dir, nil)
		}
		if err != nil {
			return nil, err
		}
		defer store.Close()
		g, err := gateway.New(gateway.Options{Upstream: fakeURL + "/api/v1/", Store: store, Salt: []byte("gatewayload"), Mode: gateway.Enforce,
			Timeout: 5 * clientTimeout})
		if err != nil {
			return nil, err
		}
		u, stopGW, err := serve(g)
		if err != nil {
			return nil, err
		}
		defer stopGW()
		gwURL = u
	}

	res := &result{Orders: c.orders}
	client := &http.Client{Timeout: clientTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: c.clients, DisableCompression: true}}
	final := make([]string, c.orders) // per order: answered, unknown, locally, or ""
	invalid := make([]bool, c.orders)
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range c.clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= c.orders {
					return
				}
				invalid[i] = i%10 == 9
				key := fmt.Sprintf("load-%06d", i)
				body := cart(key, invalid[i])
				for attempt := 0; attempt < 20 && final[i] == ""; attempt++ {
					if attempt > 0 {
						res.Retries.Add(1)
						time.Sleep(time.Duration(attempt) * 50 * time.Millisecond)
					}
					final[i] = post(client, gwURL, key, body)
				}
			}
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	// A key whose client gave up: ask once more with a patient client.
	patient := &http.Client{Timeout: 30 * time.Second}
	for i, f := range final {
		key := fmt.Sprintf("load-%06d", i)
		if f == "" {
			final[i] = post(patient, gwURL, key, cart(key, invalid[i]))
		}
		switch final[i] {
		case "answered":
			res.Answered++
		case "unknown":
			res.Unknown++
		case "locally":
			res.Locally++
		default:
			res.Unresolved = append(res.Unresolved, key)
		}
		if invalid[i] {
			res.Invalid++
		}
	}
	res.InvalidReached = int(invalidReached.Load())

	snap := fake.Snapshot()
	seen := map[string]int{}
	for _, o := range snap.Orders {
		var c struct {
			Comment string `json:"comment"`
		}
		_ = json.Unmarshal(o.Cart, &c)
		seen[c.Comment]++
	}
	for k, n := range seen {
		if n > 1 {
			res.Duplicates = append(res.Duplicates, k)
		}
	}
	slices.Sort(res.Duplicates)
	for _, rq := range snap.Requests {
		if strings.HasSuffix(rq.Path, "/savedeliveryorder") && slices.Contains(unprovenFaults, rq.Fault) {
			res.Unproven++
		}
	}
	// Every order made whose answer was lost must be unknown. The fake's
	// request log does not name the cart, so match by order: an order
	// whose key ended answered must have had an answer.
	lostOrders := 0
	for _, rq := range snap.Requests {
		if strings.HasSuffix(rq.Path, "/savedeliveryorder") && slices.Contains(lostFaults, rq.Fault) {
			lostOrders++
		}
	}
	for k := range seen {
		var i int
		if _, err := fmt.Sscanf(k, "load-%06d", &i); err == nil && i < len(final) && final[i] == "unknown" {
			lostOrders--
		}
	}
	if lostOrders > 0 {
		res.LostNotUnknown = append(res.LostNotUnknown, fmt.Sprintf("%d orders", lostOrders))
	}

	// Latency without faults, interleaved: the fake directly, then through the gateway.
	fake.SetFaults(nil)
	direct := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}}
	for i := range c.latency {
		key := fmt.Sprintf("lat-%06d", i)
		body := cart(key, false)
		t0 := time.Now()
		if i%2 == 0 {
			if post(direct, fakeURL, "", body) != "answered" {
				return res, fmt.Errorf("the fake did not answer %s", key)
			}
			res.Direct = append(res.Direct, time.Since(t0))
		} else {
			if post(direct, gwURL, key, body) != "answered" {
				return res, fmt.Errorf("the gateway did not answer %s", key)
			}
			res.Through = append(res.Through, time.Since(t0))
		}
	}
	// The floor of any proxy on this machine: a read the gateway only
	// forwards (courier: not cached, not judged), the same alternation.
	for i := range c.latency {
		t0 := time.Now()
		base := fakeURL
		if i%2 == 1 {
			base = gwURL
		}
		if !get(direct, base+"/api/v1/courier?objectId=199994335&visitId=1") {
			return res, fmt.Errorf("no answer from %s", base)
		}
		if i%2 == 0 {
			res.DirectRead = append(res.DirectRead, time.Since(t0))
		} else {
			res.ThroughRead = append(res.ThroughRead, time.Since(t0))
		}
	}
	report(out, res)
	return res, nil
}

// get sends one GET and reports whether an answer came.
func get(c *http.Client, url string) bool {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return false
	}
	req.Header.Set("sid", "load")
	res, err := c.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return err == nil
}

// gatewayProcess builds rkcart and runs `rkcart gateway` in front of the
// upstream (Redis, or a temporary data directory), as it is deployed.
func gatewayProcess(c config, upstream string, timeout time.Duration) (string, func(), error) {
	dir, err := os.MkdirTemp("", "gatewayload")
	if err != nil {
		return "", nil, err
	}
	bin := filepath.Join(dir, "rkcart")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/rkcart").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("go build (run from the module root): %v: %s", err, out)
	}
	args := []string{"gateway", "--addr", "127.0.0.1:0", "--upstream", upstream, "--mode", "enforce", "--journal", "off",
		"--timeout", timeout.String(), "--log", "json"}
	if c.redis != "" {
		args = append(args, "--redis", c.redis, "--redis-prefix", fmt.Sprintf("gatewayload:%d:", time.Now().UnixNano()))
	} else {
		args = append(args, "--data-dir", filepath.Join(dir, "data"))
	}
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); os.RemoveAll(dir) }
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if _, rest, ok := strings.Cut(sc.Text(), "gateway on http://"); ok {
			addr, _, _ := strings.Cut(rest, "/")
			go func() { _, _ = io.Copy(io.Discard, stderr) }()
			return "http://" + addr, stop, nil
		}
	}
	stop()
	return "", nil, fmt.Errorf("rkcart gateway did not start")
}

// post sends one savedeliveryorder and names its final state: answered
// (an envelope, Ok or a refusal of the POS), locally (refused by the
// gateway), unknown, or "" (retry: a time-out, 409, 503).
func post(c *http.Client, base, key string, body []byte) string {
	req, err := http.NewRequest("POST", base+"/api/v1/savedeliveryorder", strings.NewReader(string(body)))
	if err != nil {
		return ""
	}
	req.Header.Set("sid", "load")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := c.Do(req)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return ""
	}
	switch {
	case res.Header.Get("Rkcart-Outcome") == "unknown":
		return "unknown"
	case res.Header.Get("Rkcart-Verdict") == "refused":
		return "locally"
	case res.StatusCode == http.StatusOK && json.Valid(b):
		return "answered"
	}
	return ""
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func report(w io.Writer, r *result) {
	fmt.Fprintf(w, "orders %d (invalid %d) in %v: %.0f orders/s through the gateway with faults, %d client retries\n",
		r.Orders, r.Invalid, r.Elapsed.Round(time.Millisecond), float64(r.Orders)/r.Elapsed.Seconds(), r.Retries.Load())
	fmt.Fprintf(w, "keys: answered %d, unknown %d (the fake left %d unproven), refused by the gateway %d, unresolved %d\n",
		r.Answered, r.Unknown, r.Unproven, r.Locally, len(r.Unresolved))
	fmt.Fprintf(w, "duplicated orders %d, invalid carts that reached the fake %d\n", len(r.Duplicates), r.InvalidReached)
	d50, d99, t50, t99 := pct(r.Direct, 0.5), pct(r.Direct, 0.99), pct(r.Through, 0.5), pct(r.Through, 0.99)
	fmt.Fprintf(w, "latency, no faults, %d each: direct p50 %v p99 %v; through the gateway p50 %v p99 %v; added p50 %v p99 %v\n",
		len(r.Direct), d50, d99, t50, t99, t50-d50, t99-d99)
	r50, g50 := pct(r.DirectRead, 0.5), pct(r.ThroughRead, 0.5)
	fmt.Fprintf(w, "a forwarded read (courier), %d each: direct p50 %v, through the gateway p50 %v: the proxy's floor adds %v\n",
		len(r.DirectRead), r50, g50, g50-r50)
}
