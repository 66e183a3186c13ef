package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/jsonscan"
	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// DefaultMaxCartBytes is the cart size cap used when Options.MaxCartBytes
// is 0 (document.Cart.MaxBytes()).
const DefaultMaxCartBytes = 8 << 20

// MaxCartDepth is how deeply arrays and objects may nest anywhere in a
// cart (the model needs 7: the body, order[], a line, its items[], an item,
// its items[], a component's modifier). Deeper input is an [*document.Error].
const MaxCartDepth = 32

// ErrInput is wrapped by every [*document.Error] (it is document.ErrInvalid).
var ErrInput = document.ErrInvalid

// A cart that cannot be read fails with the one decoding error of rkcart,
// [document.Error], with Kind document.Cart.

// DecodeCart decodes a savedeliveryorder body in one forward pass: time
// and memory are linear in len(data) whatever its shape. Ids may be numbers
// or digit strings (escaped digits are digits); a line's missing or
// non-integer qnt, an unresolvable id, an unknown type or a malformed
// order_type become violations when priced, not errors. An item without qnt
// gets 1000. Members the cart model does not know are kept, as sent, in
// Extra; every line and item keeps its own bytes in Raw. The cart owns its
// memory: data may be reused once DecodeCart returns.
//
// It returns an [*document.Error] (Kind document.Cart) if:
//   - data is larger than maxBytes (0 means DefaultMaxCartBytes; it wraps
//     document.ErrTooLarge);
//   - data is not one JSON object, is not valid UTF-8, or nests deeper than
//     MaxCartDepth (with line and column);
//   - an object anywhere has the same member twice (with its JSON Pointer);
//   - order or a line's or item's items is not an array, a line or item is
//     not an object, client or address is not an object, or one of their
//     fields is not a string or number (with the JSON Pointer);
//   - a component's modifier has items of its own: lines, items and their
//     items are the only levels the POS knows;
//   - the body has none of the members of a cart (objectid, order,
//     order_type, pay_type, delivery_time, client): it is another kind of
//     document.
func DecodeCart(data []byte, maxBytes int64) (*Cart, error) {
	if err := document.Check(document.Cart, data, maxBytes); err != nil {
		return nil, err
	}
	d := cartDecoder{s: jsonscan.New(data)}
	c, err := d.cart()
	if err != nil {
		return nil, d.explain(err)
	}
	return c, nil
}

// ReadCart reads at most maxBytes+1 bytes from r and decodes them.
func ReadCart(r io.Reader, maxBytes int64) (*Cart, error) {
	data, err := document.Read(r, document.Cart, maxBytes)
	if err != nil {
		return nil, err
	}
	return DecodeCart(data, maxBytes)
}

// levels of items: 0 the order's lines, 1 their items, 2 the items' items.
const levels = 3

// cartDecoder holds one decode. Items of one parent are collected on the
// stack of their level, then copied into a slab, so every Items slice is
// contiguous and no slice is ever moved after it is handed out.
type cartDecoder struct {
	s      *jsonscan.Scanner
	path   [12]string // reference tokens of the value being read, for errors (the deepest is /order/i/items/j/items/k/key/0)
	depth  int        // tokens in path
	lines  []Line
	items  [levels][]Item
	extra  [levels + 1][]Field // unknown members per level, 0 = the body
	slab   []Item
	fields []Field
}

// fault is an error at a byte offset below the current path.
type fault struct {
	off  int
	ptr  string
	msg  string
	full bool // ptr is the whole pointer already
}

func (f *fault) Error() string { return f.msg }

func (d *cartDecoder) push(tok string) { d.path[d.depth] = tok; d.depth++ }
func (d *cartDecoder) pop()            { d.depth-- }

func (d *cartDecoder) pointer() string {
	var b []byte
	for _, t := range d.path[:d.depth] {
		b = append(append(b, '/'), wire.Escape(t)...)
	}
	return string(b)
}

func (d *cartDecoder) failAt(off int, msg string) error {
	return &fault{off: off, ptr: d.pointer(), msg: msg, full: true}
}

// explain turns a scanner fault or a decoder fault into an *document.Error.
func (d *cartDecoder) explain(err error) error {
	ie := &document.Error{Kind: document.Cart}
	off := -1
	var se *jsonscan.Error
	var f *fault
	switch {
	case errors.As(err, &f):
		ie.Pointer, ie.Msg, off = f.ptr, f.msg, f.off
	case errors.As(err, &se):
		// A syntax fault has no meaningful pointer; a duplicate or depth
		// fault inside an unknown member does.
		ie.Msg, off = se.Msg, se.Offset
		if se.Inner != "" || isStructural(se.Msg) {
			ie.Pointer = d.pointer() + se.Inner
		}
	default:
		ie.Msg = err.Error()
	}
	if off >= 0 {
		ie.Line, ie.Column = wire.LineCol(d.s.Buf, int64(off))
	}
	return ie
}

