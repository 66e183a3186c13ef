// Package metrics is the sidecar's and the gateway's Prometheus metrics:
// counters, gauges and histograms, with labels, written in the Prometheus
// text exposition format (version 0.0.4) at /metrics.
//
// It replaces prometheus/client_golang, whose package initialisation
// (the default registry with its process and Go collectors, procfs,
// protobuf descriptors: about 200 KB and 1,300 allocations) ran in every
// rkcart command, serving or not, though rkcart uses none of its
// features beyond these. This package does nothing until it is used.
// Its output is checked by the tests against Prometheus's own parser.
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Registry holds metric families and writes them. Its zero value is not
// usable: use NewRegistry. It is safe for concurrent use.
type Registry struct {
	mu       sync.Mutex
	families map[string]*family
	err      error
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{families: map[string]*family{}} }

type family struct {
	name, help, kind string
	labels           []string
	buckets          []float64 // histograms
	mu               sync.Mutex
	series           map[labelKey]*series
	collect          func(emit func(v float64, labelValues ...string))
}

// maxLabels bounds a family's labels, so that label values key a map as
// a fixed array: looking a series up allocates nothing.
const maxLabels = 4

type labelKey [maxLabels]string

type series struct {
	values []string
	val    atomic.Uint64 // float64 bits: counters and gauges
	counts []atomic.Uint64
	sum    atomic.Uint64 // float64 bits
	count  atomic.Uint64
}

func (r *Registry) add(f *family) *family {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.families[f.name]; dup && r.err == nil {
		r.err = fmt.Errorf("metrics: %s registered twice", f.name)
	}
	if len(f.labels) > maxLabels && r.err == nil {
		r.err = fmt.Errorf("metrics: %s has %d labels, at most %d", f.name, len(f.labels), maxLabels)
	}
	f.series = map[labelKey]*series{}
	r.families[f.name] = f
	return f
}

// Err is the first registration that clashed with an earlier one (the
// same name twice), or nil.
func (r *Registry) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (f *family) get(values []string) *series {
	if len(values) != len(f.labels) {
		panic(fmt.Sprintf("metrics: %s takes %d label values, not %d", f.name, len(f.labels), len(values))) // a programming error
	}
	var key labelKey
	copy(key[:], values)
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.series[key]
	if s == nil {
		s = &series{values: slices.Clone(values)}
		if f.kind == "histogram" {
			s.counts = make([]atomic.Uint64, len(f.buckets))
		}
		f.series[key] = s
	}
	return s
}

