package wire

import "github.com/rkcart/rkcart/document"

// DecodeDishes decodes a `dishes` document into doc: what Decode does for
// a *DishesDoc.
//
// Menus are the largest documents rkcart reads, so a well-formed one is
// read by a reader written for this one shape rather than by
// encoding/json's reflection. The reader takes a document only when it
// reads it exactly as encoding/json would: a fault, a duplicate member, a
// member name that matches a field only case-insensitively, null where a
// record was expected — anything it is not sure of — hands the whole
// document to encoding/json, which decodes it and names the fault as for
// every other kind (so an error, and the value of every odd document, are
// what they were before the reader). An oracle test and a fuzz target hold
// the two equal. The WebAssembly module leaves the reader out (16 KB
// gzipped of the download, measured; a kiosk loads its menu once) and
// decodes with encoding/json alone.
//
// It fails as Decode does.
func DecodeDishes(k document.Kind, data []byte, doc *DishesDoc) error {
	if fastDishes(data, doc) {
		return nil
	}
	*doc = DishesDoc{}
	return decodeJSON(k, data, doc)
}
