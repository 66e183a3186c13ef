package bench

import (
	"time"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
)

// Fixture is the setup the benchmarks outside `go test` share (bench/load,
// bench/cartfile, js/bench.mjs through it): the 2,000-dish menu, an engine
// on it at a fixed clock in UTC for restaurant 1, and the savedeliveryorder
// body of the 10-line, 3-modifier cart — the bytes BenchmarkPriceJSON
// prices.
type Fixture struct {
	MenuJSON   []byte
	Menu       *menu.Menu
	Restaurant *menu.Restaurant
	Options    engine.Options
	Engine     *engine.Engine
	Cart       []byte
}

// NewFixture builds the fixture.
//
// It returns an error only if the synthetic documents fail to load or the
// cart does not emit (a bug in the builders).
func NewFixture() (Fixture, error) {
	f := Fixture{MenuJSON: MenuJSON(DefaultSpec(2000)), Restaurant: &menu.Restaurant{ID: 1}}
	var err error
	if f.Menu, err = menu.Load(f.MenuJSON, menu.Options{}); err != nil {
		return f, err
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	f.Options = engine.Options{Location: time.UTC, Now: func() time.Time { return now }}
	if f.Engine, err = engine.New(f.Menu, f.Restaurant, f.Options); err != nil {
		return f, err
	}
	c := Cart(f.Menu, 1, 10, 3, 10)
	req, err := pos.EmitSaveDeliveryOrder(c, f.Engine.Price(c), pos.EmitOptions{})
	if err != nil {
		return f, err
	}
	f.Cart = req.Body
	return f, nil
}
