package server

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/httpbody"
)

// class is what a request holds while it is served.
type class uint8

const (
	free  class = iota // health, readiness, metrics: never shed
	light              // price, payload, reconcile, menu: a slot of MaxInFlight while computing
	heavy              // lint, diff, reload: a slot of MaxHeavy from before the body is read
)

// endpoint is one route's policy: its method, the query parameters it
// takes, its body (kind and cap; none when limit is 0) and the slot it
// holds.
type endpoint struct {
	method string
	params []string
	kind   document.Kind
	limit  int64
	class  class
	work   int64 // bytes of heap reserved per byte of body while it is computed
}

// Work factors: the most heap an endpoint's computation takes per byte of
// its body, the body's copy and the answer included (measured by the
// server's tests on the worst inputs known: a cart whose every line is a
// violation, a diff of two menus that share nothing).
const (
	CartWork = 80 // price, payload, reconcile
	// RepairWork: a repair prices the cart after each of its changes; what
	// one change allocates (a copy of the cart's tree, its encoding, its
	// decoding and pricing) is garbage by the next, so this bounds the
	// allocations of one change (measured by the server's tests on a cart
	// of repairable lines at the repair's cap).
	RepairWork = 100
	LintWork   = 14
	DiffWork   = 40
	// AvailabilityWork: PUT /v1/availability decodes the document into
	// maps and each engine built for the object keeps a copy.
	AvailabilityWork = 40
	// minWork is reserved by any request with a body, however small.
	minWork = 64 << 10
)

// handler is an endpoint's work once its query and body are read.
type handler func(w http.ResponseWriter, r *http.Request, q url.Values, body []byte)

// handle wraps h in the endpoint's policy, in this order: the method
// (405), the query (400 for an unknown or repeated parameter), a declared
// Content-Length over the cap (413 at once, before any body byte), the
// heavy slot (503), the body budget (503), the body read under its
// deadline (408, or 413 past the cap), the light slot (503). A request
// never holds a light slot while its body trickles in.
func (s *Server) handle(ep endpoint, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != ep.method && (ep.method != "GET" || r.Method != "HEAD") {
			w.Header().Set("Allow", ep.method)
			(*problem)(api.MethodNotAllowed(r.URL.Path + " takes " + ep.method)).write(w)
			return
		}
		q, p := query(r, ep.params)
		if p != nil {
			p.write(w)
			return
		}
		if ep.limit > 0 && r.ContentLength > ep.limit {
			s.refuseLarge(w, r, ep, r.ContentLength)
			return
		}
		if ep.class == heavy {
			select {
			case s.heavy <- struct{}{}:
				defer func() { <-s.heavy }()
			default:
				s.shed(w, "heavy")
				return
			}
		}
		var body []byte
		if ep.limit > 0 {
			reserve := r.ContentLength
			if reserve < 0 {
				reserve = ep.limit // chunked: the worst case
			}
			if !s.budget.TryAcquire(reserve) {
				s.shed(w, "body-budget")
				return
			}
			var over bool
			var err error
			body, over, err = s.readBody(w, r, ep.limit)
			s.budget.Release(reserve)
			switch {
			case over:
				s.refuseLarge(w, r, ep, -1)
				return
			case err != nil:
				s.bodyFailed(w, r, err)
				return
			}
		}
		if ep.work > 0 {
			need := min(max(minWork, ep.work*int64(len(body))), s.o.WorkBudget)
			if !s.work.TryAcquire(need) {
				s.shed(w, "memory")
				return
			}
			defer s.work.Release(need)
		}
		if ep.class == light {
			select {
			case s.inflight <- struct{}{}:
				defer func() { <-s.inflight }()
			default:
				s.shed(w, "in-flight")
				return
			}
			if s.hold != nil {
				s.hold(r)
			}
		}
		h(w, r, q, body)
	}
}

// query reads the query string: every parameter must be one the endpoint
// takes, given once.
func query(r *http.Request, allowed []string) (url.Values, *problem) {
	if r.URL.RawQuery == "" {
		return nil, nil // reading a nil url.Values finds nothing: no map for the common case
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badOption(fmt.Errorf("the query string cannot be read: %v", err))
	}
	bad := false
	for k, v := range q {
		bad = bad || !slices.Contains(allowed, k) || len(v) > 1
	}
	if !bad {
		return q, nil
	}
	// The first wrong parameter in name order: the same answer whatever
	// order the map yields them in.
	for _, k := range slices.Sorted(maps.Keys(q)) {
		switch {
		case !slices.Contains(allowed, k):
			takes := "no query parameters"
			if len(allowed) > 0 {
				takes = "only " + strings.Join(allowed, ", ")
			}
			return nil, badOption(fmt.Errorf("unknown query parameter %q: %s takes %s", k, r.URL.Path, takes))
		case len(q[k]) > 1:
			return nil, badOption(fmt.Errorf("query parameter %q is given %d times", k, len(q[k])))
		}
	}
	return q, nil
}

// readBody reads the whole body, up to limit, under the server's body
// deadline (httpbody.Read): a body that trickles slower than
// Options.MinBodyRate after Options.BodyTimeout fails instead of holding
// its connection, its budget and (for a heavy route) its slot. over
// reports a body past limit.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, limit int64) (body []byte, over bool, err error) {
	return httpbody.Read(w, r, document.Request, limit, s.bodyLimits())
}

func (s *Server) bodyLimits() httpbody.Limits {
	return httpbody.Limits{Timeout: s.o.BodyTimeout, MinRate: s.o.MinBodyRate, LingerTime: s.o.LingerTime, LingerBytes: s.o.LingerBytes}
}

// bodyFailed answers a body that could not be read: 408 when it came too
// slowly, 400 otherwise. The connection is closed either way.
func (s *Server) bodyFailed(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Connection", "close")
	if httpbody.Slow(err) {
		s.metrics.slowBodies.Inc()
		(*problem)(api.BodyTimeout(fmt.Sprintf("a body must arrive within %v plus one second per %d bytes", s.o.BodyTimeout, s.o.MinBodyRate))).write(w)
		return
	}
	docProblem(err, "").write(w)
}

// refuseLarge answers 413 for a body over the endpoint's cap (size: the
// declared length, or -1 when the cap was passed while reading), then
// lingers (httpbody.Refuse) within Options.LingerTime and
// Options.LingerBytes.
func (s *Server) refuseLarge(w http.ResponseWriter, r *http.Request, ep endpoint, size int64) {
	detail := fmt.Sprintf("%s: the body is over the limit of %d bytes", ep.kind, ep.limit)
	if size > 0 {
		detail = fmt.Sprintf("%s: the declared body of %d bytes is over the limit of %d bytes", ep.kind, size, ep.limit)
	}
	n := httpbody.Refuse(w, r, s.bodyLimits(), (*problem)(api.TooLarge(ep.kind.String(), ep.limit, detail)).write)
	s.metrics.lingered.Add(float64(n))
}

// shed answers 503 with Retry-After; which names the limit.
func (s *Server) shed(w http.ResponseWriter, which string) {
	s.metrics.shed.Inc()
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.o.RetryAfter/time.Second))))
	(*problem)(api.Overloaded("the " + which + " limit is reached: retry after the time in Retry-After")).write(w)
}
