package engine

import (
	"reflect"
	"testing"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/internal/linebuf"
	"github.com/rkcart/rkcart/menu"
)

// Buffers written on every cart must own their cache lines (package
// linebuf): small neighbours written from two cores made parallel pricing
// bimodal. These guard the sizes; the effect is measured in package bench.
func TestScratchBuffersOwnTheirLines(t *testing.T) {
	s := reflect.ValueOf(newScratch()).Elem()
	for i := range s.NumField() {
		f := s.Field(i)
		if f.Kind() != reflect.Slice {
			continue
		}
		if bytes := f.Cap() * int(f.Type().Elem().Size()); bytes < linebuf.MinBytes {
			t.Errorf("scratch.%s starts at %d bytes, want at least %d", s.Type().Field(i).Name, bytes, linebuf.MinBytes)
		}
	}
}

func TestReusedResultGrowsToWholeLines(t *testing.T) {
	m, err := menu.Load(demo.Menu(), menu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(m, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := &Cart{Lines: []Line{{Type: TypeDish, ID: 1000039, Qnt: 1000,
		Items: []Item{{Type: TypeModifier, ID: 1000388, Qnt: 1000}}}}}

	fresh := e.Price(c)
	if len(fresh.Lines) != 1 || cap(fresh.Lines) != 1 || cap(fresh.mods) != 1 {
		t.Errorf("Price: lines %d/%d, modifiers cap %d; want exact buffers of 1",
			len(fresh.Lines), cap(fresh.Lines), cap(fresh.mods))
	}

	var reused Result
	e.PriceInto(&reused, c)
	if len(reused.Lines) != 1 || cap(reused.Lines) < linebuf.Cap[PricedLine]() || cap(reused.mods) < linebuf.Cap[PricedModifier]() {
		t.Errorf("PriceInto: lines %d/%d, modifiers cap %d; want buffers of at least %d bytes",
			len(reused.Lines), cap(reused.Lines), cap(reused.mods), linebuf.MinBytes)
	}
	if reused.Total != fresh.Total || reused.Valid != fresh.Valid {
		t.Errorf("PriceInto total %v valid %v, Price %v %v", reused.Total, reused.Valid, fresh.Total, fresh.Valid)
	}
}
