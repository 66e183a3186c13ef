package menu

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/internal/wire"
)

// commonHeavy is the menu that made compiling quadratic: schemes schemes
// (one dish each, with own modifiers 1..own) sharing one common group of
// mods modifiers.
func commonHeavy(schemes, own, mods int) []byte {
	b := []byte(`{"dishes":[`)
	for i := range schemes {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"id":%d,"modischeme":%d}`, i+1, 1000+i)
	}
	b = append(b, `],"modifiers":[`...)
	for i := range schemes {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"id":%d,"group":[`, 1000+i)
		if own > 0 {
			b = append(b, `{"id":5,"active":1,"modi":[`...)
			for j := range own {
				if j > 0 {
					b = append(b, ',')
				}
				b = fmt.Appendf(b, `{"id":%d,"active":1}`, 100000+j) // shadows the common one
			}
			b = append(b, `]}`...)
		}
		b = append(b, `]}`...)
	}
	b = append(b, `],"commonModifiers":[{"id":1,"group":[{"id":2,"active":1,"modi":[`...)
	for i := range mods {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"id":%d,"active":1}`, 100000+i)
	}
	return append(b, `]}]}]}`...)
}

func compiled(t *testing.T, data []byte, budget func(int) int64) *Menu {
	t.Helper()
	var doc wire.DishesDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return compile(doc, budget)
}

// The indexes stay within a constant factor of the menu however many
// schemes share the common groups (the old compiler held schemes × common
// modifiers entries: 25 million at 5k × 5k).
func TestCompileIsLinearInCommonGroups(t *testing.T) {
	const n = 2000
	m, err := Load(commonHeavy(n, 0, n), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !m.sharedCommon || len(m.options) != n {
		t.Errorf("%d schemes × %d common modifiers: shared %v, %d option records, want shared and %d", n, n, m.sharedCommon, len(m.options), n)
	}
	small, err := Load(commonHeavy(10, 0, 10), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if small.sharedCommon || int64(len(small.options)) > int64(10+10)+commonBudget(30) {
		t.Errorf("small menu: shared %v, %d option records", small.sharedCommon, len(small.options))
	}
}

// Copying the common groups into each scheme's index and sharing one
// common index resolve every modifier of every dish the same way.
func TestSharedCommonIndexResolvesTheSame(t *testing.T) {
	never := func(int) int64 { return -1 }       // always share
	always := func(int) int64 { return 1 << 62 } // always copy
	for name, data := range map[string][]byte{"demo": demo.Menu(), "shadowed": commonHeavy(20, 3, 7)} {
		shared, copied := compiled(t, data, never), compiled(t, data, always)
		if !shared.sharedCommon || copied.sharedCommon {
			t.Fatalf("%s: modes not forced", name)
		}
		dishes := append(shared.Dishes(), Dish{}) // and a dish without a scheme
		for _, d := range dishes {
			for _, id := range append(shared.allIDs(), 424242) {
				a, okA := shared.Resolve(d, id)
				b, okB := copied.Resolve(d, id)
				if a != b || okA != okB {
					t.Fatalf("%s: dish %d modifier %d: shared %v %v, copied %v %v", name, d.ID, id, a, okA, b, okB)
				}
				// The same through the Resolver pricing uses: a pointer to
				// the record and its place among the dish's groups.
				o, ref, okR := shared.Resolver(&d).Resolve(id)
				if okR != okB || (okR && (ref != b.Ref || o.ID != b.ID || o.Price != b.Price || o.GroupID != b.GroupID)) {
					t.Fatalf("%s: dish %d modifier %d: resolver %v %v %v, copied %v %v", name, d.ID, id, o, ref, okR, b, okB)
				}
			}
		}
	}
}

func (m *Menu) allIDs() []ID {
	var out []ID
	for _, list := range [][]Scheme{m.schemes, m.common} {
		for _, s := range list {
			for _, g := range s.Groups {
				for _, md := range g.Modis {
					out = append(out, md.ID)
				}
			}
		}
	}
	return out
}
