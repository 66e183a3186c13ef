// Command cartfile writes the benchmark menu (2,000 dishes) and its
// 10-line cart — the bytes BenchmarkPriceJSON and bench/load price — to
// DIR/menu.json and DIR/cart.json, for benchmarks outside Go (the
// WebAssembly build's, js/bench.mjs).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rkcart/rkcart/bench"
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
	fx, err := bench.NewFixture()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "menu.json"), fx.MenuJSON, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "cart.json"), fx.Cart, 0o644)
}
