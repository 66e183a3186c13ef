package fakepos_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
	"github.com/rkcart/rkcart/status"
	"github.com/rkcart/rkcart/testkit"
	"github.com/rkcart/rkcart/webdelivery"
)

const object = 199994335

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func newClock() *clock { return &clock{now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)} }

// testdata reads the repository's testdata (the shared test kit).
var testdata = testkit.Testdata

// start serves a fake on loopback and returns it with a webdelivery client.
func start(t *testing.T, cfg fakepos.Config) (*fakepos.Fake, *httptest.Server, *webdelivery.Client) {
	t.Helper()
	f, err := fakepos.New(cfg)
	require.NoError(t, err)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := webdelivery.New(webdelivery.Options{BaseURL: srv.URL + "/api/v1/", SID: "fake", Timeout: 5 * time.Second, Retries: -1})
	require.NoError(t, err)
	return f, srv, c
}

func demoEngine(t *testing.T, now func() time.Time) *engine.Engine {
	t.Helper()
	e, err := engine.Load(demo.Menu(), demo.Restaurant(), engine.Options{Now: now})
	require.NoError(t, err)
	return e
}

// The whole flow a backend runs, with the webdelivery client: menus, a
// quote, the order, a payment, its state; every answer reconciles to match.
func TestFlowReconcilesToMatch(t *testing.T) {
	ck := newClock()
	f, _, c := start(t, fakepos.Config{Now: ck.Now, Seed: 1,
		Timeline: []fakepos.Step{{After: time.Minute, State: 1}, {After: 10 * time.Minute, State: 2}}})
	ctx := context.Background()

	r, _, err := c.Rests(ctx, 19999, 0)
	require.NoError(t, err)
	assert.EqualValues(t, object, r.ID)
	m, _, err := c.Dishes(ctx, object, "")
	require.NoError(t, err)
	assert.Equal(t, 8, m.Stats().Dishes)

	e := demoEngine(t, ck.Now)
	for _, name := range []string{"combo.json", "valid-delivery.json", "valid-pickup.json", "calcorder-4x5000.json"} {
		cart, err := engine.DecodeCart(testdata(t, "carts", name), 0)
		require.NoError(t, err)
		res := e.Price(cart)
		require.True(t, res.Valid, name)

		pays, err := c.CalcOrder(ctx, cart, res, pos.EmitOptions{})
		require.NoError(t, err, name)
		rec, err := pos.ReconcileCalcOrder(res, pays, pos.CalcOptions{BaseCode: 1})
		require.NoError(t, err)
		assert.Equal(t, pos.VerdictMatch, rec.Verdict, "%s CalcOrder: %+v", name, rec)

		resp, err := c.SaveDeliveryOrder(ctx, cart, res, pos.EmitOptions{})
		require.NoError(t, err, name)
		rec = pos.Reconcile(res, resp)
		assert.Equal(t, pos.VerdictMatch, rec.Verdict, "%s savedeliveryorder: %+v", name, rec)
		assert.Equal(t, res.Subtotal, resp.UnpaidSum, "order_sum and unpaid_sum are the dishes: the delivery price is not in them")

		order, err := c.Order(ctx, object, resp.VisitID)
		require.NoError(t, err)
		assert.Equal(t, pos.VerdictMatch, pos.Reconcile(res, order).Verdict, "%s Order", name)
	}

	snap := f.Snapshot()
	require.Len(t, snap.Orders, 4)
	first := snap.Orders[0]
	vid := first.VisitID
	// Pay half, then the rest: unpaid_sum follows.
	half := first.OrderSum / 2
	require.NoError(t, c.Payment(ctx, pos.Payment{ObjectID: object, VisitID: vid, Payments: []pos.PaymentLine{{CurrencyID: 1, ExtPayID: "ASSIST", Amount: half}}}))
	order, err := c.Order(ctx, object, itoa(vid))
	require.NoError(t, err)
	assert.Equal(t, first.OrderSum-half, order.UnpaidSum)
	assert.Equal(t, half, order.PrepaySum)
	err = c.Payment(ctx, pos.Payment{ObjectID: object, VisitID: vid, Payments: []pos.PaymentLine{{CurrencyID: 1, Amount: first.OrderSum}}})
	assert.Error(t, err, "paying more than is unpaid is refused")

	// The timeline: not confirmed, then accepted after a minute, in preparation after ten.
	cr, err := c.Courier(ctx, object, itoa(vid))
	require.NoError(t, err)
	assert.Equal(t, status.CourierNotConfirmed, cr.State)
	ck.Advance(2 * time.Minute)
	cr, err = c.Courier(ctx, object, itoa(vid))
	require.NoError(t, err)
	assert.Equal(t, status.CourierAccepted, cr.State)
	ck.Advance(10 * time.Minute)
	cr, err = c.Courier(ctx, object, itoa(vid))
	require.NoError(t, err)
	assert.Equal(t, status.CourierInPreparation, cr.State)
	assert.Equal(t, "in preparation", cr.StateName)

	// On demand, following the model: in preparation cannot go back to accepted.
	assert.ErrorIs(t, f.SetState(object, vid, status.CourierAccepted, false), status.ErrTransition)
	require.NoError(t, f.SetState(object, vid, status.CourierSent, false))
	require.NoError(t, f.SetState(object, vid, status.CourierAccepted, true), "forced")
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// Strict refuses a cart with errors, naming each violation; lax takes what
// the POS is known to take (max_one_dish_exceeded is a warning there).
func TestModes(t *testing.T) {
	// The reference's first example, moved to a time still ahead.
	cart := regexp.MustCompile(`"delivery_time": "[^"]*"`).ReplaceAll(testdata(t, "carts", "reference-pickup.json"), []byte(`"delivery_time": "2099-01-15T13:00:00"`))
	for _, tc := range []struct {
		mode fakepos.Mode
		ok   bool
	}{{fakepos.Strict, false}, {fakepos.Lax, true}} {
		f, srv, _ := start(t, fakepos.Config{Mode: tc.mode, Now: newClock().Now})
		resp, err := http.Post(srv.URL+"/api/v1/savedeliveryorder", "application/json", strings.NewReader(string(cart)))
		require.NoError(t, err)
		var env struct {
			Status string
			Errors []struct{ Code, Text, Details, Path string }
			Data   struct {
				OrderSum string `json:"order_sum"`
			}
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
		resp.Body.Close()
		assert.Equal(t, "fakepos", resp.Header.Get("X-Rkcart-Fake"))
		if tc.ok {
			assert.Equal(t, "Ok", env.Status)
			assert.Equal(t, "8789", env.Data.OrderSum, "the reference's subtotal before the POS's discounts")
			assert.Len(t, f.Snapshot().Orders, 1)
			continue
		}
		assert.Equal(t, "Err", env.Status)
		require.NotEmpty(t, env.Errors)
		assert.Equal(t, "max_one_dish_exceeded", env.Errors[0].Code)
		assert.Equal(t, "/order/0/items/0", env.Errors[0].Path)
		assert.NotEmpty(t, env.Errors[0].Text)
		assert.Empty(t, f.Snapshot().Orders, "nothing is saved")
	}
}

// The menu changes between the quote and the order: the fake's dishes
// and its pricing change at once, and the client's reconciliation sees it.
func TestMenuChangesBetweenQuoteAndOrder(t *testing.T) {
	ck := newClock()
	f, srv, c := start(t, fakepos.Config{Now: ck.Now})
	ctx := context.Background()
	e := demoEngine(t, ck.Now)
	cart, err := engine.DecodeCart(testdata(t, "carts", "valid-pickup.json"), 0)
	require.NoError(t, err)
	res := e.Price(cart)
	changed := strings.Replace(string(demo.Menu()), `"price": 5000,`, `"price": 5100,`, 1) // the first dish, Beetroot soup
	resp, err := http.Post(srv.URL+"/_fakepos/menu?objectid=199994335", "application/json", strings.NewReader(changed))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	m, _, err := c.Dishes(ctx, object, "")
	require.NoError(t, err)
	d, _ := m.Dish(1000039)
	assert.EqualValues(t, 5100, d.Price, "dishes answers the new menu")
	answer, err := c.SaveDeliveryOrder(ctx, cart, res, pos.EmitOptions{})
	require.NoError(t, err)
	rec := pos.Reconcile(res, answer)
	assert.Equal(t, pos.VerdictDiffers, rec.Verdict)
	assert.Equal(t, "price_changed", rec.Items[0].Code)

	// A stop list: the cart is refused.
	require.NoError(t, f.SetStopList(object, []menu.ID{1000039}))
	_, err = c.SaveDeliveryOrder(ctx, cart, res, pos.EmitOptions{})
	var apiErr *document.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "stopped", apiErr.Errors[0].Code)
}

// Faults: each kind, the order created or not as documented.
func TestFaults(t *testing.T) {
	ck := newClock()
	ctx := context.Background()
	e := demoEngine(t, ck.Now)
	cart, err := engine.DecodeCart(testdata(t, "carts", "valid-pickup.json"), 0)
	require.NoError(t, err)
	res := e.Price(cart)
	for _, tc := range []struct {
		fault   fakepos.Fault
		created bool
		check   func(t *testing.T, err error)
	}{
		{fakepos.Fault{Kind: fakepos.FaultDLW23}, false, func(t *testing.T, err error) {
			var ae *document.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "DLW-0023", ae.Errors[0].Code)
			assert.Equal(t, "Not answer from WS", ae.Errors[0].Details)
		}},
		{fakepos.Fault{Kind: fakepos.FaultError, Code: "DLW-0011", Text: "Object is not available"}, false, func(t *testing.T, err error) {
			var ae *document.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "DLW-0011", ae.Errors[0].Code)
		}},
		{fakepos.Fault{Kind: fakepos.Fault5xx, Status: 502}, false, func(t *testing.T, err error) {
			var he *webdelivery.HTTPError
			require.ErrorAs(t, err, &he)
			assert.Equal(t, 502, he.Status)
		}},
		{fakepos.Fault{Kind: fakepos.FaultTruncate}, true, func(t *testing.T, err error) { assert.Error(t, err) }},
		{fakepos.Fault{Kind: fakepos.FaultClose}, true, func(t *testing.T, err error) { assert.Error(t, err) }},
		{fakepos.Fault{Kind: fakepos.FaultLost}, true, func(t *testing.T, err error) { assert.Error(t, err) }},
		{fakepos.Fault{Kind: fakepos.FaultSlow, Delay: 50 * time.Millisecond}, true, func(t *testing.T, err error) { assert.NoError(t, err) }},
	} {
		t.Run(string(tc.fault.Kind), func(t *testing.T) {
			tc.fault.Method = "savedeliveryorder"
			f, _, c := start(t, fakepos.Config{Now: ck.Now, Faults: []fakepos.Fault{tc.fault}})
			_, err := c.SaveDeliveryOrder(ctx, cart, res, pos.EmitOptions{})
			tc.check(t, err)
			snap := f.Snapshot()
			assert.Equal(t, tc.created, len(snap.Orders) == 1, "order created: %v", tc.created)
			require.NotEmpty(t, snap.Requests)
			assert.Equal(t, string(tc.fault.Kind), snap.Requests[len(snap.Requests)-1].Fault)
			// Other methods are untouched.
			_, err = c.CalcOrder(ctx, cart, res, pos.EmitOptions{})
			assert.NoError(t, err)
		})
	}
}

