package bench

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/rkcart/rkcart/server"
)

// discardWriter is the least a ResponseWriter can do: the handler's cost
// without net/http's (which bench/load measures as the bare floor).
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }
func (w *discardWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// SetReadDeadline is there as on net/http's writer: without it the body
// reader's deadlines fail (http.ErrNotSupported, an error built per call),
// a cost no served request has.
func (w *discardWriter) SetReadDeadline(time.Time) error { return nil }

// BenchmarkServePrice is the sidecar's /v1/price handler alone (body read,
// decoding, pricing, the answer, middleware, access log, metrics) on the
// 10-line cart, beside BenchmarkPriceJSON: the request path's own cost.
func BenchmarkServePrice(b *testing.B) {
	fx, err := NewFixture()
	if err != nil {
		b.Fatal(err)
	}
	s, err := server.New(server.Options{Engine: fx.Options, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Set([]server.Object{{ID: 1, Menu: fx.Menu, Restaurant: fx.Restaurant}}); err != nil {
		b.Fatal(err)
	}
	for _, target := range []string{"/v1/price", "/v1/price?lang=ru&profile=pos"} {
		b.Run(target, func(b *testing.B) {
			body := bytes.NewReader(fx.Cart)
			req, err := http.NewRequest("POST", target, body)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.RemoteAddr = "127.0.0.1:1234"
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			b.SetBytes(int64(len(fx.Cart)))
			for b.Loop() {
				body.Reset(fx.Cart)
				req.ContentLength = int64(len(fx.Cart))
				clear(w.h)
				w.status, w.n = 0, 0
				s.ServeHTTP(w, req)
				if w.status != 0 && w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}
