package webdelivery_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/pos"
	"github.com/rkcart/rkcart/testkit"
	"github.com/rkcart/rkcart/webdelivery"
)

// testdata reads the repository's testdata (the shared test kit).
var testdata = testkit.Testdata

// server answers each path with a function of the attempt number.
type server struct {
	t       *testing.T
	answers map[string]func(n int, r *http.Request) (int, []byte)
	hits    map[string]*atomic.Int32
	bodies  map[string][]byte
}

func newServer(t *testing.T) (*server, *webdelivery.Client, *[]time.Duration) {
	s := &server{t: t, answers: map[string]func(int, *http.Request) (int, []byte){}, hits: map[string]*atomic.Int32{}, bodies: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("sid") != "secret-sid" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		name := r.URL.Path[len("/api/v1/"):]
		h := s.hits[name]
		if h == nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		n := int(h.Add(1))
		body, _ := io.ReadAll(r.Body)
		s.bodies[name] = body
		code, b := s.answers[name](n, r)
		w.WriteHeader(code)
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	var sleeps []time.Duration
	c, err := webdelivery.New(webdelivery.Options{BaseURL: srv.URL + "/api/v1/", SID: "secret-sid", Timeout: 2 * time.Second,
		Sleep:  func(ctx context.Context, d time.Duration) error { sleeps = append(sleeps, d); return ctx.Err() },
		Jitter: func() float64 { return 1 }})
	require.NoError(t, err)
	return s, c, &sleeps
}

func (s *server) on(name string, f func(n int, r *http.Request) (int, []byte)) {
	s.answers[name] = f
	s.hits[name] = &atomic.Int32{}
}

func always(body []byte) func(int, *http.Request) (int, []byte) {
	return func(int, *http.Request) (int, []byte) { return 200, body }
}

var dlw23 = []byte(`{"status":"Err","errors":[{"code":"DLW-0023","text":"RK7 error","details":"Not answer from WS"}],"requestId":"r-23"}`)

func TestReads(t *testing.T) {
	s, c, _ := newServer(t)
	s.on("dishes", func(_ int, r *http.Request) (int, []byte) {
		assert.Equal(t, "199990094", r.URL.Query().Get("objectid"))
		assert.Equal(t, "ru", r.URL.Query().Get("lang"))
		return 200, demo.Menu()
	})
	s.on("rests", always(demo.Restaurant()))
	s.on("menutree", always(testdata(t, "menus", "menutree-reference.json")))
	s.on("Currency", always([]byte(`{"data":[{"curid":1,"name":"Rubles","promised":"false"}],"status":"Ok"}`)))
	s.on("Order", always(testdata(t, "responses", "order-reference.json")))
	s.on("courier", always(testdata(t, "responses", "courier-reference.json")))
	ctx := context.Background()
	m, raw, err := c.Dishes(ctx, 199990094, "ru")
	require.NoError(t, err)
	assert.Equal(t, demo.Menu(), raw)
	assert.Positive(t, m.Stats().Dishes)
	r, _, err := c.Rests(ctx, 19999, 0)
	require.NoError(t, err)
	assert.Positive(t, int64(r.ID))
	tree, _, err := c.MenuTree(ctx, 199990094, "")
	require.NoError(t, err)
	assert.NotEmpty(t, tree)
	cur, err := c.Currency(ctx, 199990094)
	require.NoError(t, err)
	assert.Equal(t, "Rubles", cur[0].Name)
	o, err := c.Order(ctx, 199990094, "412747060")
	require.NoError(t, err)
	assert.True(t, o.Priced)
	cr, err := c.Courier(ctx, 199990094, "412747060")
	require.NoError(t, err)
	assert.True(t, cr.State.Valid())
}

// Reads retry 5xx, 429 and DLW-0023 with doubling backoff, and give up on
// what retrying cannot fix.
func TestReadsRetry(t *testing.T) {
	s, c, sleeps := newServer(t)
	s.on("dishes", func(n int, _ *http.Request) (int, []byte) {
		switch n {
		case 1:
			return 503, []byte("busy")
		case 2:
			return 429, nil
		case 3:
			return 200, dlw23
		}
		return 200, demo.Menu()
	})
	_, _, err := c.Dishes(context.Background(), 1, "")
	require.NoError(t, err)
	assert.Equal(t, int32(4), s.hits["dishes"].Load())
	assert.Equal(t, []time.Duration{300 * time.Millisecond, 600 * time.Millisecond, 1200 * time.Millisecond}, *sleeps)

	// A 4xx, a malformed body and another API error are not retried.
	for name, answer := range map[string]func(int, *http.Request) (int, []byte){
		"bad request": func(int, *http.Request) (int, []byte) { return 400, []byte("no") },
		"malformed":   always([]byte(`{"data":`)),
		"api error":   always([]byte(`{"status":"Err","errors":[{"code":"DLW-0001","text":"bad object"}],"requestId":"r1"}`)),
		"a cart":      always(testdata(t, "carts", "combo.json")),
	} {
		s.on("Currency", answer)
		_, err := c.Currency(context.Background(), 1)
		require.Error(t, err, name)
		assert.Equal(t, int32(1), s.hits["Currency"].Load(), name)
	}
	var ae *document.APIError
	s.on("Currency", always([]byte(`{"status":"Err","errors":[{"code":"DLW-0001","text":"bad object","details":"no such"}],"requestId":"r1"}`)))
	_, err = c.Currency(context.Background(), 1)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "r1", ae.RequestID)
	assert.Equal(t, "DLW-0001", ae.Errors[0].Code)
	assert.Equal(t, "no such", ae.Errors[0].Details)

	// Retries end with the retry budget, with the last error.
	s.on("Order", func(int, *http.Request) (int, []byte) { return 502, []byte("gateway") })
	_, err = c.Order(context.Background(), 1, "2")
	var he *webdelivery.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 502, he.Status)
	assert.Equal(t, int32(4), s.hits["Order"].Load(), "1 try + 3 retries")
}

