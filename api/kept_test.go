package api_test

import (
	"testing"
	"time"

	"github.com/rkcart/rkcart/api"
)

// Kept finds a replaced menu within the grace window, by object and
// version, and keeps at most Max per object.
func TestKept(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	k := api.Kept[string]{Grace: 15 * time.Minute, Max: 2}
	k.Retire(1, "v1", "one", t0)
	k.Retire(1, "v2", "two", t0.Add(time.Minute))
	k.Retire(2, "v1", "other object", t0)
	if v, ok := k.Find(1, "v1", t0.Add(2*time.Minute)); !ok || v != "one" {
		t.Fatalf("v1: %q %v", v, ok)
	}
	if v, ok := k.Find(2, "v1", t0); !ok || v != "other object" {
		t.Fatalf("object 2: %q %v", v, ok)
	}
	if _, ok := k.Find(1, "v1", t0.Add(16*time.Minute)); ok {
		t.Fatal("found past the grace window")
	}
	k.Retire(1, "v3", "three", t0.Add(2*time.Minute)) // the third of object 1: v1 goes
	if _, ok := k.Find(1, "v1", t0.Add(3*time.Minute)); ok {
		t.Fatal("more than Max kept")
	}
	if v, ok := k.Find(1, "v2", t0.Add(3*time.Minute)); !ok || v != "two" {
		t.Fatalf("v2: %q %v", v, ok)
	}
	if _, ok := k.Find(1, "nope", t0); ok {
		t.Fatal("an unknown version found")
	}
}
