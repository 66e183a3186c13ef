package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/server"
)

// A Go program mounts the sidecar as a handler; here it serves the demo
// object and prices a pickup cart sent as a PHP backend would.
func Example() {
	m, _ := menu.Load(demo.Menu(), menu.Options{})
	r, _ := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	s, err := server.New(server.Options{Engine: engine.Options{Now: func() time.Time { return now }},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		panic(err)
	}
	if err := s.Set([]server.Object{{ID: r.ID, Menu: m, Restaurant: &r, Version: document.Version(demo.Menu(), demo.Restaurant())}}); err != nil {
		panic(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()

	cart := `{"objectid":199994335,"order_type":0,"pay_type":0,"delivery_time":"2099-01-15T13:00:00",
		"client":{"phone":"79996661010","ln":"Testov"},"order":[{"id":1000016,"type":"d","qnt":2000}]}`
	resp, err := http.Post(srv.URL+"/v1/price", "application/json", strings.NewReader(cart))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, resp.Header.Get("Rkcart-Valid"), resp.Header.Get("Rkcart-Menu-Version"))
	fmt.Println(strings.Contains(string(body), `"total":10000`))

	bad, _ := http.Post(srv.URL+"/v1/price", "application/json", strings.NewReader(`{"order": [`))
	problem, _ := io.ReadAll(bad.Body)
	bad.Body.Close()
	fmt.Println(bad.Status, bad.Header.Get("Content-Type"))
	fmt.Print(string(problem))
	// Output:
	// 200 OK true 74b57fd077fe31e4
	// true
	// 400 Bad Request application/problem+json
	// {"type":"urn:rkcart:problem:bad-document","title":"The document cannot be read","status":400,"detail":"cart: line 1, column 12: unexpected end of JSON input","kind":"cart","line":1,"column":12}
}
