package webdelivery

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/clock"
	"github.com/rkcart/rkcart/menu"
)

// Sync intervals: the WebDelivery server caches menus for 15 minutes
// itself, so polling faster than the floor only costs requests.
const (
	DefaultSyncInterval = 60 * time.Second
	MinSyncInterval     = 10 * time.Second
)

// DefaultMaxLoss is the share of dishes a synced menu may lose at once
// before the fetch is refused as suspicious.
const DefaultMaxLoss = 0.5

// ErrSuspicious is wrapped by *SuspiciousError.
var ErrSuspicious = errors.New("webdelivery: suspicious menu refused")

// SuspiciousError is a fetched menu the syncer did not load: it has no
// dishes, or loses more than MaxLoss of the menu in use.
type SuspiciousError struct {
	ObjectID      menu.ID
	Before, After int // dishes in the menu in use and in the fetched one
	MaxLoss       float64
}

func (e *SuspiciousError) Error() string {
	if e.After == 0 {
		return fmt.Sprintf("webdelivery: object %d: the fetched menu has no dishes; the menu in use (%d dishes) stays (AcceptSuspicious loads it)", e.ObjectID, e.Before)
	}
	return fmt.Sprintf("webdelivery: object %d: the fetched menu has %d dishes, %d fewer than the %d in use (more than %.0f%%); the menu in use stays (AcceptSuspicious loads it)",
		e.ObjectID, e.After, e.Before-e.After, e.Before, 100*e.MaxLoss)
}

func (e *SuspiciousError) Unwrap() error { return ErrSuspicious }

// SyncOptions configure a Syncer. Zero fields take the defaults.
type SyncOptions struct {
	ObjectID menu.ID // the object whose dishes are synced; required
	// CorpID, when set, also syncs the object's restaurant (rests of the
	// corporation); 0 keeps the engine's restaurant as it is.
	CorpID   int64
	Lang     string
	Interval time.Duration // default DefaultSyncInterval, at least MinSyncInterval
	// OnUpdate is called after every refresh, changed or not, failed or
	// not (from the goroutine that refreshed).
	OnUpdate func(Update)
	// MaxLoss is the largest share of the menu's dishes one fetch may
	// remove (0: DefaultMaxLoss); a menu with no dishes at all is refused
	// whatever the share. A fetch past it is refused as suspicious (a
	// *SuspiciousError in Update.Err; the menu in use stays) unless
	// AcceptSuspicious: a POS that answers "dishes":[] while it restarts
	// would otherwise turn every cart into unknown_dish.
	MaxLoss          float64
	AcceptSuspicious bool
	Now              func() time.Time                                 // nil: time.Now
	Sleep            func(ctx context.Context, d time.Duration) error // between refreshes in Run; nil: a timer
}

// Update reports one refresh.
type Update struct {
	At      time.Time
	Changed bool          // a new menu (or restaurant) was loaded into the engine
	Changes []menu.Change // what changed in the menu, when Changed
	Err     error         // the fetch failed: the last good menu stays in use
	Age     time.Duration // how old the menu in use is (since it was fetched)
	// Version is document.Version of the documents in use (the dishes
	// answer, then the object's own restaurant as menu.SingleRests writes
	// it, or nil), after a good fetch; "" when the fetch failed.
	Version string
}

// Syncer keeps an engine's menu current: it fetches the object's dishes
// (and restaurant) on an interval, hashes what it got, and calls
// engine.Reload only when the content changed. Concurrent refreshes are
// collapsed into one request; a failed fetch keeps the last good menu and
// reports its growing age. It is safe for concurrent use.
type Syncer struct {
	c  *Client
	e  *engine.Engine
	o  SyncOptions
	sf singleflight.Group

	restsFrom *Scheduler // the corporation's rests come from its scheduler, once per interval

	mu      sync.Mutex
	hash    string    // document.Version of the documents in use
	fetched time.Time // when the menu in use was fetched; zero before the first
}

