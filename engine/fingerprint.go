package engine

// Fingerprint is a 64-bit digest of what pricing c reads: the header
// members the rules check and every line and item (type, id, qnt, nesting).
// [Engine.Price] stores it in the Result ([Result.Fingerprint]), so that a
// writer can tell a result from the cart it was priced for: two carts that
// differ in anything priced or checked differ in their fingerprints, but
// for a 2^-64 chance. It is deterministic within a build of rkcart and
// costs no allocation; it is not a cryptographic hash. A nil cart is the
// empty cart.
func Fingerprint(c *Cart) uint64 {
	if c == nil {
		c = &Cart{}
	}
	h := fp(fpSeed)
	h.int(int64(c.ObjectID))
	h.int(int64(c.OrderType))
	h.int(int64(c.PayType))
	h.str(c.DeliveryTime)
	h.str(c.Comment)
	cl, a := &c.Client, &c.Address
	for _, s := range [...]string{cl.ID, cl.Phone, cl.Email, cl.LastName, a.ID, a.Street, a.House} {
		h.str(s)
	}
	h.int(int64(len(c.Lines)))
	for i := range c.Lines {
		h.item((*Item)(&c.Lines[i]))
	}
	return uint64(h)
}

const fpSeed = 0x9E3779B97F4A7C15

type fp uint64

// int mixes v in (a multiply-xorshift step; one per value, no bytes loop).
func (h *fp) int(v int64) {
	x := uint64(*h) ^ uint64(v)
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 31
	*h = fp(x)
}

func (h *fp) str(s string) {
	h.int(int64(len(s)))
	for len(s) >= 8 {
		h.int(int64(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56))
		s = s[8:]
	}
	var tail uint64
	for i := 0; i < len(s); i++ {
		tail |= uint64(s[i]) << (8 * i)
	}
	h.int(int64(tail))
}

func (h *fp) item(it *Item) {
	h.str(it.Type)
	h.int(int64(it.ID))
	h.int(int64(it.Qnt))
	h.int(int64(len(it.Items)))
	for i := range it.Items {
		h.item(&it.Items[i])
	}
}
