package server

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	violations *prometheus.CounterVec
	reloads    *prometheus.CounterVec
	shed       prometheus.Counter
	inFlight   prometheus.Gauge
	slowBodies prometheus.Counter
	lingered   prometheus.Counter
	failures   *prometheus.CounterVec
	evictions  prometheus.Counter
}

// menuAge is collected at scrape time from the objects in use, so that
// an object replaced or dropped leaves no stale series.
type menuAge struct {
	s    *Server
	desc *prometheus.Desc
}

func (c menuAge) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c menuAge) Collect(ch chan<- prometheus.Metric) {
	set := c.s.objects.Load()
	now := c.s.o.Now()
	for _, id := range set.order {
		l := set.byID[id]
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, now.Sub(l.LoadedAt).Seconds(),
			strconv.FormatInt(int64(id), 10), l.Version)
	}
}

func newMetrics(reg prometheus.Registerer, s *Server) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "rkcart_http_requests_total",
			Help: "HTTP requests answered, by route and status code."}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "rkcart_http_request_duration_seconds",
			Help: "Time to answer a request, by route.",
			// 50 µs to 2.5 s: pricing is tens of microseconds, a large menu's lint seconds.
			Buckets: prometheus.ExponentialBuckets(50e-6, 2.5, 13)}, []string{"route"}),
		violations: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "rkcart_violations_total",
			Help: "Violations found in priced carts, by code and severity."}, []string{"code", "severity"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "rkcart_menu_reloads_total",
			Help: "Menu reloads, by result (ok or error)."}, []string{"result"}),
		shed: prometheus.NewCounter(prometheus.CounterOpts{Name: "rkcart_http_requests_shed_total",
			Help: "Requests answered 503 because a limit was reached (MaxInFlight, MaxHeavy or the body budget)."}),
		slowBodies: prometheus.NewCounter(prometheus.CounterOpts{Name: "rkcart_http_slow_bodies_total",
			Help: "Requests answered 408 because their body came slower than the minimum rate."}),
		lingered: prometheus.NewCounter(prometheus.CounterOpts{Name: "rkcart_http_lingered_bytes_total",
			Help: "Bytes read and discarded after a 413, so that the client reads the answer."}),
		evictions: prometheus.NewCounter(prometheus.CounterOpts{Name: "rkcart_objects_evicted_total",
			Help: "Objects dropped from memory under MaxObjectBytes (they load again on their next request)."}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "rkcart_menu_update_failures_total",
			Help: "Menu updates that failed or were refused (the menu in use stays), by object."}, []string{"object"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "rkcart_http_requests_in_flight",
			Help: "Requests being served."}),
	}
	age := menuAge{s: s, desc: prometheus.NewDesc("rkcart_menu_age_seconds",
		"Seconds since the object's menu was fetched or read.", []string{"object", "version"}, nil)}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.violations, m.reloads, m.shed, m.inFlight, m.slowBodies, m.lingered, m.failures, m.evictions, age} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
