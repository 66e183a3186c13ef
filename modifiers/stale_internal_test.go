package modifiers

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/menu"
)

// A pooled Checker reused against a new menu keeps no entry of the old one
// past its length (they point into the old menu and would keep it alive
// for as long as the pool holds the Checker).
func TestNewMenuClearsStaleEntries(t *testing.T) {
	const doc = `{"dishes":[{"id":1,"price":100,"modischeme":10,"active":1}],
"modifiers":[{"id":10,"group":[{"id":11,"active":1,"modi":[{"id":111,"active":1},{"id":112,"active":1},{"id":113,"active":1}]}]}]}`
	old, err := menu.Load([]byte(doc), menu.Options{})
	require.NoError(t, err)
	cur, err := menu.Load([]byte(doc), menu.Options{})
	require.NoError(t, err)
	d, _ := old.Dish(1)
	var c Checker
	entries, _ := c.Modifiers(old, d, []Item{{ID: 111, Qnt: 1000}, {ID: 112, Qnt: 1000, Index: 1}, {ID: 113, Qnt: 1000, Index: 2}})
	require.Len(t, entries, 3)
	entries, _ = c.Modifiers(old, d, []Item{{ID: 111, Qnt: 1000}})
	require.Len(t, entries, 1)
	assert.NotNil(t, c.entries[:cap(c.entries)][2].Option, "the same menu: nothing to clear")
	entries, _ = c.Modifiers(cur, d, []Item{{ID: 111, Qnt: 1000}})
	require.Len(t, entries, 1)
	for i, e := range c.entries[1:cap(c.entries)] {
		assert.Nil(t, e.Option, "entry %d past the length still points into the old menu", i+1)
	}
}
