//go:build !wasm

package main

import (
	"fmt"
	"os"
)

// main outside WebAssembly says how to build it; the package's logic is
// tested natively (core_test.go).
func main() {
	fmt.Fprintln(os.Stderr, "cmd/wasm: build with GOOS=js GOARCH=wasm or GOOS=wasip1 GOARCH=wasm")
	os.Exit(2)
}
