package engine_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/testkit"
)

func TestRepair(t *testing.T) {
	e := testkit.RulesEngine(t, engine.Options{})
	e.SetAvailability(&engine.Availability{StoppedModifiers: map[menu.ID]bool{312: true}, StoppedDishes: map[menu.ID]bool{7: true}})
	for _, tc := range []struct {
		name, lines, wantLines string
		changes                string
		left                   []string
	}{{
		name:      "a stopped modifier is dropped (its group's default is implied)",
		lines:     `{"id":5,"type":"d","qnt":1000,"items":[{"id":312,"type":"m","qnt":1000}]}`,
		wantLines: `{"id":5,"type":"d","qnt":1000,"items":[]}`,
		changes:   `[{"code":"stopped","action":"drop","path":"/order/0/items/0","before":{"id":312,"type":"m","qnt":1000},"after":null,"delta":-50}]`,
		left:      []string{},
	}, {
		name:      "a stopped component is replaced by its group's default",
		lines:     `{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","qnt":1000},{"id":7,"type":"cc","qnt":1000}]}`,
		wantLines: `{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","qnt":1000},{"id":6,"type":"cc","qnt":1000}]}`,
		changes:   `[{"code":"stopped","action":"replace","path":"/order/0/items/1","before":{"id":7,"type":"cc","qnt":1000},"after":[{"id":6,"type":"cc","qnt":1000}],"delta":-505}]`,
		left:      []string{},
	}, {
		name:      "a whole quantity, a cap, and an unknown dish left to the guest",
		lines:     `{"id":2,"type":"d","qnt":1500},{"id":999,"type":"d","qnt":1000},{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m","qnt":3000}]}`,
		wantLines: `{"id":2,"type":"d","qnt":2000},{"id":999,"type":"d","qnt":1000},{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m","qnt":2000}]}`,
		changes: `[{"code":"fractional_quantity","action":"set_quantity","path":"/order/0","before":1500,"after":2000,"delta":2500},` +
			`{"code":"max_one_dish_exceeded","action":"cap","path":"/order/2/items/0","before":{"id":114,"type":"m","qnt":3000},"after":{"id":114,"type":"m","qnt":2000},"delta":-300}]`,
		left: []string{"unknown_dish /order/1"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := e.Repair([]byte(testkit.Pickup(tc.lines)), 0)
			require.NoError(t, err)
			assert.JSONEq(t, testkit.Pickup(tc.wantLines), string(r.Cart))
			ch, _ := json.Marshal(r.Changes)
			assert.JSONEq(t, tc.changes, string(ch))
			assert.Equal(t, tc.left, testkit.Codes(engine.Result{Violations: r.Left}))
			assert.Equal(t, len(tc.left) == 0, r.Result.Valid)
		})
	}
}

func TestRepairKeepsAValidCartAsSent(t *testing.T) {
	e := testkit.RulesEngine(t, engine.Options{})
	sent := []byte(testkit.Pickup(`{"id": 2, "type": "d", "qnt": 1000}`)) // spaces and all
	r, err := e.Repair(sent, 0)
	require.NoError(t, err)
	assert.Equal(t, string(sent), string(r.Cart))
	assert.Empty(t, r.Changes)
	assert.NotNil(t, r.Changes, "[] in JSON, not null")
}

func TestRepairRefusesWhatIsNotACart(t *testing.T) {
	e := testkit.RulesEngine(t, engine.Options{})
	_, err := e.Repair([]byte(`[1,2]`), 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cart")
}
