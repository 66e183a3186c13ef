package bench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/rkcart/rkcart/demo"
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
	for _, in := range menuInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				var doc wire.DishesDoc
				if err := json.Unmarshal(in.data, &doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
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
// Target: at most 1.25× BenchmarkDecodeOnly of the same input at every
// size; commonheavy5k (5,000 schemes sharing one common group of 5,000
// modifiers, 0.7 MB) under 100 ms.
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
		})
	}
}
