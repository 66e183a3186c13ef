package combo

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
)

// A pooled Checker reused against a new menu keeps no entry of the old one
// past its buffers' lengths (entries point into their menu).
func TestNewMenuClearsStaleEntries(t *testing.T) {
	const doc = `{"dishes":[{"id":1,"price":1000,"modischeme":10,"active":1},{"id":2,"price":300,"active":1},{"id":3,"price":200,"active":1}],
"modifiers":[{"id":10,"group":[{"id":11,"active":1,"modi":[{"id":111,"dishid":2,"active":1},{"id":112,"dishid":3,"active":1}]}]}]}`
	old, err := menu.Load([]byte(doc), menu.Options{})
	require.NoError(t, err)
	cur, err := menu.Load([]byte(doc), menu.Options{})
	require.NoError(t, err)
	d, _ := old.Dish(1)
	var c Checker
	two := []Component{{ID: 2, Qnt: 1000, Index: 0}, {ID: 3, Qnt: 1000, Index: 1}}
	occs, _ := c.Check(old, d, two)
	require.Len(t, occs, 2)
	occs, _ = c.Check(cur, d, two[:1])
	require.Len(t, occs, 1)
	stale := func(es []modifiers.Entry) {
		for i, e := range es {
			assert.Nil(t, e.Option, "entry %d past the length still points into the old menu", i)
		}
	}
	stale(c.summed[len(c.summed):cap(c.summed)])
	for _, o := range c.occs[len(c.occs):cap(c.occs)] {
		stale([]modifiers.Entry{o.Entry})
	}
}
