package fuzz_test

import (
	"math/rand"
	"testing"
	"time"

	"github.com/rkcart/rkcart/bench"
	"github.com/rkcart/rkcart/fuzz"
	"github.com/rkcart/rkcart/menu"
)

// BenchmarkGenSetup is what `rkcart gen` does before its first cart: a
// generator for the menu and the rules it can produce (200 tries each).
// It must grow linearly with the menu: 10× the dishes, about 10× the time.
func BenchmarkGenSetup(b *testing.B) {
	for _, tc := range []struct {
		name string
		data func() []byte
	}{
		{"dishes=10000", func() []byte { return bench.MenuJSON(bench.DefaultSpec(10_000)) }},
		{"dishes=100000", func() []byte { return bench.MenuJSON(bench.DefaultSpec(100_000)) }},
		{"common-heavy=1000x1000", func() []byte { return bench.CommonHeavyMenuJSON(1000, 1000) }},
		{"common-heavy=5000x5000", func() []byte { return bench.CommonHeavyMenuJSON(5000, 5000) }},
	} {
		m, err := menu.Load(tc.data(), menu.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				g := fuzz.NewGenerator(m, fuzz.CartParams{Location: time.UTC, Now: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)})
				rules, _ := g.Producible(rand.New(rand.NewSource(int64(i))), g.Rules(), 200)
				if len(rules) == 0 {
					b.Fatal("no rule producible")
				}
			}
		})
	}
}
