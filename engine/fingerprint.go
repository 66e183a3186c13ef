package engine

// Fingerprint is a 64-bit digest of what pricing c reads: the header
// members the rules check and every line and item (type, id, qnt,
// nesting). [Engine.Price] stores it in the Result ([Result.Fingerprint]),
// so that a writer can tell a result from the cart it was priced for: two
// carts that differ in anything priced or checked differ in their
// fingerprints, but for a 2^-64 chance. It is deterministic within a build
// of rkcart, costs no allocation, and is not meant to resist a forger. A
// nil cart is the empty cart.
func Fingerprint(c *Cart) uint64 {
	if c == nil {
		c = &Cart{}
	}
	var h fp
	h.add(uint64(c.ObjectID))
	h.add(uint64(c.OrderType))
	h.add(uint64(c.PayType))
	h.str(c.DeliveryTime)
	h.str(c.Comment)
	cl, a := &c.Client, &c.Address
	h.str(cl.ID)
	h.str(cl.Phone)
	h.str(cl.Email)
	h.str(cl.LastName)
	h.str(a.ID)
	h.str(a.Street)
	h.str(a.House)
	h.add(uint64(len(c.Lines)))
	for i := range c.Lines {
		ln := &c.Lines[i]
		h.head(ln.Type, int64(ln.ID), int64(ln.Qnt), len(ln.Items))
		for j := range ln.Items {
			it := &ln.Items[j]
			h.head(it.Type, int64(it.ID), int64(it.Qnt), len(it.Items))
			for k := range it.Items {
				sub := &it.Items[k]
				h.head(sub.Type, int64(sub.ID), int64(sub.Qnt), len(sub.Items))
				for l := range sub.Items { // deeper only in carts built in Go
					deep := &sub.Items[l]
					h.head(deep.Type, int64(deep.ID), int64(deep.Qnt), len(deep.Items))
				}
			}
		}
	}
	x := h.sum ^ h.n
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

// fp is a position-weighted sum: each value is multiplied by an odd weight
// drawn from its position and added, so the terms do not wait on each
// other (a chained hash did, and cost pricing about 15 %); the avalanche at
// the end spreads the bits.
type fp struct{ sum, n uint64 }

func (h *fp) add(v uint64) {
	h.n++
	h.sum += (v + h.n) * (h.n*0x9E3779B97F4A7C15 | 1)
}

// head adds one line or item in two terms: its id, then its qnt with its
// type and how many items it has in the high bits. Real quantities stay
// far below 2^40, so nothing a real cart holds is folded away. It is small
// enough to inline: this runs for every item of every cart priced.
func (h *fp) head(typ string, id, qnt int64, items int) {
	h.add(uint64(id))
	h.add(uint64(qnt) ^ uint64(items)<<40 ^ typeWord(typ)<<48)
}

// typeWord is a line or item type in 16 bits: its length and first two
// letters (every type the API knows is one or two letters; longer ones are
// unknown_line_type anyway).
func typeWord(s string) uint64 {
	switch len(s) {
	case 0:
		return 0
	case 1:
		return 1<<13 | uint64(s[0])
	}
	return uint64(min(len(s), 7))<<13 | uint64(s[0]&0x3F)<<7 | uint64(s[1]&0x7F)
}

func (h *fp) str(s string) {
	h.add(uint64(len(s)))
	for len(s) >= 8 {
		h.add(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
		s = s[8:]
	}
	var tail uint64
	for i := 0; i < len(s); i++ {
		tail |= uint64(s[i]) << (8 * i)
	}
	h.add(tail)
}