// Payments in every configured currency, each by its rate.
func TestCurrencies(t *testing.T) {
	_, srv, _ := start(t, fakepos.Config{Now: newClock().Now, Currencies: []fakepos.Currency{
		{ID: 1, Code: 1, Name: "Rubles", Rate: 1000}, {ID: 2, Code: 22, Name: "Euro", Rate: 11}}})
	resp, err := http.Post(srv.URL+"/api/v1/CalcOrder", "application/json", strings.NewReader(string(testdata(t, "carts", "calcorder-4x5000.json"))))
	require.NoError(t, err)
	defer resp.Body.Close()
	var env struct {
		Data struct {
			Payments []struct {
				Code   int64
				Amount int64
			}
		}
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	require.Len(t, env.Data.Payments, 2)
	assert.EqualValues(t, 20000, env.Data.Payments[0].Amount, "4 × 50.00 in roubles")
	assert.EqualValues(t, 220, env.Data.Payments[1].Amount, "× 11/1000, rounded half away from zero")
	resp2, err := http.Get(srv.URL + "/api/v1/Currency?objectId=199994335")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp2.Body)
	resp2.Body.Close()
	assert.Contains(t, string(body), `"name":"Euro"`)
}

func TestFaultsByProbabilityAndCount(t *testing.T) {
	f, srv, _ := start(t, fakepos.Config{Seed: 7, Faults: []fakepos.Fault{{Method: "dishes", Kind: fakepos.FaultDLW23, Probability: 0.5}}})
	errs := 0
	for range 200 {
		resp, err := http.Get(srv.URL + "/api/v1/dishes?objectid=199994335")
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "DLW-0023") {
			errs++
		}
	}
	assert.InDelta(t, 100, errs, 30, "about half")
	f.SetFaults([]fakepos.Fault{{Kind: fakepos.Fault5xx, Count: 2}})
	codes := []int{}
	for range 3 {
		resp, err := http.Get(srv.URL + "/api/v1/Currency?objectId=199994335")
		require.NoError(t, err)
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	assert.Equal(t, []int{503, 503, 200}, codes, "two faults, then none")
}

