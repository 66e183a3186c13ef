// Package tzdb resolves IANA time zones from a zone database embedded in
// the binary (zoneinfo.zip: Go's own copy of the IANA data, 598 zones in a
// stored zip whose identical zones share one copy of their bytes, 72 KB
// gzipped), never from the file system.
//
// The WebAssembly build needs this: in a JavaScript host whose
// globalThis.fs is Node's fs (Go's wasm_exec_node.js sets it, and so do
// bundler shims) time.LoadLocation's look-up in /usr/share/zoneinfo
// becomes an asynchronous call inside a synchronous callback, and the Go
// runtime aborts with "all goroutines are asleep". It also makes a zone
// resolve the same on every host, with or without zone files.
//
// Update zoneinfo.zip with `go run ./internal/tzdb/mkzip`, which rewrites
// $GOROOT/lib/time/zoneinfo.zip that way.
package tzdb

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"
)

//go:embed zoneinfo.zip
var zip string

// Load returns the zone named name: "UTC" (or "") is time.UTC, any other
// name is looked up in the embedded database. "Local" is refused: it
// would mean the host's zone, which this package does not read.
//
// It returns an error if the name is not in the database.
func Load(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	if name == "Local" {
		return nil, errors.New(`tzdb: "Local" is the host's zone; name an IANA zone such as Europe/Moscow`)
	}
	data, ok := index()[name]
	if !ok {
		return nil, fmt.Errorf("tzdb: unknown time zone %s", name)
	}
	return time.LoadLocationFromTZData(name, []byte(data))
}

// Names lists the zones of the database, in its order.
func Names() []string {
	_ = index()
	return names
}

var (
	once  sync.Once
	zones map[string]string
	names []string
)

// index reads the zip's central directory once. The zip is stored, not
// deflated (Go's mkzip.go writes it so), so each file's bytes are a slice
// of the embedded string.
func index() map[string]string {
	once.Do(func() {
		zones = map[string]string{}
		// End of central directory: the last 22 bytes (no comment).
		end := zip[len(zip)-22:]
		if binary.LittleEndian.Uint32([]byte(end[0:4])) != 0x06054b50 {
			panic("tzdb: zoneinfo.zip has no end of central directory")
		}
		n := int(binary.LittleEndian.Uint16([]byte(end[10:12])))
		dir := int(binary.LittleEndian.Uint32([]byte(end[16:20])))
		for range n {
			h := []byte(zip[dir : dir+46])
			if binary.LittleEndian.Uint32(h[0:4]) != 0x02014b50 {
				panic("tzdb: bad central directory entry")
			}
			method := binary.LittleEndian.Uint16(h[10:12])
			size := int(binary.LittleEndian.Uint32(h[24:28]))
			nameLen := int(binary.LittleEndian.Uint16(h[28:30]))
			extraLen := int(binary.LittleEndian.Uint16(h[30:32]))
			commentLen := int(binary.LittleEndian.Uint16(h[32:34]))
			local := int(binary.LittleEndian.Uint32(h[42:46]))
			name := zip[dir+46 : dir+46+nameLen]
			dir += 46 + nameLen + extraLen + commentLen
			if method != 0 {
				panic("tzdb: " + name + " is compressed; the zip must be stored")
			}
			lh := []byte(zip[local : local+30])
			start := local + 30 + int(binary.LittleEndian.Uint16(lh[26:28])) + int(binary.LittleEndian.Uint16(lh[28:30]))
			zones[name] = zip[start : start+size]
			names = append(names, name)
		}
	})
	return zones
}