func isStructural(msg string) bool {
	return msg == "nested too deep" || len(msg) > 17 && msg[:17] == "duplicate member "
}

// typeFail names the value at the current position, as sent.
func (d *cartDecoder) typeFail(want string) error {
	start := d.s.Pos
	if err := d.s.Skip(MaxCartDepth - d.depth); err != nil {
		return err
	}
	return d.failAt(start, "want "+want+", got "+quote(d.s.Buf[start:d.s.Pos]))
}

// quote shows a value as sent, shortened: objects and arrays by their kind.
func quote(raw []byte) string {
	switch {
	case len(raw) == 0:
		return "nothing"
	case raw[0] == '{':
		return "object"
	case raw[0] == '[':
		return "array"
	case len(raw) > 40:
		return string(raw[:40]) + "…"
	}
	return string(raw)
}

// raw reads any value and returns it as sent.
func (d *cartDecoder) raw() (json.RawMessage, error) {
	d.s.SkipSpace()
	start := d.s.Pos
	if err := d.s.Skip(MaxCartDepth - d.depth); err != nil {
		return nil, err
	}
	return d.s.Buf[start:d.s.Pos:d.s.Pos], nil
}

// key reads a member name and its colon, refusing a repeated one.
func (d *cartDecoder) key(keys *jsonscan.Keys) (string, error) {
	if d.s.SkipSpace() != '"' {
		return "", d.s.Unexpected("looking for beginning of object key string")
	}
	k, start, _, err := d.s.String()
	if err != nil {
		return "", err
	}
	if !keys.Add(k) {
		d.push(k)
		defer d.pop()
		return "", d.failAt(start, "duplicate member "+strconv.Quote(k))
	}
	return k, d.s.Expect(':', "after object key")
}

// open consumes '{' (or '[') or fails with a type error naming want; null
// reports false with no error.
func (d *cartDecoder) open(c byte, want string) (bool, error) {
	switch d.s.SkipSpace() {
	case c:
		d.s.Pos++
		return true, nil
	case 'n':
		if _, _, err := d.s.Literal(); err != nil {
			return false, err
		}
		return false, nil
	case 0:
		return false, d.s.Unexpected("looking for beginning of value")
	}
	return false, d.typeFail(want)
}

// cartMembers are the members that make a JSON object a cart.
var cartMembers = [...]string{"objectid", "order", "order_type", "pay_type", "delivery_time", "client"}

func (d *cartDecoder) cart() (*Cart, error) {
	if d.s.SkipSpace() != '{' {
		if d.s.Pos >= len(d.s.Buf) {
			return nil, d.s.Fail(d.s.Pos, "empty document, want a cart (a JSON object with order[])")
		}
		return nil, d.typeFail("a cart (a JSON object)")
	}
	start := d.s.Pos
	d.s.Pos++
	c := &Cart{OrderType: BadOrderType, PayType: BadPayType}
	var keys jsonscan.Keys
	known := false
	for first := true; ; first = false {
		more, err := d.s.More('}', first)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		k, err := d.key(&keys)
		if err != nil {
			return nil, err
		}
		d.push(k)
		if err := d.header(c, k); err != nil {
			return nil, err
		}
		d.pop()
		for _, m := range cartMembers {
			known = known || k == m
		}
	}
	if err := d.s.End(); err != nil {
		return nil, err
	}
	if !known {
		return nil, d.failAt(0, "not a cart: none of "+listOf(cartMembers[:])+" is present")
	}
	c.Extra = carve(&d.fields, d.extra[0])
	c.Raw = json.RawMessage(bytes.TrimRight(d.s.Buf[start:], " \t\r\n"))
	return c, nil
}

func listOf(names []string) string {
	var b []byte
	for i, n := range names {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, n...)
	}
	return string(b)
}

