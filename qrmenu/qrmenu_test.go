package qrmenu_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/qrmenu"
)

func events(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "events", name+".json"))
	require.NoError(t, err)
	return b
}

func TestDecodeReference(t *testing.T) {
	r, err := qrmenu.Decode(events(t, "reference"))
	require.NoError(t, err)
	require.True(t, r.Result)
	require.Len(t, r.Updates, 6)
	codes := []string{}
	for _, ev := range r.Updates {
		codes = append(codes, ev.Code)
	}
	assert.Equal(t, []string{"save_order", "waiter_call", "additional_order", "online_payment", "bill_request", "table_moved"}, codes)

	save := r.Updates[0]
	assert.Equal(t, "0xd11f09a7", save.Hash)
	assert.Equal(t, int64(1000028), save.Table)
	require.NotNil(t, save.Invoice)
	assert.Equal(t, money.Kopecks(18600), save.Invoice.UnpaidSum)
	assert.Equal(t, []qrmenu.Item{{ID: 1000041, Type: "dish", Name: "Блюдо с модификатором", Count: 1000}, {ID: 1000062, Type: "dish", Name: "Блюдо", Count: 3000}}, save.Invoice.Items)
	require.NotNil(t, save.Order)
	assert.Equal(t, money.Kopecks(18600), save.Order.Sum)
	assert.Equal(t, qrmenu.Dish{ID: 1000062, Type: "dish", Name: "Блюдо", Price: 1200, Count: 3000, Sum: 3600}, save.Order.Dishes[1])
	assert.Equal(t, "Система", save.Order.WaiterName)
	assert.Equal(t, &qrmenu.TableRepr{ID: 1000028, Name: "6", MaxGuests: 50}, save.TableRepr)

	waiter := r.Updates[1]
	assert.Nil(t, waiter.Invoice)
	assert.Nil(t, waiter.Order)
	assert.True(t, waiter.Known())

	unknown := r.Updates[5]
	assert.False(t, unknown.Known())
	assert.Equal(t, "0x0badf00d", unknown.Hash)
	assert.Equal(t, int64(1000028), unknown.Table)
	assert.JSONEq(t, `{"hash":"0x0badf00d","code":"table_moved","table":"1000028","from":{"id":1000027},"invoice":"not-an-object"}`, string(unknown.Raw))
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`{"result":true,"data":{"updates":[{"hash":"h","code":"save_order","order":{"sum":186.005}}]}}`,
			`events response: /data/updates/0/order/sum: "186.005": money: more precision than the unit allows`},
		{`{"result":true,"data":{"updates":[{"hash":"h","code":"save_order","order":{"dishes":[{"id":1,"count":0.0005}]}}]}}`,
			`events response: /data/updates/0/order/dishes/0/count: "0.0005": money: more precision than the unit allows`},
		{`{"result":true,"data":{"updates":[{"hash":"h","code":"bill_request","order":{"dishes":{}}}]}}`,
			`events response: /data/updates/0/order/dishes: want array, got object`},
		{`{"result":true,"data":{"updates":[7]}}`, `events response: /data/updates/0: want object, got 7`},
		{`{"result":tru`, `events response: line 1, column 14: invalid character ' ' in literal true (expecting 'e')`},
	}
	for _, tt := range tests {
		_, err := qrmenu.Decode([]byte(tt.doc))
		require.ErrorIs(t, err, qrmenu.ErrDecode, tt.doc)
		var de *document.Error
		require.True(t, errors.As(err, &de))
		assert.EqualError(t, err, tt.want)
	}
}

func TestCheck(t *testing.T) {
	r, err := qrmenu.Decode(events(t, "reference"))
	require.NoError(t, err)
	assert.Empty(t, qrmenu.Check(r), "the reference events are consistent")

	r, err = qrmenu.Decode(events(t, "inconsistent"))
	require.NoError(t, err)
	got := []string{}
	for _, f := range qrmenu.Check(r) {
		got = append(got, f.Code+" "+f.Path)
	}
	// The fixture moves a dish sum and the order sum together (337 = 150 +
	// 37 + 150), so the order sum matches its dishes; pricelist_sum does not.
	assert.Equal(t, []string{
		"table_mismatch /data/updates/0/table_repr/id",
		"order_guid_mismatch /data/updates/2/invoice/order_guid",
		"item_not_in_order /data/updates/2/invoice/session/items/1",
		"unpaid_sum_mismatch /data/updates/2/invoice/unpaid_sum",
		"dish_sum_mismatch /data/updates/2/order/dishes/1/sum",
		"pricelist_sum_mismatch /data/updates/2/order/pricelist_sum",
	}, got)
}

func TestCheckModifierSums(t *testing.T) {
	r, err := qrmenu.Decode([]byte(`{"result":true,"data":{"updates":[{"hash":"h","code":"bill_request","table":5,
"order":{"guid":"g","sum":31.5,"pricelist_sum":31.5,"table":{"id":5},"dishes":[
 {"id":1,"price":10.0,"count":2.0,"sum":21.5,"modifiers":[{"id":7,"price":0.75,"count":2.0,"sum":1.5}]},
 {"id":2,"price":3.33,"count":3.0,"sum":10.0,"modifiers":[{"id":8,"price":0.5,"count":1.0,"sum":0.4}]}]}}]}}`))
	require.NoError(t, err)
	got := []string{}
	for _, f := range qrmenu.Check(r) {
		got = append(got, f.Code+" "+f.Path)
	}
	// dish 1: 20.00 + 1.50 = 21.50 ✓; dish 2: 9.99 + 0.40 = 10.39 ≠ 10.00,
	// and its modifier 0.50 × 1 ≠ 0.40. The order sums its dishes as sent.
	assert.Equal(t, []string{"modifier_sum_mismatch /data/updates/0/order/dishes/1/modifiers/0/sum", "dish_sum_mismatch /data/updates/0/order/dishes/1/sum"}, got)
}

// Captured while unifying the error types: an error with neither pointer
// nor position printed as "qrmenu: : …".
func TestDecodeTooLarge(t *testing.T) {
	_, err := qrmenu.Decode(make([]byte, qrmenu.MaxBytes+1))
	require.ErrorIs(t, err, qrmenu.ErrDecode)
	assert.EqualError(t, err, "events response: too large: 16777217 bytes, limit 16777216")
}
