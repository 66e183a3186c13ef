package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/bench"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/server"
)

// listen serves s on loopback as `rkcart serve` does (the same
// http.Server timeouts).
func listen(t *testing.T, s *server.Server) string {
	t.Helper()
	ts := httptest.NewUnstartedServer(s)
	ts.Config.ReadHeaderTimeout, ts.Config.ReadTimeout, ts.Config.WriteTimeout = 10*time.Second, 30*time.Second, 60*time.Second
	ts.Config.ErrorLog = slog.NewLogLogger(slog.NewTextHandler(io.Discard, nil), slog.LevelWarn)
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.Listener.Addr().String()
}

// rawResponse reads one HTTP response from conn.
func rawResponse(t *testing.T, conn net.Conn) *http.Response {
	t.Helper()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	return resp
}

// A declared Content-Length over the route's cap is 413 before any body
// byte is sent.
func TestDeclaredLengthOverTheCapIs413AtOnce(t *testing.T) {
	addr := listen(t, newServer(t, server.Options{}, demoObject(t)))
	for path, n := range map[string]int64{"/v1/price": 8<<20 + 1, "/v1/lint": 64<<20 + 1, "/v1/reconcile": 1 << 40} {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		start := time.Now()
		_, err = fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", path, n)
		require.NoError(t, err)
		resp := rawResponse(t, conn)
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, path)
		assert.Less(t, time.Since(start), 2*time.Second, "%s: answered without waiting for the body", path)
		assert.Contains(t, string(readAll(t, resp)), "declared body", path)
		conn.Close()
	}
}

// The reproducer: connections that declare a body and trickle it
// one byte at a time hold no pricing slot, so with --max-in-flight 8 and
// 24 such connections a normal request is still answered within a
// second; the trickling requests end with 408 once BodyTimeout is spent.
func TestTricklingBodiesDoNotLockTheSidecarOut(t *testing.T) {
	s := newServer(t, server.Options{MaxInFlight: 8, BodyTimeout: 2 * time.Second, MinBodyRate: 1 << 20}, demoObject(t))
	addr := listen(t, s)
	const tricklers = 24
	var wg sync.WaitGroup
	statuses := make(chan int, tricklers)
	stop := make(chan struct{})
	for range tricklers {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		_, err = fmt.Fprintf(conn, "POST /v1/price HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{")
		require.NoError(t, err)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			go func() { // one byte every 100 ms until the server gives up or the test ends
				for {
					select {
					case <-stop:
						return
					case <-time.After(100 * time.Millisecond):
						if _, err := conn.Write([]byte(" ")); err != nil {
							return
						}
					}
				}
			}()
			_ = conn.SetReadDeadline(time.Now().Add(15 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				statuses <- 0
				return
			}
			statuses <- resp.StatusCode
		}()
	}
	defer close(stop)
	time.Sleep(200 * time.Millisecond) // every trickler is in its body
	cart := testdata(t, "carts", "combo.json")
	var worst time.Duration
	for range 5 {
		start := time.Now()
		resp, err := http.Post("http://"+addr+"/v1/price", "application/json", bytes.NewReader(cart))
		require.NoError(t, err)
		readAll(t, resp)
		d := time.Since(start)
		worst = max(worst, d)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}
	t.Logf("slowest of 5 requests beside %d trickling connections: %v", tricklers, worst)
	assert.Less(t, worst, time.Second)
	wg.Wait()
	close(statuses)
	for st := range statuses {
		assert.Equal(t, http.StatusRequestTimeout, st, "a trickling body ends with 408")
	}
}

// A client that writes its whole oversized body before reading (Python's
// urllib does) reads the 413, not a connection reset: the server lingers,
// reading and discarding what is still coming.
func TestOversizedBodyFromAClientThatWritesFirst(t *testing.T) {
	addr := listen(t, newServer(t, server.Options{}, demoObject(t)))
	body := bytes.Repeat([]byte(" "), 36<<20)
	for name, head := range map[string]string{
		"declared": fmt.Sprintf("POST /v1/price HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", len(body)),
		"chunked":  "POST /v1/price HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
	} {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		_, err = io.WriteString(conn, head)
		require.NoError(t, err)
		payload := body
		if name == "chunked" {
			var b bytes.Buffer
			for chunk := range slices(body, 1<<20) {
				fmt.Fprintf(&b, "%x\r\n%s\r\n", len(chunk), chunk)
			}
			b.WriteString("0\r\n\r\n")
			payload = b.Bytes()
		}
		require.NoError(t, conn.SetWriteDeadline(time.Now().Add(20*time.Second)))
		_, err = conn.Write(payload) // all of it, before reading anything
		require.NoError(t, err, "%s: the server reset the connection while the body was being sent", name)
		resp := rawResponse(t, conn)
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, name)
		assert.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
		conn.Close()
	}
}

