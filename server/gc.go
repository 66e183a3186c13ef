package server

import (
	"os"
	"runtime/debug"
)

// GCPercent is the garbage collector's target `rkcart serve` runs with
// unless GOGC is set. A sidecar's live heap is its menus, small beside the
// garbage of the requests, so the default of 100 collects very often: on
// the 2-core benchmark machine at 1,000 requests a second, 200 took p99
// from 1.0–4.0 ms to 0.5–0.6 ms for about twice the heap above the menus
// (bench/README.md).
const GCPercent = 200

// TuneGC sets the collector's target to GCPercent unless the GOGC
// environment variable chooses one, and returns the target in effect. It
// changes the whole process: commands call it, libraries should not.
func TuneGC() int {
	if v := os.Getenv("GOGC"); v != "" {
		p := debug.SetGCPercent(100) // read GOGC's value back
		debug.SetGCPercent(p)
		return p
	}
	debug.SetGCPercent(GCPercent)
	return GCPercent
}