func (d *cartDecoder) header(c *Cart, k string) error {
	var err error
	switch k {
	case "objectid":
		if c.Sent.ObjectID, err = d.raw(); err == nil {
			c.ObjectID = menu.ID(idOf(c.Sent.ObjectID))
		}
	case "delivery_time":
		c.DeliveryTime, c.Sent.DeliveryTime, err = d.text()
	case "comment":
		c.Comment, c.Sent.Comment, err = d.text()
	case "order_type":
		if c.Sent.OrderType, err = d.raw(); err == nil {
			c.OrderType = OrderType(small(c.Sent.OrderType, int64(BadOrderType)))
		}
	case "pay_type":
		if c.Sent.PayType, err = d.raw(); err == nil {
			c.PayType = PayType(small(c.Sent.PayType, int64(BadPayType)))
		}
	case "client":
		err = d.client(&c.Client)
	case "address":
		err = d.address(&c.Address)
	case "order":
		c.Lines, err = d.order()
	default:
		var v json.RawMessage
		if v, err = d.raw(); err == nil {
			d.extra[0] = append(d.extra[0], Field{Name: k, Value: v})
		}
	}
	return err
}

// text reads a JSON string's value; any other value is returned as its
// literal text (null as ""), so a malformed value still fails the rule
// that reads it.
func (d *cartDecoder) text() (string, json.RawMessage, error) {
	if d.s.SkipSpace() == '"' {
		v, start, end, err := d.s.String()
		return v, d.s.Buf[start:end:end], err
	}
	start := d.s.Pos
	raw, err := d.raw()
	if err != nil || string(raw) == "null" {
		return "", raw, err
	}
	return d.s.Str[start:d.s.Pos], raw, nil
}

// idOf reads an id as sent: a JSON integer, a string of decimal digits
// (escaped or not) or null (0); anything else is 0.
func idOf(raw []byte) int64 {
	if len(raw) > 0 && raw[0] == '"' && bytes.IndexByte(raw, '\\') >= 0 {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0
		}
		raw = []byte(strconv.Quote(s))
	}
	v, _ := wire.ParseInt(raw)
	return v
}

// strictInt accepts a JSON number without fraction or exponent only.
func strictInt(raw []byte) (int64, bool) {
	if len(raw) == 0 || raw[0] == '"' || raw[0] == 'n' {
		return 0, false
	}
	return wire.Digits(raw) // raw is a JSON number: strconv.ParseInt's answer, without its string
}

// small reads a JSON integer that fits int8, or returns bad: every value
// outside the valid few is a violation anyway.
func small(raw []byte, bad int64) int8 {
	v, ok := strictInt(raw)
	if !ok || v < -128 || v > 127 {
		return int8(bad)
	}
	return int8(v)
}

// fields reads an object of string-or-number members (client, address)
// into the targets by name; other members are only checked (Raw keeps
// them). It returns the object as sent, or nil for null.
func (d *cartDecoder) scalars(names []string, targets []*string) (json.RawMessage, error) {
	d.s.SkipSpace()
	start := d.s.Pos
	ok, err := d.open('{', "object")
	if err != nil || !ok {
		return nil, err
	}
	var keys jsonscan.Keys
	for first := true; ; first = false {
		more, err := d.s.More('}', first)
		if err != nil {
			return nil, err
		}
		if !more {
			return d.s.Buf[start:d.s.Pos:d.s.Pos], nil
		}
		k, err := d.key(&keys)
		if err != nil {
			return nil, err
		}
		d.push(k)
		i := 0
		for i < len(names) && names[i] != k {
			i++
		}
		if i == len(names) {
			_, err = d.raw()
		} else {
			*targets[i], err = d.scalar()
		}
		if err != nil {
			return nil, err
		}
		d.pop()
	}
}

var (
	clientNames  = []string{"id", "phone", "email", "ln", "fn", "mn"}
	addressNames = []string{"id", "country", "city", "street", "house", "building", "entry", "floor", "apartments", "lat", "lon"}
)

func (d *cartDecoder) client(c *Client) error {
	raw, err := d.scalars(clientNames, []*string{&c.ID, &c.Phone, &c.Email, &c.LastName, &c.FirstName, &c.MiddleName})
	c.Raw = raw
	return err
}

func (d *cartDecoder) address(a *Address) error {
	raw, err := d.scalars(addressNames, []*string{&a.ID, &a.Country, &a.City, &a.Street, &a.House, &a.Building,
		&a.Entry, &a.Floor, &a.Apartments, &a.Lat, &a.Lon})
	a.Raw = raw
	return err
}

// scalar reads a string or number of client/address as a string (a number
// as its digits, null as "").
func (d *cartDecoder) scalar() (string, error) {
	switch c := d.s.SkipSpace(); {
	case c == '"':
		v, _, _, err := d.s.String()
		return v, err
	case c == '-' || c >= '0' && c <= '9':
		start, end, err := d.s.Number()
		return d.s.Str[start:end], err
	case c == 'n':
		start := d.s.Pos
		if _, _, err := d.s.Literal(); err != nil {
			return "", err
		}
		if d.s.Str[start:d.s.Pos] == "null" {
			return "", nil
		}
		d.s.Pos = start
	}
	return "", d.typeFail("string")
}