func slices(b []byte, n int) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(b) > 0 {
			k := min(n, len(b))
			if !yield(b[:k]) {
				return
			}
			b = b[k:]
		}
	}
}

// Query parameters are honoured or refused: booleans as the CLI reads
// them, order_number in its range, no repeated or unknown parameter.
func TestQueryIsHonouredOrRefused(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	cart := testdata(t, "carts", "valid-delivery.json")
	for _, v := range []string{"1", "true", "TRUE", "t"} {
		resp := do(t, s, "POST", "/v1/payload/postorder?now=2026-06-01T12:00:00%2B03:00&pay_online="+v, cart)
		body := string(readAll(t, resp))
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		assert.Contains(t, body, `"pay_online_type":1`, v)
	}
	resp := do(t, s, "POST", "/v1/payload/postorder?now=2026-06-01T12:00:00%2B03:00&pay_online=0", cart)
	assert.Contains(t, string(readAll(t, resp)), `"pay_online_type":0`)
	for query, want := range map[string]string{
		"pay_online=yes":              "pay_online",
		"force=on":                    "force",
		"order_number=-1":             "order_number",
		"order_number=100000":         "order_number",
		"order_number=x":              "order_number",
		"profile=pos&profile=xyz":     `profile\" is given 2 times`,
		"lnag=ru":                     `unknown query parameter \"lnag`,
		"zz=1&now=x&lang=ru&aa=2":     `unknown query parameter \"aa`, // the first in name order, every time
		"zz=1&lang=ru&lang=en":        `lang\" is given 2 times`,
		"object=199994335&objectId=1": "different objects",
	} {
		resp := do(t, s, "POST", "/v1/payload/postorder?"+query, cart)
		body := string(readAll(t, resp))
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s: %s", query, body)
		assert.Contains(t, body, "bad-option", query)
		assert.Contains(t, body, want, query)
	}
	resp = do(t, s, "POST", "/v1/lint?object=1", demo.Menu())
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "lint takes no query")
	resp = do(t, s, "POST", "/v1/price?objectId=199994335", testdata(t, "carts", "combo.json"))
	assert.Equal(t, http.StatusOK, resp.StatusCode, "objectId is object's WebDelivery spelling")
}

// The bounds docs/sidecar.md gives for the routes: each allocates at most
// this many bytes per byte of its body (the body's own copy and the
// answer included), so that factor × cap bounds one request's heap. A
// diff's answer grows with the changes: the factor is for two menus that
// share nothing (its worst case).
const (
	lintAllocFactor  = server.LintWork
	diffAllocFactor  = server.DiffWork
	priceAllocFactor = server.CartWork
)

// Lint and diff allocate within the documented factor of their body, on
// flat menus and on the common-heavy one (the largest ratio measured).
func TestHeavyRoutesStayWithinTheirMemoryBound(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	flat := bench.MenuJSON(bench.DefaultSpec(20000))
	heavy := bench.CommonHeavyMenuJSON(2000, 2000)
	cases := map[string][]byte{
		"/v1/lint flat":  flat,
		"/v1/lint heavy": heavy,
		"/v1/diff":       []byte(`{"old":` + string(flat) + `,"new":` + string(heavy) + `}`),
	}
	for name, body := range cases {
		path := strings.Fields(name)[0]
		ratio := allocRatio(t, s, "POST", path, body)
		limit := lintAllocFactor
		if path == "/v1/diff" {
			limit = diffAllocFactor
		}
		assert.Less(t, ratio, float64(limit), name)
	}
}

