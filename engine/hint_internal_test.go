package engine

import (
	"testing"

	"github.com/rkcart/rkcart/money"
)

func TestWholeQnt(t *testing.T) {
	for _, c := range []struct{ q, limit, want money.Qty }{
		{1499, 10_000, 1000},    // rounds down below half
		{1500, 10_000, 2000},    // half rounds up
		{2501, 10_000, 3000},    // above half up
		{0, 10_000, 1000},       // at least one piece
		{-5000, 10_000, 1000},   // a negative quantity: one piece
		{12_000, 10_000, 10000}, // at most the limit
		{10_600, 10_500, 10000}, // the limit in whole pieces
		{7000, 7000, 7000},      // exactly the limit
	} {
		if got := wholeQnt(c.q, c.limit); got != c.want {
			t.Errorf("wholeQnt(%d, %d) = %d, want %d", c.q, c.limit, got, c.want)
		}
	}
}

// hint attaches to the violation added last, defaulting its path to the
// violation's; with no violation it does nothing.
func TestHintAttachesToTheLastViolation(t *testing.T) {
	var p pricer
	p.hint(&Hint{Action: HintRemove}) // no violation yet: nothing, no panic
	p.vs = Violations{{Code: "a", Path: "/order/0"}, {Code: "b", Path: "/order/1"}}
	p.hint(&Hint{Action: HintRemove})
	p.hint(nil) // nil keeps the hint set
	if h := p.vs[1].Hint; h == nil || h.Path != "/order/1" {
		t.Fatalf("hint %+v, want one at /order/1", h)
	}
	p.hint(&Hint{Action: HintAsk, Path: "/client"})
	if p.vs[1].Hint.Path != "/client" || p.vs[0].Hint != nil {
		t.Fatalf("an explicit path is kept, earlier violations untouched: %+v %+v", p.vs[1].Hint, p.vs[0].Hint)
	}
}
