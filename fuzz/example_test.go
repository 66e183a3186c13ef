package fuzz_test

import (
	"fmt"
	"time"

	"github.com/leanovate/gopter"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fuzz"
	"github.com/rkcart/rkcart/menu"
)

// Generating valid carts and single-rule mutations for a menu, and checking
// them against the engine — what the property tests do, at their scale.
func ExampleMutationGen() {
	m, _ := menu.Load(demo.Menu(), menu.Options{})
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	e, _ := engine.New(m, nil, engine.Options{Now: func() time.Time { return now }})
	params := fuzz.CartParams{Now: now}

	gp := gopter.DefaultGenParameters()
	gp.Rng.Seed(1)
	valid, exact := 0, 0
	for range 100 {
		c, _ := fuzz.ValidCartGen(m, params)(gp).Retrieve()
		if e.Price(c.(*engine.Cart)).Valid {
			valid++
		}
		v, _ := fuzz.MutationGen(m, params)(gp).Retrieve()
		mu := v.(fuzz.Mutation)
		r := e.Price(mu.Cart)
		if len(r.Violations) == 1 && r.Violations[0].Code == mu.Code && r.Violations[0].Path == mu.Path {
			exact++
		}
	}
	fmt.Println(valid, "valid,", exact, "exact mutations of 100")
	// Output: 100 valid, 100 exact mutations of 100
}
