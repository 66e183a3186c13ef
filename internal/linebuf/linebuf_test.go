package linebuf

import (
	"testing"
	"unsafe"
)

// entry is 40 bytes (four int64 and a bool, padded): not a divisor of
// MinBytes, so Make has to round up (26 entries, 1,040 bytes).
type entry = struct {
	A, B, C, D int64
	E          bool
}

func TestMakeCoversMinBytes(t *testing.T) {
	check := func(name string, capBytes int) {
		t.Helper()
		if capBytes < MinBytes {
			t.Errorf("%s: capacity %d bytes, want at least %d", name, capBytes, MinBytes)
		}
	}
	check("byte", cap(Make[byte]()))
	check("entry", cap(Make[entry]())*int(unsafe.Sizeof(entry{})))
	check("[3]int64", cap(Make[[3]int64]())*24)
	if c := cap(Make[entry]()); c != 26 {
		t.Errorf("cap of 40-byte entries = %d, want 26", c)
	}
	if n := len(Make[entry]()); n != 0 {
		t.Errorf("len = %d, want 0", n)
	}
	if c := cap(Make[struct{}]()); c == 0 {
		t.Error("zero-size element: want a non-zero capacity")
	}
}

func TestResetKeepsStorage(t *testing.T) {
	b := Reset[int64](nil)
	if cap(b)*8 < MinBytes {
		t.Fatalf("fresh buffer: capacity %d", cap(b))
	}
	b = append(b, 1, 2, 3)
	r := Reset(b)
	if len(r) != 0 || cap(r) != cap(b) || unsafe.SliceData(r) != unsafe.SliceData(b) {
		t.Errorf("Reset reallocated or kept elements: len %d cap %d", len(r), cap(r))
	}
}

func TestCapMatchesMake(t *testing.T) {
	if got, want := Cap[entry](), cap(Make[entry]()); got != want {
		t.Errorf("Cap = %d, Make's capacity = %d", got, want)
	}
	// 1024/25 rounds up: 41 entries of 25 bytes are 1025 bytes.
	if got := Cap[[25]byte](); got != 41 {
		t.Errorf("Cap[[25]byte] = %d, want 41", got)
	}
}
