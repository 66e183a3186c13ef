package server

import (
	"sync"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/menu"
)

// history keeps the menus an object served before its current one, for
// Options.MenuGrace, so that a cart priced with ?menu_version= (the
// version the guest's menu came with) can be told what changed since.
type history struct {
	mu   sync.Mutex
	kept api.Kept[*live]
}

// retire keeps old, replaced by an object of another version now.
func (s *Server) retire(old *live) {
	if old == nil || s.o.MenuGrace < 0 {
		return
	}
	s.hist.mu.Lock()
	defer s.hist.mu.Unlock()
	s.hist.kept.Retire(old.ID, old.Version, old, s.o.Now())
}

// retiredVersion is object id's menu of version v if it is still kept.
func (s *Server) retiredVersion(id menu.ID, v string) (*live, bool) {
	s.hist.mu.Lock()
	defer s.hist.mu.Unlock()
	return s.hist.kept.Find(id, v, s.o.Now())
}
