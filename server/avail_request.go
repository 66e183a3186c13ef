package server

import (
	"bytes"
	"encoding/json"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
)

// withAvailability reads the body of price and payload: a cart, or the
// envelope {"cart": …, "availability": …} whose availability (rkcart's
// availability document) applies to this one request. The envelope is
// told by its first member, "cart" or "availability" as written: no cart
// begins with either, and telling it costs no pass over the cart. It
// returns the engine to price with, the cart's bytes, and the pointer
// prefix of the cart inside the body ("" or "/cart").
func withAvailability(eng *engine.Engine, data []byte) (*engine.Engine, []byte, string, *problem) {
	if !envelopeFirst(data) {
		return eng, data, "", nil
	}
	var cart, avail json.RawMessage
	if p := envelope(data, map[string]*json.RawMessage{"cart": &cart, "availability": &avail}); p != nil {
		return nil, nil, "", p
	}
	if cart == nil {
		return nil, nil, "", docProblem(&document.Error{Kind: document.Request, Pointer: "/cart", Msg: "missing: an envelope carries its cart"}, "")
	}
	if avail == nil {
		return eng, cart, "/cart", nil
	}
	ne, p := requestEngine(eng, avail)
	if p != nil {
		return nil, nil, "", p
	}
	return ne, cart, "/cart", nil
}

// requestEngine is eng with the availability document raw for one request
// (an envelope's member "availability"): an engine of its own over the
// same menu, as a policy gets.
func requestEngine(eng *engine.Engine, raw []byte) (*engine.Engine, *problem) {
	a, err := engine.DecodeAvailability(raw, 0)
	if err != nil {
		return nil, docProblem(err, "/availability")
	}
	ne, err := eng.WithOptions(eng.Options())
	if err != nil {
		return nil, internalProblem(err)
	}
	ne.SetAvailability(a)
	return ne, nil
}

// envelopeFirst reports whether data is an object whose first member is
// cart or availability.
func envelopeFirst(data []byte) bool {
	rest := bytes.TrimLeft(data, " \t\r\n")
	if len(rest) == 0 || rest[0] != '{' {
		return false
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	for _, key := range []string{`"cart"`, `"availability"`} {
		if after, ok := bytes.CutPrefix(rest, []byte(key)); ok {
			after = bytes.TrimLeft(after, " \t\r\n")
			return len(after) > 0 && after[0] == ':'
		}
	}
	return false
}
