package document

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKinds(t *testing.T) {
	for k := Unknown; k <= Availability; k++ {
		assert.NotEmpty(t, k.String())
		assert.Positive(t, k.MaxBytes(), k.String())
	}
	assert.Equal(t, "kind(200)", Kind(200).String())
	assert.Equal(t, Unknown.MaxBytes(), Kind(200).MaxBytes())
	assert.Equal(t, int64(64<<20), Menu.MaxBytes())
	assert.Equal(t, int64(5), Cart.Limit(5))
	assert.Equal(t, Cart.MaxBytes(), Cart.Limit(0))
}

func TestReadAndCheck(t *testing.T) {
	data, err := Read(strings.NewReader("12345"), Cart, 5)
	assert.NoError(t, err)
	assert.Equal(t, "12345", string(data))
	_, err = Read(strings.NewReader("123456"), Cart, 5)
	assert.EqualError(t, err, "cart: too large: more than 5 bytes")
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.NoError(t, Check(Cart, []byte("12345"), 5))
	assert.EqualError(t, Check(Cart, []byte("123456"), 5), "cart: too large: 6 bytes, limit 5")
	_, err = Read(failing{}, Menu, 0)
	assert.ErrorIs(t, err, errBroken)
}

var errBroken = errors.New("broken")

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errBroken }

func TestErrorFormat(t *testing.T) {
	cause := errors.New("inner")
	e := &Error{Kind: Restaurant, Pointer: "/x", Msg: "bad", Cause: cause}
	assert.EqualError(t, e, "restaurant: /x: bad")
	assert.ErrorIs(t, e, cause)
	assert.EqualError(t, &Error{Kind: Menu, Line: 2, Column: 3, Msg: "m"}, "menu: line 2, column 3: m")
	assert.EqualError(t, &Error{Kind: Menu, Pointer: "/a", Line: 2, Column: 3, Msg: "m"}, "menu: /a: m (line 2, column 3)")
	assert.EqualError(t, &Error{Msg: "m"}, "document: m")
}

func TestDescribe(t *testing.T) {
	for doc, want := range map[string]string{
		``:                                      "an empty document",
		`  `:                                    "an empty document",
		`[]`:                                    "an array",
		`"x"`:                                   "a JSON string",
		`true`:                                  "a JSON boolean",
		`null`:                                  "a JSON null",
		`5`:                                     "a JSON number",
		`{}`:                                    "an empty object",
		`{"data":null}`:                         `{"data":null}`,
		`{"x":1}`:                               "an object of another kind",
		`{"order":[]}`:                          "what looks like a cart",
		`{"data":{"dishes":[]}}`:                "what looks like a menu",
		`{"data":{"visit_id":"1"}}`:             "what looks like an order response",
		`{"data":[{"curid":1}]}`:                "what looks like a currency list",
		`{"data":{"dlvStateID":1}}`:             "what looks like a courier response",
		`{"result":true,"data":{"updates":[]}}`: "what looks like an events response",
	} {
		assert.Equal(t, want, Describe([]byte(doc)), doc)
	}
}

func TestCheckStatus(t *testing.T) {
	assert.NoError(t, CheckStatus("", "", nil))
	assert.NoError(t, CheckStatus("ok", "", nil))
	err := CheckStatus("Err", "r1", []APIErrorItem{{Code: "DLW-0023", Text: "RK7 error", Details: "Not answer from WS"}})
	var ae *APIError
	assert.ErrorAs(t, err, &ae)
	assert.Equal(t, "r1", ae.RequestID)
	assert.ErrorIs(t, err, ErrAPI)
	assert.EqualError(t, err, "r_keeper API: DLW-0023 RK7 error (Not answer from WS)")
	assert.EqualError(t, CheckStatus("Err", "", nil), `r_keeper API: status "Err" with no errors[]`)
}

// The version names content: an answer's data, whatever its envelope's
// requestId and timestamp, and the same data without the envelope.
func TestVersionHashesAnAnswersData(t *testing.T) {
	a := []byte(`{"data":{"dishes":[{"id":1}]},"status":"Ok","requestId":"aaa","timestamp":"2026-12-06T10:00:00"}`)
	b := []byte(`{"requestId":"bbb","status":"Ok","data":{"dishes":[{"id":1}]},"timestamp":"2026-12-06T10:05:00"}`)
	bare := []byte(`{"dishes":[{"id":1}]}`)
	other := []byte(`{"data":{"dishes":[{"id":2}]},"status":"Ok","requestId":"aaa"}`)
	if Version(a) != Version(b) || Version(a) != Version(bare) {
		t.Fatal("the same data gives another version")
	}
	if Version(a) == Version(other) {
		t.Fatal("other data gives the same version")
	}
	// Not an object, or not JSON: hashed whole (the loader refuses it anyway).
	if Version([]byte(`[1]`)) == Version([]byte(`[2]`)) || Version([]byte(`{"data":`)) == Version([]byte(`{"data"`)) {
		t.Fatal("whole documents collide")
	}
	// The documents' boundaries count: bytes moved from one to the next.
	if Version([]byte(`{"a":1}`), []byte(`{"b":2}`)) == Version([]byte(`{"a":1}{"b":2}`), nil) {
		t.Fatal("moving bytes across documents keeps the version")
	}
}
