package menu

import (
	"time"

	"github.com/rkcart/rkcart/document"
)

// Object is one servable restaurant, the same in every door (the CLI, the
// sidecar, the fake POS, the WebAssembly build, the syncer): its compiled
// menu, its restaurant and categories, the version of the documents it
// came from, and when it was loaded. It is immutable once made: share it
// freely.
type Object struct {
	ID         ID          // the restaurant (object) id; 0 when the menu came without a restaurant
	Version    string      // document.Version of the documents
	Menu       *Menu       // required
	Restaurant *Restaurant // nil: no restaurant rules
	Tree       []Selector  // nil: no categories
	LoadedAt   time.Time   // when it was read or fetched
}

// Docs are an object's documents as read: a dishes response, and
// optionally a rests response (or one restaurant) and a menutree.
type Docs struct {
	Menu       []byte
	Restaurant []byte // nil: no restaurant
	Tree       []byte // nil: no menutree
}

// ObjectOptions is the policy of reading documents into an object.
type ObjectOptions struct {
	// MinorUnits: the restaurant's amounts are minor units already (see
	// RestaurantOptions).
	MinorUnits bool
	// ObjectID picks the restaurant of a rests response that holds
	// several (0: the only one).
	ObjectID ID
	// LoadedAt stamps the object (zero: time.Now).
	LoadedAt time.Time
}

// LoadObject is the one loader of objects from documents. The version
// hashes the documents' content (document.Version(menu, restaurant[,
// tree]): an answer's data, not its envelope), so files, a sync, the
// gateway and bytes in a browser give the same version for the same
// content.
//
// It returns an *ObjectError naming the first document that cannot be
// read, wrapping the loader's error.
func LoadObject(d Docs, o ObjectOptions) (Object, error) {
	m, err := Load(d.Menu, Options{})
	if err != nil {
		return Object{}, &ObjectError{Doc: "menu", Err: err}
	}
	obj := Object{Menu: m, Version: document.Version(d.Menu, d.Restaurant), LoadedAt: o.LoadedAt}
	if obj.LoadedAt.IsZero() {
		obj.LoadedAt = time.Now()
	}
	if d.Restaurant != nil {
		r, err := LoadRestaurant(d.Restaurant, RestaurantOptions{MinorUnits: o.MinorUnits, ObjectID: o.ObjectID})
		if err != nil {
			return Object{}, &ObjectError{Doc: "restaurant", Err: err}
		}
		obj.ID, obj.Restaurant = r.ID, &r
	}
	if d.Tree != nil {
		tree, err := LoadTree(d.Tree, Options{})
		if err != nil {
			return Object{}, &ObjectError{Doc: "menutree", Err: err}
		}
		obj.Tree = tree
		obj.Version = document.Version(d.Menu, d.Restaurant, d.Tree)
	}
	return obj, nil
}

// ObjectError is a document of an object that cannot be read: Doc is
// "menu", "restaurant" or "menutree"; Err the loader's error.
type ObjectError struct {
	Doc string
	Err error
}

func (e *ObjectError) Error() string { return e.Err.Error() }
func (e *ObjectError) Unwrap() error { return e.Err }
