// Package linebuf makes scratch buffers that own their cache lines.
//
// Pricing reuses per-goroutine scratch buffers (a sync.Pool of them in the
// engine, one per P in practice) and writes them on every cart. When two
// such buffers are small, the allocator may place them side by side in one
// span, and two cores writing the ends of neighbouring buffers then fight
// over a shared cache line: on a 2-core machine this made parallel pricing
// bimodal, 2.0× or 1.4× the serial throughput depending on where the first
// buffers happened to land.
//
// Go's allocator puts objects of 1 KiB and more in size classes that are
// multiples of 64 bytes, inside page-aligned spans, so such an object covers
// whole cache lines. Buffers from [Make] start at that size, and append only
// ever grows them.
package linebuf

import "unsafe"

// MinBytes is the smallest capacity, in bytes, of a buffer from [Make].
const MinBytes = 1024

// Make returns an empty slice whose backing array is at least MinBytes.
func Make[T any]() []T { return make([]T, 0, Cap[T]()) }

// Cap is the capacity of a buffer from [Make]: the fewest elements of T
// that fill MinBytes.
func Cap[T any]() int {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if size == 0 {
		return MinBytes
	}
	return (MinBytes + size - 1) / size
}

// Reset returns b emptied, or a buffer from [Make] when b has none yet.
func Reset[T any](b []T) []T {
	if b == nil {
		return Make[T]()
	}
	return b[:0]
}
