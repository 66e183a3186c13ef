package menu

// refIndex maps (set, id) to an index into Menu.options. Keys whose id fits 40 bits and set 23
// bits (every real export) are packed into a uint64, which Go's maps hash
// several times faster than a 16-byte struct; any other key goes to a
// second map, so nothing is lost for odd ids.
type refIndex struct {
	packed map[uint64]int32 // while compiling; nil once frozen
	frozen table
	wide   map[modKey]int32
}

const (
	idBits  = 40
	setBits = 23
)

func newRefIndex(size int) refIndex {
	return refIndex{packed: make(map[uint64]int32, size)}
}

func pack(k modKey) (uint64, bool) {
	if k.id < 0 || k.id >= 1<<idBits || k.set < 0 || k.set >= 1<<setBits {
		return 0, false
	}
	return uint64(k.set)<<idBits | uint64(k.id), true
}

// get is the hot lookup: a frozen index and a packable key (every real
// export) go straight to the table; a pointer receiver, so the index is not
// copied per call.
func (x *refIndex) get(k modKey) (int32, bool) {
	if x.packed == nil && uint64(k.id) < 1<<idBits && uint32(k.set) < 1<<setBits {
		return x.frozen.get(uint64(k.set)<<idBits | uint64(k.id))
	}
	return x.slow(k)
}

func (x *refIndex) slow(k modKey) (int32, bool) {
	if p, ok := pack(k); ok {
		if x.packed != nil {
			r, found := x.packed[p]
			return r, found
		}
		return x.frozen.get(p)
	}
	r, found := x.wide[k]
	return r, found
}

func (x *refIndex) put(k modKey, r int32) {
	if p, ok := pack(k); ok {
		x.packed[p] = r
		return
	}
	if x.wide == nil {
		x.wide = make(map[modKey]int32)
	}
	x.wide[k] = r
}

// freeze turns the packed map into a frozen table; put must not follow.
func (x *refIndex) freeze() {
	x.frozen = freeze(x.packed)
	x.packed = nil
}
