package engine_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// deepCart is the reproducer of the quadratic decoder: a demo dish line
// whose items nest depth modifiers deep.
func deepCart(depth int) []byte {
	inner := `{"id":1000325,"type":"m"}`
	var b strings.Builder
	for range depth {
		b.WriteString(`{"id":1000325,"type":"m","items":[`)
	}
	b.WriteString(inner)
	for range depth {
		b.WriteString("]}")
	}
	return []byte(pickup(`{"id":1000039,"type":"d","qnt":1000,"items":[` + b.String() + `]}`))
}

func TestDecodeRefusesDeepItems(t *testing.T) {
	for _, depth := range []int{2, 3, 30, 4990} {
		_, err := engine.DecodeCart(deepCart(depth), 0)
		var ie *document.Error
		require.True(t, errors.As(err, &ie), "depth %d: %v", depth, err)
		assert.Equal(t, document.Cart, ie.Kind)
		assert.Equal(t, "/order/0/items/0/items/0/items", ie.Pointer, "depth %d", depth)
		assert.Contains(t, ie.Msg, "items nested too deep")
		assert.Positive(t, ie.Line)
	}
	// One level under the item is the model's last level (a component's
	// modifiers); an empty or null items there is fine.
	for _, items := range []string{`[]`, `null`} {
		c, err := engine.DecodeCart([]byte(pickup(`{"id":1000039,"type":"d","qnt":1000,"items":[{"id":1,"type":"m","items":[{"id":2,"type":"m","items":`+items+`}]}]}`)), 0)
		require.NoError(t, err)
		assert.Len(t, c.Lines[0].Items[0].Items, 1)
	}
}

func TestDecodeRefusesDeepUnknownMembers(t *testing.T) {
	deep := strings.Repeat("[", engine.MaxCartDepth) + strings.Repeat("]", engine.MaxCartDepth)
	_, err := engine.DecodeCart([]byte(pickup(`{"id":1000039,"type":"d","qnt":1000,"x":`+deep+`}`)), 0)
	var ie *document.Error
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, "nested too deep", ie.Msg)
	assert.True(t, strings.HasPrefix(ie.Pointer, "/order/0/x/0/0/"), ie.Pointer)
	// Within the limit it is kept as sent.
	ok := strings.Repeat("[", 20) + strings.Repeat("]", 20)
	c, err := engine.DecodeCart([]byte(pickup(`{"id":1000039,"type":"d","qnt":1000,"x":`+ok+`}`)), 0)
	require.NoError(t, err)
	assert.Equal(t, ok, string(c.Lines[0].Extra[0].Value))
}

func TestDecodeRefusesDuplicates(t *testing.T) {
	tests := []struct{ name, doc, ptr string }{
		{"line qnt", pickup(`{"id":1000039,"type":"d","qnt":1000,"qnt":3000}`), "/order/0/qnt"},
		{"escaped spelling of the same key", pickup(`{"id":1000039,"type":"d","qnt":1000,"q\u006et":3000}`), "/order/0/qnt"},
		{"item id", pickup(`{"id":1000039,"type":"d","qnt":1000,"items":[{"id":1,"id":2}]}`), "/order/0/items/0/id"},
		{"component modifier id (the deepest level)", pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","items":[{"id":911,"type":"m","items":[]},{"id":1,"id":2,"type":"m"}]}]}`), "/order/0/items/0/items/1/id"},
		{"item of a modifier", pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":911,"type":"m","items":[{"id":1,"id":2}]}]}`), "/order/0/items/0/items/0/id"},
		{"top level", `{"order":[],"order":[]}`, "/order"},
		{"client", `{"order":[],"client":{"phone":"1","phone":"2"}}`, "/client/phone"},
		{"unknown member", pickup(`{"id":1000039,"type":"d","qnt":1000,"x":1,"x":2}`), "/order/0/x"},
		{"inside an unknown member", pickup(`{"id":1000039,"type":"d","qnt":1000,"x":[{"a":1,"a":2}]}`), "/order/0/x/0/a"},
		{"many members", `{"order":[],"x":{` + manyMembers(40) + `,"m7":0}}`, "/x/m7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := engine.DecodeCart([]byte(tt.doc), 0)
			var ie *document.Error
			require.True(t, errors.As(err, &ie), "%v", err)
			assert.Equal(t, tt.ptr, ie.Pointer)
			assert.True(t, strings.HasPrefix(ie.Msg, "duplicate member "), ie.Msg)
			assert.Positive(t, ie.Line)
		})
	}
}

func manyMembers(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `"m` + string(rune('0'+i/10)) + string(rune('0'+i%10)) + `":0`
	}
	parts[7] = `"m7":0` // m07 is spelled m7 so that the last member repeats it
	return strings.Join(parts, ",")
}

