package engine

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rkcart/rkcart/combo"
	"github.com/rkcart/rkcart/internal/linebuf"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/modifiers"
	"github.com/rkcart/rkcart/money"
)

// DefaultMaxQty is the largest line quantity accepted when
// Options.MaxQty is 0: 1,000,000 thousandths (1000 pieces).
const DefaultMaxQty money.Qty = 1_000_000

// DefaultZone is the restaurant time zone used when Options.Location is nil.
const DefaultZone = "Europe/Moscow"

// Options is the pricing policy. It is copied by [New]; the zero value uses
// the defaults.
type Options struct {
	// Location is the restaurant's IANA time zone; nil means Europe/Moscow.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxQty is the largest dish or combo line qnt; 0 means DefaultMaxQty.
	MaxQty money.Qty
	// Fractional allows line quantities that are not whole pieces.
	Fractional bool
	// CutoffMinutes: a delivery must be at least this many minutes before
	// the end of the delivery period (the demo site's periodNoDelivery).
	// It does not apply to all-day periods.
	CutoffMinutes int
	// MaxCartBytes caps PriceJSON input; 0 means DefaultMaxCartBytes.
	MaxCartBytes int64
	// Profile decides which violations are errors (the zero value,
	// ProfileRestaurant: all of them).
	Profile Profile
	// Lang is the language of violation messages (the zero value,
	// English; Russian).
	Lang Lang
	// MaxAvailabilityAge: when the availability in use (SetAvailability)
	// is older than this, every cart gets the warning stale_availability;
	// 0 never warns.
	MaxAvailabilityAge time.Duration
	// RestaurantMinorUnits: the restaurant document given to [Load] has
	// min_check_amount and delivery_price in minor units already (by
	// default they are roubles, converted ×100).
	RestaurantMinorUnits bool
}

// Engine prices and validates carts against one menu and an optional
// restaurant. It is safe for concurrent use by multiple goroutines.
//
// Make one with [New] or [Load]. A zero Engine does not panic: it prices
// against an empty menu with no restaurant (every dish line is
// unknown_dish), the default limits, the system clock and UTC, until
// [Engine.Reload] gives it a menu.
type Engine struct {
	opts  Options
	snap  atomic.Pointer[snapshot]
	avail atomic.Pointer[Availability]
	pool  sync.Pool // *scratch
	clock func() time.Time
}

// snapshot is what one Price call sees from start to end, so that a Reload
// never mixes two menus within a cart.
type snapshot struct {
	menu *menu.Menu
	rest *menu.Restaurant
}

type scratch struct {
	mods  modifiers.Checker
	combo combo.Checker
	comps []combo.Component
	sub   []modifiers.Item
	stock []stockUse
	// stockAt indexes stock by id once a cart uses more than stockScan
	// stocked ids (empty otherwise)
	stockAt map[stockKey]int32
	// flagged holds the items of the current line that a violation points
	// at (rare: empty for a valid line)
	flagged []Loc
}

// newScratch makes buffers that own their cache lines (package linebuf):
// the pool hands one to each P, and neighbouring small buffers written from
// two cores made parallel pricing bimodal.
func newScratch() any {
	return &scratch{
		comps: linebuf.Make[combo.Component](),
		sub:   linebuf.Make[modifiers.Item](), stock: linebuf.Make[stockUse](), flagged: linebuf.Make[Loc](),
	}
}

// ErrNoMenu is returned by New and Reload without a menu.
var ErrNoMenu = errors.New("engine: no menu")

