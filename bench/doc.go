// Package bench holds rkcart's benchmarks and the builders they use.
//
// Run them with
//
//	go test ./bench -run '^$' -bench . -count 10 | tee new.txt
//	benchstat new.txt
//
// Names are stable so that results compare across changes:
// BenchmarkMenuLoad/{demo,hu2417} against the floor BenchmarkDecodeOnly/…
// (plain encoding/json into the same wire structs); BenchmarkPrice/lines=N
// and BenchmarkPriceParallel (the entry point, engine.Engine.PriceInto with
// a reused Result) against the floor BenchmarkKernelFloor;
// BenchmarkPriceAlloc/… for the allocating engine.Engine.Price; and
// BenchmarkGCFloor for what any per-cart allocation costs on the machine.
package bench
