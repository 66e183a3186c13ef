package iiko_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/iiko"
	"github.com/rkcart/rkcart/money"
)

func sample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "webhooks", "iiko-reserve.json"))
	require.NoError(t, err)
	return b
}

func TestDecode(t *testing.T) {
	ev, err := iiko.Decode(sample(t))
	require.NoError(t, err)
	assert.Equal(t, "48fb4cd3-2ef6-4479-bea1-7c92721b988c", ev.CorrelationID)
	assert.Equal(t, []iiko.Field{{Name: "eventType", Value: []byte(`"ReserveUpdate"`)}}, ev.Extra)
	info := ev.EventInfo
	assert.Equal(t, "R-1042", info.ExternalNumber)
	assert.JSONEq(t, `1780315200`, string(info.Timestamp))
	r := info.Reserve
	require.NotNil(t, r)
	assert.Equal(t, int64(6), r.GuestsCount)
	assert.Equal(t, []string{"t-1", "t-2"}, r.TableIDs)
	assert.Equal(t, "Ivanov", r.Customer.Surname)
	assert.Equal(t, []iiko.Field{{Name: "loyaltyLevel", Value: []byte(`"gold"`)}}, r.Customer.Extra)
	o := r.Order
	require.NotNil(t, o)
	assert.Equal(t, iiko.Amount{Kopecks: 1234567, Set: true}, o.Sum)
	assert.Equal(t, money.Kopecks(500000), o.ProcessedPaymentsSum.Kopecks)
	require.Len(t, o.Items, 2)
	assert.Equal(t, iiko.Quantity(1500), o.Items[1].Amount)
	assert.Equal(t, money.Kopecks(35050), o.Items[0].Price.Kopecks)
	assert.Equal(t, "Borscht", o.Items[0].Product.Name)
	assert.Equal(t, []string{"modifiers", "positionId"}, names(o.Items[0].Extra))
	assert.Equal(t, []string{"comment"}, names(o.Items[1].Extra))
	assert.Equal(t, []string{"extra"}, names(o.Combos[0].Extra))
	assert.Equal(t, "Card", o.Payments[0].PaymentType.Kind)
	assert.Equal(t, []string{"isPreliminary"}, names(o.Payments[0].Extra))
	assert.Equal(t, money.Kopecks(50025), o.Discounts[0].Sum.Kopecks)
	assert.Equal(t, "Common", o.OrderType.OrderServiceType)
	assert.Equal(t, "HB2026", o.LoyaltyInfo.Coupon)
	assert.Equal(t, int64(6), o.GuestsInfo.Count)
	assert.False(t, o.Tips == nil && len(o.Tips) != 0)
}

func names(fs []iiko.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

func TestDecodeErrors(t *testing.T) {
	base := string(sample(t))
	tests := []struct{ from, to, want string }{
		{`"sum": 12345.67`, `"sum": 12345.675`, `iiko webhook: /eventInfo/reserve/order/sum: "12345.675": money: more precision than the unit allows (line 31, column 12)`},
		{`"amount": 1.5`, `"amount": 1.5005`, `iiko webhook: /eventInfo/reserve/order/items/1/amount: "1.5005": money: more precision than the unit allows (line 40, column 77)`},
		{`"sum": 500.25`, `"sum": 500.255`, `iiko webhook: /eventInfo/reserve/order/discounts/0/sum: "500.255": money: more precision than the unit allows (line 45, column 80)`},
		{`"guestsCount": 6`, `"guestsCount": "six"`, `iiko webhook: /eventInfo/reserve/guestsCount: want integer, got "six" (line 18, column 19)`},
		{`"tableIds": ["t-1", "t-2"]`, `"tableIds": "t-1"`, `iiko webhook: /eventInfo/reserve/tableIds: want array, got "t-1" (line 24, column 16)`},
		{`"eventType": "ReserveUpdate",`, `"eventType": ReserveUpdate,`, `iiko webhook: line 2, column 15: invalid character 'R' looking for beginning of value`},
	}
	for _, tt := range tests {
		doc := strings.Replace(base, tt.from, tt.to, 1)
		require.NotEqual(t, base, doc, tt.from)
		_, err := iiko.Decode([]byte(doc))
		require.ErrorIs(t, err, iiko.ErrDecode)
		var de *document.Error
		require.True(t, errors.As(err, &de))
		assert.EqualError(t, err, tt.want)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(sample(f))
	f.Add([]byte(`{"eventInfo":{"reserve":{"order":{"items":[{"amount":1e400}],"sum":"1.005"}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		ev, err := iiko.Decode(data)
		if err != nil {
			if !errors.Is(err, iiko.ErrDecode) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		_ = ev
	})
}
