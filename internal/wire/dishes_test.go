//go:build !wasm

package wire

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/document"
)

// fast runs the hand reader alone: ok says whether it took the document.
func fast(data []byte) (DishesDoc, bool) {
	var doc DishesDoc
	return doc, fastDishes(data, &doc)
}

// oracle is what Decode's encoding/json path makes of data.
func oracle(data []byte) (DishesDoc, error) {
	var doc DishesDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return doc, err
	}
	return doc, Duplicates(document.Menu, data)
}

func menuFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("../../testdata/menus/*.json")
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		out[filepath.Base(p)] = data
	}
	return out
}

// Every real menu is taken by the hand reader (else it would never run) and
// read as encoding/json reads it.
func TestDecodeDishesReadsRealMenusAsEncodingJSON(t *testing.T) {
	taken := 0
	for name, data := range menuFixtures(t) {
		want, err := oracle(data)
		if err != nil || (want.Dishes.Dishes == nil && (want.Data == nil || want.Data.Dishes == nil)) {
			continue // not a menu
		}
		got, ok := fast(data)
		require.True(t, ok, name)
		assert.Equal(t, want, got, name)
		taken++
	}
	assert.GreaterOrEqual(t, taken, 4)
}

// The strings the reader keeps are its own: the caller may reuse its bytes.
func TestDecodeDishesCopiesStrings(t *testing.T) {
	data := []byte(`{"dishes":[{"id":1,"name":"Борщ","guid":"g"}],"status":"Ok"}`)
	var doc DishesDoc
	require.NoError(t, DecodeDishes(document.Menu, data, &doc))
	for i := range data {
		data[i] = ' '
	}
	assert.Equal(t, "Борщ", doc.Dishes.Dishes[0].Name)
	assert.Equal(t, "g", doc.Dishes.Dishes[0].GUID)
	assert.Equal(t, "Ok", doc.Status)
}

func TestDecodeDishesQuirks(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		take bool // the hand reader takes it; otherwise Decode does
	}{
		{"digit strings and null", `{"dishes":[{"id":"1000039","price":null,"name":null,"active":1,"code":"-5"}]}`, true},
		{"unknown members", `{"dishes":[{"id":1,"type":"x","extra":{"x":[1,{"y":null}]},"modiweight":0}],"foo":[]}`, true},
		{"envelope", `{"status":"Err","errors":[{"code":"E1","text":"t","details":null}],"data":null}`, true},
		{"escapes", `{"dishes":[{"id":1,"name":"a\"\u0431\ud83d\ude00\ud800x"}]}`, true},
		{"locres null and object", `{"dishes":[{"id":1,"locres":null},{"id":2,"locres": {"ru" : "x"} }]}`, true},
		{"nulls for arrays", `{"dishes":null,"modifiers":null,"data":{"dishes":[],"commonModifiers":null}}`, true},
		{"deep scheme", `{"modifiers":[{"id":1,"group":[{"id":2,"downLimit":"1","modi":[{"id":3,"price":-10,"dishid":null}]}]}]}`, true},
		{"variations", `{"variations":[{"id":1,"name":"v"}]}`, true},
		{"whitespace", " \n{ \"dishes\" : [ { \"id\" : 1 } ] } \t", true},
		{"other case", `{"dishes":[{"ID":1}]}`, false},
		{"escaped key", `{"dishes":[{"\u0069d":1}]}`, true},
		{"escaped other-case key", `{"dishes":[{"\u0049d":1}]}`, false},
		{"long s folds to s", `{"\u017ftatus":"Ok"}`, false},
		{"other non-ASCII name", `{"dishes":[{"цена":1}]}`, false},
		{"duplicate known", `{"dishes":[{"id":1,"id":2}]}`, false},
		{"duplicate unknown", `{"dishes":[{"x":1,"x":2}]}`, false},
		{"duplicate below unknown", `{"x":{"a":1,"a":2}}`, false},
		{"null element", `{"dishes":[null]}`, false},
		{"fraction", `{"dishes":[{"id":1.0}]}`, false},
		{"escaped digits", `{"dishes":[{"id":"\u0031"}]}`, false},
		{"bool for int", `{"dishes":[{"active":true}]}`, false},
		{"number for string", `{"dishes":[{"name":5}]}`, false},
		{"invalid UTF-8", "{\"dishes\":[{\"name\":\"\xff\"}]}", false},
		{"trailing", `{"dishes":[]} x`, false},
		{"top-level null", `null`, false},
		{"top-level array", `[]`, false},
		{"truncated", `{"dishes":[{"id":1}`, false},
		{"overflow", `{"dishes":[{"id":9223372036854775808}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.doc)
			got, ok := fast(data)
			assert.Equal(t, tt.take, ok)
			want, werr := oracle(data)
			if ok {
				require.NoError(t, werr)
				assert.Equal(t, want, got)
			}
			var doc DishesDoc
			err := DecodeDishes(document.Menu, data, &doc)
			var old DishesDoc
			assert.Equal(t, decodeJSON(document.Menu, data, &old), err)
			if err == nil {
				assert.Equal(t, old, doc)
			}
		})
	}
}

// FuzzDecodeDishes: whatever the hand reader takes, encoding/json reads
// the same way (and finds no duplicate), and DecodeDishes answers as the
// encoding/json path does — the same value or the same error.
func FuzzDecodeDishes(f *testing.F) {
	for _, data := range menuFixtures(f) {
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"data":{"dishes":[{"id":"1","price":100,"modischeme":2,"name":"a\u0431","locres":{"x":1}}],"modifiers":[{"id":2,"group":[{"id":3,"upLimit":1,"modi":[{"id":4,"price":"5"}]}]}]},"status":"Ok"}`))
	f.Add([]byte(`{"status":"Err","errors":[{"code":"E","text":"t"}],"dishes":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := fast(data)
		want, werr := oracle(data)
		if ok {
			if werr != nil {
				t.Fatalf("the hand reader took a document encoding/json refuses: %v", werr)
			}
			if !assert.ObjectsAreEqual(want, got) {
				t.Fatalf("the hand reader differs from encoding/json:\n got %#v\nwant %#v", got, want)
			}
		}
		var doc, old DishesDoc
		err, oerr := DecodeDishes(document.Menu, data, &doc), decodeJSON(document.Menu, data, &old)
		if !assert.ObjectsAreEqual(oerr, err) {
			t.Fatalf("DecodeDishes: %v, Decode: %v", err, oerr)
		}
		if err == nil && !assert.ObjectsAreEqual(old, doc) {
			t.Fatalf("DecodeDishes and Decode differ:\n got %#v\nwant %#v", doc, old)
		}
	})
}
