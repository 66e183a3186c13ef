package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// DefaultMaxCartBytes is the cart size cap used when Options.MaxCartBytes
// is 0.
const DefaultMaxCartBytes = 8 << 20

// ErrInput is wrapped by every [*InputError].
var ErrInput = errors.New("engine: unusable cart")

// InputError is input that is not a cart at all: malformed JSON (Line and
// Column set) or a wrong JSON type (Pointer set). It unwraps to [ErrInput].
type InputError struct {
	Pointer string
	Line    int
	Column  int
	Msg     string
}

func (e *InputError) Error() string { return "cart: " + (*wire.DecodeError)(e).Error() }

func (e *InputError) Unwrap() error { return ErrInput }

// DecodeCart decodes a savedeliveryorder body. Ids may be numbers or digit
// strings; a line's missing or non-integer qnt, an unresolvable id, an
// unknown type or a malformed order_type become violations when priced, not
// errors. An item without qnt gets 1000.
//
// It returns an [*InputError] if:
//   - data is larger than maxBytes (0 means DefaultMaxCartBytes);
//   - data is not one JSON object (with line and column);
//   - order, a line's or item's items is not an array, a line or item is not
//     an object, client or address is not an object, or one of their fields
//     is not a string or number (with the JSON Pointer).
func DecodeCart(data []byte, maxBytes int64) (*Cart, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxCartBytes
	}
	if int64(len(data)) > maxBytes {
		return nil, &InputError{Msg: fmt.Sprintf("document too large: %d bytes, limit %d", len(data), maxBytes)}
	}
	if !json.Valid(data) {
		return nil, syntaxError(data)
	}
	fields, err := members(data, "")
	if err != nil {
		return nil, err
	}
	c := &Cart{OrderType: BadOrderType, PayType: BadPayType}
	for _, f := range fields {
		switch f.Name {
		case "objectid":
			id, _ := wire.ParseInt(f.Value)
			c.ObjectID = menu.ID(id)
		case "delivery_time":
			c.DeliveryTime = text(f.Value)
		case "comment":
			c.Comment = text(f.Value)
		case "order_type":
			c.OrderType = OrderType(small(f.Value, int64(BadOrderType)))
		case "pay_type":
			c.PayType = PayType(small(f.Value, int64(BadPayType)))
		case "client":
			err = decodeClient(f.Value, &c.Client)
		case "address":
			err = decodeAddress(f.Value, &c.Address)
		case "order":
			c.Lines, err = decodeLines(f.Value)
		default:
			c.Extra = append(c.Extra, f)
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// ReadCart reads at most maxBytes+1 bytes from r and decodes them.
func ReadCart(r io.Reader, maxBytes int64) (*Cart, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxCartBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cart: reading: %w", err)
	}
	return DecodeCart(data, maxBytes)
}

func syntaxError(data []byte) error {
	var v any
	return inputError(wire.Explain(data, reflect.TypeFor[any](), json.Unmarshal(data, &v)), "")
}

// members splits a JSON object into its members, in order, verbatim.
// data must be valid JSON.
func members(data []byte, ptr string) ([]Field, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, _ := dec.Token()
	if tok != json.Delim('{') {
		return nil, typeError(ptr, "object", data)
	}
	var out []Field
	for dec.More() {
		k, _ := dec.Token()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, &InputError{Pointer: ptr, Msg: err.Error()}
		}
		out = append(out, Field{Name: k.(string), Value: raw})
	}
	return out, nil
}

func elements(data []byte, ptr string) ([]json.RawMessage, error) {
	if isNull(data) {
		return nil, nil
	}
	var out []json.RawMessage
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, typeError(ptr, "array", data)
	}
	return out, nil
}

func typeError(ptr, want string, got []byte) error {
	return &InputError{Pointer: ptr, Msg: "want " + want + ", got " + kind(got)}
}

func kind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		if len(raw) > 40 {
			return string(raw[:40]) + "…\""
		}
	}
	return string(raw)
}

func isNull(raw []byte) bool { return string(bytes.TrimSpace(raw)) == "null" }

