package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/gateway"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/testkit"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// rig is a gateway in front of a fake POS, with what the fake received.
type rig struct {
	fake    *fakepos.Fake
	gw      *gateway.Gateway
	srv     *httptest.Server
	journal *syncBuffer
	store   gateway.Store

	mu   sync.Mutex
	seen []seenRequest // what reached the fake
}

type seenRequest struct {
	method, path, query, sid, idem string
	body                           []byte
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func newRig(t *testing.T, o gateway.Options, faults ...fakepos.Fault) *rig {
	t.Helper()
	f, err := fakepos.New(fakepos.Config{Now: clock, Seed: 1, Faults: faults})
	require.NoError(t, err)
	rg := &rig{fake: f, journal: &syncBuffer{}}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rg.mu.Lock()
		rg.seen = append(rg.seen, seenRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("sid"), r.Header.Get("Idempotency-Key"), body})
		rg.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(up.Close)
	if o.Store == nil {
		s, err := gateway.OpenBolt(t.TempDir(), nil)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		o.Store = s
	}
	rg.store = o.Store
	o.Upstream = up.URL + "/api/v1/"
	o.Salt = []byte("test salt")
	o.Journal = rg.journal
	o.Engine = engine.Options{Now: clock}
	o.Now = time.Now
	rg.gw, err = gateway.New(o)
	require.NoError(t, err)
	rg.srv = httptest.NewServer(rg.gw)
	t.Cleanup(rg.srv.Close)
	return rg
}

// journalLines waits for n lines of the journal (written after the
// answer) and returns them.
func (rg *rig) journalLines(t *testing.T, n int) []string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		lines := strings.Split(strings.TrimSpace(rg.journal.String()), "\n")
		if len(lines) == n && lines[0] != "" {
			return lines
		}
		if time.Now().After(deadline) {
			t.Fatalf("the journal has not %d lines:\n%s", n, rg.journal.String())
		}
	}
}

