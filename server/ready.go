package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/menu"
)

// objectStatus is the last failed update of an object's menu (a sync
// that failed or was refused, a publish the server refused).
type objectStatus struct {
	err string
	at  time.Time
}

// Failed records that an update of object id failed (err) and that the
// menu in use, if any, stays: /readyz reports it as the object's
// last_error until a good update is published, and the metric
// rkcart_menu_update_failures_total counts it.
func (s *Server) Failed(id menu.ID, err error) {
	s.status.Store(id, &objectStatus{err: err.Error(), at: s.o.Now()})
	s.metrics.failures.WithLabelValues(itoa(id)).Inc()
}

// ObjectState is what /readyz reports of one object.
type ObjectState struct {
	ID         menu.ID    `json:"id"`
	Loaded     bool       `json:"loaded"`
	Version    string     `json:"version,omitempty"`
	LoadedAt   *time.Time `json:"loaded_at,omitempty"`
	AgeSeconds float64    `json:"age_seconds"`
	LastError  string     `json:"last_error,omitempty"`
	FailedAt   *time.Time `json:"failed_at,omitempty"`
}

// States reports every loaded or expected object, by id.
func (s *Server) States() []ObjectState {
	set := s.objects.Load()
	ids := slices.Clone(set.order)
	for _, id := range s.o.Expect {
		if _, ok := set.byID[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make([]ObjectState, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.state(set, id))
	}
	return out
}

func (s *Server) state(set *objectSet, id menu.ID) ObjectState {
	st := ObjectState{ID: id}
	if l, ok := set.byID[id]; ok {
		at := l.LoadedAt
		st.Loaded, st.Version, st.LoadedAt = true, l.Version, &at
		st.AgeSeconds = s.o.Now().Sub(at).Seconds()
	}
	if v, ok := s.status.Load(id); ok {
		f := v.(*objectStatus)
		at := f.at
		st.LastError, st.FailedAt = f.err, &at
	}
	return st
}

// readyz answers 200 when the server can serve (Ready), with every
// object's state; with ?object=ID, 200 when that object is loaded, with
// its state.
func (s *Server) readyz(w http.ResponseWriter, _ *http.Request, q url.Values, _ []byte) {
	if v := q.Get("object"); v != "" {
		id, err := parseID(v)
		if err != nil {
			badOption(err).write(w)
			return
		}
		if s.o.Catalog != nil { // a catalog's object is ready when it can be loaded: try
			s.object(itoa(id))
		}
		st := s.state(s.objects.Load(), id)
		if !st.Loaded {
			(*problem)(api.NotReady("The object is not loaded", fmt.Sprintf("object %d: %s", id, orNone(st.LastError)))).write(w)
			return
		}
		writeJSON(w, http.StatusOK, st)
		return
	}
	if !s.Ready() {
		(*problem)(api.NotReady("Not every menu is loaded yet", "")).write(w)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Status  string        `json:"status"`
		Objects []ObjectState `json:"objects"`
	}{"ready", s.States()})
}

func orNone(err string) string {
	if err == "" {
		return "no menu yet"
	}
	return err
}
