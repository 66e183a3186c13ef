package qrmenu

import (
	"encoding/json"
	"errors"
	"strconv"

	"github.com/rkcart/rkcart/document"

	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/money"
)

// Event codes of the feed.
const (
	CodeSaveOrder       = "save_order"       // an order was saved
	CodeWaiterCall      = "waiter_call"      // a guest called the waiter
	CodeAdditionalOrder = "additional_order" // dishes were added to an open order
	CodeOnlinePayment   = "online_payment"   // the order was paid online
	CodeBillRequest     = "bill_request"     // a guest asked for the bill
)

// Response is one answer of GET /api/v4/events.
type Response struct {
	Result  bool
	Updates []Event
}

// Event is one update. Invoice, Order and TableRepr are nil when the feed
// sends null (waiter_call has neither invoice nor order).
type Event struct {
	Hash      string
	Code      string
	Table     int64
	Invoice   *Invoice
	Order     *Order
	TableRepr *TableRepr
	Raw       json.RawMessage // the event as received, always kept
	Index     int             // position in updates[], for paths
}

// Known reports whether the event's code is one of the five documented.
func (e Event) Known() bool {
	switch e.Code {
	case CodeSaveOrder, CodeWaiterCall, CodeAdditionalOrder, CodeOnlinePayment, CodeBillRequest:
		return true
	}
	return false
}

// Invoice is the current bill of an event.
type Invoice struct {
	ID        int64
	OrderGUID string
	TableID   int64
	UnpaidSum money.Kopecks
	SessionID int64
	Status    int64
	Error     json.RawMessage // as sent (null when none)
	Items     []Item          // session.items: the dishes added by this event
	Payments  json.RawMessage // session.payments, as sent
}

// Item is a dish added in an invoice session.
type Item struct {
	ID        int64
	Type      string
	Name      string
	Count     money.Qty
	Modifiers []Item
}

// Order is the whole order of an event.
type Order struct {
	GUID         string
	Sum          money.Kopecks
	PricelistSum money.Kopecks
	TableID      int64
	TableName    string
	WaiterID     int64
	WaiterName   string
	Discounts    []json.RawMessage // as sent: their shape is not documented
	Payments     []json.RawMessage // as sent
	Dishes       []Dish
}

// Dish is a dish of an order; modifiers have the same shape.
type Dish struct {
	ID        int64
	Type      string
	Name      string
	Price     money.Kopecks
	Count     money.Qty
	Sum       money.Kopecks
	Modifiers []Dish
}

// TableRepr describes the table.
type TableRepr struct {
	ID        int64
	Name      string
	MaxGuests int64
}

// ErrDecode is wrapped by every decoding error ([*document.Error]); it is
// document.ErrInvalid.
var ErrDecode = document.ErrInvalid

// A decoding failure is the one decoding error of rkcart, document.Error,
// with Kind document.Events: a JSON Pointer into the response, with line
// and column where known.

// MaxBytes caps a response Decode accepts (document.Events.MaxBytes()).
const MaxBytes = 16 << 20

type itemWire struct {
	ID        wire.Int        `json:"id"`
	Type      string          `json:"type"`
	Name      string          `json:"name"`
	Count     json.RawMessage `json:"count"`
	Modifiers []itemWire      `json:"modifiers"`
}

type dishWire struct {
	ID        wire.Int        `json:"id"`
	Type      string          `json:"type"`
	Name      string          `json:"name"`
	Price     json.RawMessage `json:"price"`
	Count     json.RawMessage `json:"count"`
	Sum       json.RawMessage `json:"sum"`
	Modifiers []dishWire      `json:"modifiers"`
}

