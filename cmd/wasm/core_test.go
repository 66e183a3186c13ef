package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/bench"
)

const fixedNow = "2026-11-23T12:00:00+03:00"

func read(t *testing.T, parts ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{"..", "..", "testdata"}, parts...)...))
	require.NoError(t, err)
	return data
}

func problem(t *testing.T, a answer) map[string]any {
	t.Helper()
	require.False(t, a.OK)
	var p map[string]any
	require.NoError(t, json.Unmarshal([]byte(a.Problem), &p))
	return p
}

// The entry's answers are the CLI's bytes: the golden files.
func TestPriceAndEmitAreTheCLIs(t *testing.T) {
	s := newSession()
	require.True(t, s.load(nil, nil, options{}).OK)
	for _, name := range []string{"combo", "invalid-many", "reference-pickup"} {
		a := s.price(1, read(t, "carts", name+".json"), options{Now: fixedNow, Indent: true})
		require.True(t, a.OK, a.Problem)
		assert.Equal(t, string(read(t, "golden", "price-"+name+".json")), a.JSON, name)
	}
	a := s.emit(1, "savedeliveryorder", read(t, "carts", "valid-pickup.json"), options{Now: fixedNow})
	require.True(t, a.OK, a.Problem)
	var out struct{ Method, Path string }
	require.NoError(t, json.Unmarshal([]byte(a.JSON), &out))
	assert.Equal(t, "savedeliveryorder", out.Path)
	assert.True(t, strings.HasSuffix(a.Body, "}\n"))
}

func TestProblemsNotPanics(t *testing.T) {
	s := newSession()
	p := problem(t, s.price(7, []byte(`{}`), options{}))
	assert.Equal(t, "urn:rkcart:problem:unknown-object", p["type"])
	require.True(t, s.load(nil, nil, options{}).OK)
	p = problem(t, s.price(1, []byte(`{"order":[`), options{}))
	assert.Equal(t, "cart", p["kind"])
	assert.EqualValues(t, 1, p["line"])
	p = problem(t, s.price(1, []byte(`{}`), options{Lang: "fr"}))
	assert.Equal(t, "urn:rkcart:problem:bad-option", p["type"])
	p = problem(t, s.load([]byte(`{"order":[]}`), nil, options{}))
	assert.Equal(t, "/menu", p["pointer"])
	p = problem(t, s.emit(1, "xml", []byte(`{}`), options{}))
	assert.EqualValues(t, 404, p["status"])
	p = problem(t, s.emit(1, "savedeliveryorder", read(t, "carts", "invalid-many.json"), options{}))
	assert.Equal(t, "urn:rkcart:problem:refused", p["type"])
	assert.NotEmpty(t, p["violations"])
	p = problem(t, guard(func() answer { panic("boom") }))
	assert.Equal(t, "urn:rkcart:problem:internal", p["type"])
	assert.Contains(t, p["detail"], "boom")
	require.True(t, s.release(1).OK)
	problem(t, s.release(1))
}

// The wasip1 request: one JSON object in, one answer out.
func TestServeRequest(t *testing.T) {
	cart := read(t, "carts", "combo.json")
	a := serve([]byte(`{"op":"price","cart":` + string(cart) + `,"options":{"now":"` + fixedNow + `","indent":true}}`))
	require.True(t, a.OK, a.Problem)
	assert.Equal(t, string(read(t, "golden", "price-combo.json")), a.JSON)
	a = serve([]byte(`{"op":"lint","menu":` + string(read(t, "menus", "rules-menu.json")) + `}`))
	require.True(t, a.OK, a.Problem)
	assert.Contains(t, a.JSON, `"findings"`)
	a = serve([]byte(`{"op":"menu"}`))
	require.True(t, a.OK, a.Problem)
	assert.Contains(t, a.JSON, `"dishes"`)
	p := problem(t, serve([]byte(`{"op":"fly"}`)))
	assert.Equal(t, "urn:rkcart:problem:bad-option", p["type"])
	p = problem(t, serve([]byte(`{"op":"price","extra":1}`)))
	assert.Equal(t, "request", p["kind"])

	// availability applies to the one call
	a = serve([]byte(`{"op":"price","cart":` + string(cart) + `,"availability":{"taken_at":"` + fixedNow + `","stopped":{"dishes":[1000016]}},"options":{"now":"` + fixedNow + `"}}`))
	require.True(t, a.OK, a.Problem)
	assert.Contains(t, a.JSON, `"code":"stopped"`)
	p = problem(t, serve([]byte(`{"op":"price","cart":`+string(cart)+`,"availability":{"stoped":[]}}`)))
	assert.Equal(t, "availability", p["kind"])
}

func TestOptionsAreStrict(t *testing.T) {
	var o options
	require.Nil(t, decodeOptions([]byte(`{"lang":"ru","now":"`+fixedNow+`","indent":true}`), &o))
	assert.Equal(t, "ru", o.Lang)
	p := decodeOptions([]byte(`{"lnag":"ru"}`), &o)
	require.NotNil(t, p)
	assert.Equal(t, api.TypeBadOption, p.Type)
	assert.Contains(t, p.Detail, "lnag")
	assert.NotNil(t, decodeOptions([]byte(`{"force":"yes"}`), &o), "mistyped")
}

// BenchmarkSessionPrice is the module's price call natively: the same Go
// code (cart decoding, pricing, the answer's JSON into the session's
// buffer, its copy) on the cart and menu js/bench.mjs prices in the
// module, without the JavaScript bridge — the native side of the
// module's ratio.
func BenchmarkSessionPrice(b *testing.B) {
	fx, err := bench.NewFixture()
	if err != nil {
		b.Fatal(err)
	}
	s := newSession()
	o := options{TZ: "UTC", Now: "2026-01-01T12:00:00Z"}
	if a := s.load(fx.MenuJSON, []byte(`{"id":1,"name":"bench"}`), o); !a.OK {
		b.Fatal(a.Problem)
	}
	b.ReportAllocs()
	for b.Loop() {
		if a := s.price(1, fx.Cart, options{}); !a.OK {
			b.Fatal(a.Problem)
		}
	}
}
