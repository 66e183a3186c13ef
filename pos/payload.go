package pos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rkcart/rkcart/engine"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// Dialect names a request body the POS accepts.
type Dialect int8

const (
	// SaveDeliveryOrder is the WebDelivery savedeliveryorder body.
	SaveDeliveryOrder Dialect = iota
	// CalcOrder is the WebDelivery CalcOrder body (the same body, another URL).
	CalcOrder
	// PostOrder is the UCS endpoint server postorder body, whose order_type
	// is reversed: 0 = delivery, 1 = pickup.
	PostOrder
)

func (d Dialect) String() string {
	switch d {
	case SaveDeliveryOrder:
		return "savedeliveryorder"
	case CalcOrder:
		return "calcorder"
	case PostOrder:
		return "postorder"
	}
	return "dialect(" + strconv.Itoa(int(d)) + ")"
}

// ParseDialect reads "savedeliveryorder", "calcorder" or "postorder" (any
// case). It returns an error for anything else.
func ParseDialect(s string) (Dialect, error) {
	for _, d := range []Dialect{SaveDeliveryOrder, CalcOrder, PostOrder} {
		if strings.EqualFold(s, d.String()) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("pos: unknown dialect %q (want savedeliveryorder, calcorder or postorder)", s)
}

// Request is an emitted request: where it goes and its body.
type Request struct {
	Method string // always POST
	Path   string // relative to the API base: "savedeliveryorder", "CalcOrder", "postorder/199994335", "payment"
	Query  string // "objectId=199994335" for an existing customer's WebDelivery order, else ""
	Body   []byte
}

// URL returns Path with Query appended.
func (r Request) URL() string {
	if r.Query == "" {
		return r.Path
	}
	return r.Path + "?" + r.Query
}

var (
	// ErrRefused is wrapped by [*RefusedError].
	ErrRefused = errors.New("pos: cart refused")
	// ErrMismatch is returned when a Result does not come from pricing the
	// given cart.
	ErrMismatch = errors.New("pos: result does not belong to this cart")
	// ErrBadOption is wrapped by the error of an emit option out of its
	// range (a postorder order_number outside 0–99999).
	ErrBadOption = errors.New("pos: bad option")
)

// RefusedError is a cart that is not emitted: it has violations (and the
// caller did not force emission), or breaks a rule of the dialect itself.
type RefusedError struct {
	Violations engine.Violations // the cart's violations, when that is the reason
	Reason     string            // a dialect rule, when that is the reason
}

func (e *RefusedError) Error() string {
	if e.Reason != "" {
		return "pos: cart refused: " + e.Reason
	}
	return fmt.Sprintf("pos: cart refused: %d violations, first %s at %s", len(e.Violations), e.Violations[0].Code, e.Violations[0].Path)
}

func (e *RefusedError) Unwrap() error { return ErrRefused }

// EmitOptions are every dialect's choices, in one place: a transport
// reads them once and passes them to [Emit], whatever the dialect.
type EmitOptions struct {
	// Force emits a cart that has violations. Lines with violations are
	// then written exactly as they were sent.
	Force bool
	// PayOnline and OrderNumber are postorder's (pay_online_type: 1 paid
	// online, 0 offline; order_number 0–99999); another dialect refuses
	// them (ErrBadOption). Nil leaves what the cart carries (an unknown
	// top-level pay_online_type or order_number is passed through);
	// pay_online_type defaults to 0.
	PayOnline   *bool
	OrderNumber *int
}

// check refuses the options dialect d does not have.
func (o EmitOptions) check(d Dialect) error {
	if d != PostOrder && (o.PayOnline != nil || o.OrderNumber != nil) {
		return fmt.Errorf("%w: pay_online and order_number are postorder options, not %s", ErrBadOption, d)
	}
	if o.OrderNumber != nil && (*o.OrderNumber < 0 || *o.OrderNumber > 99999) {
		return fmt.Errorf("%w: order_number %d is outside 0–99999", ErrBadOption, *o.OrderNumber)
	}
	return nil
}

// MaxPostOrderComment is the longest comment the endpoint server accepts.
const MaxPostOrderComment = 255

// EmitSaveDeliveryOrder writes the savedeliveryorder body for c, priced as
// r (r must be the result of pricing c). Normalised: ids are strings,
// quantities integers, repeated modifiers under one parent merged, implied
// defaults and components written out; dc lines, client and address as
// sent, and unknown top-level fields are carried through unchanged. For an
// existing customer (client.id) objectid moves to the query string, as the
// WebDelivery reference shows.
//
// It returns an error if:
//   - o has postorder's options (ErrBadOption);
//   - r has violations and o.Force is false (*RefusedError, ErrRefused);
//   - r does not come from pricing c (ErrMismatch).
func EmitSaveDeliveryOrder(c *engine.Cart, r engine.Result, o EmitOptions) (Request, error) {
	return Emit(SaveDeliveryOrder, c, r, o)
}

// EmitCalcOrder writes the CalcOrder body: the savedeliveryorder body, sent
// to CalcOrder. It fails like [EmitSaveDeliveryOrder].
func EmitCalcOrder(c *engine.Cart, r engine.Result, o EmitOptions) (Request, error) {
	return Emit(CalcOrder, c, r, o)
}

// Emit writes c, priced as r, in dialect d: the one entry every transport
// calls. It fails as the dialect's writer does, and with ErrBadOption for
// an option d does not have or out of its range.
func Emit(d Dialect, c *engine.Cart, r engine.Result, o EmitOptions) (Request, error) {
	if err := o.check(d); err != nil {
		return Request{}, err
	}
	switch d {
	case SaveDeliveryOrder:
		return emitWebDelivery(c, r, o, "savedeliveryorder")
	case CalcOrder:
		return emitWebDelivery(c, r, o, "CalcOrder")
	case PostOrder:
		return emitPostOrder(c, r, o)
	}
	return Request{}, fmt.Errorf("pos: unknown dialect %d", d)
}

func emitWebDelivery(c *engine.Cart, r engine.Result, o EmitOptions, path string) (Request, error) {
	if err := check(c, r, o); err != nil {
		return Request{}, err
	}
	req := Request{Method: "POST", Path: path}
	// An existing customer's order names its object in the query (the
	// reference's second savedeliveryorder example), and so does any order
	// whose object came from the request rather than its body: the body
	// stays as sent, nothing invented in it.
	existing := c.Client.ID != ""
	if existing || c.EffectiveObject() != c.ObjectID {
		if id, ok := objectText(c); ok {
			req.Query = "objectId=" + url.QueryEscape(id)
		}
	}
	w := jsonWriter{b: make([]byte, 0, bodySize(c, r))}
	w.open('{')
	if !existing {
		writeObjectID(&w, c)
	}
	writeHeader(&w, c, c.OrderType, false)
	writeOrder(&w, c, r, engine.TypeComponent)
	for _, f := range c.Extra {
		w.key(f.Name)
		w.raw(f.Value)
	}
	w.close('}')
	req.Body = w.b
	return req, nil
}

// EmitPostOrder writes the UCS endpoint postorder body (the
// savedeliveryorder shape with order_type reversed, pay_online_type and an
// optional order_number) for POST postorder/<objectid>. Components are
// written as type "d", the item types the endpoint documents.
//
// It returns an error if:
//   - r has violations and o.Force is false, or the comment is longer than
//     255 characters (*RefusedError);
//   - o.OrderNumber is outside 0–99999 (ErrBadOption);
//   - r does not come from pricing c (ErrMismatch).
func EmitPostOrder(c *engine.Cart, r engine.Result, o EmitOptions) (Request, error) {
	return Emit(PostOrder, c, r, o)
}

func emitPostOrder(c *engine.Cart, r engine.Result, o EmitOptions) (Request, error) {
	if err := check(c, r, o); err != nil {
		return Request{}, err
	}
	if n := utf8.RuneCountInString(c.Comment); n > MaxPostOrderComment {
		return Request{}, &RefusedError{Reason: fmt.Sprintf("comment has %d characters, postorder takes at most %d", n, MaxPostOrderComment)}
	}
	object := c.EffectiveObject()
	if object <= 0 {
		return Request{}, &RefusedError{Reason: "postorder needs a positive objectid for its URL (postorder/<objectid>), in the body or from the request"}
	}
	w := jsonWriter{b: make([]byte, 0, bodySize(c, r))}
	w.open('{')
	writeObjectID(&w, c)
	writeHeader(&w, c, c.OrderType, true)
	extraPayOnline := false
	for _, f := range c.Extra {
		extraPayOnline = extraPayOnline || f.Name == "pay_online_type"
	}
	if o.PayOnline != nil || !extraPayOnline {
		w.key("pay_online_type")
		w.int(b2i(o.PayOnline != nil && *o.PayOnline))
	}
	if o.OrderNumber != nil {
		w.key("order_number")
		w.int(int64(*o.OrderNumber))
	}
	writeOrder(&w, c, r, engine.TypeDish)
	for _, f := range c.Extra {
		if (f.Name == "pay_online_type" && o.PayOnline != nil) || (f.Name == "order_number" && o.OrderNumber != nil) {
			continue // the options say otherwise
		}
		w.key(f.Name)
		w.raw(f.Value)
	}
	w.close('}')
	return Request{Method: "POST", Path: "postorder/" + strconv.FormatInt(int64(object), 10), Body: w.b}, nil
}

// bodySize estimates a body's length so that it is written into one
// allocation: the header, raw parts as sent, about 64 bytes per item.
func bodySize(c *engine.Cart, r engine.Result) int {
	n := 512 + len(c.Client.Raw) + len(c.Address.Raw) + len(c.Comment)
	for i := range r.Lines {
		n += 64 * (len(r.Lines[i].Modifiers) + len(r.Lines[i].Components))
		for j := range r.Lines[i].Components {
			n += 64 * len(r.Lines[i].Components[j].Modifiers)
		}
	}
	for _, f := range c.Extra {
		n += len(f.Name) + len(f.Value) + 4
	}
	for i := range c.Lines {
		n += 64 + len(c.Lines[i].Raw)
	}
	return n
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// check refuses invalid carts and results of other carts.
func check(c *engine.Cart, r engine.Result, o EmitOptions) error {
	if c == nil {
		return fmt.Errorf("%w: nil cart", ErrMismatch)
	}
	if r.Fingerprint() != engine.Fingerprint(c) {
		return fmt.Errorf("%w: the result was priced for another cart (or this one changed since)", ErrMismatch)
	}
	if !r.Valid && !o.Force {
		return &RefusedError{Violations: r.Violations}
	}
	return nil
}

// decoded reports whether c came from DecodeCart: its absent members stay
// absent, its invalid ones are written as sent.
func decoded(c *engine.Cart) bool { return c.Raw != nil }

// writeObjectID writes objectid: the number when it is valid, else as sent,
// else (missing) nothing.
func writeObjectID(w *jsonWriter, c *engine.Cart) {
	switch {
	case c.ObjectID > 0:
		w.key("objectid")
		w.int(int64(c.ObjectID))
	case c.Sent.ObjectID != nil:
		w.key("objectid")
		w.raw(c.Sent.ObjectID)
	}
}

// objectText is the object as the query string carries it: objectid, or
// the request's object when the body has none.
func objectText(c *engine.Cart) (string, bool) {
	switch id := c.EffectiveObject(); {
	case id > 0:
		return strconv.FormatInt(int64(id), 10), true
	case c.Sent.ObjectID != nil:
		var s string
		if json.Unmarshal(c.Sent.ObjectID, &s) == nil {
			return s, true
		}
		return string(c.Sent.ObjectID), true
	}
	return "", false
}

// writeHeader writes the header members. Valid values are written
// normalised (order_type reversed for postorder); a decoded cart's invalid
// values exactly as sent, and its absent members not at all, so a forced
// payload carries nothing the caller did not send. comment is written as
// sent, empty strings and numbers included.
func writeHeader(w *jsonWriter, c *engine.Cart, ot engine.OrderType, postorder bool) {
	dec := decoded(c)
	// A decoded member is written as sent while the cart still says what
	// was sent (a caller may have changed the field since).
	asSent := func(raw []byte, v string) bool { return dec && raw != nil && literal(raw) == v }
	switch {
	case asSent(c.Sent.DeliveryTime, c.DeliveryTime) && c.Sent.DeliveryTime[0] != '"':
		w.key("delivery_time")
		w.raw(c.Sent.DeliveryTime) // not a string: as sent
	case c.DeliveryTime != "" || asSent(c.Sent.DeliveryTime, c.DeliveryTime):
		w.key("delivery_time")
		w.str(c.DeliveryTime)
	}
	switch {
	case asSent(c.Sent.Comment, c.Comment):
		w.key("comment")
		w.raw(c.Sent.Comment) // "" and 123 included
	case c.Comment != "":
		w.key("comment")
		w.str(c.Comment)
	}
	switch {
	case ot == engine.Pickup || ot == engine.Delivery:
		v := int64(ot)
		if postorder {
			v = 1 - v // the endpoint server's order_type is reversed: 0 delivery, 1 pickup
		}
		w.key("order_type")
		w.int(v)
	case c.Sent.OrderType != nil:
		w.key("order_type")
		w.raw(c.Sent.OrderType)
	}
	switch {
	case c.PayType >= 0 && c.PayType <= 2:
		w.key("pay_type")
		w.int(int64(c.PayType))
	case c.Sent.PayType != nil:
		w.key("pay_type")
		w.raw(c.Sent.PayType)
	}
	cl := c.Client
	switch {
	case cl.Raw != nil:
		w.key("client")
		w.raw(cl.Raw)
	case !dec:
		w.key("client")
		writeFields(w, [][2]string{{"id", cl.ID}, {"phone", cl.Phone}, {"email", cl.Email}, {"ln", cl.LastName}, {"fn", cl.FirstName}, {"mn", cl.MiddleName}})
	}
	a := c.Address
	if a.Raw != nil {
		w.key("address")
		w.raw(a.Raw)
	} else if !dec && a.ID+a.Country+a.City+a.Street+a.House+a.Building+a.Entry+a.Floor+a.Apartments+a.Lat+a.Lon != "" {
		w.key("address")
		writeFields(w, [][2]string{{"id", a.ID}, {"country", a.Country}, {"city", a.City}, {"street", a.Street}, {"house", a.House},
			{"building", a.Building}, {"entry", a.Entry}, {"floor", a.Floor}, {"apartments", a.Apartments}, {"lat", a.Lat}, {"lon", a.Lon}})
	}
}

// writeFields writes an object of the non-empty fields, in order.
func writeFields(w *jsonWriter, fields [][2]string) {
	w.open('{')
	for _, f := range fields {
		if f[1] != "" {
			w.key(f[0])
			w.str(f[1])
		}
	}
	w.close('}')
}

// writeOrder writes order[]: priced valid lines normalised, everything
// else as sent. compType is the item type of combo components.
func writeOrder(w *jsonWriter, c *engine.Cart, r engine.Result, compType string) {
	w.key("order")
	w.open('[')
	next := 0 // r.Lines is in cart order
	for li := range c.Lines {
		ln := &c.Lines[li]
		var pl *engine.PricedLine
		if next < len(r.Lines) && r.Lines[next].Index == li {
			pl = &r.Lines[next]
			next++
		}
		if pl == nil || pl.HasErrors {
			writeAsSent(w, ln.Raw, ln.Type, ln.ID, ln.Qnt, ln.Items, true)
			continue
		}
		w.itemHead(int64(ln.ID), ln.Type, int64(ln.Qnt))
		if ln.Type == engine.TypeCombo {
			for ci := range pl.Components {
				comp := &pl.Components[ci]
				w.itemHead(int64(comp.ID), compType, int64(comp.Qnt))
				var sent []engine.Item // the component's items as sent
				if comp.Loc.Item >= 0 {
					sent = ln.Items[comp.Loc.Item].Items
				}
				for _, m := range comp.Modifiers {
					writeMerged(w, m, sent)
				}
				w.itemEnd()
				writeExtras(w, sentExtra(c, comp.Loc))
				w.close('}')
			}
		} else {
			for _, m := range pl.Modifiers {
				writeMerged(w, m, ln.Items)
			}
			for ii := range ln.Items { // dish discounts, as sent
				if it := &ln.Items[ii]; it.Type == engine.TypeDiscount {
					writeAsSent(w, it.Raw, it.Type, it.ID, it.Qnt, it.Items, false)
				}
			}
		}
		w.itemEnd()
		writeExtras(w, ln.Extra)
		w.close('}')
	}
	w.close(']')
}

// sentExtra returns the unknown members of the item at loc as sent, when
// loc names an item (implied entries have none).
func sentExtra(c *engine.Cart, loc engine.Loc) []engine.Field {
	if loc.Item < 0 || int(loc.Line) >= len(c.Lines) {
		return nil
	}
	items := c.Lines[loc.Line].Items
	if int(loc.Item) >= len(items) {
		return nil
	}
	it := &items[loc.Item]
	if loc.Sub >= 0 {
		if int(loc.Sub) >= len(it.Items) {
			return nil
		}
		return it.Items[loc.Sub].Extra
	}
	return it.Extra
}

// writeExtras writes the members of a line or item as sent that the
// normalised form does not model (captured once by the decoder), so
// nothing the caller sent is lost.
func writeExtras(w *jsonWriter, extra []engine.Field) {
	for _, f := range extra {
		w.key(f.Name)
		w.raw(f.Value)
	}
}

// writeMerged writes priced modifier m, the sum of every occurrence of its
// id among the parent's items as sent. The occurrences' unknown members
// are all kept: merged into one item when no member has two different
// values, else each occurrence is written on its own (with its own qnt),
// so nothing the caller sent is lost or overwritten.
func writeMerged(w *jsonWriter, m engine.PricedModifier, sent []engine.Item) {
	if m.Implied || m.Loc.Item < 0 {
		writeModifier(w, m, nil)
		return
	}
	first := int(m.Loc.Item)
	if m.Loc.Sub >= 0 {
		first = int(m.Loc.Sub)
	}
	if first >= len(sent) {
		writeModifier(w, m, nil)
		return
	}
	n, extra, conflict := 0, []engine.Field(nil), false
	for i := first; i < len(sent); i++ {
		it := &sent[i]
		if it.Type != engine.TypeModifier || it.ID != m.ID {
			continue
		}
		n++
		if n == 1 {
			extra = it.Extra
			continue
		}
		extra, conflict = union(extra, it.Extra)
		if conflict {
			break
		}
	}
	if !conflict {
		writeModifier(w, m, extra)
		return
	}
	for i := first; i < len(sent); i++ { // as sent, one by one
		if it := &sent[i]; it.Type == engine.TypeModifier && it.ID == m.ID {
			writeModifier(w, engine.PricedModifier{ID: it.ID, Qnt: it.Qnt}, it.Extra)
		}
	}
}

// union adds the members of b that a lacks, reporting a conflict when a
// member of both has two values (compared as compact JSON). a is never
// modified: the result is a new slice when anything is added.
func union(a, b []engine.Field) ([]engine.Field, bool) {
	out := a
	for _, f := range b {
		found := false
		for _, g := range a {
			if g.Name == f.Name {
				found = true
				if !sameJSON(g.Value, f.Value) {
					return nil, true
				}
			}
		}
		if !found {
			if len(out) == len(a) {
				out = append([]engine.Field(nil), a...)
			}
			out = append(out, f)
		}
	}
	return out, false
}

func sameJSON(a, b []byte) bool {
	var x, y bytes.Buffer
	return json.Compact(&x, a) == nil && json.Compact(&y, b) == nil && bytes.Equal(x.Bytes(), y.Bytes())
}

// writeModifier writes {"id":"…","type":"m","qnt":…,"items":[]} in one go
// (this is the innermost loop of every payload), plus the members of the
// item as sent (its first occurrence) that it does not model.
func writeModifier(w *jsonWriter, m engine.PricedModifier, extra []engine.Field) {
	w.itemHead(int64(m.ID), engine.TypeModifier, int64(m.Qnt))
	if len(extra) == 0 {
		w.itemTail()
		return
	}
	w.itemEnd()
	writeExtras(w, extra)
	w.close('}')
}

// writeAsSent writes a line or item verbatim when it was decoded, or from
// its fields when it was built in Go.
func writeAsSent(w *jsonWriter, raw []byte, typ string, id menu.ID, qnt money.Qty, items []engine.Item, isLine bool) {
	if raw != nil {
		w.raw(raw)
		return
	}
	w.open('{')
	w.key("id")
	w.id(int64(id))
	w.key("type")
	w.str(typ)
	if typ != engine.TypeDiscount || qnt != 0 {
		w.key("qnt")
		w.int(int64(qnt))
	}
	if len(items) > 0 || (isLine && typ != engine.TypeDiscount) {
		w.key("items")
		w.open('[')
		for i := range items {
			it := &items[i]
			writeAsSent(w, it.Raw, it.Type, it.ID, it.Qnt, it.Items, false)
		}
		w.close(']')
	}
	w.close('}')
}

// Payment is the WebDelivery `payment` posting body.
type Payment struct {
	ObjectID menu.ID
	VisitID  int64
	Payments []PaymentLine
}

// PaymentLine is one payment of a Payment.
type PaymentLine struct {
	CurrencyID int64         // currency identifier in RK7
	ExtPayID   string        // stored in ExtTransactionInfo
	Amount     money.Kopecks // minor units
	Promised   bool          // true: pledge payment; false: advance payment
}

// EmitPayment writes the `payment` body.
//
// It returns an error if the object or visit id is not positive, there is no
// payment, or an amount is not positive.
func EmitPayment(p Payment) (Request, error) {
	if p.ObjectID <= 0 || p.VisitID <= 0 {
		return Request{}, fmt.Errorf("pos: payment needs object_id and visit_id, got %d and %d", p.ObjectID, p.VisitID)
	}
	if len(p.Payments) == 0 {
		return Request{}, errors.New("pos: payment has no payments")
	}
	w := jsonWriter{}
	w.open('{')
	w.key("object_id")
	w.int(int64(p.ObjectID))
	w.key("visit_id")
	w.int(p.VisitID)
	w.key("payments")
	w.open('[')
	for i, pl := range p.Payments {
		if pl.Amount <= 0 {
			return Request{}, fmt.Errorf("pos: payments[%d]: amount %d is not positive", i, pl.Amount)
		}
		w.open('{')
		w.key("currency_id")
		w.int(pl.CurrencyID)
		w.key("extpay_id")
		w.str(pl.ExtPayID)
		w.key("amount")
		w.int(int64(pl.Amount))
		w.key("promised")
		w.bool(pl.Promised)
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return Request{Method: "POST", Path: "payment", Body: w.b}, nil
}