func (rg *rig) saw(path string) int {
	rg.mu.Lock()
	defer rg.mu.Unlock()
	n := 0
	for _, s := range rg.seen {
		if s.path == path {
			n++
		}
	}
	return n
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (rg *rig) do(t *testing.T, method, path string, body []byte, h map[string]string) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, rg.srv.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("sid", "the-sid")
	for k, v := range h {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return reply{res.StatusCode, res.Header, b}
}

func status(t *testing.T, b []byte) (string, []string) {
	t.Helper()
	var e struct {
		Status string `json:"status"`
		Errors []struct {
			Code string `json:"code"`
			Path string `json:"path"`
			Text string `json:"text"`
		} `json:"errors"`
	}
	require.NoError(t, json.Unmarshal(b, &e), string(b))
	var codes []string
	for _, it := range e.Errors {
		codes = append(codes, it.Code)
	}
	return e.Status, codes
}

var validCart, invalidCart = mustRead("testdata/valid-pickup.json"), mustRead("testdata/invalid-pickup.json")

func mustRead(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return b
}

func TestForwardsUnchanged(t *testing.T) {
	rg := newRig(t, gateway.Options{})
	r := rg.do(t, "GET", "/api/v1/courier?objectId=199994335&visitId=1", nil, map[string]string{"X-Custom": "kept"})
	rg.mu.Lock()
	last := rg.seen[len(rg.seen)-1]
	rg.mu.Unlock()
	assert.Equal(t, "/api/v1/courier", last.path)
	assert.Equal(t, "objectId=199994335&visitId=1", last.query)
	assert.Equal(t, "the-sid", last.sid)
	st, codes := status(t, r.body)
	assert.Equal(t, "Err", st) // the fake's own answer: no such order
	assert.Equal(t, []string{"DLW-0004"}, codes)
	assert.Equal(t, "fakepos", r.header.Get("X-Rkcart-Fake"), "the upstream's headers come back")
	assert.Equal(t, "enforce", r.header.Get("Rkcart-Gateway"))
}

func TestEnforceRefusesWithoutCallingThePOS(t *testing.T) {
	rg := newRig(t, gateway.Options{Mode: gateway.Enforce})
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", invalidCart, map[string]string{"Accept-Language": "ru"})
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	st, codes := status(t, r.body)
	assert.Equal(t, "Err", st)
	assert.NotEmpty(t, codes)
	assert.Equal(t, "refused", r.header.Get("Rkcart-Verdict"))
	assert.NotEmpty(t, r.header.Get("Rkcart-Menu-Version"))
	assert.Zero(t, rg.saw("/api/v1/savedeliveryorder"), "the POS was called for a refused cart")
	assert.Regexp(t, `[а-яА-Я]`, string(r.body), "the refusal's text is in the request's language")
	assert.Empty(t, rg.fake.Snapshot().Orders)

	r = rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	st, _ = status(t, r.body)
	assert.Equal(t, "Ok", st, string(r.body))
	assert.Equal(t, "valid", r.header.Get("Rkcart-Verdict"))
	assert.Equal(t, 1, rg.saw("/api/v1/savedeliveryorder"))
	assert.Len(t, rg.fake.Snapshot().Orders, 1)
}

func TestShadowForwardsAndReconciles(t *testing.T) {
	rg := newRig(t, gateway.Options{Mode: gateway.Shadow})
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", invalidCart, nil)
	st, _ := status(t, r.body)
	assert.Equal(t, "Err", st, "the fake (strict) refuses it itself")
	assert.Equal(t, 1, rg.saw("/api/v1/savedeliveryorder"))
	r = rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	st, _ = status(t, r.body)
	assert.Equal(t, "Ok", st)
	lines := rg.journalLines(t, 2)
	var e struct {
		Agreement      string `json:"agreement"`
		Reconciliation struct {
			Verdict string `json:"verdict"`
		} `json:"reconciliation"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &e))
	assert.Equal(t, "agree", e.Agreement, lines[0]) // both refuse
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &e))
	assert.Equal(t, "agree", e.Agreement, lines[1])
	assert.Equal(t, "match", e.Reconciliation.Verdict, lines[1])
}

func TestJournalRedacts(t *testing.T) {
	rg := newRig(t, gateway.Options{Mode: gateway.Pass})
	rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	j := rg.journalLines(t, 1)[0]
	for _, personal := range []string{"79996661010", "e.korsunov@ucs.ru", "Testov", "Pickup at the counter", "the-sid"} {
		assert.NotContains(t, j, personal)
	}
	var e struct {
		Cart json.RawMessage `json:"cart"`
	}
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(j)), &e))
	// The redacted cart prices the same: its phone and e-mail stay well formed.
	eng := testkit.DemoEngine(t, now)
	c, err := engine.DecodeCart(e.Cart, 0)
	require.NoError(t, err)
	orig, err := engine.DecodeCart(validCart, 0)
	require.NoError(t, err)
	assert.Equal(t, testkit.Codes(eng.Price(orig)), testkit.Codes(eng.Price(c)))
	assert.True(t, eng.Price(c).Valid)
}

func TestKeySendsOnce(t *testing.T) {
	rg := newRig(t, gateway.Options{})
	h := map[string]string{"Idempotency-Key": "order-1"}
	first := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, h)
	second := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, h)
	assert.Equal(t, first.status, second.status)
	assert.Equal(t, string(first.body), string(second.body))
	assert.Empty(t, first.header.Get("Rkcart-Replayed"))
	assert.Equal(t, "true", second.header.Get("Rkcart-Replayed"))
	assert.Equal(t, 1, rg.saw("/api/v1/savedeliveryorder"))
	assert.Len(t, rg.fake.Snapshot().Orders, 1)
	rg.mu.Lock()
	assert.Empty(t, rg.seen[len(rg.seen)-1].idem, "the key is the gateway's, not forwarded")
	rg.mu.Unlock()

	other := bytes.Replace(validCart, []byte(`"qnt": 2000`), []byte(`"qnt": 3000`), 1)
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", other, h)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status)
	_, codes := status(t, r.body)
	assert.Equal(t, []string{gateway.CodeKeyReused}, codes)
	assert.Len(t, rg.fake.Snapshot().Orders, 1)
}

func TestConcurrentKeyCreatesOneOrder(t *testing.T) {
	rg := newRig(t, gateway.Options{}, fakepos.Fault{Method: "savedeliveryorder", Kind: fakepos.FaultSlow, Delay: 200 * time.Millisecond})
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Go(func() {
			r := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, map[string]string{"Idempotency-Key": "same"})
			bodies[i] = string(r.body)
		})
	}
	wg.Wait()
	assert.Len(t, rg.fake.Snapshot().Orders, 1)
	for _, b := range bodies {
		assert.Equal(t, bodies[0], b)
	}
}

func TestLostAnswerIsUnknownUntilResolved(t *testing.T) {
	rg := newRig(t, gateway.Options{AdminToken: "tok"}, fakepos.Fault{Method: "savedeliveryorder", Kind: fakepos.FaultLost, Count: 1})
	h := map[string]string{"Idempotency-Key": "lost-1"}
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, h)
	assert.Equal(t, http.StatusBadGateway, r.status)
	assert.Equal(t, "unknown", r.header.Get("Rkcart-Outcome"))
	_, codes := status(t, r.body)
	assert.Equal(t, []string{gateway.CodeStateUnknown}, codes)
	require.Len(t, rg.fake.Snapshot().Orders, 1, "the fake made the order and lost the answer")

	again := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, h)
	assert.Equal(t, http.StatusBadGateway, again.status)
	assert.Equal(t, "true", again.header.Get("Rkcart-Replayed"))
	assert.Equal(t, 1, rg.saw("/api/v1/savedeliveryorder"), "an unknown key is never forwarded again")
	assert.Len(t, rg.fake.Snapshot().Orders, 1)

	// The admin lists it and resolves it with the answer found at the POS.
	list := rg.do(t, "GET", "/_rkcart/keys?state=unknown", nil, map[string]string{"Authorization": "Bearer tok"})
	require.Equal(t, http.StatusOK, list.status, string(list.body))
	var keys struct {
		Keys []struct {
			Key string `json:"key"`
		} `json:"keys"`
	}
	require.NoError(t, json.Unmarshal(list.body, &keys))
	require.Len(t, keys.Keys, 1)
	assert.Equal(t, r.header.Get("Rkcart-Key"), keys.Keys[0].Key)
	assert.Equal(t, http.StatusUnauthorized, rg.do(t, "GET", "/_rkcart/keys", nil, map[string]string{"Authorization": "Bearer nope"}).status)
	res, _ := json.Marshal(map[string]any{"key": keys.Keys[0].Key, "outcome": "done", "status": 200, "body": json.RawMessage(`{"status":"Ok","data":{"visit_id":"1"}}`)})
	ok := rg.do(t, "POST", "/_rkcart/keys/resolve", res, map[string]string{"Authorization": "Bearer tok"})
	require.Equal(t, http.StatusOK, ok.status, string(ok.body))
	after := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, h)
	assert.Equal(t, http.StatusOK, after.status)
	assert.JSONEq(t, `{"status":"Ok","data":{"visit_id":"1"}}`, string(after.body))
	assert.Len(t, rg.fake.Snapshot().Orders, 1)
}

func TestDLW23OnAWriteIsUnknown(t *testing.T) {
	rg := newRig(t, gateway.Options{}, fakepos.Fault{Method: "savedeliveryorder", Kind: fakepos.FaultDLW23, Count: 1})
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, map[string]string{"Idempotency-Key": "k"})
	assert.Equal(t, "unknown", r.header.Get("Rkcart-Outcome"))
	r = rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, map[string]string{"Idempotency-Key": "k"})
	assert.Equal(t, "unknown", r.header.Get("Rkcart-Outcome"))
	assert.Equal(t, 1, rg.saw("/api/v1/savedeliveryorder"))
}

func TestCallerHangingUpDoesNotCancelTheWrite(t *testing.T) {
	rg := newRig(t, gateway.Options{}, fakepos.Fault{Method: "savedeliveryorder", Kind: fakepos.FaultSlow, Delay: 300 * time.Millisecond, Count: 1})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", rg.srv.URL+"/api/v1/savedeliveryorder", bytes.NewReader(validCart))
	req.Header.Set("Idempotency-Key", "hang")
	req.Header.Set("sid", "the-sid") // a key is its sid's
	errc := make(chan error, 1)
	go func() {
		_, err := http.DefaultClient.Do(req)
		errc <- err
	}()
	for { // hang up once the gateway has claimed the key and is sending
		keys, err := rg.store.Keys(context.Background(), gateway.Pending, 1)
		require.NoError(t, err)
		if len(keys) == 1 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	require.Error(t, <-errc)
	// The retry waits for the first send and gets its answer.
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, map[string]string{"Idempotency-Key": "hang"})
	st, _ := status(t, r.body)
	assert.Equal(t, "Ok", st, string(r.body))
	assert.Equal(t, "true", r.header.Get("Rkcart-Replayed"), "%v\n%s", r.header, rg.journal.String())
	assert.Len(t, rg.fake.Snapshot().Orders, 1)
}

func TestDerivedKeys(t *testing.T) {
	rg := newRig(t, gateway.Options{DeriveKeys: true})
	rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	assert.Equal(t, "true", r.header.Get("Rkcart-Replayed"))
	assert.Len(t, rg.fake.Snapshot().Orders, 1)
	other := bytes.Replace(validCart, []byte("79996661010"), []byte("79996661011"), 1)
	rg.do(t, "POST", "/api/v1/savedeliveryorder", other, nil)
	assert.Len(t, rg.fake.Snapshot().Orders, 2, "another phone is another order")

	plain := newRig(t, gateway.Options{})
	plain.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	plain.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	assert.Len(t, plain.fake.Snapshot().Orders, 2, "without keys nor --derive-keys the gateway cannot tell a retry")
}

func TestReadsAreCached(t *testing.T) {
	rg := newRig(t, gateway.Options{})
	a := rg.do(t, "GET", "/api/v1/dishes?objectid=199994335", nil, nil)
	b := rg.do(t, "GET", "/api/v1/dishes?objectid=199994335", nil, nil)
	assert.Equal(t, "miss", a.header.Get("Rkcart-Cache"))
	assert.Equal(t, "hit", b.header.Get("Rkcart-Cache"))
	assert.Equal(t, string(a.body), string(b.body))
	assert.NotEmpty(t, a.header.Get("Rkcart-Menu-Version"))
	assert.Equal(t, a.header.Get("Rkcart-Menu-Version"), b.header.Get("Rkcart-Menu-Version"))
	assert.Equal(t, 1, rg.saw("/api/v1/dishes"))
	// The gateway judges carts with the same answer: no second fetch.
	rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	assert.Equal(t, 1, rg.saw("/api/v1/dishes"))
	// Concurrent misses make one upstream call.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { rg.do(t, "GET", "/api/v1/Currency?objectId=199994335", nil, nil) })
	}
	wg.Wait()
	assert.Equal(t, 1, rg.saw("/api/v1/Currency"))
	// Another sid does not read this sid's answers.
	req, _ := http.NewRequest("GET", rg.srv.URL+"/api/v1/dishes?objectid=199994335", nil)
	req.Header.Set("sid", "another")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, "miss", res.Header.Get("Rkcart-Cache"))
}

func TestFailClosed(t *testing.T) {
	for _, closed := range []bool{false, true} {
		rg := newRig(t, gateway.Options{FailClosed: closed})
		cart := bytes.Replace(validCart, []byte("199994335"), []byte("42"), 1) // an object the fake does not have
		r := rg.do(t, "POST", "/api/v1/savedeliveryorder", cart, nil)
		assert.Equal(t, "unjudged", r.header.Get("Rkcart-Verdict"))
		if closed {
			assert.Equal(t, http.StatusServiceUnavailable, r.status)
			assert.NotEmpty(t, r.header.Get("Retry-After"))
			assert.Zero(t, rg.saw("/api/v1/savedeliveryorder"))
		} else {
			assert.Equal(t, 1, rg.saw("/api/v1/savedeliveryorder"), "fail open forwards")
		}
	}
}

func TestStoreDownNeverForwards(t *testing.T) {
	s, err := gateway.OpenBolt(t.TempDir(), nil)
	require.NoError(t, err)
	rg := newRig(t, gateway.Options{Store: s, Mode: gateway.Pass})
	require.NoError(t, s.Close())
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, map[string]string{"Idempotency-Key": "x"})
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.NotEmpty(t, r.header.Get("Retry-After"))
	assert.Zero(t, rg.saw("/api/v1/savedeliveryorder"))
}

func TestUnreachableUpstreamFreesTheKey(t *testing.T) {
	s, err := gateway.OpenBolt(t.TempDir(), nil)
	require.NoError(t, err)
	defer s.Close()
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	g, err := gateway.New(gateway.Options{Upstream: dead.URL + "/api/v1/", Store: s, Salt: []byte("s"), Mode: gateway.Pass})
	require.NoError(t, err)
	req := httptest.NewRequest("POST", "/api/v1/savedeliveryorder", bytes.NewReader(validCart))
	req.Header.Set("Idempotency-Key", "k")
	w := httptest.NewRecorder()
	g.ServeHTTP(w, req)
	assert.Equal(t, http.StatusBadGateway, w.Code)
	assert.Contains(t, w.Body.String(), gateway.CodeNotSent)
	_, found, err := s.Get(context.Background(), "k")
	require.NoError(t, err)
	keys, _ := s.Keys(context.Background(), gateway.Pending, 10)
	assert.False(t, found)
	assert.Empty(t, keys, "a write never sent leaves no key")
}

func TestHealthReadyMetrics(t *testing.T) {
	rg := newRig(t, gateway.Options{})
	h := rg.do(t, "GET", "/healthz", nil, nil)
	assert.Equal(t, http.StatusOK, h.status)
	assert.Contains(t, string(h.body), `"version"`)
	r := rg.do(t, "GET", "/readyz", nil, nil)
	assert.Equal(t, http.StatusOK, r.status, string(r.body))
	rg.do(t, "GET", "/api/v1/dishes?objectid=199994335", nil, nil)
	c := rg.do(t, "GET", "/api/v1/Currency?objectId=199994335", nil, nil)
	assert.NotEmpty(t, c.header.Get("Rkcart-Menu-Version"), "an answer about an object carries its menu version")
	m := rg.do(t, "GET", "/metrics", nil, nil)
	assert.Contains(t, string(m.body), `rkcart_gateway_cache_total{call="dishes",result="miss"} 1`)
	assert.Contains(t, string(m.body), `rkcart_gateway_upstream_calls_total{call="dishes"} 1`)

	require.NoError(t, rg.store.Close())
	r = rg.do(t, "GET", "/readyz", nil, nil)
	assert.Equal(t, http.StatusServiceUnavailable, r.status, "the store is down")
}

// Every path of gateway/openapi.json is served, with the statuses it
// documents for a plain GET (or POST) without a token.
func TestOpenAPIPathsAreServed(t *testing.T) {
	rg := newRig(t, gateway.Options{AdminToken: "a-token-of-16-chars"})
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(gateway.OpenAPI(), &doc))
	require.Len(t, doc.Paths, 6)
	for path, ops := range doc.Paths {
		for method, op := range ops {
			r := rg.do(t, strings.ToUpper(method), path, []byte(`{}`), nil)
			assert.Contains(t, op.Responses, strconv.Itoa(r.status), "%s %s answered %d", method, path, r.status)
			assert.NotEqual(t, http.StatusNotFound, r.status, "%s %s", method, path)
		}
	}
}

// A body over the cap is 413 before the POS sees it, in the envelope.
func TestBodiesAreCapped(t *testing.T) {
	rg := newRig(t, gateway.Options{MaxBody: 1 << 10})
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", bytes.Repeat([]byte(" "), 2<<10), nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status)
	_, codes := status(t, r.body)
	assert.Equal(t, []string{gateway.CodeTooLarge}, codes)
	assert.Zero(t, rg.saw("/api/v1/savedeliveryorder"))
}

// A payment with a key is applied once however often it is retried; a
// CalcOrder and a UCS postorder of an invalid cart are refused in enforce
// without reaching the upstream.
func TestPaymentsAndOtherCartCalls(t *testing.T) {
	rg := newRig(t, gateway.Options{})
	order := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, map[string]string{"Idempotency-Key": "o"})
	var saved struct {
		Data struct {
			VisitID string `json:"visit_id"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(order.body, &saved), string(order.body))
	pay := []byte(`{"object_id":199994335,"visit_id":` + saved.Data.VisitID + `,"payments":[{"currency_id":1,"amount":1000}]}`)
	for range 3 {
		r := rg.do(t, "POST", "/api/v1/payment", pay, map[string]string{"Idempotency-Key": "pay-1"})
		st, _ := status(t, r.body)
		assert.Equal(t, "Ok", st, string(r.body))
	}
	assert.Equal(t, 1, rg.saw("/api/v1/payment"))
	orders := rg.fake.Snapshot().Orders
	require.Len(t, orders, 1)
	assert.EqualValues(t, 1000, orders[0].Paid, "paid once")

	r := rg.do(t, "POST", "/api/v1/CalcOrder", invalidCart, nil)
	assert.Equal(t, "refused", r.header.Get("Rkcart-Verdict"))
	assert.Zero(t, rg.saw("/api/v1/CalcOrder"))
	r = rg.do(t, "POST", "/api/v1/postorder/199994335", invalidCart, nil)
	assert.Equal(t, "refused", r.header.Get("Rkcart-Verdict"))
	assert.Zero(t, rg.saw("/api/v1/postorder/199994335"))
	r = rg.do(t, "POST", "/api/v1/CalcOrder", validCart, nil)
	st, _ := status(t, r.body)
	assert.Equal(t, "Ok", st, string(r.body))
	assert.Equal(t, 1, rg.saw("/api/v1/CalcOrder"))
}

// A derived key holds for its window only: the same cart after it is a
// new order.
func TestDerivedKeysLastTheirWindow(t *testing.T) {
	rg := newRig(t, gateway.Options{DeriveKeys: true, DeriveWindow: 300 * time.Millisecond})
	rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	assert.Len(t, rg.fake.Snapshot().Orders, 1)
	time.Sleep(500 * time.Millisecond)
	r := rg.do(t, "POST", "/api/v1/savedeliveryorder", validCart, nil)
	assert.Empty(t, r.header.Get("Rkcart-Replayed"))
	assert.Len(t, rg.fake.Snapshot().Orders, 2)
}

// The gateway's menu version is the one every door computes for the same
// documents: the dishes answer and the object's own rests document
// (menu.SingleRests of its restaurant, as a sync and `menu pull` have it).
func TestMenuVersionIsTheSyncersOne(t *testing.T) {
	rg := newRig(t, gateway.Options{})
	rests := rg.do(t, "GET", "/api/v1/rests?corpid=1", nil, nil)
	dishes := rg.do(t, "GET", "/api/v1/dishes?objectid=199994335", nil, nil)
	parts, err := menu.SplitRestaurants(rests.body)
	require.NoError(t, err)
	require.Len(t, parts, 1)
	assert.Equal(t, document.Version(dishes.body, menu.SingleRests(parts[0].Raw)), dishes.header.Get("Rkcart-Menu-Version"))
}

// An answer whose data is an array (Currency) is cached: its status is
// read in the one decoding.
func TestArrayAnswersAreCached(t *testing.T) {
	rg := newRig(t, gateway.Options{})
	a := rg.do(t, "GET", "/api/v1/Currency?objectId=199994335", nil, nil)
	b := rg.do(t, "GET", "/api/v1/Currency?objectId=199994335", nil, nil)
	assert.Equal(t, "miss", a.header.Get("Rkcart-Cache"))
	assert.Equal(t, "hit", b.header.Get("Rkcart-Cache"))
	assert.Equal(t, 1, rg.saw("/api/v1/Currency"))
}
