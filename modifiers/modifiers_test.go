package modifiers_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
	"github.com/rkcart/rkcart/money"
)

// One dish (1) with scheme 10: group 11 (2..3, default 111 replace=0,
// modi 111 +0, 112 +50 max 1), group 12 inactive {121}; common group 91 {911 +5}.
const unitMenu = `{"dishes":[{"id":1,"price":100,"modischeme":10,"active":1},{"id":2,"price":100,"active":1}],
"modifiers":[{"id":10,"group":[
 {"id":11,"active":1,"useDownLimit":1,"downLimit":2,"useUpLimit":1,"upLimit":3,"defaultModifier":111,"replaceDefModifier":0,
  "modi":[{"id":111,"price":0,"active":1},{"id":112,"price":50,"active":1,"maxOneDish":1}]},
 {"id":12,"active":0,"modi":[{"id":121,"price":1,"active":1}]}]}],
"commonModifiers":[{"id":90,"group":[{"id":91,"active":1,"modi":[{"id":911,"price":5,"active":1}]}]}]}`

func TestModifiers(t *testing.T) {
	m, err := menu.Load([]byte(unitMenu), menu.Options{})
	require.NoError(t, err)
	d, _ := m.Dish(1)
	tests := []struct {
		name    string
		items   []modifiers.Item
		entries []string // "id×count[implied]"
		codes   []string // "code@item"
	}{
		{"nothing: the default is implied, the group is short", nil, []string{"111×1 implied"}, []string{"group_below_min@-1"}},
		{"another selection: default added beside it (replace=0)", []modifiers.Item{{ID: 112, Qnt: 1000, Index: 0}},
			[]string{"112×1", "111×1 implied"}, nil},
		{"repeats summed at the first occurrence", []modifiers.Item{{ID: 111, Qnt: 1000, Index: 0}, {ID: 911, Qnt: 2000, Index: 1}, {ID: 111, Qnt: 2000, Index: 2}},
			[]string{"111×3", "911×2"}, nil},
		{"cap and upper limit", []modifiers.Item{{ID: 112, Qnt: 3000, Index: 4}}, []string{"112×3", "111×1 implied"},
			[]string{"max_one_dish_exceeded@4", "group_above_max@-1"}},
		{"one code per item, in order", []modifiers.Item{{ID: 999, Qnt: 1500, Index: 0}, {ID: 999, Index: 1, Qnt: 1000}, {ID: 121, Qnt: 1000, Index: 2}, {ID: 112, Qnt: 1000, Index: 3}},
			[]string{"112×1", "111×1 implied"}, []string{"bad_quantity@0", "unknown_modifier@1", "inactive_modifier@2"}},
	}
	var c modifiers.Checker
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, probs := c.Modifiers(m, d, tt.items)
			assert.Equal(t, tt.entries, describe(entries))
			assert.Equal(t, tt.codes, problems(probs))
		})
	}
	other, _ := m.Dish(2)
	_, probs := c.Modifiers(m, other, []modifiers.Item{{ID: 111, Qnt: 1000}})
	assert.Equal(t, []string{"modifier_not_allowed@0"}, problems(probs))
}

func describe(es []modifiers.Entry) []string {
	var out []string
	for _, e := range es {
		s := itoa(int64(e.ID)) + "×" + itoa(e.Count)
		if e.Implied {
			s += " implied"
		}
		out = append(out, s)
	}
	return out
}

func problems(ps []modifiers.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code+"@"+itoa(int64(p.Item)))
	}
	return out
}

func itoa(v int64) string {
	if v < 0 {
		return "-" + itoa(-v)
	}
	if v < 10 {
		return string(rune('0' + v))
	}
	return itoa(v/10) + string(rune('0'+v%10))
}

func TestMergeSaturates(t *testing.T) {
	opt := &menu.Option{ID: 1}
	e := modifiers.Entry{Option: opt, Count: 1<<63 - 10}
	es := modifiers.Merge(nil, e)
	es = modifiers.Merge(es, modifiers.Entry{Option: opt, Count: 100})
	assert.Equal(t, int64(1<<63-1), es[0].Count)
}

// Two groups with defaults: a choice in one group says nothing about the
// other's default, and an implied entry has no item (Item -1). (Mutants of
// the group comparison and of Item -1 lived before this test.)
func TestDefaultsPerGroup(t *testing.T) {
	m, err := menu.Load([]byte(`{"dishes":[{"id":1,"price":100,"modischeme":10,"active":1}],
"modifiers":[{"id":10,"group":[
 {"id":11,"active":1,"defaultModifier":111,"replaceDefModifier":1,"modi":[{"id":111,"active":1},{"id":112,"active":1}]},
 {"id":12,"active":1,"defaultModifier":121,"replaceDefModifier":1,"modi":[{"id":121,"active":1},{"id":122,"active":1}]}]}]}`), menu.Options{})
	require.NoError(t, err)
	d, _ := m.Dish(1)
	var c modifiers.Checker
	entries, probs := c.Modifiers(m, d, []modifiers.Item{{ID: 112, Qnt: 1000, Index: 0}})
	require.Empty(t, probs)
	require.Len(t, entries, 2, "112 replaces group 11's default; group 12's is still implied")
	assert.Equal(t, menu.ID(112), entries[0].ID)
	assert.Equal(t, 0, entries[0].Item)
	assert.False(t, entries[0].Implied)
	assert.Equal(t, menu.ID(121), entries[1].ID)
	assert.True(t, entries[1].Implied)
	assert.Equal(t, -1, entries[1].Item, "an implied entry points at no item")
	assert.Equal(t, int64(1), entries[1].Count)
}

func TestCount(t *testing.T) {
	for q, want := range map[int64]int64{0: -1, -1000: -1, 1: -1, 999: -1, 1000: 1, 1500: -1, 3000: 3} {
		n, ok := modifiers.Count(money.Qty(q))
		if want < 0 {
			assert.False(t, ok, "qnt %d", q)
			continue
		}
		assert.True(t, ok, "qnt %d", q)
		assert.Equal(t, want, n, "qnt %d", q)
	}
}
