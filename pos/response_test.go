package pos_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rkcart/rkcart/pos"
	"github.com/rkcart/rkcart/status"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

func response(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "responses", name+".json"))
	require.NoError(t, err)
	return b
}

func TestDecodeOrderResponseReference(t *testing.T) {
	r, err := pos.DecodeOrderResponse(response(t, "savedeliveryorder-reference"))
	require.NoError(t, err)
	assert.Equal(t, "412747060", r.VisitID)
	assert.Equal(t, money.Kopecks(8350), r.OrderSum)
	assert.Equal(t, money.Kopecks(-439), r.DiscountSum)
	require.Len(t, r.Dishes, 1)
	d := r.Dishes[0]
	assert.Equal(t, menu.ID(1000039), d.ID)
	assert.Equal(t, "24", d.Code)
	assert.Equal(t, money.Kopecks(5000), d.Price)
	assert.Equal(t, money.Kopecks(8350), d.Amount)
	assert.Equal(t, money.Qty(1000), d.Quantity)
	assert.Equal(t, []pos.ResponseModi{{ID: 1000388, GUID: "{864866E8-013E-44D4-B55A-2B8D164D2459}", Code: "14", Name: "Third", Price: 1263, Quantity: 3000}}, d.Modi)
	assert.Equal(t, []pos.Discount{{ID: 100143, Name: "15 Festival"}}, d.Discounts)
	assert.Len(t, r.Discounts, 2)
	require.Len(t, r.Payments, 3)
	assert.Equal(t, pos.CurrencyAmount{ID: 2, Code: 22, Name: "Euro", GUID: "{2A426EA7-CA4A-482C-B74C-45347F18759F}", Amount: 543}, r.Payments[1])
}

func TestDecodeOrderResponseNumbers(t *testing.T) {
	r, err := pos.DecodeOrderResponse(response(t, "order-reference"))
	require.NoError(t, err)
	assert.Equal(t, "449382195", r.VisitID) // a number in this response
	assert.Equal(t, money.Kopecks(19000), r.OrderSum)
	assert.Equal(t, money.Kopecks(-1000), r.DiscountSum)
	assert.Equal(t, int64(60), r.TravelTime)
	require.NotNil(t, r.DeliveryBlock)
	assert.Equal(t, "4", r.DeliveryBlock.DeliveryState)
	assert.Equal(t, money.Qty(4000), r.Dishes[0].Quantity)

	bare, err := pos.DecodeOrderResponse([]byte(`{"order_sum":"100.00","dishes":[]}`))
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(100), bare.OrderSum)
}

func TestDecodeResponseErrors(t *testing.T) {
	_, err := pos.DecodeOrderResponse(response(t, "err-envelope"))
	require.ErrorIs(t, err, menu.ErrAPI)
	var api *menu.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, "DLW-0023", api.Errors[0].Code)
	assert.Equal(t, "Not answer from WS", api.Errors[0].Details)

	tests := []struct{ doc, want string }{
		{`{"data":{"order_sum":"83.505"}}`, `order response: /data/order_sum: "83.505": money: more precision than the unit allows`},
		{`{"data":{"visit_id":"1","dishes":[{"id":1,"price":"5000"},{"id":2,"modi":[{"id":3,"price":"x"}]}]}}`, `order response: /data/dishes/1/modi/0/price: "x": money: not a decimal number`},
		{`{"data":{"dishes":[]}}`, `order response: want a savedeliveryorder or Order response with visit_id or order_sum, got what looks like a menu`},
		{`{}`, `order response: want a savedeliveryorder or Order response with visit_id or order_sum, got an empty object`},
		{`{"data":{"dlvStateID":1}}`, `order response: want a savedeliveryorder or Order response with visit_id or order_sum, got what looks like a courier response`},
		{`{"data":{"dishes":{}}}`, `order response: /data/dishes: want array, got object (line 1, column 19)`},
		{`{"data":`, `order response: line 1, column 9: unexpected end of JSON input`},
	}
	for _, tt := range tests {
		_, err := pos.DecodeOrderResponse([]byte(tt.doc))
		assert.ErrorIs(t, err, engine.ErrInput, tt.doc)
		assert.EqualError(t, err, tt.want)
	}
}

func TestDecodeCalcOrderAndCourier(t *testing.T) {
	pays, err := pos.DecodeCalcOrderResponse(response(t, "calcorder-reference"))
	require.NoError(t, err)
	require.Len(t, pays, 3)
	assert.Equal(t, money.Kopecks(19000), pays[0].Amount)

	c, err := pos.DecodeCourier(response(t, "courier-reference"))
	require.NoError(t, err)
	assert.Equal(t, status.CourierNotConfirmed, c.State)
	assert.Equal(t, "not confirmed", c.State.String())
	assert.Nil(t, c.Location)
	c, err = pos.DecodeCourier(response(t, "courier-with-location"))
	require.NoError(t, err)
	assert.Equal(t, &pos.Location{Lat: "55.776877", Lon: "37.696391"}, c.Location)

	names := []string{}
	for s := status.Courier(0); s.Valid(); s++ {
		names = append(names, s.String())
	}
	assert.Equal(t, []string{"not confirmed", "accepted for processing", "in preparation", "sent with a forwarding agent",
		"delivered", "archived", "is being edited", "ready for shipment", "confirmed by the executing restaurant"}, names)
	_, err = pos.DecodeCourier([]byte(`{"data":{"dlvStateID":9},"status":"Ok"}`))
	assert.EqualError(t, err, "courier response: /data/dlvStateID: want 0–8, got 9")
}

func TestDecodePostOrderResponses(t *testing.T) {
	ok, err := pos.DecodePostOrderResponse(response(t, "postorder-success"))
	require.NoError(t, err)
	assert.Equal(t, pos.PostOrderResult{RemoteOrderID: 237, SeqNumber: 4, VisitID: "1618091731-589-109150003", Source: "endpoint_server", Status: "Ok"}, ok)

	_, err = pos.DecodePostOrderResponse(response(t, "postorder-error"))
	require.ErrorIs(t, err, pos.ErrEndpoint)
	var ee *pos.EndpointError
	require.True(t, errors.As(err, &ee))
	assert.Equal(t, "Missing delivery_time from the request.", ee.Message)

	_, err = pos.DecodePostOrderResponse(response(t, "postorder-no-route"))
	require.True(t, errors.As(err, &ee))
	assert.Equal(t, pos.EndpointError{Code: "rest_no_route", Message: "No route was found matching the URL and request method.", HTTPStatus: 404}, *ee)
}
