package engine_test

import (
	"fmt"
	"time"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// exampleEngine builds an engine on the embedded demo data: the WebDelivery
// reference menu and restaurant 199994335 (minimum check 300.00 and delivery
// 300.00 roubles, 8:20–22:00), with the clock fixed for reproducible output.
func exampleEngine() *engine.Engine {
	m, err := menu.Load(demo.Menu(), menu.Options{})
	if err != nil {
		panic(err)
	}
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	e, err := engine.New(m, &r, engine.Options{Now: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	return e
}

func printResult(r engine.Result) {
	fmt.Println("valid:", r.Valid)
	fmt.Println("subtotal:", r.Subtotal, "delivery:", r.DeliveryPrice, "total:", r.Total)
	for _, l := range r.Lines {
		fmt.Printf("%s %s ×%s = %s\n", l.Path(), l.Name, l.Qnt, l.Amount)
		for _, c := range l.Components {
			fmt.Printf("  component %d ×%s = %s implied=%v\n", c.ID, c.Qnt, c.Amount, c.Implied)
			for _, m := range c.Modifiers {
				fmt.Printf("    modifier %d ×%s = %s\n", m.ID, m.Qnt, m.Amount)
			}
		}
		for _, m := range l.Modifiers {
			fmt.Printf("  modifier %d ×%s = %s\n", m.ID, m.Qnt, m.Amount)
		}
	}
	for _, v := range r.Violations {
		fmt.Println(v.Code, v.Path, v.Message)
	}
}

// A delivery order: three Pelmeni with the "hoop" modifier each. The
// subtotal is over the minimum check, so the delivery price is added.
func Example_deliveryCart() {
	e := exampleEngine()
	r, err := e.PriceJSON([]byte(`{
  "objectid": 199994335, "delivery_time": "2026-06-01T19:00:00",
  "order_type": 1, "pay_type": 0,
  "client": {"phone": "79131112233", "ln": "Ivanov"},
  "address": {"city": "Voronezh", "street": "Lizyukova", "house": "20"},
  "order": [{"id": 1000016, "type": "d", "qnt": 3000,
             "items": [{"id": 1000394, "type": "m", "qnt": 1000}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	printResult(r)
	// Output:
	// valid: true
	// subtotal: 339.60 delivery: 300.00 total: 639.60
	// /order/0 Pelmeni ×3.000 = 339.60
	//   modifier 1000394 ×1.000 = 189.60
}

// A combo (the demo "Business lunch") with Solyanka in the soup slot, which
// replaces the default Beetroot soup, and Pelmeni with a modifier of its own
// in the main slot.
func Example_comboWithModifiers() {
	e := exampleEngine()
	r, err := e.PriceJSON([]byte(`{
  "objectid": 199994335, "delivery_time": "2026-06-01T19:00:00",
  "order_type": 0, "pay_type": 0,
  "client": {"phone": "79131112233", "ln": "Ivanov"},
  "order": [{"id": 1000500, "type": "c", "qnt": 2000, "items": [
     {"id": 1000040, "type": "cc", "qnt": 1000},
     {"id": 1000016, "type": "cc", "qnt": 1000,
      "items": [{"id": 1000393, "type": "m", "qnt": 1000}]}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	printResult(r)
	// Output:
	// valid: true
	// subtotal: 540.00 delivery: 0.00 total: 540.00
	// /order/0 Business lunch ×2.000 = 540.00
	//   component 1000040 ×1.000 = 30.00 implied=false
	//   component 1000016 ×1.000 = 0.00 implied=false
	//     modifier 1000393 ×1.000 = 10.00
}

// A delivery order under the restaurant's minimum check: the cart is still
// priced (a client can show the total), but it is not valid.
func Example_deliveryBelowMinimum() {
	e := exampleEngine()
	r, err := e.PriceJSON([]byte(`{
  "objectid": 199994335, "delivery_time": "2026-06-01T19:00:00",
  "order_type": 1, "pay_type": 0,
  "client": {"phone": "79131112233", "ln": "Ivanov"},
  "address": {"street": "Lizyukova", "house": "20"},
  "order": [{"id": 1000039, "type": "d", "qnt": 1000}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	printResult(r)
	// Output:
	// valid: false
	// subtotal: 50.00 delivery: 300.00 total: 350.00
	// /order/0 Beetroot soup ×1.000 = 50.00
	// below_min_check /order subtotal 50.00 is below the minimum check 300.00 for delivery
}

// The first savedeliveryorder example of the WebDelivery reference: the
// "Third" modifier is limited to 2 per dish.
func ExampleEngine_Price() {
	e := exampleEngine()
	r := e.Price(&engine.Cart{
		ObjectID:     199994335,
		DeliveryTime: "2026-06-01T19:00:00",
		Client:       engine.Client{Phone: "79996661010", LastName: "Testov"},
		Lines: []engine.Line{{Type: engine.TypeDish, ID: 1000039, Qnt: 1000,
			Items: []engine.Item{{Type: engine.TypeModifier, ID: 1000388, Qnt: 3000}}}},
	})
	fmt.Println(int64(r.Subtotal), r.Valid)
	for _, v := range r.Violations {
		max, _ := v.Params.Get("max")
		actual, _ := v.Params.Get("actual")
		fmt.Println(v.Code, v.Path, max, actual)
	}
	// Output:
	// 8789 false
	// max_one_dish_exceeded /order/0/items/0 2 3
}

// A worker prices carts one after another into the Result it keeps: after
// the first cart has grown its buffers, pricing allocates nothing. Copy out
// what must outlive the next cart (or use Price for a Result of its own).
func ExampleEngine_PriceInto() {
	e := exampleEngine()
	header := engine.Cart{ObjectID: 199994335, DeliveryTime: "2026-06-01T19:00:00",
		Client: engine.Client{Phone: "79996661010", LastName: "Testov"}}
	two, limited := header, header
	two.Lines = []engine.Line{{Type: engine.TypeDish, ID: 1000039, Qnt: 2000}}
	limited.Lines = []engine.Line{{Type: engine.TypeDish, ID: 1000039, Qnt: 1000,
		Items: []engine.Item{{Type: engine.TypeModifier, ID: 1000388, Qnt: 3000}}}}

	var r engine.Result // one per worker goroutine
	for _, c := range []*engine.Cart{&two, &limited} {
		e.PriceInto(&r, c)
		fmt.Println(r.Subtotal, r.Valid, len(r.Lines), len(r.Violations))
	}
	// Output:
	// 100.00 true 1 0
	// 87.89 false 1 1
}
