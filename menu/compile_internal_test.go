package menu

import (
	"fmt"
	"testing"
)

// commonHeavy is the menu that made compiling quadratic: schemes empty
// schemes (one dish each) sharing one common group of mods modifiers.
func commonHeavy(schemes, mods int) []byte {
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
		b = fmt.Appendf(b, `{"id":%d,"group":[]}`, 1000+i)
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

// The compiled indexes hold each modifier once, however many schemes share
// the common groups: compile work is linear in the menu (the old compiler
// indexed the common group once per scheme, 25 million entries at 5k × 5k).
func TestCompileIsLinearInCommonGroups(t *testing.T) {
	for _, n := range []int{10, 300} {
		m, err := Load(commonHeavy(n, n), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.options) != n {
			t.Errorf("%d schemes × %d common modifiers: %d option records, want %d", n, n, len(m.options), n)
		}
		// Every dish still resolves every common modifier, after its own groups.
		for _, d := range m.Dishes() {
			for _, id := range []ID{100000, ID(100000 + n - 1)} {
				o, ok := m.Resolve(d, id)
				if !ok || o.Ref != (Ref{Group: 0, Modi: int32(id - 100000)}) {
					t.Fatalf("dish %d: modifier %d resolved %v %v", d.ID, id, o, ok)
				}
			}
			if got := m.Groups(d).Len(); got != 1 {
				t.Fatalf("dish %d has %d groups, want 1", d.ID, got)
			}
		}
	}
}
