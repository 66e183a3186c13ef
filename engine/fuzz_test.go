package engine_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

const maxFuzzInput = 64 << 10

func seedCarts(f *testing.F) [][]byte {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "carts", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed carts: %v", err)
	}
	var out [][]byte
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return append(out, []byte(referencePickup), []byte(`{"order":[{"id":1,"type":"c","qnt":1000,"items":[{"id":2,"type":"cc","items":[{"id":3,"type":"m","qnt":1500}]}]}]}`))
}

// checkResult holds the invariants every result keeps, whatever the input.
func checkResult(t *testing.T, r engine.Result) {
	t.Helper()
	if r.Valid != (len(r.Violations) == 0) {
		t.Fatalf("valid %v with %d violations", r.Valid, len(r.Violations))
	}
	if sum, err := r.Subtotal.Add(r.DeliveryPrice); err == nil && sum != r.Total && !r.Violations.Has(engine.CodeAmountOverflow, "/order") {
		t.Fatalf("total %d ≠ subtotal %d + delivery %d", r.Total, r.Subtotal, r.DeliveryPrice)
	}
	for i := 1; i < len(r.Violations); i++ {
		a, b := r.Violations[i-1], r.Violations[i]
		if c := wire.ComparePointers(a.Path, b.Path); c > 0 || (c == 0 && a.Code > b.Code) {
			t.Fatalf("violations out of order: %v before %v", a, b)
		}
	}
	for _, v := range r.Violations {
		if v.Code == "" || v.Message == "" || v.Path == "" || v.Path[0] != '/' {
			t.Fatalf("malformed violation %+v", v)
		}
	}
	if _, err := r.MarshalJSON(); err != nil {
		t.Fatal(err)
	}
	checkFlags(t, r)
}

// checkFlags derives from the violation paths, independently of the
// pricer, which lines and items have a violation at or under them, and
// compares with what the pricer recorded; a line that counts adds its
// amount to the subtotal.
func checkFlags(t *testing.T, r engine.Result) {
	t.Helper()
	under := func(path string) bool {
		for _, v := range r.Violations {
			if v.Path == path || strings.HasPrefix(v.Path, path+"/") {
				return true
			}
		}
		return false
	}
	var counted money.Sum
	for _, l := range r.Lines {
		if got, want := l.HasViolations, under(l.Path()); got != want {
			t.Fatalf("line %s: HasViolations %v, violations say %v: %v", l.Path(), got, want, r.Violations)
		}
		if l.Counts {
			counted.Add(l.Amount)
		} else if l.Amount != 0 {
			t.Fatalf("line %s does not count but has amount %d", l.Path(), l.Amount)
		}
		for _, m := range l.Modifiers {
			if p := m.Loc.Path(); p != "" && m.HasViolations != under(p) {
				t.Fatalf("modifier %s: HasViolations %v, violations say %v: %v", p, m.HasViolations, !m.HasViolations, r.Violations)
			}
		}
		for _, c := range l.Components {
			if p := c.Loc.Path(); p != "" && c.HasViolations != under(p) {
				t.Fatalf("component %s: HasViolations %v, violations say %v: %v", p, c.HasViolations, !c.HasViolations, r.Violations)
			}
		}
	}
	if sum, err := counted.Total(); err == nil && !r.Violations.Has(engine.CodeAmountOverflow, "/order") && sum != r.Subtotal {
		t.Fatalf("counted lines add up to %d, subtotal %d", sum, r.Subtotal)
	}
}