type eventWire struct {
	Hash    string   `json:"hash"`
	Code    string   `json:"code"`
	Table   wire.Int `json:"table"`
	Invoice *struct {
		ID        wire.Int        `json:"id"`
		OrderGUID string          `json:"order_guid"`
		TableID   wire.Int        `json:"table_id"`
		UnpaidSum json.RawMessage `json:"unpaid_sum"`
		SessionID wire.Int        `json:"session_id"`
		Status    wire.Int        `json:"status"`
		Error     json.RawMessage `json:"error"`
		Session   *struct {
			Items    []itemWire      `json:"items"`
			Payments json.RawMessage `json:"payments"`
		} `json:"session"`
	} `json:"invoice"`
	Order *struct {
		GUID         string          `json:"guid"`
		Sum          json.RawMessage `json:"sum"`
		PricelistSum json.RawMessage `json:"pricelist_sum"`
		Table        *struct {
			ID   wire.Int `json:"id"`
			Name string   `json:"name"`
		} `json:"table"`
		Waiter *struct {
			ID   wire.Int `json:"id"`
			Name string   `json:"name"`
		} `json:"waiter"`
		Discounts []json.RawMessage `json:"discounts"`
		Payments  []json.RawMessage `json:"payments"`
		Dishes    []dishWire        `json:"dishes"`
	} `json:"order"`
	TableRepr *struct {
		ID        wire.Int `json:"id"`
		Name      string   `json:"name"`
		MaxGuests wire.Int `json:"max_guests"`
	} `json:"table_repr"`
}

type responseWire struct {
	Result *bool `json:"result"`
	Data   *struct {
		Updates []json.RawMessage `json:"updates"`
	} `json:"data"`
}

// Decode reads an events response.
//
// It returns a [*document.Error] (wrapping ErrDecode) if:
//   - data is larger than MaxBytes, or not JSON (line and column);
//   - it is not an events response: result is missing, or result is true
//     and there is no data.updates[] (`{}`, a cart, a menu…);
//   - a field has the wrong JSON type (its JSON Pointer);
//   - a money value has more precision than a kopeck, or a count more than
//     a thousandth (its JSON Pointer).
func Decode(data []byte) (Response, error) {
	if err := document.Check(document.Events, data, MaxBytes); err != nil {
		return Response{}, err
	}
	var rw responseWire
	if err := wire.Decode(document.Events, data, &rw); err != nil {
		return Response{}, err
	}
	if rw.Result == nil || (*rw.Result && (rw.Data == nil || rw.Data.Updates == nil)) {
		return Response{}, document.Mismatch(document.Events, data, "an events response with result and data.updates[]")
	}
	r := Response{Result: *rw.Result}
	if rw.Data == nil {
		return r, nil
	}
	for i, raw := range rw.Data.Updates {
		prefix := "/data/updates/" + strconv.Itoa(i)
		ev, err := decodeEvent(raw, prefix)
		if err != nil {
			return Response{}, err
		}
		ev.Index = i
		r.Updates = append(r.Updates, ev)
	}
	return r, nil
}

// fromWire prefixes the pointer of an error found within one event (whose
// own line and column counted within the event).
func fromWire(err error, prefix string) error {
	var de *document.Error
	if errors.As(err, &de) {
		de.Pointer = prefix + de.Pointer
		de.Line, de.Column = 0, 0
		return de
	}
	return &document.Error{Kind: document.Events, Pointer: prefix, Msg: err.Error()}
}

// conv converts numbers, remembering the first failure with its path.
type conv struct{ err error }

func (c *conv) money(n json.RawMessage, ptr string) money.Kopecks {
	if c.err != nil || len(n) == 0 || string(n) == "null" {
		return 0
	}
	k, err := money.ParseJSON(n, money.Major)
	if err != nil {
		c.err = &document.Error{Kind: document.Events, Pointer: ptr, Msg: err.Error(), Cause: err}
	}
	return k
}

func (c *conv) qty(n json.RawMessage, ptr string) money.Qty {
	if c.err != nil || len(n) == 0 || string(n) == "null" {
		return 0
	}
	q, err := money.ParseQtyJSON(n)
	if err != nil {
		c.err = &document.Error{Kind: document.Events, Pointer: ptr, Msg: err.Error(), Cause: err}
	}
	return q
}

