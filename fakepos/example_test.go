package fakepos_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fakepos"
	"github.com/rkcart/rkcart/pos"
	"github.com/rkcart/rkcart/status"
	"github.com/rkcart/rkcart/webdelivery"
)

// A backend's integration test: the fake on httptest, the WebDelivery
// client against it, an order saved and reconciled, its delivery state on
// a timeline, then an answer lost after the order was made.
func Example() {
	var now atomic.Int64 // the test's clock, read by the fake's handlers
	now.Store(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC).Unix())
	clock := func() time.Time { return time.Unix(now.Load(), 0).UTC() }
	fake, _ := fakepos.New(fakepos.Config{Now: clock, Seed: 1,
		Timeline: []fakepos.Step{{After: 5 * time.Minute, State: int(status.CourierAccepted)}}})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c, _ := webdelivery.New(webdelivery.Options{BaseURL: srv.URL + "/api/v1/", Retries: -1})
	ctx := context.Background()

	e, _ := engine.Load(demo.Menu(), demo.Restaurant(), engine.Options{Now: clock})
	cart, _ := engine.DecodeCart([]byte(`{"objectid":199994335,"order_type":0,"pay_type":0,"delivery_time":"2099-01-15T13:00:00",
		"client":{"phone":"79996661010","ln":"Testov"},"order":[{"id":1000016,"type":"d","qnt":2000,"items":[{"id":1000393,"type":"m"}]}]}`), 0)
	res := e.Price(cart)
	answer, err := c.SaveDeliveryOrder(ctx, cart, res, pos.EmitOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println("order", answer.VisitID, "sum", answer.OrderSum, pos.Reconcile(res, answer).Verdict)

	courier, _ := c.Courier(ctx, 199994335, answer.VisitID)
	fmt.Println(courier.StateName)
	now.Add(int64(6 * time.Minute / time.Second))
	courier, _ = c.Courier(ctx, 199994335, answer.VisitID)
	fmt.Println(courier.StateName)

	fake.SetFaults([]fakepos.Fault{{Method: "savedeliveryorder", Kind: fakepos.FaultLost, Count: 1}})
	_, err = c.SaveDeliveryOrder(ctx, cart, res, pos.EmitOptions{})
	fmt.Println(err != nil, len(fake.Snapshot().Orders), "orders: the second exists though the client got nothing")
	// Output:
	// order 412747061 sum 110.00 match
	// not confirmed
	// accepted for processing
	// true 2 orders: the second exists though the client got nothing
}