func pricedCart(t *testing.T) (*engine.Cart, engine.Result) {
	t.Helper()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	e, err := engine.Load(demo.Menu(), demo.Restaurant(), engine.Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	c, err := engine.DecodeCart(testdata(t, "carts", "valid-pickup.json"), 0)
	require.NoError(t, err)
	return c, e.Price(c)
}

// Creating an order is never retried; a lost answer says the state is
// unknown, an Err envelope or a 4xx says it was refused.
func TestSaveDeliveryOrderIsNeverRetried(t *testing.T) {
	s, c, _ := newServer(t)
	cart, res := pricedCart(t)
	s.on("savedeliveryorder", always(testdata(t, "responses", "savedeliveryorder-reference.json")))
	o, err := c.SaveDeliveryOrder(context.Background(), cart, res, pos.EmitOptions{})
	require.NoError(t, err)
	assert.True(t, o.Priced)
	want, err := pos.EmitSaveDeliveryOrder(cart, res, pos.EmitOptions{})
	require.NoError(t, err)
	assert.Equal(t, string(want.Body), string(s.bodies["savedeliveryorder"]), "the body pos writes")

	for name, tc := range map[string]struct {
		answer  func(int, *http.Request) (int, []byte)
		unknown bool
	}{
		"503":      {func(int, *http.Request) (int, []byte) { return 503, nil }, true},
		"cut body": {always([]byte(`{"data":{"visit_id":"4127`)), true},
		"DLW-0023": {always(dlw23), true}, // RK7 did not answer: it may have made the order
		"Err":      {always([]byte(`{"status":"Err","errors":[{"code":"DLW-0001","text":"bad"}]}`)), false},
		"400":      {func(int, *http.Request) (int, []byte) { return 400, []byte("bad") }, false},
	} {
		s.on("savedeliveryorder", tc.answer)
		_, err := c.SaveDeliveryOrder(context.Background(), cart, res, pos.EmitOptions{})
		require.Error(t, err, name)
		assert.Equal(t, int32(1), s.hits["savedeliveryorder"].Load(), "%s: never retried", name)
		assert.Equal(t, tc.unknown, errors.Is(err, webdelivery.ErrStateUnknown), "%s: %v", name, err)
	}

	// A connection dropped after the request was sent: the state is unknown.
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close()
	}))
	defer dead.Close()
	dc, err := webdelivery.New(webdelivery.Options{BaseURL: dead.URL + "/", SID: "x"})
	require.NoError(t, err)
	_, err = dc.SaveDeliveryOrder(context.Background(), cart, res, pos.EmitOptions{})
	var ue *webdelivery.UnknownStateError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "savedeliveryorder", ue.Call)
	// A refused cart is never sent.
	_, err = dc.SaveDeliveryOrder(context.Background(), cart, engine.Result{}, pos.EmitOptions{})
	assert.ErrorIs(t, err, pos.ErrMismatch)
}

func TestCalcOrderAndPayment(t *testing.T) {
	s, c, _ := newServer(t)
	cart, res := pricedCart(t)
	s.on("CalcOrder", func(n int, _ *http.Request) (int, []byte) {
		if n == 1 {
			return 200, dlw23 // CalcOrder only calculates: retried
		}
		return 200, testdata(t, "responses", "calcorder-reference.json")
	})
	pays, err := c.CalcOrder(context.Background(), cart, res, pos.EmitOptions{})
	require.NoError(t, err)
	assert.Len(t, pays, 3)
	assert.Equal(t, int32(2), s.hits["CalcOrder"].Load())

	s.on("payment", always([]byte(`{"status":"Ok","requestId":"p1"}`)))
	p := pos.Payment{ObjectID: 199990094, VisitID: 411765152, Payments: []pos.PaymentLine{{CurrencyID: 1000379, ExtPayID: "ASSIST", Amount: 62718, Promised: true}}}
	require.NoError(t, c.Payment(context.Background(), p))
	assert.JSONEq(t, `{"object_id":199990094,"visit_id":411765152,"payments":[{"currency_id":1000379,"extpay_id":"ASSIST","amount":62718,"promised":true}]}`, string(s.bodies["payment"]))
	s.on("payment", func(int, *http.Request) (int, []byte) { return 500, nil })
	err = c.Payment(context.Background(), p)
	assert.ErrorIs(t, err, webdelivery.ErrStateUnknown)
	assert.Equal(t, int32(1), s.hits["payment"].Load())
}

func TestContextAndOptions(t *testing.T) {
	_, err := webdelivery.New(webdelivery.Options{BaseURL: "ftp://x"})
	assert.Error(t, err)
	s, c, _ := newServer(t)
	s.on("dishes", func(int, *http.Request) (int, []byte) { return 503, nil })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = c.Dishes(ctx, 1, "")
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, webdelivery.Retryable(fmt.Errorf("wrapped: %w", context.Canceled)))
	assert.True(t, webdelivery.Retryable(&webdelivery.HTTPError{Status: 503}))
	assert.False(t, webdelivery.Retryable(&webdelivery.HTTPError{Status: 404}))
}
