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
	for i, k := range keys { // add keeps the first value, packed or wide
		assert.False(t, x.add(k, int32(100+i)), k)
		r, _ := x.get(k)
		assert.Equal(t, int32(i), r, k)
	}
	assert.True(t, x.add(modKey{3, 5}, 7))
	r, _ := x.get(modKey{3, 5})
	assert.Equal(t, int32(7), r)
	assert.Len(t, x.wide, 3)
	var zero refIndex
	_, ok = zero.get(modKey{1, 1})
	assert.False(t, ok)
}

func TestNamesKeepTheFirst(t *testing.T) {
	var zero names
	_, ok := zero.get(1)
	assert.False(t, ok, "the zero value is empty")
	n := newNames(1) // grows past its size
	for i, id := range []ID{5, -3, 1 << 62, 5, -1 << 63, 0} {
		n.add(id, "name"+string(rune('a'+i)))
	}
	for id, want := range map[ID]string{5: "namea", -3: "nameb", 1 << 62: "namec", -1 << 63: "namee", 0: "namef"} {
		got, ok := n.get(id)
		assert.True(t, ok, id)
		assert.Equal(t, want, got, id)
	}
	_, ok = n.get(6)
	assert.False(t, ok)
}
