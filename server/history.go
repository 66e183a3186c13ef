package server

import (
	"slices"
	"sync"
	"time"

	"github.com/rkcart/rkcart/menu"
)

// history keeps the menus an object served before its current one, for
// Options.MenuGrace, so that a cart priced with ?menu_version= (the
// version the guest's menu came with) can be told what changed since.
type history struct {
	mu   sync.Mutex
	byID map[menu.ID][]retired // oldest first
}

type retired struct {
	l  *live
	at time.Time // when it stopped being current
}

// retire keeps old, replaced by an object of another version now, and
// forgets what is past the grace window or beyond MaxMenuVersions.
func (s *Server) retire(old *live) {
	if old == nil || s.o.MenuGrace < 0 {
		return
	}
	now := s.o.Now()
	h := &s.hist
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.byID == nil {
		h.byID = map[menu.ID][]retired{}
	}
	rs := append(h.byID[old.ID], retired{l: old, at: now})
	rs = slices.DeleteFunc(rs, func(r retired) bool { return now.Sub(r.at) > s.o.MenuGrace })
	if len(rs) > s.o.MaxMenuVersions {
		rs = rs[len(rs)-s.o.MaxMenuVersions:]
	}
	h.byID[old.ID] = rs
}

// retiredVersion is object id's menu of version v if it is still kept.
func (s *Server) retiredVersion(id menu.ID, v string) (*live, bool) {
	now := s.o.Now()
	h := &s.hist
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range h.byID[id] {
		if r.l.Version == v && now.Sub(r.at) <= s.o.MenuGrace {
			return r.l, true
		}
	}
	return nil, false
}
