package engine

import (
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Fingerprint is a 64-bit digest of what pricing c reads: the header
// members the rules check and every line and item (type, id, qnt,
// nesting). [Engine.Price] records it in the Result ([Result.Fingerprint]),
// so that a writer can tell a result from the cart it was priced for: two
// carts that differ in anything priced or checked differ in their
// fingerprints, but for a 2^-64 chance. It is deterministic within a build
// of rkcart, costs no allocation, and is not meant to resist a forger. A
// nil cart is the empty cart.
func Fingerprint(c *Cart) uint64 {
	if c == nil {
		c = &Cart{}
	}
	h := headOf(c)
	return h.fingerprint(walk(c.Lines))
}

// head is the part of a cart's header the rules read. A Result keeps a
// copy instead of a digest: copying strings costs a few words (Go strings
// are immutable, so the copy cannot change under it), hashing them costs
// a pass over their bytes, and pricing pays for every cart while only
// writers ask for the fingerprint.
type head struct {
	lines                            int // len(order), the header's own count
	objectID, object                 int64
	orderType, payType               int64
	deliveryTime, comment            string
	clientID, phone, email, lastName string
	addressID, street, house         string
}

func headOf(c *Cart) head {
	return head{
		lines: len(c.Lines), objectID: int64(c.ObjectID), object: int64(c.Object), orderType: int64(c.OrderType), payType: int64(c.PayType),
		deliveryTime: c.DeliveryTime, comment: c.Comment,
		clientID: c.Client.ID, phone: c.Client.Phone, email: c.Client.Email, lastName: c.Client.LastName,
		addressID: c.Address.ID, street: c.Address.Street, house: c.Address.House,
	}
}

// fingerprint is the fingerprint of a cart with this header whose lines'
// digest is lines.
func (h *head) fingerprint(lines uint64) uint64 {
	var f fp
	f.add(lines)
	f.add(uint64(h.lines))
	f.add(uint64(h.objectID))
	f.add(uint64(h.object))
	f.add(uint64(h.orderType))
	f.add(uint64(h.payType))
	for _, s := range [...]string{h.deliveryTime, h.comment, h.clientID, h.phone, h.email, h.lastName, h.addressID, h.street, h.house} {
		f.str(s)
	}
	x := f.sum ^ f.n
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

// digest is the lines' part of a fingerprint: one position-weighted term
// per line and item (id, qnt, number of children and type) in document
// order (pre-order: a line, then each item followed by its items). The
// pricer adds the terms as its own loops read the entries, in that same
// order, and the subtrees it does not read where it skips them, so that
// pricing reads the cart once; walk adds them in one pass over a cart.
type digest struct{ sum, w uint64 }

// term adds one entry; tw is typeWord of its type.
func (d *digest) term(id menu.ID, qnt money.Qty, children int, tw uint64) {
	d.w += 0x9E3779B97F4A7C16 // even, so w|1 is an odd weight unique to the position
	d.sum += (uint64(id)*0xD6E8FEB86659FD93 + (uint64(qnt) ^ uint64(children)<<40 ^ tw<<48) + d.w) * (d.w | 1)
}

// items adds items with everything under them, in order.
func (d *digest) items(items []Item) {
	for i := range items {
		it := &items[i]
		d.term(it.ID, it.Qnt, len(it.Items), typeWord(it.Type))
		if len(it.Items) > 0 {
			d.items(it.Items)
		}
	}
}

// walk is the digest of the lines in one pass.
func walk(lines []Line) uint64 {
	var d digest
	for i := range lines {
		ln := &lines[i]
		d.term(ln.ID, ln.Qnt, len(ln.Items), typeWord(ln.Type))
		d.items(ln.Items)
	}
	return d.sum
}

// count is how many dish or combo lines there are and how many items they
// carry at the two levels the pricer reads, to size a fresh result's
// buffers exactly.
func count(lines []Line) (n, items int) {
	for i := range lines {
		if t := lines[i].Type; t == TypeDish || t == TypeCombo {
			n++
			items += len(lines[i].Items)
			for j := range lines[i].Items {
				items += len(lines[i].Items[j].Items)
			}
		}
	}
	return n, items
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

// modifierWord is typeWord(TypeModifier).
const modifierWord = 1<<13 | uint64('m')

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