// New returns an engine for m, with restaurant r (nil: no restaurant, so no
// objectid, delivery window, minimum check or delivery price rules).
// Restaurant amounts are converted when r is loaded: see
// [menu.RestaurantOptions.MinorUnits].
//
// It returns an error if:
//   - m is nil (ErrNoMenu);
//   - opts.MaxQty, opts.CutoffMinutes or opts.MaxCartBytes is negative, or
//     a stock quantity is negative;
//   - opts.Location is nil and Europe/Moscow cannot be loaded (import
//     time/tzdata to embed the zone database).
func New(m *menu.Menu, r *menu.Restaurant, opts Options) (*Engine, error) {
	if opts.MaxQty < 0 || opts.CutoffMinutes < 0 || opts.MaxCartBytes < 0 {
		return nil, fmt.Errorf("engine: negative limit in options")
	}
	if opts.MaxQty == 0 {
		opts.MaxQty = DefaultMaxQty
	}
	if opts.Location == nil {
		loc, err := time.LoadLocation(DefaultZone)
		if err != nil {
			return nil, fmt.Errorf("engine: loading %s: %w", DefaultZone, err)
		}
		opts.Location = loc
	}
	e := &Engine{opts: opts, clock: opts.Now}
	if e.clock == nil {
		e.clock = time.Now
	}
	e.pool.New = newScratch
	if err := e.Reload(m, r); err != nil {
		return nil, err
	}
	return e, nil
}

// WithOptions returns an engine over e's menu and restaurant (one snapshot
// of both) with options opts, and e's availability: an engine of its own
// for a request's policy, which changes how carts are priced, not what is
// available. The availability is shared, not copied (it is never changed
// in place: SetAvailability swaps a copy in), so this costs no map copy.
//
// It fails as New does (a negative limit; no menu on a zero Engine).
func (e *Engine) WithOptions(opts Options) (*Engine, error) {
	var m *menu.Menu
	var r *menu.Restaurant
	if s := e.snap.Load(); s != nil {
		m, r = s.menu, s.rest
	}
	ne, err := New(m, r, opts)
	if err != nil {
		return nil, err
	}
	ne.avail.Store(e.avail.Load())
	return ne, nil
}

// Load builds an engine from a `dishes` response and, when restaurantJSON
// is not nil, a `rests` response (or one restaurant object), read with
// opts.RestaurantMinorUnits.
//
// It returns an error if either document fails to load (see menu.Load and
// menu.LoadRestaurant) or if New does.
func Load(menuJSON, restaurantJSON []byte, opts Options) (*Engine, error) {
	m, err := menu.Load(menuJSON, menu.Options{})
	if err != nil {
		return nil, err
	}
	var rest *menu.Restaurant
	if restaurantJSON != nil {
		r, err := menu.LoadRestaurant(restaurantJSON, menu.RestaurantOptions{MinorUnits: opts.RestaurantMinorUnits})
		if err != nil {
			return nil, err
		}
		rest = &r
	}
	return New(m, rest, opts)
}

// Reload swaps in a new menu and restaurant. Carts being priced finish on
// the menu they started with; later calls see the new one.
//
// It returns ErrNoMenu if m is nil.
func (e *Engine) Reload(m *menu.Menu, r *menu.Restaurant) error {
	if m == nil {
		return ErrNoMenu
	}
	var rc *menu.Restaurant
	if r != nil {
		c := *r
		rc = &c
	}
	e.snap.Store(&snapshot{menu: m, rest: rc})
	return nil
}

// Menu returns the menu carts are currently priced against (an empty menu
// for a zero Engine).
func (e *Engine) Menu() *menu.Menu {
	if s := e.snap.Load(); s != nil {
		return s.menu
	}
	return &menu.Menu{}
}

// Restaurant returns a copy of the restaurant carts are currently priced
// against, or nil when there is none.
func (e *Engine) Restaurant() *menu.Restaurant {
	s := e.snap.Load()
	if s == nil || s.rest == nil {
		return nil
	}
	r := *s.rest
	return &r
}

// maxQty, location and now read the policy with the defaults New fills
// in, so that a zero Engine works too.
func (e *Engine) maxQty() money.Qty {
	if e.opts.MaxQty <= 0 {
		return DefaultMaxQty
	}
	return e.opts.MaxQty
}

func (e *Engine) location() *time.Location {
	if e.opts.Location == nil {
		return time.UTC
	}
	return e.opts.Location
}

func (e *Engine) now() time.Time {
	if e.clock == nil {
		return time.Now()
	}
	return e.clock()
}

// Options returns the engine's policy (with defaults filled in).
func (e *Engine) Options() Options {
	return e.opts
}