func TestDecodeRefusesInvalidUTF8(t *testing.T) {
	doc := "{\"order\":[],\n \"comment\":\"ok \xff\"}"
	_, err := engine.DecodeCart([]byte(doc), 0)
	var ie *document.Error
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, 2, ie.Line)
	assert.Equal(t, 16, ie.Column)
	assert.Contains(t, ie.Msg, "invalid UTF-8")
}

func TestDecodeEscapedIDs(t *testing.T) {
	c, err := engine.DecodeCart([]byte(`{"objectid":"\u0031\u0039\u0039990094","order":[{"id":"\u0031000039","type":"\u0064","qnt":1000,"items":[{"id":"1000\u0033\u0032\u0035","type":"m"}]}]}`), 0)
	require.NoError(t, err)
	assert.Equal(t, menu.ID(199990094), c.ObjectID)
	assert.Equal(t, menu.ID(1000039), c.Lines[0].ID)
	assert.Equal(t, engine.TypeDish, c.Lines[0].Type)
	assert.Equal(t, menu.ID(1000325), c.Lines[0].Items[0].ID)
	assert.Equal(t, money.Piece, c.Lines[0].Items[0].Qnt)
}

func TestDecodeWrongKind(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"empty", ``, "cart: line 1, column 1: empty document, want a cart (a JSON object with order[])"},
		{"blank", " \n", "cart: line 2, column 1: empty document, want a cart (a JSON object with order[])"},
		{"empty object", `{}`, "cart: line 1, column 1: not a cart: none of objectid, order, order_type, pay_type, delivery_time, client is present"},
		{"data null", `{"data":null}`, "cart: line 1, column 1: not a cart: none of objectid, order, order_type, pay_type, delivery_time, client is present"},
		{"a menu", string(demo.Menu()), "cart: line 1, column 1: not a cart: none of objectid, order, order_type, pay_type, delivery_time, client is present"},
		{"trailing garbage", `{"order":[]} x`, "cart: line 1, column 14: invalid character 'x' after top-level value"},
		{"two documents", `{"order":[]}{"order":[]}`, "cart: line 1, column 13: invalid character '{' after top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := engine.DecodeCart([]byte(tt.doc), 0)
			require.ErrorIs(t, err, engine.ErrInput)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	_, err := engine.DecodeCart(make([]byte, 101), 100)
	require.ErrorIs(t, err, document.ErrTooLarge)
	assert.EqualError(t, err, "cart: too large: 101 bytes, limit 100")
	_, err = engine.ReadCart(strings.NewReader(strings.Repeat(" ", 101)), 100)
	require.ErrorIs(t, err, document.ErrTooLarge)
	assert.EqualError(t, err, "cart: too large: more than 100 bytes")
}

func TestDecodeCapturesUnknownMembersOnce(t *testing.T) {
	doc := `{"order":[{"id":1000039,"type":"d","qnt":1000,"x_line":{"a":[1, 2]},"items":[{"id":1000325,"type":"m","x_item":"é"}]}],"v":1}`
	c, err := engine.DecodeCart([]byte(doc), 0)
	require.NoError(t, err)
	assert.Equal(t, []engine.Field{{Name: "x_line", Value: json.RawMessage(`{"a":[1, 2]}`)}}, c.Lines[0].Extra)
	assert.Equal(t, []engine.Field{{Name: "x_item", Value: json.RawMessage(`"é"`)}}, c.Lines[0].Items[0].Extra)
	assert.Equal(t, []engine.Field{{Name: "v", Value: json.RawMessage(`1`)}}, c.Extra)
	assert.Equal(t, `{"id":1000325,"type":"m","x_item":"é"}`, string(c.Lines[0].Items[0].Raw))
	// The cart owns its memory: the input may be reused.
	buf := []byte(doc)
	c, err = engine.DecodeCart(buf, 0)
	require.NoError(t, err)
	for i := range buf {
		buf[i] = ' '
	}
	assert.Equal(t, `"é"`, string(c.Lines[0].Items[0].Extra[0].Value))
	assert.Equal(t, engine.TypeModifier, c.Lines[0].Items[0].Type)
}