// NewSyncer returns a syncer for e.
//
// It returns an error if ObjectID is not positive, Interval is below
// MinSyncInterval, or MaxLoss is outside [0, 1].
func NewSyncer(c *Client, e *engine.Engine, o SyncOptions) (*Syncer, error) {
	if o.ObjectID <= 0 {
		return nil, errors.New("webdelivery: sync needs an object id")
	}
	if !(o.MaxLoss >= 0 && o.MaxLoss <= 1) { // NaN too
		return nil, fmt.Errorf("webdelivery: MaxLoss %v is outside [0, 1]", o.MaxLoss)
	}
	if o.MaxLoss == 0 {
		o.MaxLoss = DefaultMaxLoss
	}
	if o.Interval == 0 {
		o.Interval = DefaultSyncInterval
	}
	if o.Interval < MinSyncInterval {
		return nil, fmt.Errorf("webdelivery: sync interval %v is below %v", o.Interval, MinSyncInterval)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	return &Syncer{c: c, e: e, o: o}, nil
}

// Age is how old the menu in use is (0 before the first good fetch).
func (s *Syncer) Age() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fetched.IsZero() {
		return 0
	}
	return s.o.Now().Sub(s.fetched)
}

// Refresh fetches now. Callers that refresh while a refresh is running get
// its Update instead of a second request.
func (s *Syncer) Refresh(ctx context.Context) Update {
	v, _, _ := s.sf.Do("refresh", func() (any, error) { return s.refresh(ctx), nil })
	return v.(Update)
}

func (s *Syncer) refresh(ctx context.Context) Update {
	raw, err := s.c.DishesDocument(ctx, s.o.ObjectID, s.o.Lang)
	var restRaw []byte
	if err == nil && s.o.CorpID > 0 {
		if s.restsFrom != nil {
			restRaw, err = s.restsFrom.restsOf(ctx, s.c, s.o.CorpID)
		} else {
			_, restRaw, err = s.c.Rests(ctx, s.o.CorpID, s.o.ObjectID)
		}
		if err == nil {
			restRaw, err = ownRests(restRaw, s.o.ObjectID)
		}
	}
	now := s.o.Now()
	u := Update{At: now}
	if err != nil {
		u.Err = err
		u.Age = s.Age()
		s.report(u)
		return u
	}
	h := document.Version(raw, restRaw)
	s.mu.Lock()
	if h != s.hash {
		// New content: compiled by the one loader of objects.
		obj, err := menu.LoadObject(menu.Docs{Menu: raw, Restaurant: restRaw}, menu.ObjectOptions{ObjectID: s.o.ObjectID, LoadedAt: now})
		if err != nil {
			s.mu.Unlock()
			u.Err = err
			u.Age = s.Age()
			s.report(u)
			return u
		}
		m, rest := obj.Menu, obj.Restaurant
		if rest == nil {
			rest = s.e.Restaurant()
		}
		old := s.e.Menu()
		if err := s.suspicious(old, m); err != nil {
			s.mu.Unlock()
			u.Err = err
			u.Age = s.Age()
			s.report(u)
			return u
		}
		if err := s.e.Reload(m, rest); err != nil {
			s.mu.Unlock()
			u.Err = err
			u.Age = s.Age()
			s.report(u)
			return u
		}
		u.Changed, u.Changes = true, menu.Diff(old, m)
		s.hash = h
	}
	s.fetched = now
	u.Version = s.hash
	s.mu.Unlock()
	u.Age = 0
	s.report(u)
	return u
}

// ownRests is the object's own restaurant of a corporation's rests answer,
// as `rkcart menu pull` writes it to the object's rests.json: the version
// then hashes the same bytes from a sync and from the files, and does not
// move when another restaurant of the corporation changes.
func ownRests(raw []byte, id menu.ID) ([]byte, error) {
	parts, err := menu.SplitRestaurants(raw)
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		if p.ID == id {
			return menu.SingleRests(p.Raw), nil
		}
	}
	return nil, fmt.Errorf("webdelivery: rests has no restaurant %d", id)
}

// suspicious refuses a fetched menu with no dishes, or one that drops
// more than MaxLoss of the menu in use, unless AcceptSuspicious.
func (s *Syncer) suspicious(old, m *menu.Menu) error {
	if s.o.AcceptSuspicious {
		return nil
	}
	before, after := old.Stats().Dishes, m.Stats().Dishes
	if after == 0 || float64(before-after) > s.o.MaxLoss*float64(before) {
		return &SuspiciousError{ObjectID: s.o.ObjectID, Before: before, After: after, MaxLoss: s.o.MaxLoss}
	}
	return nil
}

func (s *Syncer) report(u Update) {
	if s.o.OnUpdate != nil {
		s.o.OnUpdate(u)
	}
}

// Run refreshes at once and then every Interval until ctx ends; it
// returns ctx's error.
func (s *Syncer) Run(ctx context.Context) error {
	for {
		s.Refresh(ctx)
		if err := s.o.Sleep(ctx, s.o.Interval); err != nil {
			return err
		}
	}
}
