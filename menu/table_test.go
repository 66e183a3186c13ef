package menu

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTableMatchesMap(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 7, 100, 5000} {
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		m := map[uint64]int32{}
		for len(m) < n {
			k := rng.Uint64()
			if rng.IntN(3) == 0 {
				k %= 64 // dense small keys collide on purpose
			}
			m[k] = int32(rng.IntN(1 << 30))
		}
		// Sized for none (it grows from empty), for all, and overwritten.
		grown, sized := newTable(0), newTable(n)
		for k, v := range m {
			grown.put(k, v^1)
			sized.put(k, v)
			grown.put(k, v)
		}
		assert.Equal(t, len(m), grown.n)
		assert.Len(t, sized.slots, len(newTable(n).slots), "a table sized for its entries does not grow")
		for _, tab := range []table{grown, sized} {
			matches(t, rng, m, tab)
		}
	}
}

// matches checks that tab holds exactly m: every key of m, and random keys
// present only when m has them.
func matches(t *testing.T, rng *rand.Rand, m map[uint64]int32, tab table) {
	t.Helper()
	for k, v := range m {
		got, ok := tab.get(k)
		assert.True(t, ok)
		assert.Equal(t, v, got)
	}
	for range 1000 {
		k := rng.Uint64()
		_, inMap := m[k]
		_, inTab := tab.get(k)
		assert.Equal(t, inMap, inTab)
	}
}
