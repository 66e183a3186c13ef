package server

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
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
	LintWork = 14
	DiffWork = 40
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
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badOption(fmt.Errorf("the query string cannot be read: %v", err))
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range q {
			if !yield(k) {
				return
			}
		}
	}) {
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

// readBody reads the whole body, up to limit, against a deadline that
// grows with what has arrived: Options.BodyTimeout plus the bytes so far
// at Options.MinBodyRate. A body that trickles slower fails with a
// time-out instead of holding its connection, its budget and (for a heavy
// route) its slot. over reports a body past limit.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, limit int64) (body []byte, over bool, err error) {
	rc := http.NewResponseController(w)
	start := time.Now()
	dr := &deadlineReader{r: r.Body, set: rc.SetReadDeadline, start: start, grace: s.o.BodyTimeout, rate: s.o.MinBodyRate}
	defer func() { _ = rc.SetReadDeadline(time.Time{}) }()
	data, err := document.ReadSized(dr, document.Request, limit, r.ContentLength)
	var de *document.Error
	if errors.As(err, &de) && de.Limit > 0 {
		return nil, true, nil
	}
	return data, false, err
}

// deadlineReader sets the connection's read deadline before each read.
type deadlineReader struct {
	r     io.Reader
	set   func(time.Time) error
	start time.Time
	grace time.Duration
	rate  int64 // bytes per second
	n     int64
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	allowance := d.grace + time.Duration(float64(d.n+int64(len(p)))/float64(d.rate)*float64(time.Second))
	_ = d.set(d.start.Add(allowance)) // not supported (a recorder in tests): the server's ReadTimeout bounds it
	n, err := d.r.Read(p)
	d.n += int64(n)
	return n, err
}

// bodyFailed answers a body that could not be read: 408 when it came too
// slowly, 400 otherwise. The connection is closed either way.
func (s *Server) bodyFailed(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Connection", "close")
	var ne net.Error
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		s.metrics.slowBodies.Inc()
		(*problem)(api.BodyTimeout(fmt.Sprintf("a body must arrive within %v plus one second per %d bytes", s.o.BodyTimeout, s.o.MinBodyRate))).write(w)
		return
	}
	docProblem(err, "").write(w)
}

// refuseLarge answers 413 for a body over the endpoint's cap (size: the
// declared length, or -1 when the cap was passed while reading), then
// lingers: it reads and discards what the client is still sending, for at
// most Options.LingerTime and Options.LingerBytes, so that a client that
// writes its whole body before reading (Python's urllib, PHP's curl)
// reads the 413 instead of a connection reset.
func (s *Server) refuseLarge(w http.ResponseWriter, r *http.Request, ep endpoint, size int64) {
	detail := fmt.Sprintf("%s: the body is over the limit of %d bytes", ep.kind, ep.limit)
	if size > 0 {
		detail = fmt.Sprintf("%s: the declared body of %d bytes is over the limit of %d bytes", ep.kind, size, ep.limit)
	}
	rc := http.NewResponseController(w)
	_ = rc.EnableFullDuplex() // read the body after the answer is written
	w.Header().Set("Connection", "close")
	(*problem)(api.TooLarge(ep.kind.String(), ep.limit, detail)).write(w)
	if strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		return // the client waits for our word before sending: nothing to drain
	}
	_ = rc.Flush()
	_ = rc.SetReadDeadline(time.Now().Add(s.o.LingerTime))
	n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, s.o.LingerBytes))
	s.metrics.lingered.Add(float64(n))
}

// shed answers 503 with Retry-After; which names the limit.
func (s *Server) shed(w http.ResponseWriter, which string) {
	s.metrics.shed.Inc()
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.o.RetryAfter/time.Second))))
	(*problem)(api.Overloaded("the " + which + " limit is reached: retry after the time in Retry-After")).write(w)
}
