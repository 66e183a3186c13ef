package pos_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/pos"
)

// Behaviour the mutation run of pos found untested by pos's own tests (see
// docs/mutation.md); each assertion was checked against its mutant.

// ReconcileAnswer tells the two shapes apart, reconciles each, and passes
// on each decoder's error; an order answer with no amounts is refused.
func TestReconcileAnswerShapes(t *testing.T) {
	e := demoEngine(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	r, err := e.PriceJSON(testdata(t, "carts", "calcorder-4x5000.json"))
	require.NoError(t, err)
	rec, err := pos.ReconcileAnswer(r, response(t, "calcorder-reference"), pos.CalcOptions{})
	require.NoError(t, err)
	assert.Equal(t, []any{money.Kopecks(19000), pos.VerdictDiscounted}, []any{rec.Actual, rec.Verdict}, "a CalcOrder answer")

	e = demoEngine(t, time.Date(2017, 3, 29, 12, 0, 0, 0, time.UTC))
	r, err = e.PriceJSON([]byte(referencePickup))
	require.NoError(t, err)
	rec, err = pos.ReconcileAnswer(r, response(t, "savedeliveryorder-reference"), pos.CalcOptions{})
	require.NoError(t, err)
	assert.Equal(t, []any{money.Kopecks(8350), pos.VerdictDiscounted}, []any{rec.Actual, rec.Verdict}, "a savedeliveryorder answer")

	_, err = pos.ReconcileAnswer(r, []byte(`{"data":{"Payments":[{"code":"x"}]}}`), pos.CalcOptions{})
	require.Error(t, err, "a CalcOrder answer that does not decode")
	_, err = pos.ReconcileAnswer(r, []byte(`{"data":{"order_sum":"ab"}}`), pos.CalcOptions{})
	require.Error(t, err, "an order answer that does not decode")
	_, err = pos.ReconcileAnswer(r, []byte(`{"data":{"visit_id":"1"}}`), pos.CalcOptions{})
	var de *document.Error
	require.ErrorAs(t, err, &de, "an order answer without amounts")
	assert.Contains(t, err.Error(), "order_sum or dishes[]")
}

// A forced existing-customer order names its object in the query as it
// was sent, when the body's objectid is no positive id.
func TestForcedObjectQueryAsSent(t *testing.T) {
	e := newEngine(t, engine.Options{})
	for sent, want := range map[string]string{`"x1"`: "objectId=x1", `0`: "objectId=0", `-5`: "objectId=-5"} {
		cart := strings.Replace(pickup(soup), `"objectid":777`, `"objectid":`+sent, 1)
		cart = strings.Replace(cart, `"client":{`, `"client":{"id":"42",`, 1)
		require.Contains(t, cart, `"id":"42"`)
		c, err := engine.DecodeCart([]byte(cart), 0)
		require.NoError(t, err)
		req, err := pos.Emit(pos.SaveDeliveryOrder, c, e.Price(c), pos.EmitOptions{Force: true})
		require.NoError(t, err)
		assert.Equal(t, want, req.Query, "objectid %s", sent)
	}
}

// A valid pay type is written as a number, 0 and 2 included, also for a
// cart built in Go (nothing sent to fall back on); a string is no valid
// pay type and is written as sent.
func TestPayTypeWritten(t *testing.T) {
	e := newEngine(t, engine.Options{})
	for sent, want := range map[string]string{`0`: `"pay_type":0`, `2`: `"pay_type":2`, `"2"`: `"pay_type":"2"`} {
		c, err := engine.DecodeCart([]byte(strings.Replace(pickup(soup), `"pay_type":0`, `"pay_type":`+sent, 1)), 0)
		require.NoError(t, err)
		if sent[0] != '"' {
			c.Sent.PayType = nil // as if built in Go
		}
		req, err := pos.Emit(pos.SaveDeliveryOrder, c, e.Price(c), pos.EmitOptions{Force: true})
		require.NoError(t, err)
		assert.Contains(t, string(req.Body), want, "pay_type %s", sent)
	}
}

func TestEndpointErrorMessage(t *testing.T) {
	assert.Equal(t, "endpoint server: rest_no_route: no route", (&pos.EndpointError{Code: "rest_no_route", Message: "no route"}).Error())
	assert.Equal(t, "endpoint server: refused", (&pos.EndpointError{Message: "refused"}).Error())
}
