package pos_test

import (
	"fmt"
	"time"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/pos"
)

// exampleEngine prices on the embedded demo data (the WebDelivery reference
// menu and restaurant) on 2026-06-01 at noon.
func exampleEngine() *engine.Engine {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	e, err := engine.Load(demo.Menu(), demo.Restaurant(), engine.Options{Now: func() time.Time { return now }})
	if err != nil {
		panic(err) // the embedded demo data always loads
	}
	return e
}

// Emitting the savedeliveryorder body for a valid cart: repeated modifiers
// are merged, ids written as strings, dc lines kept as sent.
func ExampleEmitSaveDeliveryOrder() {
	e := exampleEngine()
	cart, err := engine.DecodeCart([]byte(`{
  "objectid": 199994335, "delivery_time": "2026-06-01T19:00:00", "order_type": 0, "pay_type": 0,
  "client": {"phone": "79131112233", "ln": "Ivanov"},
  "order": [{"id": 1000016, "type": "d", "qnt": 2000, "items": [
      {"id": 1000393, "type": "m"}, {"id": 1000394, "type": "m"}, {"id": 1000394, "type": "m"}]},
    {"id": "101706", "type": "dc", "crm": true}]}`), 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	res := e.Price(cart)
	req, err := pos.EmitSaveDeliveryOrder(cart, res, pos.EmitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.Method, req.URL())
	fmt.Println(string(req.Body))
	// Output:
	// POST savedeliveryorder
	// {"objectid":199994335,"delivery_time":"2026-06-01T19:00:00","order_type":0,"pay_type":0,"client":{"phone":"79131112233","ln":"Ivanov"},"order":[{"id":"1000016","type":"d","qnt":2000,"items":[{"id":"1000393","type":"m","qnt":1000,"items":[]},{"id":"1000394","type":"m","qnt":2000,"items":[]}]},{"id":"101706","type":"dc","crm":true}]}
}

// Reconciling the first savedeliveryorder example of the WebDelivery
// reference with its response: 87.89 here, 83.50 at the POS, and the 4.39
// between them is the POS's discount.
func ExampleReconcile() {
	e := exampleEngine()
	res, _ := e.PriceJSON([]byte(`{"objectid": 199994335, "delivery_time": "2026-06-01T19:00:00", "order_type": 0, "pay_type": 2,
  "client": {"phone": "79996661010", "ln": "Testov"},
  "order": [{"id": "1000039", "type": "d", "qnt": 1000, "items": [{"id": 1000388, "type": "m", "qnt": 3000}]}]}`))
	resp, err := pos.DecodeOrderResponse([]byte(`{"data": {"visit_id": "412747060", "order_sum": "8350", "discount_sum": "-439",
  "dishes": [{"id": "1000039", "price": "5000", "amount": "8350", "quantity": "1000",
              "modi": [{"id": 1000388, "price": 1263, "quantity": 3000}]}]}, "status": "Ok"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := pos.Reconcile(res, resp)
	fmt.Println(rec.Expected, rec.Actual, rec.Difference)
	for _, it := range rec.Items {
		fmt.Println(it.Code, it.Amount)
	}
	fmt.Println("verdict:", rec.Verdict)
	// Output:
	// 87.89 83.50 -4.39
	// discount -4.39
	// verdict: discounted
}
