package bench

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/rkcart/rkcart/pos"

	"github.com/rkcart/rkcart/engine"
)

// cartJSON is the savedeliveryorder body of the benchmark cart of n lines
// (3 modifiers each): about 2 KB for 10 lines.
func cartJSON(tb testing.TB, f priceFixture, n int) []byte {
	tb.Helper()
	c := f.carts[n]
	req, err := pos.EmitSaveDeliveryOrder(c, f.eng.Price(c), pos.EmitOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return req.Body
}

// BenchmarkDecodeCart measures engine.DecodeCart. Targets (medians of one
// interleaved run): lines=10 ≤ 1.0× StdlibDecode/lines=10 and ≤ 30
// allocs/op; lines=200 ≤ 25× lines=10.
func BenchmarkDecodeCart(b *testing.B) {
	f := newPriceFixture(b)
	for _, n := range []int{10, 200} {
		data := cartJSON(b, f, n)
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := engine.DecodeCart(data, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPriceJSON is the README's first call: decode and price, with a
// new Result. Target: ≤ 1.3× StdlibDecode/lines=10.
func BenchmarkPriceJSON(b *testing.B) {
	f := newPriceFixture(b)
	data := cartJSON(b, f, 10)
	b.Run("lines=10", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if r, err := f.eng.PriceJSON(data); err != nil || !r.Valid {
				b.Fatal(err, r.Violations)
			}
		}
	})
}

// stdItem and stdCart mirror the cart for encoding/json: ids and qnt kept
// as raw JSON, unknown members ignored. They are the reference every
// decode figure is compared with.
type stdItem struct {
	ID    json.RawMessage `json:"id"`
	Type  string          `json:"type"`
	Qnt   json.RawMessage `json:"qnt"`
	Items []stdItem       `json:"items"`
}

type stdCart struct {
	ObjectID     json.RawMessage `json:"objectid"`
	DeliveryTime string          `json:"delivery_time"`
	Comment      string          `json:"comment"`
	OrderType    json.RawMessage `json:"order_type"`
	PayType      json.RawMessage `json:"pay_type"`
	Client       struct {
		ID, Phone, Email, LN, FN, MN string
	} `json:"client"`
	Address json.RawMessage `json:"address"`
	Order   []stdItem       `json:"order"`
}

// BenchmarkStdlibDecode is encoding/json Unmarshal of the same bytes into
// the plain mirror struct.
func BenchmarkStdlibDecode(b *testing.B) {
	f := newPriceFixture(b)
	data := cartJSON(b, f, 10)
	b.Run("lines=10", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var c stdCart
			if err := json.Unmarshal(data, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// DeepCart is the hostile cart of the decoding issue: one demo dish line
// whose items nest depth levels deep (180 KB at 4,990). It must be refused
// quickly (target: under 5 ms), not decoded.
func DeepCart(depth int) []byte {
	inner := []byte(`{"id":1000325,"type":"m"}`)
	for range depth {
		inner = append(append([]byte(`{"id":1000325,"type":"m","items":[`), inner...), "]}"...)
	}
	return append(append([]byte(`{"objectid":199990094,"order_type":0,"pay_type":0,"delivery_time":"2099-01-01T12:00:00",`+
		`"client":{"phone":"79990001122","ln":"X"},"order":[{"id":1000039,"type":"d","qnt":1000,"items":[`), inner...), "]}]}"...)
}

func BenchmarkDecodeDeep(b *testing.B) {
	data := DeepCart(4990)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.DecodeCart(data, 0); err == nil {
			b.Fatal("the deep cart decoded")
		}
	}
}