// Reset and snapshot through the control endpoints; the snapshot lists
// requests, orders and faults.
func TestControlEndpoints(t *testing.T) {
	_, srv, _ := start(t, fakepos.Config{Now: newClock().Now})
	post := func(path, body string) int {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, 200, post("/api/v1/savedeliveryorder", string(testdata(t, "carts", "valid-pickup.json"))))
	var snap fakepos.Snapshot
	get := func() {
		resp, err := http.Get(srv.URL + "/_fakepos/snapshot")
		require.NoError(t, err)
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&snap))
		resp.Body.Close()
	}
	get()
	require.Len(t, snap.Orders, 1)
	assert.Len(t, snap.Requests, 1)
	vid := snap.Orders[0].VisitID
	assert.Equal(t, 200, post("/_fakepos/state", `{"object_id":199994335,"visit_id":`+itoa(vid)+`,"state":1}`))
	assert.Equal(t, 400, post("/_fakepos/state", `{"object_id":199994335,"visit_id":`+itoa(vid)+`,"state":5}`), "accepted cannot be archived")
	assert.Equal(t, 200, post("/_fakepos/faults", `[{"method":"dishes","kind":"slow","delay":"10ms"}]`))
	assert.Equal(t, 400, post("/_fakepos/faults", `[{"kind":"meteor"}]`))
	get()
	assert.Equal(t, status.CourierAccepted, snap.Orders[0].State)
	require.Len(t, snap.Faults, 1)
	assert.Equal(t, 10*time.Millisecond, snap.Faults[0].Delay)
	assert.Equal(t, 200, post("/_fakepos/reset", ""))
	get()
	assert.Empty(t, snap.Orders)
	assert.Empty(t, snap.Faults)
}

