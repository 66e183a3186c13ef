package qrmenu_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/rkcart/rkcart/qrmenu"
)

// Decoding a saved events response and checking it.
func ExampleCheck() {
	resp, err := qrmenu.Decode([]byte(`{"result":true,"data":{"updates":[
 {"hash":"0xd11f09a7","code":"save_order","table":6,
  "invoice":{"order_guid":"{G}","table_id":6,"unpaid_sum":186.0,"session":{"items":[],"payments":null}},
  "order":{"guid":"{G}","sum":186.0,"pricelist_sum":186.0,"table":{"id":6},"discounts":[],"payments":[],
           "dishes":[{"id":1000041,"price":150.0,"count":1.0,"sum":150.0},
                     {"id":1000062,"price":12.0,"count":3.0,"sum":35.0}]}},
 {"hash":"0x0badf00d","code":"table_moved","table":6}]}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ev := range resp.Updates {
		fmt.Println(ev.Code, ev.Known())
	}
	for _, f := range qrmenu.Check(resp) {
		fmt.Println(f.Code, f.Path, f.Expected, f.Actual)
	}
	// Output:
	// save_order true
	// table_moved false
	// dish_sum_mismatch /data/updates/0/order/dishes/1/sum 3600 3500
	// pricelist_sum_mismatch /data/updates/0/order/pricelist_sum 18500 18600
	// order_sum_mismatch /data/updates/0/order/sum 18500 18600
}

// Polling a QR server (here a stand-in) for new events.
func ExamplePoller() {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("hash") == "none" {
			fmt.Fprint(w, `{"result":true,"data":{"updates":[{"hash":"0x1","code":"waiter_call","table":6,"invoice":null,"order":null}]}}`)
			return
		}
		fmt.Fprint(w, `{"result":true,"data":{"updates":[]}}`)
	}))
	defer srv.Close()
	p, err := qrmenu.NewPoller(qrmenu.PollerOptions{BaseURL: srv.URL, Token: "secret", HTTPClient: srv.Client()})
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 2 {
		b, err := p.Poll(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(len(b.Events), "new, last hash", b.Hash, "gap", b.Gap)
	}
	// Output:
	// 1 new, last hash 0x1 gap false
	// 0 new, last hash 0x1 gap false
}
