package pos_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/pos"
)

// A violation at /order/10 is not one under /order/1: the writer reads the
// pricer's per-line fact, not path prefixes.
func TestForcedPayloadWritesOnlyViolatedLinesAsSent(t *testing.T) {
	e := newEngine(t, engine.Options{})
	lines := make([]string, 11)
	for i := range lines {
		lines[i] = `{"id":"6","type":"d","qnt":1000}`
	}
	lines[1] = `{"id":6, "type":"d", "qnt":1000, "items":[]}` // sent with spaces: normalised only if clean
	lines[10] = `{"id":6, "type":"d", "qnt":1500}`            // fractional: a violation at /order/10
	c, err := engine.DecodeCart([]byte(pickup(strings.Join(lines, ","))), 0)
	require.NoError(t, err)
	r := e.Price(c)
	require.Equal(t, []string{"fractional_quantity /order/10"}, codes(r))
	assert.False(t, r.Lines[1].HasViolations)
	assert.True(t, r.Lines[10].HasViolations)
	req, err := pos.EmitSaveDeliveryOrder(c, r, pos.EmitOptions{Force: true})
	require.NoError(t, err)
	var body struct{ Order []json.RawMessage }
	require.NoError(t, json.Unmarshal(req.Body, &body))
	assert.Equal(t, `{"id":"6","type":"d","qnt":1000,"items":[]}`, string(body.Order[1]), "line 1 normalised")
	assert.Equal(t, `{"id":6,"type":"d","qnt":1500}`, string(body.Order[10]), "line 10 as sent")
}

func TestRecordedFacts(t *testing.T) {
	e := newEngine(t, engine.Options{})
	r, err := e.PriceJSON([]byte(pickup(`{"id":6,"type":"d","qnt":1000},{"id":99,"type":"d","qnt":1000},{"id":6,"type":"d","qnt":0},` +
		`{"id":1,"type":"d","qnt":1000,"items":[{"id":911,"type":"m","qnt":4000},{"id":912,"type":"m"}]}`)))
	require.NoError(t, err)
	require.Len(t, r.Lines, 4)
	assert.True(t, r.Lines[0].Counts)
	assert.False(t, r.Lines[0].HasViolations)
	assert.False(t, r.Lines[1].Counts, "unknown dish adds 0")
	assert.False(t, r.Lines[2].Counts, "bad quantity adds 0")
	assert.True(t, r.Lines[3].Counts, "a modifier over its maxOneDish still prices")
	assert.True(t, r.Lines[3].HasViolations)
	require.Len(t, r.Lines[3].Modifiers, 2)
	assert.True(t, r.Lines[3].Modifiers[0].HasViolations, "911 × 4 over max 3")
	assert.False(t, r.Lines[3].Modifiers[1].HasViolations)
}

// PriceLines checks lines without a header: no objectid, time, client or
// minimum-check rules, no delivery price.
func TestPriceLines(t *testing.T) {
	e := newEngine(t, engine.Options{})
	r := e.PriceLines([]engine.Line{{Type: engine.TypeDish, ID: 6, Qnt: 1000}})
	assert.True(t, r.Valid, r.Violations)
	assert.Equal(t, int64(10000), int64(r.Total))
	r = e.PriceLines([]engine.Line{{Type: engine.TypeDish, ID: 99, Qnt: 1000}})
	assert.Equal(t, []string{"unknown_dish /order/0"}, codes(r))
	var into engine.Result
	e.PriceLinesInto(&into, nil)
	assert.True(t, into.Valid, "no lines, no header: nothing to report")
	e.PriceLinesInto(nil, nil) // does nothing
}
