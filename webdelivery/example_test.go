package webdelivery_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
	"github.com/rkcart/rkcart/webdelivery"
)

// The whole loop against a stand-in server: pull the menu, price a cart,
// ask CalcOrder, save the order, poll the courier state.
func Example() {
	answers := map[string]string{"CalcOrder": "calcorder-reference.json", "savedeliveryorder": "savedeliveryorder-reference.json",
		"courier": "courier-reference.json"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[len("/api/v1/"):]
		switch name {
		case "dishes":
			_, _ = w.Write(demo.Menu())
		case "rests":
			_, _ = w.Write(demo.Restaurant())
		default:
			b, _ := os.ReadFile(filepath.Join("..", "testdata", "responses", answers[name]))
			_, _ = w.Write(b)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	c, _ := webdelivery.New(webdelivery.Options{BaseURL: srv.URL + "/api/v1/", SID: "session"})

	// Keep an engine's menu current (here: once).
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	e, _ := engine.New(&menu.Menu{}, nil, engine.Options{Now: func() time.Time { return now }})
	sy, _ := webdelivery.NewSyncer(c, e, webdelivery.SyncOptions{ObjectID: 199994335, CorpID: 19999})
	u := sy.Refresh(ctx)
	fmt.Println("menu loaded:", u.Changed, e.Menu().Stats().Dishes, "dishes")

	cart, _ := engine.DecodeCart([]byte(`{"objectid":199994335,"delivery_time":"2026-06-01T19:00:00","order_type":0,"pay_type":0,
 "client":{"phone":"79990001122","ln":"Ivanov"},"order":[{"id":"1000039","type":"d","qnt":4000}]}`), 0)
	res := e.Price(cart)
	fmt.Println("valid:", res.Valid, "subtotal:", res.Subtotal)

	pays, _ := c.CalcOrder(ctx, cart, res, pos.EmitOptions{})
	rec, _ := pos.ReconcileCalcOrder(res, pays, pos.CalcOptions{})
	fmt.Println("CalcOrder:", rec.Actual, rec.Verdict)

	order, err := c.SaveDeliveryOrder(ctx, cart, res, pos.EmitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("visit:", order.VisitID)
	st, _ := c.Courier(ctx, 199994335, order.VisitID)
	fmt.Println("state:", st.State)
	// Output:
	// menu loaded: true 8 dishes
	// valid: true subtotal: 200.00
	// CalcOrder: 190.00 discounted
	// visit: 412747060
	// state: not confirmed
}
