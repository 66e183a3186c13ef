package bench

import (
	"fmt"
	"testing"
	"time"

	"github.com/rkcart/rkcart/pos"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// priceFixture is the engine and carts the pricing benchmarks share: a
// synthetic 2,000-dish menu and carts of 1, 10 and 200 lines with 3
// modifiers each.
type priceFixture struct {
	eng   *engine.Engine
	menu  *menu.Menu
	carts map[int]*engine.Cart
}

func newPriceFixture(tb testing.TB) priceFixture {
	tb.Helper()
	m, err := menu.Load(MenuJSON(DefaultSpec(2000)), menu.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	e, err := engine.New(m, &menu.Restaurant{ID: 1}, engine.Options{Location: time.UTC, Now: func() time.Time { return now }})
	if err != nil {
		tb.Fatal(err)
	}
	f := priceFixture{eng: e, menu: m, carts: map[int]*engine.Cart{}}
	for _, n := range []int{1, 10, 200} {
		c := Cart(m, 1, n, 3, uint64(n))
		if r := e.Price(c); !r.Valid {
			tb.Fatalf("benchmark cart of %d lines is invalid: %v", n, r.Violations)
		}
		f.carts[n] = c
	}
	return f
}

// BenchmarkPrice measures the pricing entry point, Engine.PriceInto: one
// Result per goroutine, reused from cart to cart as a server or kiosk keeps
// one per worker. BenchmarkPriceAlloc measures the convenience Price, which
// allocates a fresh Result per call.
func BenchmarkPrice(b *testing.B) {
	f := newPriceFixture(b)
	for _, n := range []int{1, 10, 200} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) { benchSerial(b, f.carts[n], f.eng.PriceInto) })
	}
}

func BenchmarkPriceParallel(b *testing.B) {
	f := newPriceFixture(b)
	b.Run("lines=10", func(b *testing.B) { benchParallel(b, f.carts[10], f.eng.PriceInto) })
}

// BenchmarkPriceAlloc is Price: the same pass plus a new Result (lines and
// modifiers, 2 allocations) per call, left to the garbage collector.
func BenchmarkPriceAlloc(b *testing.B) {
	f := newPriceFixture(b)
	for _, n := range []int{1, 10, 200} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) { benchSerial(b, f.carts[n], allocating(f.eng)) })
	}
}

func BenchmarkPriceAllocParallel(b *testing.B) {
	f := newPriceFixture(b)
	b.Run("lines=10", func(b *testing.B) { benchParallel(b, f.carts[10], allocating(f.eng)) })
}

// allocating is Price in PriceInto's shape. It drops the new Result rather
// than store it in *r: a store into the heap-held Result adds write barriers
// (+10% measured) that a caller of Price need not pay.
func allocating(e *engine.Engine) func(*engine.Result, *engine.Cart) {
	return func(_ *engine.Result, c *engine.Cart) { _ = e.Price(c) }
}

// benchSerial prices c again and again into one Result, after a first call
// that grows its buffers as a worker's first cart would.
func benchSerial(b *testing.B, c *engine.Cart, price func(*engine.Result, *engine.Cart)) {
	var r engine.Result
	price(&r, c)
	b.ReportAllocs()
	for b.Loop() {
		price(&r, c)
	}
}

// benchParallel prices c from every goroutine, each with its own Result.
func benchParallel(b *testing.B, c *engine.Cart, price func(*engine.Result, *engine.Cart)) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var r engine.Result
		for pb.Next() {
			price(&r, c)
		}
	})
}