// Orders beyond the cap: the oldest is forgotten, memory stays bounded.
func TestOrdersAreCapped(t *testing.T) {
	f, srv, _ := start(t, fakepos.Config{Now: newClock().Now, MaxOrders: 3})
	for range 5 {
		resp, err := http.Post(srv.URL+"/api/v1/savedeliveryorder", "application/json", strings.NewReader(string(testdata(t, "carts", "valid-pickup.json"))))
		require.NoError(t, err)
		resp.Body.Close()
	}
	orders := f.Snapshot().Orders
	require.Len(t, orders, 3)
	assert.EqualValues(t, 3, orders[0].SeqNumber, "the first two were forgotten")
}

// The stop list endpoint takes the availability document too: a balance
// refuses a cart that wants more, over HTTP, and survives a menu change.
func TestStopListTakesTheAvailabilityDocument(t *testing.T) {
	ck := newClock()
	_, srv, _ := start(t, fakepos.Config{Now: ck.Now})
	post := func(path, body string) (int, string) {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	cart := string(testdata(t, "carts", "valid-pickup.json"))
	code, _ := post("/_fakepos/stoplist?objectid=199994335", `{"taken_at":"2026-11-23T12:00:00Z","balances":{"dishes":{"1000039":0}}}`)
	require.Equal(t, http.StatusOK, code)
	code, body := post("/api/v1/savedeliveryorder", cart)
	assert.Contains(t, body, "out_of_stock", "status %d", code)
	code, _ = post("/_fakepos/menu?objectid=199994335", string(demo.Menu()))
	require.Equal(t, http.StatusOK, code)
	_, body = post("/api/v1/savedeliveryorder", cart)
	assert.Contains(t, body, "out_of_stock", "a menu change keeps the availability")

	code, body = post("/_fakepos/stoplist?objectid=199994335", `{"taken_at":"2026-11-23T12:00:00Z","stoped":{}}`)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "/stoped")
	code, _ = post("/_fakepos/stoplist?objectid=199994335", `[]`)
	require.Equal(t, http.StatusOK, code, "a list of ids (the stop list alone) replaces it")
	code, body = post("/api/v1/savedeliveryorder", cart)
	assert.Equal(t, http.StatusOK, code, body)
}