func addFloat(u *atomic.Uint64, d float64) {
	for {
		old := u.Load()
		if u.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

// Counter only goes up.
type Counter struct{ s *series }

// Inc adds one.
func (c Counter) Inc() { addFloat(&c.s.val, 1) }

// Add adds d (which must not be negative).
func (c Counter) Add(d float64) { addFloat(&c.s.val, d) }

// Gauge goes up and down.
type Gauge struct{ s *series }

// Inc adds one; Dec takes one away.
func (g Gauge) Inc() { addFloat(&g.s.val, 1) }

// Dec takes one away.
func (g Gauge) Dec() { addFloat(&g.s.val, -1) }

// CounterVec is a counter per combination of label values.
type CounterVec struct{ f *family }

// WithLabelValues is the counter of these label values, in the order the
// labels were declared.
func (v CounterVec) WithLabelValues(values ...string) Counter { return Counter{v.f.get(values)} }

// Histogram counts observations in cumulative buckets.
type Histogram struct {
	s       *series
	buckets []float64
}

// Observe records v.
func (h Histogram) Observe(v float64) {
	if i, _ := slices.BinarySearch(h.buckets, v); i < len(h.buckets) {
		h.s.counts[i].Add(1) // the first bucket whose bound is ≥ v; cumulated when written
	}
	addFloat(&h.s.sum, v)
	h.s.count.Add(1)
}

// HistogramVec is a histogram per combination of label values.
type HistogramVec struct{ f *family }

// WithLabelValues is the histogram of these label values.
func (v HistogramVec) WithLabelValues(values ...string) Histogram {
	return Histogram{v.f.get(values), v.f.buckets}
}

// Counter registers a counter without labels.
func (r *Registry) Counter(name, help string) Counter {
	return Counter{r.add(&family{name: name, help: help, kind: "counter"}).get(nil)}
}

// CounterVec registers a counter with labels.
func (r *Registry) CounterVec(name, help string, labels ...string) CounterVec {
	return CounterVec{r.add(&family{name: name, help: help, kind: "counter", labels: labels})}
}

// Gauge registers a gauge without labels.
func (r *Registry) Gauge(name, help string) Gauge {
	return Gauge{r.add(&family{name: name, help: help, kind: "gauge"}).get(nil)}
}

// GaugeFunc registers a gauge whose series are collected when the
// metrics are written: collect emits each value with its label values.
func (r *Registry) GaugeFunc(name, help string, labels []string, collect func(emit func(v float64, labelValues ...string))) {
	r.add(&family{name: name, help: help, kind: "gauge", labels: labels, collect: collect})
}

// HistogramVec registers a histogram with labels and bucket upper
// bounds (ascending; +Inf is implied).
func (r *Registry) HistogramVec(name, help string, buckets []float64, labels ...string) HistogramVec {
	return HistogramVec{r.add(&family{name: name, help: help, kind: "histogram", labels: labels, buckets: slices.Sorted(slices.Values(buckets))})}
}

// ExponentialBuckets is count bounds from start, each factor times the
// one before.
func ExponentialBuckets(start, factor float64, count int) []float64 {
	out := make([]float64, count)
	for i := range out {
		out[i] = start
		start *= factor
	}
	return out
}

// ServeHTTP writes the metrics in the text exposition format.
func (r *Registry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_ = r.Write(w)
}

// Write writes every family, by name, each series by its label values.
func (r *Registry) Write(w io.Writer) error {
	r.mu.Lock()
	fams := make([]*family, 0, len(r.families))
	for _, f := range r.families {
		fams = append(fams, f)
	}
	r.mu.Unlock()
	slices.SortFunc(fams, func(a, b *family) int { return strings.Compare(a.name, b.name) })
	bw := bufio.NewWriter(w)
	for _, f := range fams {
		f.write(bw)
	}
	return bw.Flush()
}

func (f *family) write(w *bufio.Writer) {
	type sample struct {
		values []string
		s      *series
		v      float64
	}
	var samples []sample
	if f.collect != nil {
		f.collect(func(v float64, values ...string) { samples = append(samples, sample{values: values, v: v}) })
	} else {
		f.mu.Lock()
		for _, s := range f.series {
			samples = append(samples, sample{values: s.values, s: s})
		}
		f.mu.Unlock()
	}
	if len(samples) == 0 {
		return
	}
	slices.SortFunc(samples, func(a, b sample) int { return slices.Compare(a.values, b.values) })
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", f.name, escapeHelp(f.help), f.name, f.kind)
	for _, sm := range samples {
		switch {
		case f.collect != nil:
			line(w, f.name, f.labels, sm.values, "", "", sm.v)
		case f.kind == "histogram":
			var cum uint64
			for i, b := range f.buckets {
				cum += sm.s.counts[i].Load()
				line(w, f.name+"_bucket", f.labels, sm.values, "le", formatFloat(b), float64(cum))
			}
			n := sm.s.count.Load()
			line(w, f.name+"_bucket", f.labels, sm.values, "le", "+Inf", float64(n))
			line(w, f.name+"_sum", f.labels, sm.values, "", "", math.Float64frombits(sm.s.sum.Load()))
			line(w, f.name+"_count", f.labels, sm.values, "", "", float64(n))
		default:
			line(w, f.name, f.labels, sm.values, "", "", math.Float64frombits(sm.s.val.Load()))
		}
	}
}

// line writes one sample, its labels sorted by name (as Prometheus
// writes them), extra (le) last.
func line(w *bufio.Writer, name string, labels, values []string, extra, extraValue string, v float64) {
	w.WriteString(name)
	if len(labels) > 0 || extra != "" {
		idx := make([]int, len(labels))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return strings.Compare(labels[a], labels[b]) })
		w.WriteByte('{')
		for n, i := range idx {
			if n > 0 {
				w.WriteByte(',')
			}
			w.WriteString(labels[i] + `="` + escapeValue(values[i]) + `"`)
		}
		if extra != "" {
			if len(labels) > 0 {
				w.WriteByte(',')
			}
			w.WriteString(extra + `="` + extraValue + `"`)
		}
		w.WriteByte('}')
	}
	w.WriteByte(' ')
	w.WriteString(formatFloat(v))
	w.WriteByte('\n')
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// escape escapes backslashes and newlines, and double quotes too in a
// label value (quote).
func escape(s string, quote bool) string {
	if !strings.ContainsAny(s, "\\\n\"") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '"' && quote:
			b.WriteString(`\"`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func escapeHelp(s string) string  { return escape(s, false) }
func escapeValue(s string) string { return escape(s, true) }