// text returns a JSON string's value; any other JSON value is returned as
// its literal text, so a malformed value still fails the rule that reads it.
func text(raw []byte) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if isNull(raw) {
		return ""
	}
	return string(raw)
}

// strictInt accepts a JSON number without fraction or exponent only.
func strictInt(raw []byte) (int64, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] == '"' || isNull(raw) {
		return 0, false
	}
	v, err := strconv.ParseInt(string(raw), 10, 64)
	return v, err == nil
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

// scalar reads a string or number field of client/address as a string.
func scalar(raw []byte, ptr string) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case isNull(raw):
		return "", nil
	case len(raw) > 0 && raw[0] == '"':
		var s string
		_ = json.Unmarshal(raw, &s)
		return s, nil
	case len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'):
		return string(raw), nil
	}
	return "", typeError(ptr, "string", raw)
}

func object(raw []byte, ptr string) ([]Field, error) {
	if isNull(raw) {
		return nil, nil
	}
	return members(raw, ptr)
}

func decodeClient(raw []byte, c *Client) error {
	fields, err := object(raw, "/client")
	if err != nil {
		return err
	}
	if fields != nil {
		c.Raw = raw
	}
	targets := map[string]*string{"id": &c.ID, "phone": &c.Phone, "email": &c.Email, "ln": &c.LastName, "fn": &c.FirstName, "mn": &c.MiddleName}
	return scalars(fields, "/client/", targets)
}

func decodeAddress(raw []byte, a *Address) error {
	fields, err := object(raw, "/address")
	if err != nil {
		return err
	}
	if fields != nil {
		a.Raw = raw
	}
	targets := map[string]*string{"id": &a.ID, "country": &a.Country, "city": &a.City, "street": &a.Street,
		"house": &a.House, "building": &a.Building, "entry": &a.Entry, "floor": &a.Floor,
		"apartments": &a.Apartments, "lat": &a.Lat, "lon": &a.Lon}
	return scalars(fields, "/address/", targets)
}

// scalars fills the known fields; unknown ones are ignored here (payloads
// re-emit the known ones).
func scalars(fields []Field, prefix string, targets map[string]*string) error {
	for _, f := range fields {
		dst, ok := targets[f.Name]
		if !ok {
			continue
		}
		s, err := scalar(f.Value, prefix+wire.Escape(f.Name))
		if err != nil {
			return err
		}
		*dst = s
	}
	return nil
}

func decodeLines(raw []byte) ([]Line, error) {
	elems, err := elements(raw, "/order")
	if err != nil {
		return nil, err
	}
	lines := make([]Line, len(elems))
	for i, e := range elems {
		ptr := "/order/" + strconv.Itoa(i)
		it, err := decodeItem(e, ptr, false)
		if err != nil {
			return nil, err
		}
		lines[i] = Line(it)
	}
	return lines, nil
}

func decodeItem(raw []byte, ptr string, isItem bool) (Item, error) {
	if bytes.TrimSpace(raw)[0] != '{' {
		return Item{}, typeError(ptr, "object", raw)
	}
	fields, err := members(raw, ptr)
	if err != nil {
		return Item{}, err
	}
	it := Item{Raw: raw}
	if isItem {
		it.Qnt = money.Piece // an item's qnt defaults to one per parent unit
	}
	for _, f := range fields {
		switch f.Name {
		case "type":
			it.Type = text(f.Value)
		case "id":
			id, _ := wire.ParseInt(f.Value)
			it.ID = menu.ID(id)
		case "qnt":
			v, ok := strictInt(f.Value)
			if !ok {
				v = 0 // not an integer: bad_quantity
			}
			it.Qnt = money.Qty(v)
		case "items":
			elems, err := elements(f.Value, ptr+"/items")
			if err != nil {
				return Item{}, err
			}
			it.Items = make([]Item, len(elems))
			for j, e := range elems {
				if it.Items[j], err = decodeItem(e, ptr+"/items/"+strconv.Itoa(j), true); err != nil {
					return Item{}, err
				}
			}
		}
	}
	return it, nil
}
