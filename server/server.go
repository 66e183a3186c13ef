package server

import (
	"cmp"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	pm "github.com/rkcart/rkcart/internal/metrics"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/buildinfo"
	"github.com/rkcart/rkcart/menu"
)

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the OpenAPI 3.1 document of the endpoints (a copy).
func OpenAPI() []byte { return slices.Clone(openAPI) }

// Object is one restaurant's live data, what a request selects by object
// id: the one object type of rkcart (api.Object). A Version of "" is
// filled in from the time it was given; a zero LoadedAt with that time.
type Object = api.Object

// Options is the server's policy. The zero value serves with the engine's
// defaults.
type Options struct {
	// Engine is the default pricing policy (zone, profile, language, limits);
	// requests may override profile, language and the clock.
	Engine engine.Options
	// MaxInFlight bounds the light requests (price, payload, reconcile,
	// menu) computed at once; beyond it they get 503 with Retry-After. A
	// request takes its slot once its body has arrived. 0: 64 per CPU.
	MaxInFlight int
	// MaxHeavy bounds lint, diff and reload at once (each may hold a few
	// times a 64 MiB menu); they take their slot before the body is read.
	// 0: 1.
	MaxHeavy int
	// BodyBudget bounds the bytes of request bodies being read at once (a
	// request reserves its Content-Length, or its route's cap when the
	// length is not declared); beyond it, 503. 0: 256 MiB.
	BodyBudget int64
	// WorkBudget bounds the heap of the requests being computed: each
	// reserves its endpoint's work factor (CartWork, LintWork, DiffWork)
	// times its body, at least 64 KiB, and is 503 when the budget is spent.
	// 0: 1 GiB.
	WorkBudget int64
	// BodyTimeout and MinBodyRate bound how long a body may take: it must
	// arrive within BodyTimeout plus one second per MinBodyRate bytes
	// (checked as it arrives), or the request is 408 and its connection
	// closed. 0: 5 s and 256 KiB/s.
	BodyTimeout time.Duration
	MinBodyRate int64
	// LingerTime and LingerBytes bound the draining after a 413 (so that a
	// client still writing its body reads the answer rather than a reset).
	// 0: 5 s and 64 MiB.
	LingerTime  time.Duration
	LingerBytes int64
	// RetryAfter is the Retry-After of a shed request; 0: one second.
	RetryAfter time.Duration
	// Logger receives one access-log record per request and the reloads;
	// nil: slog.Default().
	Logger *slog.Logger
	// Reload, when set, loads every object afresh: on [Server.Reload], so
	// on SIGHUP in `rkcart serve` and on POST /admin/reload. A failed
	// reload keeps the objects in use.
	Reload func(ctx context.Context) ([]Object, error)
	// AdminReload enables POST /admin/reload (it needs Reload too).
	AdminReload bool
	// Expect lists the objects that must be loaded before /readyz says
	// ready (a syncer's objects); empty: ready once any object is loaded.
	Expect []menu.ID
	// Catalog, when set, gives objects on demand (serve --objects DIR): an
	// object is compiled on its first request, Reload rescans it, and
	// /readyz is ready once it has been scanned. MaxObjectBytes bounds the
	// compiled objects kept (by the catalog's estimates; the least
	// recently used go first); 0: 1 GiB.
	Catalog        Catalog
	MaxObjectBytes int64
	// Now is the clock for menu ages; nil: time.Now. (Pricing's clock is
	// Engine.Now.)
	Now func() time.Time
	// MenuGrace is how long an object's replaced menus are kept for
	// ?menu_version= (0: 15 minutes; negative: none), MaxMenuVersions how
	// many per object at most (0: 4). Each kept version holds its compiled
	// menu and engine: up to MaxMenuVersions × the object's size for
	// MenuGrace after each change.
	MenuGrace       time.Duration
	MaxMenuVersions int
}

// Server serves the sidecar's endpoints. It is safe for concurrent use;
// create it with [New].
type Server struct {
	o        Options
	log      *slog.Logger
	objects  atomic.Pointer[objectSet]
	inflight chan struct{}
	heavy    chan struct{}
	budget   *semaphore.Weighted // bytes of bodies being read
	work     *semaphore.Weighted // bytes of heap of requests being computed
	status   sync.Map            // menu.ID → *objectStatus: the last update failure per object
	metrics  *metrics
	handler  http.Handler
	reloadMu sync.Mutex          // one reload at a time
	pool     sync.Pool           // *priceBuf
	hold     func(*http.Request) // tests: called with a light slot held
	lz       lazy                // the catalog's state
	build    buildinfo.Info      // what /healthz says of the binary
	// avail holds what PUT /v1/availability set, by object: it outlives
	// the object's engine (a reload, a sync, an eviction from the catalog)
	// and is given to every engine built for the object.
	avail   map[menu.ID]*engine.Availability
	availMu sync.Mutex // avail; held from building engines to publishing them
	hist    history    // replaced menus, for ?menu_version=
}

