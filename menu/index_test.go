package menu

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRefIndexPackedAndWide(t *testing.T) {
	x := newRefIndex(0)
	keys := []modKey{{1, 5}, {0, 5}, {1, 1<<idBits - 1}, {1, 1 << idBits}, {2, -7}, {1<<setBits - 1, 3}, {1 << setBits, 3}}
	for i, k := range keys {
		x.put(k, int32(i))
	}
	for i, k := range keys {
		r, ok := x.get(k)
		assert.True(t, ok, k)
		assert.Equal(t, int32(i), r, k)
	}
	_, ok := x.get(modKey{3, 5})
	assert.False(t, ok)
	x.freeze()
	for i, k := range keys {
		r, ok := x.get(k)
		assert.True(t, ok, k)
		assert.Equal(t, int32(i), r, k)
	}
	_, ok = x.get(modKey{3, 5})
	assert.False(t, ok)
	assert.Len(t, x.wide, 3)
	var zero refIndex
	_, ok = zero.get(modKey{1, 1})
	assert.False(t, ok)
}
