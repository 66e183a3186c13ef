package metrics_test

import (
	"bytes"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/rkcart/rkcart/internal/metrics"
)

// The output reads back through Prometheus's own text parser with every
// value, label and bucket as recorded, concurrent updates included.
func TestWrittenAsPrometheusReadsIt(t *testing.T) {
	r := metrics.NewRegistry()
	reqs := r.CounterVec("x_requests_total", "Requests,\nby route and code \\ all.", "route", "code")
	shed := r.Counter("x_shed_total", "Shed.")
	inflight := r.Gauge("x_in_flight", "In flight.")
	lat := r.HistogramVec("x_seconds", "Latency.", metrics.ExponentialBuckets(0.001, 10, 3), "route")
	r.GaugeFunc("x_age_seconds", "Age.", []string{"object", "version"}, func(emit func(float64, ...string)) {
		emit(100, "2", "b")
		emit(1.5, "1", `a"q\`)
	})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				reqs.WithLabelValues("/v1/price", "200").Inc()
				lat.WithLabelValues("/v1/price").Observe(0.005)
				inflight.Inc()
				inflight.Dec()
			}
		})
	}
	wg.Wait()
	reqs.WithLabelValues("/v1/price", "400").Add(2)
	shed.Inc()
	lat.WithLabelValues("/v1/lint").Observe(5)
	lat.WithLabelValues("/v1/lint").Observe(0.001) // on a bound: in that bucket
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := r.Write(&out); err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(out.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	get := func(name string, labels map[string]string) float64 {
		for _, m := range fams[name].GetMetric() {
			match := true
			for _, lp := range m.GetLabel() {
				if want, ok := labels[lp.GetName()]; ok && want != lp.GetValue() {
					match = false
				}
			}
			if match {
				switch {
				case m.Counter != nil:
					return m.Counter.GetValue()
				case m.Gauge != nil:
					return m.Gauge.GetValue()
				}
			}
		}
		t.Fatalf("no %s %v in\n%s", name, labels, out.String())
		return 0
	}
	if v := get("x_requests_total", map[string]string{"route": "/v1/price", "code": "200"}); v != 8000 {
		t.Errorf("200s: %v", v)
	}
	if v := get("x_requests_total", map[string]string{"code": "400"}); v != 2 {
		t.Errorf("400s: %v", v)
	}
	if v := get("x_shed_total", nil); v != 1 {
		t.Errorf("shed: %v", v)
	}
	if v := get("x_in_flight", nil); v != 0 {
		t.Errorf("in flight: %v", v)
	}
	if v := get("x_age_seconds", map[string]string{"version": `a"q\`}); v != 1.5 {
		t.Errorf("escaped label: %v", v)
	}
	if fams["x_requests_total"].GetHelp() != "Requests,\nby route and code \\ all." {
		t.Errorf("help: %q", fams["x_requests_total"].GetHelp())
	}
	for _, m := range fams["x_seconds"].GetMetric() {
		h := m.GetHistogram()
		route := m.GetLabel()[0].GetValue()
		var cum []uint64
		for _, b := range h.GetBucket() {
			cum = append(cum, b.GetCumulativeCount())
		}
		switch route {
		case "/v1/price": // 8000 × 5 ms: above 1 ms, within 10 ms
			if h.GetSampleCount() != 8000 || cum[0] != 0 || cum[1] != 8000 || math.Abs(h.GetSampleSum()-40) > 1e-6 {
				t.Errorf("price histogram: %v count %d sum %v", cum, h.GetSampleCount(), h.GetSampleSum())
			}
		case "/v1/lint":
			if h.GetSampleCount() != 2 || cum[0] != 1 || cum[2] != 1 {
				t.Errorf("lint histogram: %v", cum)
			}
		}
	}
	if fams["x_seconds"].GetType().String() != "HISTOGRAM" {
		t.Errorf("type %v", fams["x_seconds"].GetType())
	}
}

func TestRegisteringANameTwiceIsAnError(t *testing.T) {
	r := metrics.NewRegistry()
	r.Counter("a_total", "A.")
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	r.Gauge("a_total", "Again.")
	if r.Err() == nil {
		t.Fatal("no error for a name registered twice")
	}
}

// Updating a labelled series allocates nothing: the server does it on
// every request.
func TestUpdatesDoNotAllocate(t *testing.T) {
	r := metrics.NewRegistry()
	reqs := r.CounterVec("x_total", "X.", "route", "code")
	lat := r.HistogramVec("x_seconds", "X.", metrics.ExponentialBuckets(1e-4, 2.5, 13), "route")
	route, code := "/v1/price", "200"
	reqs.WithLabelValues(route, code).Inc()
	lat.WithLabelValues(route).Observe(0.01)
	if n := testing.AllocsPerRun(100, func() {
		reqs.WithLabelValues(route, code).Inc()
		lat.WithLabelValues(route).Observe(0.01)
	}); n != 0 {
		t.Fatalf("%v allocations per update", n)
	}
}
