package api

import (
	"time"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/menu"
)

// Object is one servable restaurant, the same in every door (the CLI, the
// sidecar, the fake POS, the WebAssembly build): its compiled menu, its
// restaurant and categories, the version of the documents it came from,
// and when it was loaded. It is immutable once made: share it freely.
type Object struct {
	ID         menu.ID          // the restaurant (object) id; 0 when the menu came without a restaurant
	Version    string           // document.Version of the documents
	Menu       *menu.Menu       // required
	Restaurant *menu.Restaurant // nil: no restaurant rules
	Tree       []menu.Selector  // nil: no categories
	LoadedAt   time.Time        // when it was read or fetched
}

// Docs are an object's documents as read: a dishes response, and
// optionally a rests response (or one restaurant) and a menutree.
type Docs struct {
	Menu       []byte
	Restaurant []byte // nil: no restaurant
	Tree       []byte // nil: no menutree
}

// LoadOptions is the policy of reading documents into an object.
type LoadOptions struct {
	// MinorUnits: the restaurant's amounts are minor units already (see
	// menu.RestaurantOptions).
	MinorUnits bool
	// ObjectID picks the restaurant of a rests response that holds
	// several (0: the only one).
	ObjectID menu.ID
	// LoadedAt stamps the object (zero: time.Now).
	LoadedAt time.Time
}

// Load is the one loader of objects from documents. The version hashes
// the documents as given (document.Version(menu, restaurant[, tree])), so
// files, a sync and bytes in a browser give the same version for the same
// documents.
//
// It returns a document problem naming the document (pointer under
// /menu, /restaurant or /menutree) for one that cannot be read.
func Load(d Docs, o LoadOptions) (Object, *Problem) {
	m, err := menu.Load(d.Menu, menu.Options{})
	if err != nil {
		return Object{}, DocProblem(err, "/menu")
	}
	obj := Object{Menu: m, Version: document.Version(d.Menu, d.Restaurant), LoadedAt: o.LoadedAt}
	if obj.LoadedAt.IsZero() {
		obj.LoadedAt = time.Now()
	}
	if d.Restaurant != nil {
		r, err := menu.LoadRestaurant(d.Restaurant, menu.RestaurantOptions{MinorUnits: o.MinorUnits, ObjectID: o.ObjectID})
		if err != nil {
			return Object{}, DocProblem(err, "/restaurant")
		}
		obj.ID, obj.Restaurant = r.ID, &r
	}
	if d.Tree != nil {
		tree, err := menu.LoadTree(d.Tree, menu.Options{})
		if err != nil {
			return Object{}, DocProblem(err, "/menutree")
		}
		obj.Tree = tree
		obj.Version = document.Version(d.Menu, d.Restaurant, d.Tree)
	}
	return obj, nil
}
