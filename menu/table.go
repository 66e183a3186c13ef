package menu

import "math/bits"

// table is an open-addressing hash table from uint64 to int32, probed
// linearly in one flat, pointer-free array: a lookup touches one cache
// line in the common case, about twice as fast as a Go map here, and the
// garbage collector never scans it. Compiling fills it directly (sized
// from the document, so it rarely grows); a compiled menu only reads it.
type table struct {
	slots []slot
	shift uint8 // 64 - log2(len(slots))
	n     int   // entries
}

type slot struct {
	key uint64
	val int32 // -1: empty
}

// newTable returns a table with room for n entries at a load factor of at
// most one half.
func newTable(n int) table {
	if n <= 0 {
		return table{}
	}
	size := 1 << bits.Len(uint(2*n-1)) // power of two ≥ 2·n
	t := table{slots: make([]slot, size), shift: uint8(64 - bits.TrailingZeros(uint(size)))}
	for i := range t.slots {
		t.slots[i].val = -1
	}
	return t
}

// home is the Fibonacci hash of k: the top bits of k·2^64/φ.
func (t *table) home(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> t.shift }

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

// put sets k to v (v ≥ 0), growing the table past half full.
func (t *table) put(k uint64, v int32) { *t.place(k) = slot{k, v} }

// add sets k to v (v ≥ 0) unless k is present already, in one probe: the
// first occurrence of an id wins, as the menu's lookups promise.
func (t *table) add(k uint64, v int32) bool {
	s := t.place(k)
	if s.val >= 0 {
		return false
	}
	*s = slot{k, v}
	return true
}

// place returns k's slot, or the empty slot where k goes, counted as
// taken (the caller fills it).
func (t *table) place(k uint64) *slot {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.home(k); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.val < 0 {
			t.n++
			return s
		}
		if s.key == k {
			return s
		}
	}
}

func (t *table) grow() {
	old := t.slots
	*t = newTable(max(2*t.n, 8))
	for _, s := range old {
		if s.val >= 0 {
			t.put(s.key, s.val)
		}
	}
}