// FuzzDecodeCart: decoding never panics, fails only with *document.Error,
// agrees with encoding/json on every input both accept (ids, qnt, types
// and unknown members of every line and item), refuses as malformed only
// what encoding/json or UTF-8 refuses, and every decoded cart prices on the
// demo menu with the result invariants.
func FuzzDecodeCart(f *testing.F) {
	for _, s := range seedCarts(f) {
		f.Add(s)
	}
	for _, s := range []string{
		`{"order":[{"id":"\u0031000042","type":"d","qnt":1000,"x":{"a":[1,{"b":null}]},"items":[{"id":7,"type":"m","y":"\u00e9"}]}]}`,
		`{"order":[{"id":1,"qnt":1000,"qnt":3000}]}`,
		`{"order":[{"id":1,"type":"c","items":[{"id":2,"type":"cc","items":[{"id":3,"type":"m","items":[]}]}]}]}`,
		`{"order":[{"id":1,"type":"c","items":[{"id":2,"type":"cc","items":[{"id":3,"type":"m","items":[{"id":4}]}]}]}]}`,
		"{\"order\":[],\"comment\":\"\xff\"}",
		`{"objectid":"+5","order_type":"0","pay_type":1e0,"client":{"phone":79990001122,"ln":null}}`,
	} {
		f.Add([]byte(s))
	}
	e := demoEngine(f, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		c, err := engine.DecodeCart(data, 0)
		if err != nil {
			var ie *document.Error
			if !errors.As(err, &ie) {
				t.Fatalf("undocumented error %T: %v", err, err)
			}
			content := strings.HasPrefix(ie.Msg, "want ") || strings.HasPrefix(ie.Msg, "not a cart")
			if ie.Pointer == "" && !content && json.Valid(data) && utf8.Valid(data) {
				t.Fatalf("refused as malformed what encoding/json accepts: %v", err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("decoded what encoding/json refuses: %q", data)
		}
		agreeWithStdlib(t, data, c)
		r := e.Price(c)
		checkResult(t, r)
		// The Result keeps the header and the lines' digest; the
		// fingerprint it rebuilds from them is the cart's.
		if r.Fingerprint() != engine.Fingerprint(c) {
			t.Fatalf("Result.Fingerprint %x, Fingerprint(cart) %x", r.Fingerprint(), engine.Fingerprint(c))
		}
	})
}

// FuzzPrice prices arbitrary carts on arbitrary menus: no panic, no hang,
// and the result invariants hold.
func FuzzPrice(f *testing.F) {
	carts := seedCarts(f)
	for i, c := range carts {
		f.Add(demo.Menu(), c, int64(i))
	}
	f.Add([]byte(rulesMenu), []byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":7,"type":"cc","qnt":2000,"items":[{"id":412,"type":"m"}]}]},{"id":8,"type":"d","qnt":2000}`)), int64(5000))
	f.Fuzz(func(t *testing.T, menuData, cartData []byte, stockQty int64) {
		if len(menuData) > maxFuzzInput || len(cartData) > maxFuzzInput {
			return
		}
		m, err := menu.Load(menuData, menu.Options{})
		if err != nil {
			return
		}
		opts := engine.Options{Location: time.UTC, Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }}
		r := &menu.Restaurant{ID: 199994335, MinCheck: 100, DeliveryPrice: 50, Period: menu.Period{Begin: 600, End: 120}}
		e, err := engine.New(m, r, opts)
		if err != nil {
			t.Fatal(err)
		}
		if stockQty >= 0 {
			e.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{4: money.Qty(stockQty), 1000016: money.Qty(stockQty)}})
		}
		res, err := e.PriceJSON(cartData)
		if err != nil {
			return
		}
		checkResult(t, res)
		sameJSON(t, res)
		var again engine.Result
		c := mustDecode(t, cartData)
		e.PriceInto(&again, c)
		if again.Total != res.Total || len(again.Violations) != len(res.Violations) {
			t.Fatalf("PriceInto differs from Price: %d/%d vs %d/%d", again.Total, len(again.Violations), res.Total, len(res.Violations))
		}
		if again.Fingerprint() != engine.Fingerprint(c) || res.Fingerprint() != again.Fingerprint() {
			t.Fatalf("fingerprints differ: Price %x, PriceInto %x, Fingerprint(cart) %x", res.Fingerprint(), again.Fingerprint(), engine.Fingerprint(c))
		}
	})
}

// sameJSON checks the hand-written encoder against encoding/json on the
// same result (names from arbitrary menus: escapes, HTML, broken UTF-8).
func sameJSON(t *testing.T, r engine.Result) {
	t.Helper()
	got, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want, err := engine.ReflectJSON(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("AppendJSON differs from encoding/json:\n got %s\nwant %s", got, want)
	}
}

