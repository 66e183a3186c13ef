package combo_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/combo"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
)

// Combo 1 (scheme 10): slot 11 exactly one, default 111→dish 2; slot 12
// up to 2 {121→3 max 1, 122→4}. Dish 2 needs one of group 21 {211}.
const comboMenu = `{"dishes":[{"id":1,"price":1000,"modischeme":10,"active":1},{"id":2,"price":300,"modischeme":20,"active":1},
 {"id":3,"price":200,"active":1},{"id":4,"price":200,"active":0}],
"modifiers":[
 {"id":10,"group":[
  {"id":11,"active":1,"useDownLimit":1,"downLimit":1,"useUpLimit":1,"upLimit":1,"defaultModifier":111,"replaceDefModifier":1,
   "modi":[{"id":111,"dishid":2,"price":0,"active":1}]},
  {"id":12,"active":1,"useUpLimit":1,"upLimit":2,"modi":[{"id":121,"dishid":3,"price":50,"active":1,"maxOneDish":1},{"id":122,"dishid":4,"price":70,"active":1}]}]},
 {"id":20,"group":[{"id":21,"active":1,"useDownLimit":1,"downLimit":1,"modi":[{"id":211,"price":10,"active":1}]}]}]}`

func TestCombo(t *testing.T) {
	m, err := menu.Load([]byte(comboMenu), menu.Options{})
	require.NoError(t, err)
	d, _ := m.Dish(1)
	require.True(t, d.Combo)
	var c combo.Checker

	// Only slot 12: slot 11's default (dish 2) is implied, and dish 2's own
	// required group is then short, reported at the combo line.
	occs, probs := c.Check(m, d, []combo.Component{{ID: 4, Qnt: 2000, Index: 0}})
	require.Len(t, occs, 2)
	assert.Equal(t, menu.ID(4), occs[0].DishID)
	assert.Equal(t, int64(2), occs[0].Count)
	assert.True(t, occs[1].Implied)
	assert.Equal(t, menu.ID(2), occs[1].DishID)
	require.Len(t, probs, 1)
	assert.Equal(t, "group_below_min", probs[0].Code)
	assert.Equal(t, -1, probs[0].Item)
	assert.Equal(t, -1, probs[0].Sub)

	// Repeats of one component are summed for its cap; each occurrence keeps
	// its own modifiers; an unknown component is rejected with nothing
	// checked under it.
	occs, probs = c.Check(m, d, []combo.Component{
		{ID: 2, Qnt: 1000, Index: 0, Items: []modifiers.Item{{ID: 211, Qnt: 1000, Index: 0}}},
		{ID: 3, Qnt: 1000, Index: 1},
		{ID: 3, Qnt: 1000, Index: 2},
		{ID: 9, Qnt: 1000, Index: 3, Items: []modifiers.Item{{ID: 999, Qnt: 1000}}},
		{ID: 2, Qnt: 1500, Index: 4},
	})
	got := []string{}
	for _, p := range probs {
		got = append(got, p.Code+"@"+string(rune('0'+p.Item+1))+"/"+string(rune('0'+p.Sub+1)))
	}
	assert.Equal(t, []string{"combo_component_not_allowed@4/0", "bad_quantity@5/0", "max_one_dish_exceeded@2/0"}, got)
	require.Len(t, occs, 3)
	assert.Len(t, occs[0].Modifiers, 1)
	assert.Equal(t, menu.ID(211), occs[0].Modifiers[0].ID)
	assert.Empty(t, occs[1].Modifiers)
}
