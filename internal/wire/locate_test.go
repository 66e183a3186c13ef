package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/rkcart/rkcart/document"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"bad price", `{"data":{"dishes":[{"id":1,"price":1},{"id":2,"price":"abc"}]}}`,
			`menu: /data/dishes/1/price: want integer, got "abc" (line 1, column 55)`},
		{"fraction", `{"dishes":[{"id":1.5}]}`, `menu: /dishes/0/id: want integer, got 1.5 (line 1, column 18)`},
		{"dishes not array", "{\n\"dishes\": {}}", `menu: /dishes: want array, got object (line 2, column 11)`},
		{"name a number", `{"modifiers":[{"group":[{"modi":[{"name":5}]}]}]}`,
			`menu: /modifiers/0/group/0/modi/0/name: want string, got 5 (line 1, column 42)`},
		{"syntax", "{\n  \"dishes\": [,]}", `menu: line 2, column 14: invalid character ',' looking for beginning of value`},
		{"truncated", `{"dishes": [`, `menu: line 1, column 13: unexpected end of JSON input`},
		{"root not object", `[1]`, `menu: line 1, column 1: want object, got array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc DishesDoc
			err := Decode(document.Menu, []byte(tt.doc), &doc)
			require.Error(t, err)
			var de *DecodeError
			require.True(t, errors.As(err, &de))
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestDecodeAcceptsQuirks(t *testing.T) {
	var doc DishesDoc
	err := Decode(document.Menu, []byte(`{"dishes":[{"id":"1000039","price":5000,"name":null,"active":1,"extra":{"x":[1]}}]}`), &doc)
	require.NoError(t, err)
	require.Len(t, doc.Dishes.Dishes, 1)
	assert.Equal(t, Field{Int: 1000039, Set: true}, doc.Dishes.Dishes[0].ID)
	assert.Equal(t, Field{Int: 5000, Set: true}, doc.Dishes.Dishes[0].Price)
	assert.Equal(t, "", doc.Dishes.Dishes[0].Name)
}

func TestParseInt(t *testing.T) {
	good := map[string]int64{`0`: 0, `"12"`: 12, `-5`: -5, `null`: 0,
		`9223372036854775807`: 9223372036854775807, `-9223372036854775808`: -9223372036854775808}
	for in, want := range good {
		v, ok := ParseInt([]byte(in))
		assert.True(t, ok, in)
		assert.Equal(t, want, v, in)
	}
	for _, in := range []string{`1.0`, `1e3`, `"a"`, `""`, `true`, `9223372036854775808`, `"-"`, `{}`} {
		_, ok := ParseInt([]byte(in))
		assert.False(t, ok, in)
	}
}

func TestEscape(t *testing.T) {
	assert.Equal(t, "a~1b~0c", Escape("a/b~c"))
	assert.Equal(t, "plain", Escape("plain"))
}

// amount decodes itself and refuses fractions of a kopeck.
type amount int64

func (a *amount) UnmarshalJSON(b []byte) error {
	if bytes.Contains(b, []byte(".005")) {
		return errors.New("too precise")
	}
	return nil
}

// outer decodes itself too (as types that keep unknown members do), so the
// walker must call it, then descend to name the field.
type outer struct {
	Items []struct {
		Sum amount `json:"sum"`
	} `json:"items"`
	Count int `json:"count"`
}

func (o *outer) UnmarshalJSON(b []byte) error {
	type plain outer
	return json.Unmarshal(b, (*plain)(o))
}

func TestDecodeSelfDecodingTypes(t *testing.T) {
	var v struct {
		Outer *outer `json:"outer"`
	}
	err := Decode(document.Menu, []byte("{\"outer\": {\"items\": [{\"sum\": 1}, {\"sum\": 2.005}]}}"), &v)
	assert.EqualError(t, err, `menu: /outer/items/1/sum: too precise (line 1, column 42)`)
	err = Decode(document.Menu, []byte(`{"outer": {"count": "x"}}`), &v)
	assert.EqualError(t, err, `menu: /outer/count: want integer, got "x" (line 1, column 21)`)
	assert.NoError(t, Decode(document.Menu, []byte(`{"outer": null}`), &v))
}
