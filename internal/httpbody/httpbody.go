// Package httpbody reads request bodies for rkcart's servers (the sidecar
// and the gateway) under the same bounds: a size cap enforced while
// reading, a deadline that grows with what has arrived (a body that
// trickles fails instead of holding its connection), and a bounded
// lingering close after a 413.
package httpbody

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/rkcart/rkcart/document"
)

// Limits bound how long a body may take and how much is drained after a
// refusal.
type Limits struct {
	// Timeout and MinRate: a body must arrive within Timeout plus one
	// second per MinRate bytes.
	Timeout time.Duration
	MinRate int64
	// LingerTime and LingerBytes bound the draining after a 413.
	LingerTime  time.Duration
	LingerBytes int64
}

// Read reads the whole body of kind, up to limit, against the deadline of
// l. over reports a body past limit (the caller answers 413, then
// Linger). err is the read's error otherwise; Slow tells a body that came
// too slowly.
func Read(w http.ResponseWriter, r *http.Request, kind document.Kind, limit int64, l Limits) (body []byte, over bool, err error) {
	rc := http.NewResponseController(w)
	dr := &deadlineReader{r: r.Body, set: rc.SetReadDeadline, start: time.Now(), grace: l.Timeout, rate: max(l.MinRate, 1)}
	defer func() { _ = rc.SetReadDeadline(time.Time{}) }()
	data, err := document.ReadSized(dr, kind, limit, r.ContentLength)
	var de *document.Error
	if errors.As(err, &de) && de.Limit > 0 {
		return nil, true, nil
	}
	return data, false, err
}

// Slow reports whether a read failed on its deadline.
func Slow(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
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

// Refuse writes an answer (write: a 413 the caller composes) on a
// connection that then closes, and lingers: it reads and discards what
// the client is still sending, for at most l.LingerTime and
// l.LingerBytes, so that a client that writes its whole body before
// reading (Python's urllib, PHP's curl) reads the answer instead of a
// connection reset. It returns the bytes drained.
func Refuse(w http.ResponseWriter, r *http.Request, l Limits, write func(http.ResponseWriter)) int64 {
	rc := http.NewResponseController(w)
	_ = rc.EnableFullDuplex() // read the body after the answer is written
	w.Header().Set("Connection", "close")
	write(w)
	if strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		return 0 // the client waits for our word before sending: nothing to drain
	}
	_ = rc.Flush()
	_ = rc.SetReadDeadline(time.Now().Add(l.LingerTime))
	n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, l.LingerBytes))
	return n
}
