package gateway

import (
	"slices"

	pm "github.com/rkcart/rkcart/internal/metrics"
)

type metrics struct {
	forwarded  pm.CounterVec
	upstream   pm.CounterVec
	outcomes   pm.CounterVec
	replayed   pm.CounterVec
	cache      pm.CounterVec
	verdicts   pm.CounterVec
	violations pm.CounterVec
	unjudged   pm.CounterVec
	agreement  pm.CounterVec
	paced      pm.Counter
	latency    pm.HistogramVec
}

// metricCall bounds the call label to the calls the gateway knows.
func metricCall(call string) string {
	known := append([]string{callSave, callCalc, callPayment, callPostOrder, callPaid, "courier", "Order"}, cachedReads...)
	if slices.Contains(known, call) {
		return call
	}
	return "other"
}

func newMetrics(reg *pm.Registry) (*metrics, error) {
	cv := func(name, help string, labels ...string) pm.CounterVec {
		return reg.CounterVec("rkcart_gateway_"+name, help, labels...)
	}
	m := &metrics{
		forwarded: cv("forwarded_total", "Requests forwarded to the upstream whose answer was passed on, by call.", "call"),
		upstream:  cv("upstream_calls_total", "Calls made to the upstream (reads the cache could not answer included), by call.", "call"),
		outcomes: cv("write_outcomes_total", "Writes by outcome: done, unknown, not_sent, refused_locally, store_down.",
			"call", "outcome"),
		replayed:   cv("replayed_total", "Requests answered from a key's record (Rkcart-Replayed), by call.", "call"),
		cache:      cv("cache_total", "Cached reads by result: hit, stale (served while refreshing), miss.", "call", "result"),
		verdicts:   cv("verdicts_total", "Carts judged locally, by verdict.", "verdict"),
		violations: cv("refused_total", "Blocking violations found in carts, by code.", "code"),
		unjudged:   cv("unjudged_total", "Carts that could not be judged (no menu), by the failure policy applied.", "fail"),
		agreement: cv("agreement_total", "Upstream answers compared with the local verdict: agree, pos_accepted_refused, pos_refused_valid, price_differs, unjudged.",
			"agreement"),
		paced: reg.Counter("rkcart_gateway_paced_seconds_total", "Time requests waited for the upstream's token bucket."),
		latency: reg.HistogramVec("rkcart_gateway_request_duration_seconds", "Time to answer a request under the base path, by call.",
			pm.ExponentialBuckets(100e-6, 2.5, 14), "call"),
	}
	return m, reg.Err()
}
