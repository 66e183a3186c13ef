// Command fakeload drives the fake POS (package fakepos) over loopback:
// -clients concurrent clients create orders with savedeliveryorder for
// -duration, with faults on (by default 2 % each of DLW-0023, HTTP 503,
// a truncated body, a connection closed mid-body and an answer lost after
// the order was created). Then it checks the fake's snapshot: no order
// twice (every cart carries a unique comment), no answered order missing,
// and reports the latency of the answered requests (p50/p99), the fates of
// the rest, and the heap.
//
// Usage: go run ./bench/fakeload [-duration 60s] [-clients 16] [-fault 0.02] [-think 5ms]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rkcart/rkcart/fakepos"
)

func main() {
	duration := flag.Duration("duration", 60*time.Second, "how long the clients run")
	clients := flag.Int("clients", 16, "concurrent clients")
	p := flag.Float64("fault", 0.02, "probability of each of the five faults per savedeliveryorder")
	maxOrders := flag.Int("max-orders", 2_000_000, "the fake's order cap (the check needs every order kept)")
	// The byte cap is raised too (8 GiB of estimate): the check needs every order kept.
	think := flag.Duration("think", 5*time.Millisecond, "each client's pause between orders (0: as fast as it can; about 2 KB of heap per order kept)")
	flag.Parse()
	if err := run(*duration, *clients, *p, *maxOrders, *think); err != nil {
		fmt.Fprintln(os.Stderr, "fakeload:", err)
		os.Exit(1)
	}
}

var cartTemplate = `{"objectid":199994335,"delivery_time":"2099-01-15T13:00:00","comment":%q,"order_type":0,"pay_type":0,` +
	`"client":{"phone":"79996661010","ln":"Load"},"order":[{"id":1000016,"type":"d","qnt":1000,"items":[{"id":1000393,"type":"m","qnt":1000}]},{"id":1000042,"type":"d","qnt":2000}]}`

func run(d time.Duration, clients int, p float64, maxOrders int, think time.Duration) error {
	var faults []fakepos.Fault
	if p > 0 {
		for _, k := range []fakepos.FaultKind{fakepos.FaultDLW23, fakepos.Fault5xx, fakepos.FaultTruncate, fakepos.FaultClose, fakepos.FaultLost} {
			faults = append(faults, fakepos.Fault{Method: "savedeliveryorder", Kind: k, Probability: p})
		}
	}
	f, err := fakepos.New(fakepos.Config{Seed: 42, Faults: faults, MaxOrders: maxOrders, MaxBytes: 8 << 30})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: f, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	url := "http://" + ln.Addr().String() + "/api/v1/savedeliveryorder"
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}}

	type answered struct{ comment, visit string }
	var (
		mu       sync.Mutex
		ok       []answered
		lat      []time.Duration
		unknown  atomic.Int64 // no usable answer: the order may or may not exist
		refused  atomic.Int64 // an Err envelope or 5xx: no order
		sent     atomic.Int64
		deadline = time.Now().Add(d)
		wg       sync.WaitGroup
	)
	for c := range clients {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				if think > 0 {
					time.Sleep(think)
				}
				comment := fmt.Sprintf("load-%d-%d", c, i)
				body := fmt.Sprintf(cartTemplate, comment)
				sent.Add(1)
				t0 := time.Now()
				resp, err := client.Post(url, "application/json", strings.NewReader(body))
				if err != nil {
					unknown.Add(1)
					continue
				}
				data, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				took := time.Since(t0)
				var env struct {
					Status string `json:"status"`
					Data   struct {
						VisitID string `json:"visit_id"`
					} `json:"data"`
				}
				switch {
				case resp.StatusCode >= 500:
					refused.Add(1)
				case err != nil || json.Unmarshal(data, &env) != nil:
					unknown.Add(1)
				case env.Status == "Err":
					refused.Add(1)
				default:
					mu.Lock()
					ok = append(ok, answered{comment, env.Data.VisitID})
					lat = append(lat, took)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()

	snap := f.Snapshot()
	byComment := map[string]string{}
	dups := 0
	for _, o := range snap.Orders {
		var c struct {
			Comment string `json:"comment"`
		}
		if err := json.Unmarshal(o.Cart, &c); err != nil {
			return err
		}
		if _, seen := byComment[c.Comment]; seen {
			dups++
		}
		byComment[c.Comment] = fmt.Sprint(o.VisitID)
	}
	lost := 0
	for _, a := range ok {
		if byComment[a.comment] != a.visit {
			lost++
		}
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	slices.Sort(lat)
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("think %v; ", think)
	fmt.Printf("%d clients for %v, faults %.0f %% each of 5 kinds on savedeliveryorder; GOMAXPROCS %d\n", clients, d, 100*p, runtime.GOMAXPROCS(0))
	fmt.Printf("sent %d: answered %d (%.0f/s), refused %d (Err or 5xx, no order), no usable answer %d (truncated, closed, lost)\n",
		sent.Load(), len(ok), float64(len(ok))/d.Seconds(), refused.Load(), unknown.Load())
	fmt.Printf("snapshot: %d orders = answered + those whose answer broke after the order was made (%d); duplicated %d, answered but missing %d\n",
		len(snap.Orders), len(snap.Orders)-len(ok), dups, lost)
	fmt.Printf("latency of answered requests: p50 %v  p99 %v  max %v\n", q(0.5).Round(time.Microsecond), q(0.99).Round(time.Microsecond), q(1).Round(time.Microsecond))
	fmt.Printf("heap in use after GC: %.1f MiB for %d orders (%.0f bytes per order)\n", float64(ms.HeapInuse)/(1<<20), len(snap.Orders), float64(ms.HeapInuse)/float64(max(1, len(snap.Orders))))
	if dups > 0 || lost > 0 {
		return fmt.Errorf("%d duplicated, %d lost", dups, lost)
	}
	return nil
}
