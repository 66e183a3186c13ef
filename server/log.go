package server

import (
	"log/slog"
	"net/http"
	"time"
)

func levelOf(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

func slogAttrs(r *http.Request, rec *recorder, d time.Duration) []slog.Attr {
	return []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", rec.status),
		slog.Int64("bytes", rec.bytes),
		slog.Duration("duration", d),
		slog.String("object", canonicalGet(rec.Header(), "Rkcart-Object")),
		slog.String("remote", r.RemoteAddr),
	}
}
