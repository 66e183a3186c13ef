// Package document names the kinds of JSON document rkcart reads, their
// size limits, and the one error type every decoder returns.
//
// Every decoder of rkcart (menus, restaurants, carts, POS responses, QR-menu
// events, iiko webhooks) fails with an [*Error] that names the document
// [Kind] it expected, a JSON Pointer (RFC 6901) and the 1-based line and
// column of the fault, so a message reads
//
//	cart: /order/2/qnt: want integer, got "abc" (line 14, column 12)
//
// Every kind has a documented maximum size ([Kind.MaxBytes]), enforced while
// reading by [Read] (files and standard input alike), so a hostile or
// mistaken input never makes a reader hold more than the limit plus one
// byte.
//
// The package imports nothing of rkcart's: it is the bottom of the tree.
package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Kind is a kind of document. The zero value is Unknown.
type Kind uint8

// The kinds of document rkcart reads.
const (
	Unknown           Kind = iota
	Menu                   // WebDelivery `dishes` response
	Restaurant             // WebDelivery `rests` response, or one restaurant object
	MenuTree               // WebDelivery `menutree` response
	Currencies             // WebDelivery `Currency` response
	Cart                   // savedeliveryorder / CalcOrder request body
	OrderResponse          // savedeliveryorder or Order response
	CalcResponse           // CalcOrder response
	CourierResponse        // courier response
	PostOrderResponse      // UCS endpoint postorder response
	Events                 // QR-menu events response
	Webhook                // iiko reserve webhook body
	Request                // a sidecar request body
	Availability           // rkcart's availability: stop lists and balances
)

var kinds = [...]struct {
	name string
	max  int64
}{
	Unknown:           {"document", 8 << 20},
	Menu:              {"menu", 64 << 20},
	Restaurant:        {"restaurant", 8 << 20},
	MenuTree:          {"menutree", 16 << 20},
	Currencies:        {"currency list", 1 << 20},
	Cart:              {"cart", 8 << 20},
	OrderResponse:     {"order response", 8 << 20},
	CalcResponse:      {"CalcOrder response", 8 << 20},
	CourierResponse:   {"courier response", 1 << 20},
	PostOrderResponse: {"postorder response", 1 << 20},
	Events:            {"events response", 16 << 20},
	Webhook:           {"iiko webhook", 8 << 20},
	Request:           {"request", 8 << 20},
	Availability:      {"availability", 8 << 20},
}

// String names the kind as messages do ("menu", "cart", …).
func (k Kind) String() string {
	if int(k) < len(kinds) {
		return kinds[k].name
	}
	return fmt.Sprintf("kind(%d)", k)
}

// MaxBytes is the default size limit of the kind:
//
//	menu 64 MiB; menutree, events 16 MiB; currencies, courier and postorder
//	responses 1 MiB; every other kind 8 MiB.
//
// Decoders take an explicit limit where a caller may need another; 0 there
// means this one.
func (k Kind) MaxBytes() int64 {
	if int(k) < len(kinds) {
		return kinds[k].max
	}
	return kinds[Unknown].max
}

// Limit returns max, or the kind's default when max ≤ 0.
func (k Kind) Limit(max int64) int64 {
	if max <= 0 {
		return k.MaxBytes()
	}
	return max
}

var (
	// ErrInvalid is wrapped by every [*Error] about content: malformed JSON,
	// a wrong type, a missing member, a document of another kind.
	ErrInvalid = errors.New("invalid document")
	// ErrTooLarge is wrapped by an [*Error] for a document over its limit.
	ErrTooLarge = errors.New("document too large")
)

// Error says which document could not be decoded, where, and why. Pointer
// is a JSON Pointer into the document ("" for the root or a syntax error);
// Line and Column (1-based, in bytes) are set whenever a position is known.
type Error struct {
	Kind    Kind
	Pointer string
	Line    int
	Column  int
	Msg     string
	// Limit is the size limit, for a document that is too large.
	Limit int64
	// Cause is the underlying error, when there is one (a
	// *money.ParseError for an inexact amount); Unwrap returns it too.
	Cause error
}

// Error is "kind: pointer: msg (line L, column C)" with the parts that are
// known.
func (e *Error) Error() string {
	var s string
	switch {
	case e.Pointer != "" && e.Line > 0:
		s = fmt.Sprintf("%s: %s (line %d, column %d)", e.Pointer, e.Msg, e.Line, e.Column)
	case e.Line > 0:
		s = fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	case e.Pointer != "":
		s = e.Pointer + ": " + e.Msg
	default:
		s = e.Msg
	}
	return e.Kind.String() + ": " + s
}

// Unwrap returns ErrInvalid, ErrTooLarge too for a document over its
// limit (a document too large to read is not a usable one either), and
// Cause when set.
func (e *Error) Unwrap() []error {
	errs := []error{ErrInvalid}
	if e.Limit > 0 {
		errs = append(errs, ErrTooLarge)
	}
	if e.Cause != nil {
		errs = append(errs, e.Cause)
	}
	return errs
}

// TooLarge is the error for a document of n bytes over limit; n < 0 means
// "more than limit" (a limited read that stopped).
func TooLarge(k Kind, n, limit int64) *Error {
	msg := fmt.Sprintf("too large: %d bytes, limit %d", n, limit)
	if n < 0 {
		msg = fmt.Sprintf("too large: more than %d bytes", limit)
	}
	return &Error{Kind: k, Msg: msg, Limit: limit}
}

// Check returns a TooLarge error when data is over the kind's limit (max,
// or the kind's default when max ≤ 0), and nil otherwise.
func Check(k Kind, data []byte, max int64) error {
	limit := k.Limit(max)
	if int64(len(data)) > limit {
		return TooLarge(k, int64(len(data)), limit)
	}
	return nil
}

// Read reads a whole document of kind k from r, never more than its limit
// (max, or the kind's default when max ≤ 0) plus one byte.
//
// It returns a TooLarge [*Error] when r holds more than the limit, and a
// read error as it is, wrapped with the kind.
func Read(r io.Reader, k Kind, max int64) ([]byte, error) { return ReadSized(r, k, max, 0) }

// ReadSized is [Read] with the expected size (an HTTP Content-Length;
// ≤ 0 when unknown): a buffer of that size is allocated at once instead
// of growing by doubling. The size is only a hint, never trusted beyond
// the limit: a body longer or shorter than announced reads as it is.
func ReadSized(r io.Reader, k Kind, max, size int64) ([]byte, error) {
	limit := k.Limit(max)
	var buf bytes.Buffer
	if size > 0 && size <= limit {
		buf.Grow(int(size) + bytes.MinRead) // ReadFrom wants MinRead free to read the final EOF without growing
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, fmt.Errorf("%s: reading: %w", k, err)
	}
	if int64(buf.Len()) > limit {
		return nil, TooLarge(k, -1, limit)
	}
	return buf.Bytes(), nil
}