// Messages quote the value as it was sent, not its decoding.
func TestMessagesQuoteSentValues(t *testing.T) {
	e := demoEngine(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	tests := []struct{ name, line, code, msg string }{
		{"signed id", `{"id":"+1000042","type":"d","qnt":1000}`, engine.CodeUnknownDish, `dish "+1000042" is not on the menu`},
		{"fraction qnt", `{"id":1000039,"type":"d","qnt":1.5}`, engine.CodeBadQuantity, `"Beetroot soup": qnt 1.5 must be between 1 and 1000000 thousandths`},
		{"string qnt", `{"id":1000039,"type":"d","qnt":"1000"}`, engine.CodeBadQuantity, `"Beetroot soup": qnt "1000" must be between 1 and 1000000 thousandths`},
		{"modifier id", `{"id":1000039,"type":"d","qnt":1000,"items":[{"id":"x1","type":"m"}]}`, engine.CodeUnknownModifier, `modifier "x1" is not on the menu`},
		{"modifier qnt", `{"id":1000039,"type":"d","qnt":1000,"items":[{"id":1000325,"type":"m","qnt":1e3}]}`, engine.CodeBadQuantity, "qnt 1e3 must be a whole number of pieces (multiple of 1000) above 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.PriceJSON([]byte(pickup(tt.line)))
			require.NoError(t, err)
			var msgs []string
			for _, v := range r.Violations {
				if v.Code == tt.code {
					msgs = append(msgs, v.Message)
				}
			}
			assert.Contains(t, msgs, tt.msg)
		})
	}
	r, err := e.PriceJSON([]byte(strings.Replace(pickup(`{"id":1000039,"type":"d","qnt":1000}`), `"objectid":777`, `"objectid":"0x2A"`, 1)))
	require.NoError(t, err)
	found := false
	for _, v := range r.Violations {
		found = found || v.Code == engine.CodeBadObjectID && strings.HasPrefix(v.Message, `objectid "0x2A" must be`)
	}
	assert.True(t, found, r.Violations)
}

// Edges the mutation run left alive: a cut literal where an object or a
// string is expected, a literal of the wrong type for a string member, an
// unknown member's fault shorter than the duplicate-member message, and
// an unknown member nested past the depth cap with objects in objects.
func TestDecodeLiteralsAndUnknownMembers(t *testing.T) {
	for doc, want := range map[string]string{
		`{"order":[],"client":nul}`:            "in literal null",
		`{"order":[],"client":{"phone":nul}}`:  "in literal null",
		`{"order":[],"client":{"phone":true}}`: "want string",
		`{"order":[],"x":` + "\x80" + `}`:      "invalid UTF-8",
		`{"order":[],"x":` + strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40) + `}`: "nested too deep",
	} {
		_, err := engine.DecodeCart([]byte(doc), 0)
		require.Error(t, err, "%q", doc)
		assert.Contains(t, err.Error(), want, "%q", doc)
	}
	c, err := engine.DecodeCart([]byte(`{"order":[],"client":{"phone":null,"nickname":"x"},"address":{"zip":1},"x":`+strings.Repeat(`{"a":`, 20)+`1`+strings.Repeat(`}`, 20)+`}`), 0)
	require.NoError(t, err, "null members and an unknown member within the cap")
	assert.Equal(t, "", c.Client.Phone)
}

// Values sent with the wrong JSON kind are kept as sent, not dropped: a
// number where delivery_time or comment is a string is its literal text
// (the delivery-time rule then refuses it), null is "", and numbers
// beginning with 0 or 9 in client and address fields are their digits.
func TestDecodeKeepsOddScalars(t *testing.T) {
	c, err := engine.DecodeCart([]byte(`{"order":[],"delivery_time":20261206,"comment":null,"client":{"phone":0},"address":{"floor":9,"apartments":-1,"entry":90}}`), 0)
	require.NoError(t, err)
	assert.Equal(t, "20261206", c.DeliveryTime)
	assert.Equal(t, "", c.Comment)
	assert.Equal(t, []string{"0", "9", "-1", "90"}, []string{c.Client.Phone, c.Address.Floor, c.Address.Apartments, c.Address.Entry})
}

// A wrong-kind value is quoted in full up to 40 bytes, then cut with "…".
func TestDecodeQuotesUpTo40Bytes(t *testing.T) {
	for n, cut := range map[int]bool{40: false, 41: true} {
		v := `"` + strings.Repeat("x", n-2) + `"` // n bytes as sent
		_, err := engine.DecodeCart([]byte(`{"order":[`+v+`]}`), 0)
		require.Error(t, err)
		if cut {
			assert.Contains(t, err.Error(), "got "+v[:40]+"…")
		} else {
			assert.Contains(t, err.Error(), "got "+v)
			assert.NotContains(t, err.Error(), "…")
		}
	}
}

func TestLangString(t *testing.T) {
	assert.Equal(t, []string{"en", "ru"}, []string{engine.English.String(), engine.Russian.String()})
}
