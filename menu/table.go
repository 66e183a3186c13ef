package menu

import "math/bits"

// table is a frozen open-addressing hash table from uint64 to int32: a
// compiled menu never changes, so its indexes are built once with Go maps
// and then frozen into one flat, pointer-free array probed linearly. A
// lookup touches one cache line in the common case, about twice as fast as
// a Go map here, and the garbage collector never scans it.
type table struct {
	slots []slot
	shift uint8 // 64 - log2(len(slots))
}

type slot struct {
	key uint64
	val int32 // -1: empty
}

// freeze builds a table holding m, at a load factor of at most one half.
func freeze(m map[uint64]int32) table {
	if len(m) == 0 {
		return table{}
	}
	n := 1 << bits.Len(uint(2*len(m)-1)) // power of two ≥ 2·len
	t := table{slots: make([]slot, n), shift: uint8(64 - bits.TrailingZeros(uint(n)))}
	for i := range t.slots {
		t.slots[i].val = -1
	}
	mask := uint64(n - 1)
	for k, v := range m { // order does not matter: each key has one place
		i := t.home(k)
		for t.slots[i].val >= 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = slot{k, v}
	}
	return t
}

// home is the Fibonacci hash of k: the top bits of k·2^64/φ.
func (t table) home(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> t.shift }

func (t *table) get(k uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.home(k); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.val < 0 {
			return 0, false
		}
		if s.key == k {
			return s.val, true
		}
	}
}