func decodeEvent(raw json.RawMessage, prefix string) (Event, error) {
	// An event with an unknown code may have any shape: keep it raw, with
	// whatever hash, code and table can be read, and never fail on it.
	var head struct {
		Hash  json.RawMessage `json:"hash"`
		Code  json.RawMessage `json:"code"`
		Table json.RawMessage `json:"table"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		if werr := wire.Decode(document.Events, raw, &eventWire{}); werr != nil {
			return Event{}, fromWire(werr, prefix) // names the place
		}
		return Event{}, &document.Error{Kind: document.Events, Pointer: prefix, Msg: "want object"}
	}
	var code string
	_ = json.Unmarshal(head.Code, &code)
	if probe := (Event{Code: code}); !probe.Known() {
		ev := Event{Code: code, Raw: raw}
		_ = json.Unmarshal(head.Hash, &ev.Hash)
		if t, ok := wire.ParseInt(head.Table); ok {
			ev.Table = t
		}
		return ev, nil
	}
	var w eventWire
	if err := wire.Decode(document.Events, raw, &w); err != nil {
		return Event{}, fromWire(err, prefix)
	}
	ev := Event{Hash: w.Hash, Code: w.Code, Table: int64(w.Table), Raw: raw}
	var c conv
	if inv := w.Invoice; inv != nil {
		ev.Invoice = &Invoice{ID: int64(inv.ID), OrderGUID: inv.OrderGUID, TableID: int64(inv.TableID),
			UnpaidSum: c.money(inv.UnpaidSum, prefix+"/invoice/unpaid_sum"), SessionID: int64(inv.SessionID),
			Status: int64(inv.Status), Error: inv.Error}
		if s := inv.Session; s != nil {
			ev.Invoice.Items = items(&c, s.Items, prefix+"/invoice/session/items/")
			ev.Invoice.Payments = s.Payments
		}
	}
	if o := w.Order; o != nil {
		ev.Order = &Order{GUID: o.GUID, Sum: c.money(o.Sum, prefix+"/order/sum"),
			PricelistSum: c.money(o.PricelistSum, prefix+"/order/pricelist_sum"),
			Discounts:    o.Discounts, Payments: o.Payments, Dishes: dishes(&c, o.Dishes, prefix+"/order/dishes/")}
		if o.Table != nil {
			ev.Order.TableID, ev.Order.TableName = int64(o.Table.ID), o.Table.Name
		}
		if o.Waiter != nil {
			ev.Order.WaiterID, ev.Order.WaiterName = int64(o.Waiter.ID), o.Waiter.Name
		}
	}
	if t := w.TableRepr; t != nil {
		ev.TableRepr = &TableRepr{ID: int64(t.ID), Name: t.Name, MaxGuests: int64(t.MaxGuests)}
	}
	return ev, c.err
}

func items(c *conv, ws []itemWire, prefix string) []Item {
	var out []Item
	for i, w := range ws {
		p := prefix + strconv.Itoa(i)
		out = append(out, Item{ID: int64(w.ID), Type: w.Type, Name: w.Name, Count: c.qty(w.Count, p+"/count"),
			Modifiers: items(c, w.Modifiers, p+"/modifiers/")})
	}
	return out
}

func dishes(c *conv, ws []dishWire, prefix string) []Dish {
	var out []Dish
	for i, w := range ws {
		p := prefix + strconv.Itoa(i)
		out = append(out, Dish{ID: int64(w.ID), Type: w.Type, Name: w.Name,
			Price: c.money(w.Price, p+"/price"), Count: c.qty(w.Count, p+"/count"), Sum: c.money(w.Sum, p+"/sum"),
			Modifiers: dishes(c, w.Modifiers, p+"/modifiers/")})
	}
	return out
}
