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
	// Lines and items inline, two terms each, with local state: this runs
	// for every item of every cart priced.
	sum, n := h.sum, h.n
	term := func(v uint64) {
		n++
		sum += (v + n) * (n*0x9E3779B97F4A7C15 | 1)
	}
	for i := range c.Lines {
		ln := &c.Lines[i]
		term(uint64(ln.ID))
		term(uint64(ln.Qnt) ^ uint64(len(ln.Items))<<40 ^ typeWord(ln.Type)<<48)
		for j := range ln.Items {
			it := &ln.Items[j]
			term(uint64(it.ID))
			term(uint64(it.Qnt) ^ uint64(len(it.Items))<<40 ^ typeWord(it.Type)<<48)
			for k := range it.Items {
				sub := &it.Items[k]
				term(uint64(sub.ID))
				term(uint64(sub.Qnt) ^ uint64(len(sub.Items))<<40 ^ typeWord(sub.Type)<<48)
				for l := range sub.Items { // deeper only in carts built in Go
					deep := &sub.Items[l]
					term(uint64(deep.ID))
					term(uint64(deep.Qnt) ^ uint64(len(deep.Items))<<40 ^ typeWord(deep.Type)<<48)
				}
			}
		}
	}
	h.sum, h.n = sum, n
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
