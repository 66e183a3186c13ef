package menu

// refIndex maps (set, id) to a Ref. Keys whose id fits 40 bits and set 23
// bits (every real export) are packed into a uint64, which Go's maps hash
// several times faster than a 16-byte struct; any other key goes to a
// second map, so nothing is lost for odd ids.
type refIndex struct {
	packed map[uint64]Ref
	wide   map[modKey]Ref
}

const (
	idBits  = 40
	setBits = 23
)

func newRefIndex(size int) refIndex {
	return refIndex{packed: make(map[uint64]Ref, size)}
}

func pack(k modKey) (uint64, bool) {
	if k.id < 0 || k.id >= 1<<idBits || k.set < 0 || k.set >= 1<<setBits {
		return 0, false
	}
	return uint64(k.set)<<idBits | uint64(k.id), true
}

func (x refIndex) get(k modKey) (Ref, bool) {
	if p, ok := pack(k); ok {
		r, found := x.packed[p]
		return r, found
	}
	r, found := x.wide[k]
	return r, found
}

func (x *refIndex) put(k modKey, r Ref) {
	if p, ok := pack(k); ok {
		x.packed[p] = r
		return
	}
	if x.wide == nil {
		x.wide = make(map[modKey]Ref)
	}
	x.wide[k] = r
}
