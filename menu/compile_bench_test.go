package menu

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/rkcart/rkcart/internal/wire"
)

// BenchmarkCompile is compiling alone (indexes, names, rules) from a
// decoded document of n dishes shaped as the bench package's synthetic
// menus (n/20 schemes of 2 groups × 4 modifiers, one common group).
func BenchmarkCompile(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		var doc wire.DishesDoc
		if err := json.Unmarshal(syntheticMenu(n), &doc); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("dishes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = compile(doc, commonBudget)
			}
		})
	}
}

func syntheticMenu(n int) []byte {
	var s []byte
	s = append(s, `{"dishes":[`...)
	schemes := max(1, n/20)
	for i := range n {
		if i > 0 {
			s = append(s, ',')
		}
		s = fmt.Appendf(s, `{"id":%d,"name":"dish %d","price":%d,"modischeme":%d,"active":1}`, i+1, i+1, 100+i%900, 1_000_001+i%schemes)
	}
	s = append(s, `],"modifiers":[`...)
	mod, group := 3_000_001, 2_000_001
	for i := range schemes {
		if i > 0 {
			s = append(s, ',')
		}
		s = fmt.Appendf(s, `{"id":%d,"active":1,"group":[`, 1_000_001+i)
		for g := range 2 {
			if g > 0 {
				s = append(s, ',')
			}
			s = fmt.Appendf(s, `{"id":%d,"name":"group %d","active":1,"modi":[`, group, group)
			group++
			for k := range 4 {
				if k > 0 {
					s = append(s, ',')
				}
				s = fmt.Appendf(s, `{"id":%d,"name":"mod %d","price":%d,"active":1,"maxOneDish":%d}`, mod, mod, mod%500, k)
				mod++
			}
			s = append(s, `]}`...)
		}
		s = append(s, `]}`...)
	}
	s = fmt.Appendf(s, `],"commonModifiers":[{"id":9,"active":1,"group":[{"id":%d,"name":"common","active":1,"modi":[{"id":%d,"name":"c1","price":5,"active":1},{"id":%d,"name":"c2","price":7,"active":1}]}]}]}`, group, mod, mod+1)
	return s
}
