// Command cartfile writes the benchmark menu (2,000 dishes) and its
// 10-line cart — the bytes BenchmarkPriceJSON and bench/load price — to
// DIR/menu.json and DIR/cart.json, for benchmarks outside Go (the
// WebAssembly build's, js/bench.mjs).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/rkcart/rkcart/bench"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cartfile DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "cartfile:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	data := bench.MenuJSON(bench.DefaultSpec(2000))
	m, err := menu.Load(data, menu.Options{})
	if err != nil {
		return err
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	e, err := engine.New(m, &menu.Restaurant{ID: 1}, engine.Options{Location: time.UTC, Now: func() time.Time { return now }})
	if err != nil {
		return err
	}
	c := bench.Cart(m, 1, 10, 3, 10)
	req, err := pos.EmitSaveDeliveryOrder(c, e.Price(c), pos.EmitOptions{})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "menu.json"), data, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "cart.json"), req.Body, 0o644)
}
