package wire

import "github.com/rkcart/rkcart/document"

// DecodeDishes decodes a `dishes` document into doc, as Decode does.
//
// Menus are the largest documents rkcart reads, so a well-formed one is
// read by a reader written for this one shape rather than by encoding/json's
// reflection. The reader takes a document only when it reads it exactly as
// encoding/json would: a fault, a duplicate member, a member name that
// matches a field only case-insensitively, null where a record was expected
// — anything it is not sure of — hands the whole document to Decode, which
// decodes it with encoding/json and names the fault (so an error, and the
// value of every odd document, is Decode's). An oracle test and a fuzz
// target hold the two equal. The WebAssembly module leaves the reader out
// (16 KB gzipped of the download, measured; a kiosk loads its menu once) and decodes with
// Decode alone.
//
// It fails when Decode does.
func DecodeDishes(k document.Kind, data []byte, doc *DishesDoc) error {
	if fastDishes(data, doc) {
		return nil
	}
	*doc = DishesDoc{}
	return Decode(k, data, doc)
}
