package bench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
)

type menuInput struct {
	name string
	data []byte
}

func menuInputs(b *testing.B) []menuInput {
	b.Helper()
	hu, err := os.ReadFile(filepath.Join("..", "testdata", "menus", "menu-data.json"))
	if err != nil {
		b.Fatal(err)
	}
	return []menuInput{{"demo", demo.Menu()}, {"hu2417", hu}, {"synthetic1k", synthetic(1000)}, {"synthetic10k", synthetic(10000)},
		{"synthetic100k", synthetic(100000)}, {"commonheavy5k", commonHeavy()}}
}

var (
	syntheticMenus sync.Map // dishes → []byte
	commonHeavy    = sync.OnceValue(func() []byte { return CommonHeavyMenuJSON(5000, 5000) })
)

// synthetic is a menu of n dishes (n/20 schemes of 2×4 modifiers, one
// common group), built once per size.
func synthetic(n int) []byte {
	if v, ok := syntheticMenus.Load(n); ok {
		return v.([]byte)
	}
	v, _ := syntheticMenus.LoadOrStore(n, MenuJSON(DefaultSpec(n)))
	return v.([]byte)
}

// BenchmarkDecodeOnly is the floor for menu loading: encoding/json into the
// wire structs, nothing else.
func BenchmarkDecodeOnly(b *testing.B) {
	benchDecode(b, func(data []byte, doc *wire.DishesDoc) error { return json.Unmarshal(data, doc) })
}

// benchDecode times decode over every menu input.
func benchDecode(b *testing.B, decode func([]byte, *wire.DishesDoc) error) {
	for _, in := range menuInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				var doc wire.DishesDoc
				if err := decode(in.data, &doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeDishes is the reader menu.Load uses (wire.DecodeDishes:
// a hand reader for this one shape, encoding/json for anything odd) into
// the same wire structs: menu.Load ÷ this is what compiling costs.
func BenchmarkDecodeDishes(b *testing.B) {
	benchDecode(b, func(data []byte, doc *wire.DishesDoc) error { return wire.DecodeDishes(document.Menu, data, doc) })
}

// BenchmarkLint lints a compiled menu.
func BenchmarkLint(b *testing.B) {
	for _, in := range menuInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			m, err := menu.Load(in.data, menu.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = menu.Lint(m)
			}
		})
	}
}

// BenchmarkMenuLoad is decode + compile (indexes, name unescaping).
// Target: at most 1.15× BenchmarkDecodeOnly of the same input at every
// size; commonheavy5k (5,000 schemes sharing one common group of 5,000
// modifiers, 0.7 MB) under 100 ms.
//
// It also reports the heap a compiled menu keeps per dish (retained-B/dish:
// live heap after a collection with the menu held, less before it).
func BenchmarkMenuLoad(b *testing.B) {
	for _, in := range menuInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := menu.Load(in.data, menu.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if kept, dishes := retained(b, in.data); dishes > 0 {
				b.ReportMetric(float64(kept)/float64(dishes), "retained-B/dish")
			}
		})
	}
}

// retained loads data once and returns the live heap the menu holds and its
// number of dishes.
func retained(b *testing.B, data []byte) (uint64, int) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := menu.Load(data, menu.Options{})
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	n := m.Stats().Dishes
	runtime.KeepAlive(m)
	if after.HeapAlloc < before.HeapAlloc {
		return 0, n
	}
	return after.HeapAlloc - before.HeapAlloc, n
}
