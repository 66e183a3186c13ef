package menu_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/menu"
)

func kinds(cs []menu.Change) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Kind+" "+c.Path)
	}
	return out
}

func TestDiff(t *testing.T) {
	old := loadDemo(t)
	assert.Empty(t, menu.Diff(old, loadDemo(t)), "equal menus")

	changed := strings.Replace(string(demo.Menu()), `"dishid": 1000016,
        "maxOneDish": 2,`, `"dishid": 1000016,
        "maxOneDish": 3,`, 1)
	require.NotEqual(t, string(demo.Menu()), changed)
	m2, err := menu.Load([]byte(changed), menu.Options{})
	require.NoError(t, err)
	cs := menu.Diff(old, m2)
	require.Len(t, cs, 1, kinds(cs))
	assert.Equal(t, menu.ModifierChanged, cs[0].Kind)
	assert.Equal(t, "maxOneDish", cs[0].Field)
	assert.Equal(t, "2", cs[0].Old)
	assert.Equal(t, "3", cs[0].New)
	assert.Equal(t, menu.ID(1000515), cs[0].ID)

	a, err := menu.Load([]byte(`{"dishes":[{"id":1,"price":100,"active":1},{"id":2,"price":50,"active":1},{"id":3,"price":10,"active":0}],
"modifiers":[{"id":5,"group":[{"id":6,"active":1,"useUpLimit":1,"upLimit":2,"modi":[{"id":7,"price":10,"active":1},{"id":8,"price":5,"active":1}]}]}]}`), menu.Options{})
	require.NoError(t, err)
	b, err := menu.Load([]byte(`{"dishes":[{"id":1,"price":120,"active":1},{"id":3,"price":10,"active":1},{"id":4,"price":70,"active":1}],
"modifiers":[{"id":5,"group":[{"id":6,"active":1,"useUpLimit":1,"upLimit":3,"modi":[{"id":7,"price":15,"active":0},{"id":9,"price":1,"active":1}]}]},{"id":50,"group":[]}]}`), menu.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"dish_price /dishes/0/price",
		"dish_activated /dishes/1/active",
		"dish_added /dishes/2",
		"dish_removed /dishes/1",
		"group_changed /modifiers/0/group/0/upLimit",
		"modifier_price /modifiers/0/group/0/modi/0/price",
		"modifier_changed /modifiers/0/group/0/modi/0/active",
		"modifier_added /modifiers/0/group/0/modi/1",
		"modifier_removed /modifiers/0/group/0/modi/1",
		"scheme_added /modifiers/1",
	}, kinds(menu.Diff(a, b)))
	assert.Len(t, menu.Diff(nil, a), 4, "from nothing: three dishes and a scheme added")
}
