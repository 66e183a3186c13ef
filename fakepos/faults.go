package fakepos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultKind names what a fault does to an answer.
type FaultKind string

// Fault kinds. The first three answer instead of the method (nothing is
// done: no order is created); slow delays the answer; the last three
// break the answer after the method ran, so an order may exist that the
// client never heard of.
const (
	FaultDLW23    FaultKind = "dlw23"    // an Err envelope: DLW-0023 "RK7 error", "Not answer from WS"
	FaultError    FaultKind = "error"    // an Err envelope with Code, Text and Details
	Fault5xx      FaultKind = "5xx"      // HTTP Status (default 503) with a plain body
	FaultSlow     FaultKind = "slow"     // wait Delay, then answer normally
	FaultClose    FaultKind = "close"    // headers and half the body, then the connection closes
	FaultTruncate FaultKind = "truncate" // a complete response whose JSON body is cut in half
	FaultLost     FaultKind = "lost"     // the method runs, then the connection closes with no answer
)

// Fault is one injected failure: for Method (the WebDelivery method name,
// "savedeliveryorder"; "" for all), with Probability (0 or 1: always),
// at most Count times (0: no limit).
type Fault struct {
	Method      string        `json:"method,omitempty"`
	Kind        FaultKind     `json:"kind"`
	Probability float64       `json:"probability,omitempty"`
	Count       int           `json:"count,omitempty"`
	Status      int           `json:"status,omitempty"`
	Code        string        `json:"code,omitempty"`
	Text        string        `json:"text,omitempty"`
	Details     string        `json:"details,omitempty"`
	Delay       time.Duration `json:"delay,omitempty"`
}

// UnmarshalJSON reads delay as a Go duration string ("2s") or
// nanoseconds, and checks the kind.
func (f *Fault) UnmarshalJSON(b []byte) error {
	type plain Fault
	var w struct {
		plain
		Delay json.RawMessage `json:"delay"`
	}
	if err := strict(b, &w); err != nil {
		return fmt.Errorf("fakepos: fault: %w", err)
	}
	*f = Fault(w.plain)
	if len(w.Delay) > 0 {
		var s string
		if json.Unmarshal(w.Delay, &s) == nil {
			d, err := time.ParseDuration(s)
			if err != nil {
				return fmt.Errorf("fakepos: fault delay: %w", err)
			}
			f.Delay = d
		} else if err := json.Unmarshal(w.Delay, &f.Delay); err != nil {
			return fmt.Errorf("fakepos: fault delay: %w", err)
		}
	}
	return f.Check()
}

// Methods are the WebDelivery methods the fake serves, as a fault's
// method names them.
var Methods = []string{"rests", "menutree", "dishes", "savedeliveryorder", "CalcOrder", "payment", "courier", "Order", "Currency"}

// Check reports the first member of the fault that cannot be honoured,
// naming it: an unknown kind or method, a probability outside [0, 1], a
// negative count or delay, a status on a fault that is not 5xx or outside
// 500–599 on one that is.
func (f *Fault) Check() error {
	switch f.Kind {
	case FaultDLW23, FaultError, Fault5xx, FaultSlow, FaultClose, FaultTruncate, FaultLost:
	default:
		return fmt.Errorf("fakepos: fault kind: unknown kind %q", f.Kind)
	}
	switch {
	case f.Method != "" && !slices.Contains(Methods, f.Method):
		return fmt.Errorf("fakepos: fault method: unknown method %q (one of %s)", f.Method, strings.Join(Methods, ", "))
	case !(f.Probability >= 0 && f.Probability <= 1):
		return fmt.Errorf("fakepos: fault probability: %v is outside [0, 1]", f.Probability)
	case f.Count < 0:
		return fmt.Errorf("fakepos: fault count: %d is negative", f.Count)
	case f.Delay < 0:
		return fmt.Errorf("fakepos: fault delay: %v is negative", f.Delay)
	case f.Status != 0 && f.Kind != Fault5xx:
		return fmt.Errorf("fakepos: fault status: only a 5xx fault has a status, not %s", f.Kind)
	case f.Kind == Fault5xx && f.Status != 0 && (f.Status < 500 || f.Status > 599):
		return fmt.Errorf("fakepos: fault status: %d is not a 5xx status", f.Status)
	}
	return nil
}

// strict decodes JSON refusing unknown members (a misspelt one would
// otherwise be silently the default).
func strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON value")
	}
	return nil
}

// before reports whether the fault answers instead of the method.
func (f *Fault) before() bool {
	return f.Kind == FaultDLW23 || f.Kind == FaultError || f.Kind == Fault5xx
}

// fault picks the fault, if any, for this request of method.
func (f *Fake) fault(method string) *Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.faults {
		ft := &f.faults[i]
		if ft.Method != "" && ft.Method != method {
			continue
		}
		if ft.Probability > 0 && ft.Probability < 1 && f.rng.Float64() >= ft.Probability {
			continue
		}
		picked := *ft
		if ft.Count > 0 {
			ft.Count--
			if ft.Count == 0 {
				f.faults = append(f.faults[:i], f.faults[i+1:]...)
			}
		}
		return &picked
	}
	return nil
}

// inject answers with the fault; body is the answer the method gave (for
// the faults that break it after the work).
func (f *Fake) inject(w http.ResponseWriter, r *http.Request, method string, ft *Fault, body []byte) {
	kind := string(ft.Kind)
	switch ft.Kind {
	case FaultDLW23:
		f.answer(w, r, method, kind, http.StatusOK, nil, []apiError{{"DLW-0023", "RK7 error", "Not answer from WS"}})
	case FaultError:
		code, text := ft.Code, ft.Text
		if code == "" {
			code, text = "DLW-0017", "RK7 error"
		}
		f.answer(w, r, method, kind, http.StatusOK, nil, []apiError{{code, text, ft.Details}})
	case Fault5xx:
		st := ft.Status
		if st < 500 || st > 599 {
			st = http.StatusServiceUnavailable
		}
		http.Error(w, "fakepos: injected "+strconv.Itoa(st), st)
		f.logRequest(r, st, kind)
	case FaultTruncate:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)/2))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body[:len(body)/2])
		f.logRequest(r, http.StatusOK, kind)
	case FaultClose, FaultLost:
		f.logRequest(r, 0, kind)
		hj, ok := w.(http.Hijacker)
		if !ok { // a ResponseWriter that cannot hijack (a recorder): abort the handler instead
			panic(http.ErrAbortHandler)
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		if ft.Kind == FaultClose {
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nX-Rkcart-Fake: fakepos\r\nContent-Length: %d\r\n\r\n", len(body))
			_, _ = buf.Write(body[:len(body)/2])
			_ = buf.Flush()
		}
		_ = conn.Close()
	}
}