// A cart near its cap (many lines, each a violation with a message and a
// hint) allocates within priceAllocFactor of its body.
func TestPriceStaysWithinItsMemoryBound(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	var b strings.Builder
	b.WriteString(`{"objectid":199994335,"order_type":1,"delivery_time":"2099-01-01T12:00:00","client":{"phone":"+79990000000","ln":"X"},"order":[`)
	for i := range 40000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"type":"d","qnt":1000,"items":[{"id":7,"type":"m","qnt":1000}]}`, 900000+i)
	}
	b.WriteString(`]}`)
	assert.Less(t, allocRatio(t, s, "POST", "/v1/price", []byte(b.String())), float64(priceAllocFactor))
}

// allocRatio is the bytes one request allocates (its answer included) per
// byte of its body; the request must succeed.
func allocRatio(t *testing.T, s http.Handler, method, path string, body []byte) float64 {
	t.Helper()
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	resp := do(t, s, method, path, body)
	runtime.ReadMemStats(&b)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s", method, path)
	ratio := float64(b.TotalAlloc-a.TotalAlloc) / float64(len(body))
	t.Logf("%s %s: %d bytes of body, %.1f× allocated", method, path, len(body), ratio)
	return ratio
}

// The work budget sheds what would not fit: a request computing holds its
// endpoint's factor times its body, and one that does not fit beside it
// is 503.
func TestWorkBudgetSheds(t *testing.T) {
	s := newServer(t, server.Options{WorkBudget: 100 << 10}, demoObject(t))
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	server.SetHold(s, func(*http.Request) { once.Do(func() { close(held); <-release }) })
	cart := testdata(t, "carts", "combo.json")
	done := make(chan *http.Response)
	go func() { done <- do(t, s, "POST", "/v1/price", cart) }()
	<-held
	resp := do(t, s, "POST", "/v1/price", cart)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), "memory")
	close(release)
	assert.Equal(t, http.StatusOK, (<-done).StatusCode)
	assert.Equal(t, http.StatusOK, do(t, s, "POST", "/v1/price", cart).StatusCode, "the budget is back")
}

// Readiness reports each object's version, age and last failed update;
// ?object= reports one.
func TestReadinessReportsObjects(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	s := newServer(t, server.Options{Now: func() time.Time { return now }})
	o := demoObject(t)
	o.LoadedAt = now.Add(-90 * time.Second)
	require.NoError(t, s.Publish(o))
	s.Failed(o.ID, errors.New("webdelivery: object 199994335: the fetched menu has no dishes"))
	s.Failed(42, errors.New("dishes: HTTP 503"))
	resp := do(t, s, "GET", "/readyz", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var got struct {
		Status  string
		Objects []server.ObjectState
	}
	require.NoError(t, json.Unmarshal(readAll(t, resp), &got))
	require.Len(t, got.Objects, 1, "an object never loaded and not expected is not listed")
	st := got.Objects[0]
	assert.Equal(t, o.Version, st.Version)
	assert.InDelta(t, 90, st.AgeSeconds, 0.001)
	assert.Contains(t, st.LastError, "no dishes")

	resp = do(t, s, "GET", "/readyz?object=199994335", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), `"last_error":"webdelivery: object 199994335`)
	resp = do(t, s, "GET", "/readyz?object=42", nil)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Contains(t, string(readAll(t, resp)), "HTTP 503")

	require.NoError(t, s.Publish(o)) // a good update clears the error
	assert.NotContains(t, string(readAll(t, do(t, s, "GET", "/readyz", nil))), "last_error")
	assert.Contains(t, string(readAll(t, do(t, s, "GET", "/metrics", nil))), `rkcart_menu_update_failures_total{object="199994335"} 1`)
}

// The object may come from the request: the reference's existing-customer
// order (no objectid in its body) with ?objectId= is valid and emitted
// with the object in the query; without it, bad_objectid.
func TestObjectFromTheQuery(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	cart := testdata(t, "carts", "reference-existing-customer.json")
	resp := do(t, s, "POST", "/v1/price", cart)
	assert.Contains(t, string(readAll(t, resp)), "bad_objectid", "the only object, not named: no context")
	for _, q := range []string{"objectId=199994335", "object=199994335"} {
		resp = do(t, s, "POST", "/v1/payload/savedeliveryorder?"+q, cart)
		body := string(readAll(t, resp))
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		assert.Contains(t, body, `"query":"objectId=199994335"`)
		assert.NotContains(t, body, `"objectid"`, "the body as sent")
	}
}

// A repair at its cap, every line needing a change: each change (a copy
// of the cart's tree, re-encoded, decoded and priced) allocates within
// RepairWork of the body; one change's allocations are garbage by the
// next, so that bounds the heap a repair holds.
func TestRepairStaysWithinItsMemoryBound(t *testing.T) {
	s := newServer(t, server.Options{}, demoObject(t))
	var b strings.Builder
	b.WriteString(`{"objectid":199994335,"order_type":0,"delivery_time":"2099-01-15T13:00:00","client":{"phone":"+79990000000","ln":"X"},"order":[`)
	for i := 0; b.Len() < int(engine.MaxRepairBytes)-64; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":1000042,"type":"d","qnt":1500}`) // fractional: set_quantity
	}
	b.WriteString(`]}`)
	body := []byte(b.String())
	var a, z runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	resp := do(t, s, "POST", "/v1/repair", body)
	runtime.ReadMemStats(&z)
	out := readAll(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%.300s", out)
	var rep struct {
		Changes []json.RawMessage `json:"changes"`
	}
	require.NoError(t, json.Unmarshal(out, &rep))
	require.Len(t, rep.Changes, engine.MaxRepairChanges, "the cap on changes holds")
	perChange := float64(z.TotalAlloc-a.TotalAlloc) / float64(len(rep.Changes)+1) / float64(len(body))
	t.Logf("repair: %d bytes of body, %d changes, %.1f× allocated per change", len(body), len(rep.Changes), perChange)
	assert.Less(t, perChange, float64(server.RepairWork))
	assert.Equal(t, http.StatusRequestEntityTooLarge, do(t, s, "POST", "/v1/repair", append(body, make([]byte, 64)...)).StatusCode)
}
