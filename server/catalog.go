package server

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/menu"
)

// Catalog is where objects come from on demand (`rkcart serve --objects
// DIR`): the server compiles an object on its first request, keeps the
// most recently used within Options.MaxObjectBytes, and asks again after
// an eviction or a reload.
type Catalog interface {
	// Scan lists the objects the catalog holds now (a reload calls it
	// again, so new objects are picked up), with an estimate of the
	// memory each takes once compiled.
	Scan(ctx context.Context) (map[menu.ID]int64, error)
	// Load compiles one object.
	Load(ctx context.Context, id menu.ID) (Object, error)
}

// lazy is the server's state for a catalog: what it holds, what failed,
// and how recently each loaded object was used.
type lazy struct {
	mu      sync.Mutex
	sizes   map[menu.ID]int64     // the catalog's objects and their estimates
	failed  map[menu.ID]time.Time // a load failed at: not retried for failRetry
	used    map[menu.ID]time.Time // when a loaded object last served
	loading map[menu.ID]*sync.WaitGroup
	scanned bool
}

// failRetry is how long a broken object answers its 503 before its files
// are read again.
const failRetry = 10 * time.Second

// scan reads the catalog's list.
func (s *Server) scan(ctx context.Context) error {
	sizes, err := s.o.Catalog.Scan(ctx)
	if err != nil {
		return err
	}
	s.lz.mu.Lock()
	s.lz.sizes, s.lz.scanned = sizes, true
	s.lz.failed = map[menu.ID]time.Time{}
	s.lz.mu.Unlock()
	return nil
}

// loadLazily compiles object id from the catalog, once for concurrent
// requests, and publishes it; a broken object is a 503 problem for that
// object only.
func (s *Server) loadLazily(ctx context.Context, id menu.ID) (*live, *problem) {
	s.lz.mu.Lock()
	if _, ok := s.lz.sizes[id]; !ok {
		s.lz.mu.Unlock()
		return nil, (*problem)(api.UnknownObject(fmt.Sprintf("object %d is not loaded", id)))
	}
	if at, ok := s.lz.failed[id]; ok && s.o.Now().Sub(at) < failRetry {
		s.lz.mu.Unlock()
		return nil, s.broken(id)
	}
	if wg, ok := s.lz.loading[id]; ok { // another request is loading it: wait for that one
		s.lz.mu.Unlock()
		wg.Wait()
		if l, ok := s.objects.Load().byID[id]; ok {
			return l, nil
		}
		return nil, s.broken(id)
	}
	wg := &sync.WaitGroup{}
	wg.Add(1)
	if s.lz.loading == nil {
		s.lz.loading = map[menu.ID]*sync.WaitGroup{}
	}
	s.lz.loading[id] = wg
	s.lz.mu.Unlock()
	defer func() {
		s.lz.mu.Lock()
		delete(s.lz.loading, id)
		s.lz.mu.Unlock()
		wg.Done()
	}()
	o, err := s.o.Catalog.Load(ctx, id)
	if err == nil && o.ID != id {
		err = fmt.Errorf("the folder of object %d holds restaurant %d", id, o.ID)
	}
	if err == nil {
		err = s.Publish(o)
	}
	if err != nil {
		s.Failed(id, err)
		s.lz.mu.Lock()
		s.lz.failed[id] = s.o.Now()
		s.lz.mu.Unlock()
		s.log.Error("object cannot be loaded; it answers 503 until it can", "object", id, "err", err)
		return nil, s.broken(id)
	}
	s.touch(id)
	s.evict(id)
	return s.objects.Load().byID[id], nil
}

func (s *Server) broken(id menu.ID) *problem {
	st := s.state(s.objects.Load(), id)
	return (*problem)(api.NotReady("The object cannot be loaded", fmt.Sprintf("object %d: %s", id, orNone(st.LastError))))
}

// touch marks an object as just used.
func (s *Server) touch(id menu.ID) {
	if s.o.Catalog == nil {
		return
	}
	s.lz.mu.Lock()
	if s.lz.used == nil {
		s.lz.used = map[menu.ID]time.Time{}
	}
	s.lz.used[id] = s.o.Now()
	s.lz.mu.Unlock()
}

// evict drops the least recently used objects (never keep) while the
// loaded ones' estimates pass Options.MaxObjectBytes. A request in flight
// keeps the object it started with; the next one loads it again.
func (s *Server) evict(keep menu.ID) {
	s.lz.mu.Lock()
	defer s.lz.mu.Unlock()
	set := s.objects.Load()
	var total int64
	for id := range set.byID {
		total += s.lz.sizes[id]
	}
	if total <= s.o.MaxObjectBytes {
		return
	}
	ids := slices.SortedFunc(maps.Keys(set.byID), func(a, b menu.ID) int { return s.lz.used[a].Compare(s.lz.used[b]) })
	drop := map[menu.ID]bool{}
	for _, id := range ids {
		if total <= s.o.MaxObjectBytes {
			break
		}
		if id == keep {
			continue
		}
		drop[id] = true
		total -= s.lz.sizes[id]
	}
	s.remove(drop)
	for id := range drop {
		delete(s.lz.used, id)
	}
	s.metrics.evictions.Add(float64(len(drop)))
}

// remove takes objects out of the set in use.
func (s *Server) remove(drop map[menu.ID]bool) {
	for {
		old := s.objects.Load()
		set := &objectSet{byID: maps.Clone(old.byID)}
		for id := range drop {
			delete(set.byID, id)
		}
		set.order = slices.Sorted(maps.Keys(set.byID))
		if s.objects.CompareAndSwap(old, set) {
			return
		}
	}
}

// Preload compiles every object of the catalog now (serve
// --objects-eager), within MaxObjectBytes like lazy loads. It scans the
// catalog first.
//
// It returns an error if the catalog cannot be scanned or there is none;
// an object that cannot be loaded is recorded (a 503 for it) and logged,
// not returned.
func (s *Server) Preload(ctx context.Context) error {
	if s.o.Catalog == nil {
		return fmt.Errorf("server: no catalog")
	}
	if err := s.scan(ctx); err != nil {
		return err
	}
	s.lz.mu.Lock()
	ids := slices.Sorted(maps.Keys(s.lz.sizes))
	s.lz.mu.Unlock()
	for _, id := range ids {
		s.loadLazily(ctx, id) // a failure is recorded for that object
	}
	return nil
}

// reloadCatalog rescans the catalog (new objects are picked up, gone ones
// dropped) and compiles the loaded objects again, publishing those whose
// documents changed.
func (s *Server) reloadCatalog(ctx context.Context) error {
	if err := s.scan(ctx); err != nil {
		return err
	}
	s.lz.mu.Lock()
	known := maps.Clone(s.lz.sizes)
	s.lz.mu.Unlock()
	gone := map[menu.ID]bool{}
	var errs []error
	for id, l := range s.objects.Load().byID {
		if _, ok := known[id]; !ok {
			gone[id] = true
			continue
		}
		o, err := s.o.Catalog.Load(ctx, id)
		if err != nil {
			s.Failed(id, err)
			errs = append(errs, fmt.Errorf("object %d: %w", id, err))
			continue // its menu in use stays
		}
		if o.Version != l.Version {
			if err := s.Publish(o); err != nil {
				errs = append(errs, err)
			}
		}
	}
	s.remove(gone)
	if len(errs) > 0 {
		return fmt.Errorf("%d objects kept their menus: %v", len(errs), errs[0])
	}
	return nil
}