func mustDecode(t *testing.T, data []byte) *engine.Cart {
	c, err := engine.DecodeCart(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// agreeWithStdlib decodes data with encoding/json into plain maps, an
// implementation independent of the cart decoder, and compares what the
// cart holds.
func agreeWithStdlib(t *testing.T, data []byte, c *engine.Cart) {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	var order []json.RawMessage
	_ = json.Unmarshal(top["order"], &order)
	if len(order) != len(c.Lines) {
		t.Fatalf("%d lines, encoding/json %d", len(c.Lines), len(order))
	}
	for i, raw := range order {
		ln := c.Lines[i]
		agreeItem(t, "/order/"+strconv.Itoa(i), raw, engine.Item(ln), 0)
	}
	if want := oracleID(top["objectid"]); menu.ID(want) != c.ObjectID {
		t.Fatalf("objectid %d, encoding/json %d", c.ObjectID, want)
	}
	var extra []string
	for k := range top {
		switch k {
		case "objectid", "delivery_time", "comment", "order_type", "pay_type", "client", "address", "order":
		default:
			extra = append(extra, k)
		}
	}
	agreeExtra(t, "", top, extra, c.Extra)
}

func agreeItem(t *testing.T, ptr string, raw json.RawMessage, it engine.Item, level int) {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: encoding/json: %v", ptr, err)
	}
	if want := oracleID(m["id"]); menu.ID(want) != it.ID {
		t.Fatalf("%s: id %d, encoding/json %d (sent %s)", ptr, it.ID, want, m["id"])
	}
	wantQnt := int64(0)
	if level > 0 {
		wantQnt = 1000
	}
	if q, ok := m["qnt"]; ok {
		wantQnt, _ = strconv.ParseInt(string(q), 10, 64) // 0 for anything but an integer
	}
	if money.Qty(wantQnt) != it.Qnt {
		t.Fatalf("%s: qnt %d, encoding/json %d (sent %s)", ptr, it.Qnt, wantQnt, m["qnt"])
	}
	var typ string
	if json.Unmarshal(m["type"], &typ) != nil && len(m["type"]) > 0 && string(m["type"]) != "null" {
		typ = string(m["type"])
	}
	if typ != it.Type {
		t.Fatalf("%s: type %q, encoding/json %q", ptr, it.Type, typ)
	}
	var items []json.RawMessage
	_ = json.Unmarshal(m["items"], &items)
	if len(items) != len(it.Items) {
		t.Fatalf("%s: %d items, encoding/json %d", ptr, len(it.Items), len(items))
	}
	for j, sub := range items {
		agreeItem(t, ptr+"/items/"+strconv.Itoa(j), sub, it.Items[j], level+1)
	}
	var extra []string
	for k := range m {
		switch k {
		case "id", "type", "qnt", "items":
		default:
			extra = append(extra, k)
		}
	}
	agreeExtra(t, ptr, m, extra, it.Extra)
}

func agreeExtra(t *testing.T, ptr string, m map[string]json.RawMessage, names []string, got []engine.Field) {
	t.Helper()
	if len(names) != len(got) {
		t.Fatalf("%s: %d unknown members, encoding/json %d", ptr, len(got), len(names))
	}
	for _, f := range got {
		want, ok := m[f.Name]
		if !ok {
			t.Fatalf("%s: unknown member %q not in encoding/json's decoding", ptr, f.Name)
		}
		var a, b bytes.Buffer
		_ = json.Compact(&a, want)
		_ = json.Compact(&b, f.Value)
		if a.String() != b.String() {
			t.Fatalf("%s/%s: %s, encoding/json %s", ptr, f.Name, f.Value, want)
		}
	}
}

// oracleID is the id rule written again from the contract: a JSON integer,
// or a string that is an optional '-' and 1–19 digits, that fits int64;
// null and everything else are 0.
func oracleID(raw json.RawMessage) int64 {
	s := string(raw)
	var str string
	if json.Unmarshal(raw, &str) == nil {
		s = str
	} else if strings.ContainsAny(s, ".eE") {
		return 0
	}
	digits := strings.TrimPrefix(s, "-")
	if len(digits) == 0 || len(digits) > 19 || strings.Trim(digits, "0123456789") != "" {
		return 0
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0
	}
	return v
}