func (d *cartDecoder) order() ([]Line, error) {
	ok, err := d.open('[', "array")
	if err != nil || !ok {
		return nil, err
	}
	d.lines = make([]Line, 0, max(4, min(len(d.s.Buf)/128, 1024)))
	for i := 0; ; i++ {
		more, err := d.s.More(']', i == 0)
		if err != nil {
			return nil, err
		}
		if !more {
			return d.lines, nil
		}
		d.push(strconv.Itoa(i))
		// d.lines does not grow while its line is read (nested items go
		// to d.items), so the line is filled in place.
		d.lines = append(d.lines, Line{})
		if err := d.item(0, (*Item)(&d.lines[len(d.lines)-1])); err != nil {
			return nil, err
		}
		d.pop()
	}
}

// item reads a line (level 0) or an item (levels 1 and 2).
// item decodes the object at Pos into *it, a zero Item in its place in the
// decoder's buffers (filled there, not built and copied).
func (d *cartDecoder) item(level int, it *Item) error {
	d.s.SkipSpace()
	start := d.s.Pos
	if d.s.SkipSpace() != '{' {
		if d.s.Pos >= len(d.s.Buf) {
			return d.s.Unexpected("looking for beginning of value")
		}
		return d.typeFail("object")
	}
	d.s.Pos++
	if level > 0 {
		it.Qnt = money.Piece // an item's qnt defaults to one per parent unit
	}
	var keys jsonscan.Keys
	xstart := len(d.extra[level+1])
	for first := true; ; first = false {
		more, err := d.s.More('}', first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		k, err := d.key(&keys)
		if err != nil {
			return err
		}
		d.push(k)
		switch k {
		case "type":
			var t string
			t, _, err = d.text()
			it.Type = intern(t)
		case "id":
			if it.RawID, err = d.raw(); err == nil {
				it.ID = menu.ID(idOf(it.RawID))
			}
		case "qnt":
			if it.RawQnt, err = d.raw(); err == nil {
				v, ok := strictInt(it.RawQnt)
				if !ok {
					v = 0 // not an integer: bad_quantity
				}
				it.Qnt = money.Qty(v)
			}
		case "items":
			it.Items, err = d.children(level + 1)
		default:
			var v json.RawMessage
			if v, err = d.raw(); err == nil {
				d.extra[level+1] = append(d.extra[level+1], Field{Name: k, Value: v})
			}
		}
		if err != nil {
			return err
		}
		d.pop()
	}
	it.Raw = d.s.Buf[start:d.s.Pos:d.s.Pos]
	it.Extra = carve(&d.fields, d.extra[level+1][xstart:])
	d.extra[level+1] = d.extra[level+1][:xstart]
	return nil
}

// children reads an items array at level (1 or 2).
func (d *cartDecoder) children(level int) ([]Item, error) {
	d.s.SkipSpace()
	at := d.s.Pos
	ok, err := d.open('[', "array")
	if err != nil || !ok {
		return nil, err
	}
	start := len(d.items[level%levels])
	for i := 0; ; i++ {
		more, err := d.s.More(']', i == 0)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		if level >= levels {
			return nil, d.failAt(at, "items nested too deep: a line, its items and their items are the only levels")
		}
		d.push(strconv.Itoa(i))
		d.items[level] = append(d.items[level], Item{}) // filled in place: its items go one level down
		if err := d.item(level, &d.items[level][len(d.items[level])-1]); err != nil {
			return nil, err
		}
		d.pop()
	}
	if level >= levels {
		return nil, nil
	}
	out := carve(&d.slab, d.items[level][start:])
	d.items[level] = d.items[level][:start]
	return out, nil
}

// carve copies src into the free end of *slab (a new, larger slab when it
// does not fit; the old one stays with the slices cut from it) and returns
// the copy, capped so that appending to it cannot touch its neighbours.
func carve[T any](slab *[]T, src []T) []T {
	if len(src) == 0 {
		return nil
	}
	if cap(*slab)-len(*slab) < len(src) {
		*slab = make([]T, 0, max(len(src), 2*cap(*slab), 16))
	}
	n := len(*slab)
	*slab = append(*slab, src...)
	return (*slab)[n:len(*slab):len(*slab)]
}

// intern returns the line type constants without allocating.
func intern(t string) string {
	switch t {
	case TypeDish:
		return TypeDish
	case TypeCombo:
		return TypeCombo
	case TypeComponent:
		return TypeComponent
	case TypeModifier:
		return TypeModifier
	case TypeDiscount:
		return TypeDiscount
	}
	return t
}