// objectSet is an immutable set of live objects, swapped whole.
type objectSet struct {
	byID  map[menu.ID]*live
	order []menu.ID // ascending, for the single-object default and metrics
}

func (set *objectSet) values() []Object {
	out := make([]Object, 0, len(set.order))
	for _, id := range set.order {
		out = append(out, set.byID[id].Object)
	}
	return out
}

// live is an object with its engine under the default policy.
type live struct {
	Object
	eng *engine.Engine
}

// New returns a server with no objects (not ready until [Server.Set] or
// [Server.Publish] gives it some).
//
// It returns an error if the engine options are invalid (see engine.New)
// or a limit (MaxInFlight, MaxHeavy, BodyBudget, WorkBudget, BodyTimeout,
// MinBodyRate, LingerTime, LingerBytes, MaxMenuVersions) is negative.
func New(o Options) (*Server, error) {
	if o.MaxInFlight < 0 || o.MaxHeavy < 0 || o.BodyBudget < 0 || o.WorkBudget < 0 || o.BodyTimeout < 0 || o.MinBodyRate < 0 || o.LingerTime < 0 || o.LingerBytes < 0 || o.MaxMenuVersions < 0 {
		return nil, errors.New("server: a negative limit")
	}
	if o.MaxInFlight == 0 {
		o.MaxInFlight = 64 * runtime.GOMAXPROCS(0)
	}
	o.MaxHeavy = cmp.Or(o.MaxHeavy, 1)
	o.BodyBudget = cmp.Or(o.BodyBudget, 256<<20)
	o.WorkBudget = cmp.Or(o.WorkBudget, 1<<30)
	o.BodyTimeout = cmp.Or(o.BodyTimeout, 5*time.Second)
	o.MinBodyRate = cmp.Or(o.MinBodyRate, 256<<10)
	o.LingerTime = cmp.Or(o.LingerTime, 5*time.Second)
	o.LingerBytes = cmp.Or(o.LingerBytes, 64<<20)
	o.MenuGrace = cmp.Or(o.MenuGrace, 15*time.Minute)
	o.MaxMenuVersions = cmp.Or(o.MaxMenuVersions, 4)
	o.MaxObjectBytes = cmp.Or(o.MaxObjectBytes, 1<<30)
	if o.RetryAfter <= 0 {
		o.RetryAfter = time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	probe, err := engine.New(&menu.Menu{}, nil, o.Engine)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	o.Engine = probe.Options() // the zone loaded once, not per request
	s := &Server{o: o, log: o.Logger, inflight: make(chan struct{}, o.MaxInFlight), heavy: make(chan struct{}, o.MaxHeavy),
		budget: semaphore.NewWeighted(o.BodyBudget), work: semaphore.NewWeighted(o.WorkBudget)}
	s.build = buildinfo.Read()
	s.hist.kept = api.Kept[*live]{Grace: o.MenuGrace, Max: o.MaxMenuVersions}
	s.pool.New = func() any { return &priceBuf{out: make([]byte, 0, 4<<10)} }
	if s.log == nil {
		s.log = slog.Default()
	}
	reg := pm.NewRegistry()
	m, err := newMetrics(reg, s)
	if err != nil {
		return nil, fmt.Errorf("server: metrics: %w", err)
	}
	s.metrics = m
	s.objects.Store(&objectSet{byID: map[menu.ID]*live{}})
	s.handler = s.routes(reg)
	return s, nil
}

// ServeHTTP serves the endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Set replaces every object at once.
//
// It returns an error, and changes nothing, if an object has no menu, two
// objects share an id, or an engine cannot be built for one.
func (s *Server) Set(objs []Object) error {
	// availMu from the engines' building to their publishing: a PUT of
	// availability lands before (the engines get it) or after (it finds
	// them live), never between.
	s.availMu.Lock()
	defer s.availMu.Unlock()
	set := &objectSet{byID: make(map[menu.ID]*live, len(objs))}
	for _, o := range objs {
		l, err := s.prepare(o)
		if err != nil {
			return err
		}
		if _, dup := set.byID[o.ID]; dup {
			return fmt.Errorf("server: object %d given twice", o.ID)
		}
		set.byID[o.ID] = l
	}
	set.order = slices.Sorted(maps.Keys(set.byID))
	old := s.objects.Swap(set)
	if old != nil {
		for id, l := range old.byID {
			if n := set.byID[id]; n == nil || n.Version != l.Version {
				s.retire(l)
			}
		}
	}
	return nil
}

// Publish adds or replaces one object, leaving the others as they are (a
// syncer's update).
//
// It returns an error, and changes nothing, if the object has no menu or
// its engine cannot be built.
func (s *Server) Publish(o Object) error {
	s.availMu.Lock() // as in Set
	defer s.availMu.Unlock()
	l, err := s.prepare(o)
	if err != nil {
		return err
	}
	for {
		old := s.objects.Load()
		set := &objectSet{byID: maps.Clone(old.byID)}
		set.byID[o.ID] = l
		set.order = slices.Sorted(maps.Keys(set.byID))
		if s.objects.CompareAndSwap(old, set) {
			s.status.Delete(o.ID)
			if prev := old.byID[o.ID]; prev != nil && prev.Version != l.Version {
				s.retire(prev)
			}
			return nil
		}
	}
}

func (s *Server) prepare(o Object) (*live, error) {
	if o.Menu == nil {
		return nil, fmt.Errorf("server: object %d has no menu", o.ID)
	}
	if o.LoadedAt.IsZero() {
		o.LoadedAt = s.o.Now()
	}
	if o.Version == "" {
		o.Version = document.Version([]byte(o.LoadedAt.UTC().Format(time.RFC3339Nano)))
	}
	e, err := engine.New(o.Menu, o.Restaurant, s.o.Engine)
	if err != nil {
		return nil, fmt.Errorf("server: object %d: %w", o.ID, err)
	}
	if a := s.avail[o.ID]; a != nil { // the caller holds availMu
		e.SetAvailability(a)
	}
	return &live{Object: o, eng: e}, nil
}

// SetAvailability sets what is stopped and what is left for object id
// (nil clears it): on its engine now if it is loaded, and on every engine
// built for it later.
func (s *Server) SetAvailability(id menu.ID, a *engine.Availability) {
	s.availMu.Lock()
	defer s.availMu.Unlock()
	if s.avail == nil {
		s.avail = map[menu.ID]*engine.Availability{}
	}
	if a == nil {
		delete(s.avail, id)
	} else {
		s.avail[id] = a
	}
	if l, ok := s.objects.Load().byID[id]; ok {
		l.eng.SetAvailability(a)
	}
}

// Reload loads every object with Options.Reload and sets them.
//
// It returns an error, and keeps the objects in use, if there is no
// Reload, it fails, or Set refuses what it loaded.
func (s *Server) Reload(ctx context.Context) error {
	if s.o.Reload == nil && s.o.Catalog == nil {
		return errors.New("server: no reload configured")
	}
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	var objs []Object
	var err error
	if s.o.Catalog != nil {
		err = s.reloadCatalog(ctx)
		objs = s.objects.Load().values()
	} else if objs, err = s.o.Reload(ctx); err == nil {
		err = s.Set(objs)
	}
	if err != nil {
		s.metrics.reloads.WithLabelValues("error").Inc()
		s.log.Error("reload failed; the menus in use stay", "err", err)
		return err
	}
	s.metrics.reloads.WithLabelValues("ok").Inc()
	s.log.Info("reloaded", "objects", len(objs))
	return nil
}

// Ready reports whether the server can serve: with a catalog, once it has
// been scanned; else every expected object is loaded (any object, when
// none is expected).
func (s *Server) Ready() bool {
	if s.o.Catalog != nil {
		s.lz.mu.Lock()
		defer s.lz.mu.Unlock()
		return s.lz.scanned
	}
	set := s.objects.Load()
	if len(s.o.Expect) == 0 {
		return len(set.byID) > 0
	}
	for _, id := range s.o.Expect {
		if _, ok := set.byID[id]; !ok {
			return false
		}
	}
	return true
}

// object selects the object a request names (or the only one).
func (s *Server) object(id string) (*live, *problem) {
	set := s.objects.Load()
	if id == "" && s.o.Catalog != nil {
		s.lz.mu.Lock()
		var only menu.ID
		n := len(s.lz.sizes)
		for k := range s.lz.sizes {
			only = k
		}
		s.lz.mu.Unlock()
		if n == 1 { // one object in the catalog: the default, loaded or not
			id = itoa(only)
		} else {
			return nil, badOption(fmt.Errorf("which object? the catalog holds %d objects: name one with ?object= or Rkcart-Object", n))
		}
	}
	if id == "" {
		if len(set.order) == 1 {
			return set.byID[set.order[0]], nil
		}
		if len(set.order) == 0 {
			return nil, (*problem)(api.NotReady("No menu is loaded yet", ""))
		}
		return nil, badOption(fmt.Errorf("which object? %d objects are loaded: name one with ?object= or Rkcart-Object", len(set.order)))
	}
	n, err := parseID(id)
	if err != nil {
		return nil, badOption(err)
	}
	if l, ok := set.byID[n]; ok {
		s.touch(n)
		return l, nil
	}
	if s.o.Catalog != nil {
		return s.loadLazily(context.Background(), n)
	}
	l, ok := set.byID[n]
	if !ok {
		return nil, (*problem)(api.UnknownObject(fmt.Sprintf("object %d is not loaded", n)))
	}
	return l, nil
}
