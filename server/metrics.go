package server

import (
	"strconv"

	pm "github.com/rkcart/rkcart/internal/metrics"
)

type metrics struct {
	requests   pm.CounterVec
	latency    pm.HistogramVec
	violations pm.CounterVec
	reloads    pm.CounterVec
	shed       pm.Counter
	inFlight   pm.Gauge
	slowBodies pm.Counter
	lingered   pm.Counter
	failures   pm.CounterVec
	evictions  pm.Counter
}

func newMetrics(reg *pm.Registry, s *Server) (*metrics, error) {
	m := &metrics{
		requests: reg.CounterVec("rkcart_http_requests_total", "HTTP requests answered, by route and status code.", "route", "code"),
		// 50 µs to 2.5 s: pricing is tens of microseconds, a large menu's lint seconds.
		latency: reg.HistogramVec("rkcart_http_request_duration_seconds", "Time to answer a request, by route.",
			pm.ExponentialBuckets(50e-6, 2.5, 13), "route"),
		violations: reg.CounterVec("rkcart_violations_total", "Violations found in priced carts, by code and severity.", "code", "severity"),
		reloads:    reg.CounterVec("rkcart_menu_reloads_total", "Menu reloads, by result (ok or error).", "result"),
		shed: reg.Counter("rkcart_http_requests_shed_total",
			"Requests answered 503 because a limit was reached (MaxInFlight, MaxHeavy or the body budget)."),
		slowBodies: reg.Counter("rkcart_http_slow_bodies_total", "Requests answered 408 because their body came slower than the minimum rate."),
		lingered:   reg.Counter("rkcart_http_lingered_bytes_total", "Bytes read and discarded after a 413, so that the client reads the answer."),
		evictions:  reg.Counter("rkcart_objects_evicted_total", "Objects dropped from memory under MaxObjectBytes (they load again on their next request)."),
		failures: reg.CounterVec("rkcart_menu_update_failures_total",
			"Menu updates that failed or were refused (the menu in use stays), by object.", "object"),
		inFlight: reg.Gauge("rkcart_http_requests_in_flight", "Requests being served."),
	}
	// Collected at scrape time from the objects in use, so that an object
	// replaced or dropped leaves no stale series.
	reg.GaugeFunc("rkcart_menu_age_seconds", "Seconds since the object's menu was fetched or read.", []string{"object", "version"},
		func(emit func(float64, ...string)) {
			set := s.objects.Load()
			if set == nil {
				return
			}
			now := s.o.Now()
			for _, id := range set.order {
				l := set.byID[id]
				emit(now.Sub(l.LoadedAt).Seconds(), strconv.FormatInt(int64(id), 10), l.Version)
			}
		})
	return m, reg.Err()
}
