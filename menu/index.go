package menu

// refIndex maps (set, id) to an index into Menu.options (or Menu.dishes).
// Keys whose id fits 40 bits and set 23 bits (every real export) are packed
// into a uint64 and kept in a flat table; any other key goes to a map, so
// nothing is lost for odd ids.
type refIndex struct {
	packed table
	wide   map[modKey]int32
}

const (
	idBits  = 40
	setBits = 23
)

// newRefIndex returns an index with room for size entries before it grows.
func newRefIndex(size int) refIndex {
	return refIndex{packed: newTable(size)}
}

func pack(k modKey) (uint64, bool) {
	if k.id < 0 || k.id >= 1<<idBits || k.set < 0 || k.set >= 1<<setBits {
		return 0, false
	}
	return uint64(k.set)<<idBits | uint64(k.id), true
}

// get is the hot lookup: a packable key (every real export) goes straight
// to the table; a pointer receiver, so the index is not copied per call.
func (x *refIndex) get(k modKey) (int32, bool) {
	if uint64(k.id) < 1<<idBits && uint32(k.set) < 1<<setBits {
		return x.packed.get(uint64(k.set)<<idBits | uint64(k.id))
	}
	r, found := x.wide[k]
	return r, found
}

// add sets k to r (r ≥ 0) unless k is present, reporting whether it did;
// compiling only.
func (x *refIndex) add(k modKey, r int32) bool {
	if p, ok := pack(k); ok {
		return x.packed.add(p, r)
	}
	if _, dup := x.wide[k]; dup {
		return false
	}
	x.put(k, r)
	return true
}

// put sets k to r (r ≥ 0); compiling only.
func (x *refIndex) put(k modKey, r int32) {
	if p, ok := pack(k); ok {
		x.packed.put(p, r)
		return
	}
	if x.wide == nil {
		x.wide = make(map[modKey]int32)
	}
	x.wide[k] = r
}

// names maps an id to the name of its first occurrence: a table of
// positions in one slice of names (ids are any int64, so every key packs).
type names struct {
	idx  table
	list []string
}

func newNames(size int) names { return names{idx: newTable(size), list: make([]string, 0, size)} }

// add records name for id unless id has one already.
func (n *names) add(id ID, name string) {
	if n.idx.add(uint64(id), int32(len(n.list))) {
		n.list = append(n.list, name)
	}
}

func (n *names) get(id ID) (string, bool) {
	i, ok := n.idx.get(uint64(id))
	if !ok {
		return "", false
	}
	return n.list[i], true
}