// BenchmarkGCFloor measures the machine, not rkcart: the entry point plus
// one extra pointer-free allocation of the given size per cart, serial and
// parallel. It shows what any per-cart allocation costs in parallel
// throughput here (the garbage collector's work moves from the idle core
// onto the pricing ones), and so why PriceInto is the entry point.
func BenchmarkGCFloor(b *testing.B) {
	f := newPriceFixture(b)
	c := f.carts[10]
	for _, size := range []int{0, 512, 1024, 3072} {
		// keep is the goroutine's last buffer: a make of non-constant size is
		// always on the heap, and keeping it makes the write observable.
		price := func(r *engine.Result, keep *[]money.Kopecks) {
			f.eng.PriceInto(r, c)
			if size > 0 {
				*keep = make([]money.Kopecks, size/8)
				(*keep)[0] = r.Total
			}
		}
		b.Run(fmt.Sprintf("bytes=%d", size), func(b *testing.B) {
			var r engine.Result
			var keep []money.Kopecks
			for b.Loop() {
				price(&r, &keep)
			}
		})
		b.Run(fmt.Sprintf("bytes=%d/parallel", size), func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				var r engine.Result
				var keep []money.Kopecks
				for pb.Next() {
					price(&r, &keep)
				}
			})
		})
	}
}

// kernelInputs lists the (unit price, quantity) pairs the 10-line cart
// prices: one per dish and one per modifier, 40 in all.
func kernelInputs(tb testing.TB, f priceFixture) ([]money.Kopecks, []money.Qty) {
	r := f.eng.Price(f.carts[10])
	var prices []money.Kopecks
	var qnts []money.Qty
	for _, l := range r.Lines {
		prices, qnts = append(prices, l.Price), append(qnts, l.Qnt)
		for _, m := range l.Modifiers {
			prices, qnts = append(prices, m.Price*money.Kopecks(m.Qnt/money.Piece)), append(qnts, l.Qnt)
		}
	}
	if len(prices) != 40 {
		tb.Fatalf("want 40 amounts, got %d", len(prices))
	}
	return prices, qnts
}

// BenchmarkKernelFloor is the bare money kernel over the 40 amounts of the
// 10-line cart: the floor every pricing figure is compared with.
func BenchmarkKernelFloor(b *testing.B) {
	prices, qnts := kernelInputs(b, newPriceFixture(b))
	b.ReportAllocs()
	var sink money.Kopecks
	for b.Loop() {
		var s money.Sum
		for i := range prices {
			s.AddErr(prices[i].MulQty(qnts[i]))
		}
		t, _ := s.Total()
		sink += t
	}
	_ = sink
}

// BenchmarkPayload emits the savedeliveryorder body of the 10-line cart.
// Target: ≤ 5 µs/op.
func BenchmarkPayload(b *testing.B) {
	f := newPriceFixture(b)
	b.Run("lines=10", func(b *testing.B) {
		c := f.carts[10]
		r := f.eng.Price(c)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPriceStock prices carts whose every dish has a balance (a large
// one: the carts stay valid), beside BenchmarkPriceUnstocked on the same
// carts with no availability: the cost of tracking stock per line should
// not grow with the number of distinct stocked dishes in the cart.
func BenchmarkPriceStock(b *testing.B) {
	benchStock(b, true)
}

func BenchmarkPriceUnstocked(b *testing.B) {
	benchStock(b, false)
}

func benchStock(b *testing.B, stocked bool) {
	m, err := menu.Load(MenuJSON(DefaultSpec(12000)), menu.Options{})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	e, err := engine.New(m, &menu.Restaurant{ID: 1}, engine.Options{Location: time.UTC, Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	if stocked {
		left := map[menu.ID]money.Qty{}
		for _, d := range m.Dishes() {
			left[d.ID] = 1 << 40
		}
		e.SetAvailability(&engine.Availability{DishLeft: left, TakenAt: now})
	}
	for _, n := range []int{100, 1000, 10000} {
		c := Cart(m, 1, n, 0, uint64(n))
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			var r engine.Result
			e.PriceInto(&r, c)
			if !r.Valid {
				b.Fatalf("the cart of %d lines is invalid: %v", n, r.Violations[0])
			}
			b.ReportAllocs()
			for b.Loop() {
				e.PriceInto(&r, c)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
		})
	}
}
