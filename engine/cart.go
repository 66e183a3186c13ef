package engine

import (
	"encoding/json"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// OrderType is the WebDelivery order_type.
type OrderType int8

const (
	// Pickup is order_type 0 (self-pickup). It is the zero value.
	Pickup OrderType = 0
	// Delivery is order_type 1.
	Delivery OrderType = 1
	// BadOrderType marks an order_type that is missing or not a JSON
	// integer; it and any value other than 0 or 1 is bad_order_type.
	BadOrderType OrderType = -1
)

// PayType is the WebDelivery pay_type: 0, 1 or 2 are valid.
type PayType int8

// BadPayType marks a pay_type that is missing or not a JSON integer.
const BadPayType PayType = -1

// Line types of the savedeliveryorder body.
const (
	TypeDish      = "d"  // a dish line, or a combo component (under c)
	TypeCombo     = "c"  // a combo line
	TypeComponent = "cc" // a combo component
	TypeModifier  = "m"  // a modifier
	TypeDiscount  = "dc" // a discount, passed through and never priced
)

// Cart is a savedeliveryorder request body. The zero value is an empty
// pickup order; it prices to 0 (and has the violations an empty order has).
type Cart struct {
	ObjectID     menu.ID // 0 when missing or not an integer
	DeliveryTime string  // "YYYY-MM-DDTHH:mm:ss" on the restaurant's wall clock
	Comment      string
	OrderType    OrderType
	PayType      PayType
	Client       Client
	Address      Address
	Lines        []Line  // order[]
	Extra        []Field // other top-level fields, in input order, kept for payloads
	Sent         Sent    // header members as sent (decoded carts only)
	// Object is the object the request names outside its body — the URL's
	// objectId (the WebDelivery reference's "existing customer" order
	// carries none in its body), the CLI's --object, the sidecar's
	// ?object= —; 0: none. A cart without objectid is priced for it; a
	// body objectid that disagrees with it is wrong_object. It is never
	// written into a body: payloads put it in the query.
	Object menu.ID
	// Raw is the whole body as sent (decoded carts only): it tells a
	// decoded cart, whose absent members stay absent in payloads, from one
	// built in Go.
	Raw json.RawMessage
}

// EffectiveObject is the object the cart is for: its objectid, or, when
// its body has none at all, the request's Object (0 when neither).
func (c *Cart) EffectiveObject() menu.ID {
	if c.ObjectID <= 0 && c.Sent.ObjectID == nil && c.Object > 0 {
		return c.Object
	}
	return c.ObjectID
}

// Sent holds header members exactly as they were sent (nil when absent or
// when the cart was built in Go), so that messages quote what the caller
// wrote and forced payloads can write it back unchanged.
type Sent struct {
	ObjectID, DeliveryTime, Comment, OrderType, PayType json.RawMessage
}

// Client is the customer block. A field given as a JSON number is kept as
// its digits.
type Client struct {
	ID, Phone, Email, LastName, FirstName, MiddleName string
	// Raw is the object as sent (decoded carts only); payloads write it
	// verbatim, so keys this type does not model are not lost.
	Raw json.RawMessage
}

// Address is the delivery address block.
type Address struct {
	ID, Country, City, Street, House, Building, Entry, Floor, Apartments, Lat, Lon string
	Raw                                                                            json.RawMessage // as sent, see Client.Raw
}

// Field is a JSON member kept verbatim.
type Field struct {
	Name  string
	Value json.RawMessage
}

// Line is one entry of order[]: a dish (d), a combo (c) or a discount (dc).
type Line struct {
	Type  string
	ID    menu.ID   // 0 when missing or neither an integer nor a digit string
	Qnt   money.Qty // thousandths; 0 when missing or not an integer
	Items []Item
	Raw   json.RawMessage // the line as sent (decoded carts only); dc lines are passed on from it
	// RawID and RawQnt are id and qnt as sent (decoded carts only), quoted
	// by messages; Extra the members the model does not know, in order.
	RawID, RawQnt json.RawMessage
	Extra         []Field
}

// Item is an entry of a line's items: a modifier (m) or discount (dc) under
// a dish, a component (cc or d) under a combo, a modifier under a component.
type Item struct {
	Type  string
	ID    menu.ID
	Qnt   money.Qty // thousandths per one unit of the parent; decoded default 1000
	Items []Item
	Raw   json.RawMessage
	// as in Line
	RawID, RawQnt json.RawMessage
	Extra         []Field
}
