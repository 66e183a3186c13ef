package engine_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
	"github.com/rkcart/rkcart/testkit"
)

// The shared test kit's clock, rules engine, cart builder and code list.
var (
	testNow   = testkit.Now
	newEngine = testkit.RulesEngine
	pickup    = testkit.Pickup
	codes     = testkit.Codes
)

// delivery wraps order lines in a valid delivery header.
func delivery(at, lines string) string {
	return `{"objectid":777,"delivery_time":"` + at + `","order_type":1,"pay_type":1,
"client":{"phone":"+79990001122","ln":"Ivanov","email":"a@b.ru"},"address":{"street":"Lizyukova","house":"20"},"order":[` + lines + `]}`
}

type ruleCase struct {
	name     string
	cart     string
	want     []string // every violation, "code path", in result order
	subtotal money.Kopecks
	total    money.Kopecks // checked when ≠ 0
}

func runCases(t *testing.T, e *engine.Engine, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := e.PriceJSON([]byte(tc.cart))
			require.NoError(t, err)
			want := tc.want
			if want == nil {
				want = []string{}
			}
			assert.Equal(t, want, codes(r))
			assert.Equal(t, len(want) == 0, r.Valid)
			assert.Equal(t, tc.subtotal, r.Subtotal, "subtotal")
			if tc.total != 0 {
				assert.Equal(t, tc.total, r.Total, "total")
			}
		})
	}
}

func TestLineRules(t *testing.T) {
	e := newEngine(t, engine.Options{})
	runCases(t, e, []ruleCase{
		{name: "valid dish", cart: pickup(`{"id":1,"type":"d","qnt":2000}`), subtotal: 10000, total: 10000},
		{name: "ids as strings", cart: pickup(`{"id":"1","type":"d","qnt":1000,"items":[{"id":"911","type":"m","qnt":1000}]}`), subtotal: 5010},
		{name: "unknown line type", cart: pickup(`{"id":1,"type":"x","qnt":1000},{"id":1,"type":"d","qnt":1000}`),
			want: []string{"unknown_line_type /order/0"}, subtotal: 5000},
		{name: "discount lines pass through unpriced", cart: pickup(`{"id":1,"type":"d","qnt":1000,"items":[{"id":"100143","type":"dc","crm":true}]},{"id":"101706","type":"dc","crm":true}`),
			subtotal: 5000},
		{name: "qnt zero", cart: pickup(`{"id":1,"type":"d","qnt":0}`), want: []string{"bad_quantity /order/0"}},
		{name: "qnt missing", cart: pickup(`{"id":1,"type":"d"}`), want: []string{"bad_quantity /order/0"}},
		{name: "qnt not an integer", cart: pickup(`{"id":1,"type":"d","qnt":"1000"},{"id":1,"type":"d","qnt":1000.5}`),
			want: []string{"bad_quantity /order/0", "bad_quantity /order/1"}},
		{name: "qnt negative", cart: pickup(`{"id":1,"type":"d","qnt":-1000}`), want: []string{"bad_quantity /order/0"}},
		{name: "qnt at the maximum", cart: pickup(`{"id":1,"type":"d","qnt":1000000}`), subtotal: 5000000},
		{name: "qnt over the maximum", cart: pickup(`{"id":1,"type":"d","qnt":1001000}`), want: []string{"bad_quantity /order/0"}},
		{name: "fractional quantity is priced", cart: pickup(`{"id":1,"type":"d","qnt":1500}`),
			want: []string{"fractional_quantity /order/0"}, subtotal: 7500},
		{name: "unknown dish adds 0 and its items are not checked", cart: pickup(`{"id":999,"type":"d","qnt":1000,"items":[{"id":424242,"type":"m"}]}`),
			want: []string{"unknown_dish /order/0"}},
		{name: "id that is no integer resolves to nothing", cart: pickup(`{"id":"abc","type":"d","qnt":1000}`),
			want: []string{"unknown_dish /order/0"}},
		{name: "inactive dish is priced and its items checked", cart: pickup(`{"id":3,"type":"d","qnt":1000,"items":[{"id":424242,"type":"m"}]}`),
			want: []string{"inactive_dish /order/0", "unknown_modifier /order/0/items/0"}, subtotal: 1000},
		{name: "not a combo adds 0", cart: pickup(`{"id":1,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc"}]}`),
			want: []string{"not_a_combo /order/0"}},
		{name: "combo as dish adds 0", cart: pickup(`{"id":4,"type":"d","qnt":1000,"items":[{"id":424242,"type":"m"}]}`),
			want: []string{"combo_as_dish /order/0"}},
		{name: "cc under a dish", cart: pickup(`{"id":1,"type":"d","qnt":1000,"items":[{"id":5,"type":"cc"}]}`),
			want: []string{"unknown_line_type /order/0/items/0"}, subtotal: 5000},
		{name: "overflow", cart: pickup(`{"id":8,"type":"d","qnt":2000},{"id":1,"type":"d","qnt":1000}`),
			want: []string{"amount_overflow /order/0"}, subtotal: 5000},
		{name: "subtotal overflow", cart: pickup(`{"id":8,"type":"d","qnt":1000},{"id":8,"type":"d","qnt":1000}`),
			want: []string{"amount_overflow /order"}},
		{name: "violations sort numerically by path", cart: pickup(strings.Repeat(`{"id":1,"type":"d","qnt":1000},`, 10) + `{"id":999,"type":"d","qnt":1000},{"id":1,"type":"d","qnt":0}`),
			want: []string{"unknown_dish /order/10", "bad_quantity /order/11"}, subtotal: 50000},
	})
}

func TestModifierRules(t *testing.T) {
	e := newEngine(t, engine.Options{})
	runCases(t, e, []ruleCase{
		{name: "repeats summed, maxOneDish 0 is no cap", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":111,"type":"m","qnt":1000},{"id":111,"type":"m","qnt":49000},{"id":114,"type":"m","qnt":2000}]}`),
			subtotal: 5000 + 50*500 + 2*300},
		{name: "item qnt defaults to 1000", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m"}]}`), subtotal: 5300},
		{name: "items under a dish's modifier are reported, not dropped", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m","items":[{"id":111,"type":"m"},{"id":112,"type":"m"}]}]}`),
			want: []string{"nested_item /order/0/items/0/items/0", "nested_item /order/0/items/0/items/1"}, subtotal: 5300},
		{name: "max one dish", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m","qnt":3000}]}`),
			want: []string{"max_one_dish_exceeded /order/0/items/0"}, subtotal: 5900},
		{name: "max one dish is per dish unit: two lines of one dish, each at its cap", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m","qnt":2000}]},{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m","qnt":2000}]}`),
			subtotal: 2 * 5600},
		{name: "a modifier amount of exactly half a kopeck rounds away from zero", cart: pickup(`{"id":7,"type":"d","qnt":1500}`),
			want: []string{"fractional_quantity /order/0"}, subtotal: 12000 + 8}, // the implied ice: 5 × 1.5 = 7.5 → 8
		{name: "repeat reported at first valid occurrence", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":114,"type":"m","qnt":0},{"id":114,"type":"m","qnt":2000},{"id":424242,"type":"m"},{"id":114,"type":"m","qnt":1000}]}`),
			want: []string{"bad_quantity /order/0/items/0", "max_one_dish_exceeded /order/0/items/1", "unknown_modifier /order/0/items/2"}, subtotal: 5900},
		{name: "fractional item qnt", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":111,"type":"m","qnt":1500},{"id":111,"type":"m","qnt":"x"}]}`),
			want: []string{"bad_quantity /order/0/items/0", "bad_quantity /order/0/items/1"}, subtotal: 5000},
		{name: "modifier of another dish's scheme", cart: pickup(`{"id":1,"type":"d","qnt":1000,"items":[{"id":111,"type":"m"}]}`),
			want: []string{"modifier_not_allowed /order/0/items/0"}, subtotal: 5000},
		{name: "inactive modifier and inactive group", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":113,"type":"m"},{"id":121,"type":"m"}]}`),
			want: []string{"inactive_modifier /order/0/items/0", "inactive_modifier /order/0/items/1"}, subtotal: 5000},
		{name: "common modifiers on a dish with no scheme", cart: pickup(`{"id":1,"type":"d","qnt":2000,"items":[{"id":911,"type":"m","qnt":3000}]}`),
			subtotal: 10000 + 2*30},
		{name: "common modifiers after scheme groups", cart: pickup(`{"id":2,"type":"d","qnt":1000,"items":[{"id":911,"type":"m","qnt":4000}]}`),
			want: []string{"max_one_dish_exceeded /order/0/items/0"}, subtotal: 5040},
		{name: "negative modifier price", cart: pickup(`{"id":2,"type":"d","qnt":3000,"items":[{"id":112,"type":"m"}]}`), subtotal: 3 * 4800},
		{name: "implied default, replace=1, nothing selected", cart: pickup(`{"id":5,"type":"d","qnt":1000}`), subtotal: 30000},
		{name: "replace=1: a selection replaces the default", cart: pickup(`{"id":5,"type":"d","qnt":1000,"items":[{"id":312,"type":"m"}]}`), subtotal: 30050},
		{name: "replace=1: default plus another breaks the upper limit", cart: pickup(`{"id":5,"type":"d","qnt":1000,"items":[{"id":311,"type":"m"},{"id":312,"type":"m"}]}`),
			want: []string{"group_above_max /order/0"}, subtotal: 30050},
		{name: "replace=0: default added beside a selection", cart: pickup(`{"id":7,"type":"d","qnt":1000,"items":[{"id":412,"type":"m"}]}`), subtotal: 8025},
		{name: "replace=0: an explicit default is not doubled", cart: pickup(`{"id":7,"type":"d","qnt":1000,"items":[{"id":411,"type":"m","qnt":2000}]}`), subtotal: 8010},
		{name: "group below min", cart: pickup(`{"id":9,"type":"d","qnt":1000}`), want: []string{"group_below_min /order/0"}, subtotal: 999},
		{name: "implied default counts toward the upper limit", cart: pickup(`{"id":9,"type":"d","qnt":1000,"items":[{"id":521,"type":"m"},{"id":512,"type":"m"},{"id":513,"type":"m"}]}`),
			want: []string{"group_above_max /order/0"}, subtotal: 999 + 30 + 40},
		{name: "group upper limit on extras", cart: pickup(`{"id":5,"type":"d","qnt":1000,"items":[{"id":321,"type":"m","qnt":2000},{"id":322,"type":"m"}]}`),
			want: []string{"group_above_max /order/0"}, subtotal: 30000 + 200 + 150},
		{name: "each priced entity is rounded once", cart: pickup(`{"id":9,"type":"d","qnt":1500,"items":[{"id":521,"type":"m"},{"id":512,"type":"m"}]}`),
			want: []string{"fractional_quantity /order/0"}, subtotal: 1499 + 45},
	})
}

func TestComboRules(t *testing.T) {
	e := newEngine(t, engine.Options{})
	runCases(t, e, []ruleCase{
		{name: "components with modifiers", cart: pickup(`{"id":4,"type":"c","qnt":2000,"items":[{"id":2,"type":"cc","items":[{"id":111,"type":"m","qnt":2000}]},{"id":6,"type":"cc"}]}`),
			subtotal: 2 * (20000 + 1000 + 2*500)},
		{name: "d as component type", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":"2","type":"d"},{"id":6,"type":"d"}]}`), subtotal: 21000},
		{name: "implied component with its own implied modifier", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"cc"}]}`), subtotal: 20000},
		{name: "component modifiers priced with the occurrence count", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":7,"type":"cc","qnt":2000,"items":[{"id":412,"type":"m"}]}]}`),
			subtotal: 20000 + 2*500 + 2*20 + 2*5},
		{name: "slot below min", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[]}`), want: []string{"group_below_min /order/0"}, subtotal: 20000},
		{name: "repeats summed for maxOneDish and limits", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"cc","qnt":2000},{"id":6,"type":"cc"}]}`),
			want: []string{"group_above_max /order/0", "max_one_dish_exceeded /order/0/items/0"}, subtotal: 20000},
		{name: "components not allowed", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"cc"},{"id":1,"type":"cc","items":[{"id":424242,"type":"m"}]},{"id":3,"type":"cc"},{"id":999,"type":"cc"},{"id":"x","type":"cc"}]}`),
			want: []string{"combo_component_not_allowed /order/0/items/1", "combo_component_not_allowed /order/0/items/2", "combo_component_not_allowed /order/0/items/3", "combo_component_not_allowed /order/0/items/4"}, subtotal: 20000},
		{name: "m directly under a combo", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"cc"},{"id":911,"type":"m"}]}`),
			want: []string{"unknown_line_type /order/0/items/1"}, subtotal: 20000},
		{name: "component modifier violations point into the component", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc","items":[{"id":424242,"type":"m"},{"id":311,"type":"m"},{"id":312,"type":"m"}]},{"id":6,"type":"cc","items":[{"id":1,"type":"x"}]}]}`),
			want: []string{"group_above_max /order/0/items/0", "unknown_modifier /order/0/items/0/items/0", "unknown_line_type /order/0/items/1/items/0"}, subtotal: 20050},
		{name: "implied component's violations point at the combo line", cart: pickup(`{"id":10,"type":"c","qnt":1000}`),
			want: []string{"group_below_min /order/0"}, subtotal: 15000},
		{name: "explicit component satisfies its own groups", cart: pickup(`{"id":10,"type":"c","qnt":1000,"items":[{"id":9,"type":"cc","items":[{"id":522,"type":"m"}]}]}`),
			subtotal: 15100},
	})
}

func TestComboResultShape(t *testing.T) {
	e := newEngine(t, engine.Options{})
	r, err := e.PriceJSON([]byte(pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":7,"type":"cc","qnt":2000,"items":[{"id":412,"type":"m"}]}]}`)))
	require.NoError(t, err)
	require.Len(t, r.Lines, 1)
	l := r.Lines[0]
	assert.Empty(t, l.Modifiers, "a combo line's modifiers live under its components")
	require.Len(t, l.Components, 2)
	cola, burger := l.Components[0], l.Components[1]
	assert.Equal(t, menu.ID(7), cola.ID)
	assert.Equal(t, menu.ID(2022), cola.SlotID)
	assert.Equal(t, "/order/0/items/0", cola.Loc.Path())
	assert.Equal(t, money.Qty(2000), cola.Qnt)
	assert.Equal(t, money.Kopecks(1000), cola.Amount)
	require.Len(t, cola.Modifiers, 2) // lemon, and implied ice (replace=0)
	assert.Equal(t, "/order/0/items/0/items/0", cola.Modifiers[0].Loc.Path())
	assert.Equal(t, money.Kopecks(40), cola.Modifiers[0].Amount)
	assert.True(t, cola.Modifiers[1].Implied)
	assert.Equal(t, "", cola.Modifiers[1].Loc.Path())
	assert.True(t, burger.Implied)
	assert.Equal(t, menu.ID(5), burger.ID)
	assert.Equal(t, "", burger.Loc.Path())
	require.Len(t, burger.Modifiers, 1)
	assert.Equal(t, menu.ID(311), burger.Modifiers[0].ID)
	assert.True(t, burger.Modifiers[0].Implied)
	assert.Equal(t, money.Kopecks(10), cola.Modifiers[1].Amount) // implied ice, 5 × 2 components
	assert.Equal(t, money.Kopecks(21050), l.Amount)
}

func TestStock(t *testing.T) {
	e := newEngine(t, engine.Options{})
	e.SetAvailability(&engine.Availability{DishLeft: map[menu.ID]money.Qty{5: 1000, 1: 5000}})
	runCases(t, e, []ruleCase{
		{name: "dish and implied component share stock", cart: pickup(`{"id":5,"type":"d","qnt":1000},{"id":4,"type":"c","qnt":1000,"items":[{"id":6,"type":"cc"}]}`),
			want: []string{"out_of_stock /order/0"}, subtotal: 50000},
		{name: "component first", cart: pickup(`{"id":4,"type":"c","qnt":1000,"items":[{"id":5,"type":"cc"},{"id":6,"type":"cc"}]},{"id":5,"type":"d","qnt":1000}`),
			want: []string{"out_of_stock /order/0/items/0"}, subtotal: 50000},
		{name: "within stock", cart: pickup(`{"id":1,"type":"d","qnt":2000},{"id":1,"type":"d","qnt":3000}`), subtotal: 25000},
		{name: "over stock summed", cart: pickup(`{"id":1,"type":"d","qnt":2000},{"id":1,"type":"d","qnt":4000}`),
			want: []string{"out_of_stock /order/0"}, subtotal: 30000},
	})
}

func TestFractionalOption(t *testing.T) {
	e := newEngine(t, engine.Options{Fractional: true, MaxQty: 5000})
	runCases(t, e, []ruleCase{
		{name: "fractional allowed", cart: pickup(`{"id":1,"type":"d","qnt":1500}`), subtotal: 7500},
		{name: "custom maximum", cart: pickup(`{"id":1,"type":"d","qnt":5001}`), want: []string{"bad_quantity /order/0"}},
	})
}

func TestHeaderRules(t *testing.T) {
	e := newEngine(t, engine.Options{})
	line := `{"id":6,"type":"d","qnt":1000}` // 10000: exactly the minimum check
	runCases(t, e, []ruleCase{
		{name: "valid delivery adds delivery price", cart: delivery("2026-06-01T15:00:00", line), subtotal: 10000, total: 10500},
		{name: "empty order", cart: pickup(``), want: []string{"empty_order /order"}},
		{name: "order_type missing, string, 2", cart: `{"objectid":777,"delivery_time":"2026-06-01T15:00:00","pay_type":0,"client":{"phone":"79990001122","ln":"I"},"order":[` + line + `]}`,
			want: []string{"bad_order_type /order_type"}, subtotal: 10000},
		{name: "order_type as string", cart: strings.Replace(pickup(line), `"order_type":0`, `"order_type":"0"`, 1),
			want: []string{"bad_order_type /order_type"}, subtotal: 10000},
		{name: "pay_type 3 and 1.5", cart: strings.Replace(pickup(line), `"pay_type":0`, `"pay_type":3`, 1),
			want: []string{"bad_pay_type /pay_type"}, subtotal: 10000},
		{name: "pay_type fraction", cart: strings.Replace(pickup(line), `"pay_type":0`, `"pay_type":1.5`, 1),
			want: []string{"bad_pay_type /pay_type"}, subtotal: 10000},
		{name: "no client", cart: strings.Replace(pickup(line), `"client":{"phone":"79990001122","ln":"Ivanov"},`, ``, 1),
			want: []string{"missing_last_name /client/ln", "missing_phone /client/phone"}, subtotal: 10000},
		{name: "client id is enough", cart: strings.Replace(pickup(line), `"client":{"phone":"79990001122","ln":"Ivanov"}`, `"client":{"id":10000000009188}`, 1),
			subtotal: 10000},
		{name: "bad phone and email", cart: strings.Replace(pickup(line), `"client":{"phone":"79990001122","ln":"Ivanov"}`, `"client":{"id":"1","phone":"+7999abc1234","email":"a@b"}`, 1),
			want: []string{"bad_email /client/email", "bad_phone /client/phone"}, subtotal: 10000},
		{name: "short phone", cart: strings.Replace(pickup(line), `79990001122`, `123456`, 1),
			want: []string{"bad_phone /client/phone"}, subtotal: 10000},
		{name: "Hungarian phone with separators", cart: strings.Replace(pickup(line), `79990001122`, `+36 70 336-6222`, 1), subtotal: 10000},
		{name: "twenty digits", cart: strings.Replace(pickup(line), `79990001122`, `12345678901234567890`, 1),
			want: []string{"bad_phone /client/phone"}, subtotal: 10000},
		{name: "delivery without address", cart: strings.Replace(delivery("2026-06-01T15:00:00", line), `"address":{"street":"Lizyukova","house":"20"},`, ``, 1),
			want: []string{"missing_address /address"}, subtotal: 10000},
		{name: "delivery with street but no house", cart: strings.Replace(delivery("2026-06-01T15:00:00", line), `"house":"20"`, `"house":""`, 1),
			want: []string{"missing_address /address"}, subtotal: 10000},
		{name: "address id is enough", cart: strings.Replace(delivery("2026-06-01T15:00:00", line), `{"street":"Lizyukova","house":"20"}`, `{"id":"10000000003276"}`, 1),
			subtotal: 10000},
		{name: "wrong object", cart: strings.Replace(pickup(line), `"objectid":777`, `"objectid":"199994335"`, 1),
			want: []string{"wrong_object /objectid"}, subtotal: 10000},
		{name: "missing object", cart: strings.Replace(pickup(line), `"objectid":777,`, ``, 1),
			want: []string{"bad_objectid /objectid"}, subtotal: 10000},
		{name: "object not a number", cart: strings.Replace(pickup(line), `"objectid":777`, `"objectid":"x777"`, 1),
			want: []string{"bad_objectid /objectid"}, subtotal: 10000},
		{name: "object zero", cart: strings.Replace(pickup(line), `"objectid":777`, `"objectid":0`, 1),
			want: []string{"bad_objectid /objectid"}, subtotal: 10000},
		{name: "object negative", cart: strings.Replace(pickup(line), `"objectid":777`, `"objectid":-777`, 1),
			want: []string{"bad_objectid /objectid"}, subtotal: 10000},
		{name: "bad delivery time", cart: strings.Replace(pickup(line), `2026-06-01T15:00:00`, `2026-06-01 15:00`, 1),
			want: []string{"bad_delivery_time /delivery_time"}, subtotal: 10000},
		{name: "missing delivery time", cart: strings.Replace(pickup(line), `"delivery_time":"2026-06-01T15:00:00",`, ``, 1),
			want: []string{"bad_delivery_time /delivery_time"}, subtotal: 10000},
		{name: "pickup in the past", cart: strings.Replace(pickup(line), `2026-06-01T15:00:00`, `2026-06-01T11:59:59`, 1),
			want: []string{"delivery_time_in_past /delivery_time"}, subtotal: 10000},
		{name: "pickup outside the period is fine", cart: strings.Replace(pickup(line), `2026-06-01T15:00:00`, `2026-06-01T23:00:00`, 1), subtotal: 10000},
		{name: "delivery at the end of the period", cart: delivery("2026-06-01T22:00:00", line),
			want: []string{"outside_delivery_period /delivery_time"}, subtotal: 10000, total: 10500},
		{name: "delivery in the past and outside", cart: delivery("2026-05-31T09:59:00", line),
			want: []string{"delivery_time_in_past /delivery_time", "outside_delivery_period /delivery_time"}, subtotal: 10000},
		{name: "delivery under the minimum check", cart: delivery("2026-06-01T15:00:00", `{"id":1,"type":"d","qnt":1000}`),
			want: []string{"below_min_check /order"}, subtotal: 5000, total: 5500},
		{name: "pickup has no minimum and no delivery price", cart: pickup(`{"id":1,"type":"d","qnt":1000}`), subtotal: 5000, total: 5000},
		{name: "lines that add 0 do not count for the minimum", cart: delivery("2026-06-01T15:00:00", line+`,{"id":6,"type":"d","qnt":0}`),
			want: []string{"bad_quantity /order/1"}, subtotal: 10000},
	})
}

func deliveryAt(t *testing.T, zone, begin, end string, cutoff int, now time.Time, at string) []string {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	require.NoError(t, err)
	m, err := menu.Load([]byte(rulesMenu), menu.Options{})
	require.NoError(t, err)
	r, err := menu.LoadRestaurant([]byte(fmt.Sprintf(`{"id":777,"delivery_period":{"begin":%q,"end":%q}}`, begin, end)), menu.RestaurantOptions{})
	require.NoError(t, err)
	e, err := engine.New(m, &r, engine.Options{Location: loc, Now: func() time.Time { return now }, CutoffMinutes: cutoff})
	require.NoError(t, err)
	res, err := e.PriceJSON([]byte(delivery(at, `{"id":6,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	return codes(res)
}

func TestDeliveryWindows(t *testing.T) {
	moscowNoon := testNow
	out := []string{"outside_delivery_period /delivery_time"}
	tests := []struct {
		name, zone, begin, end string
		cutoff                 int
		now                    time.Time
		at                     string
		want                   []string
	}{
		{"overnight before midnight", "Europe/Moscow", "22:00", "2:00", 0, moscowNoon, "2026-06-01T23:30:00", []string{}},
		{"overnight after midnight", "Europe/Moscow", "22:00", "2:00", 0, moscowNoon, "2026-06-02T01:59:59", []string{}},
		{"overnight end exclusive", "Europe/Moscow", "22:00", "2:00", 0, moscowNoon, "2026-06-02T02:00:00", out},
		{"overnight before begin", "Europe/Moscow", "22:00", "2:00", 0, moscowNoon, "2026-06-01T21:59:00", out},
		{"all day", "Europe/Moscow", "0:00", "0:00", 0, moscowNoon, "2026-06-02T03:00:00", []string{}},
		{"all day ignores cut-off", "Europe/Moscow", "9:00", "9:00", 60, moscowNoon, "2026-06-02T08:30:00", []string{}},
		{"cut-off exactly met", "Europe/Moscow", "10:00", "22:00", 30, moscowNoon, "2026-06-01T21:30:00", []string{}},
		{"cut-off missed", "Europe/Moscow", "10:00", "22:00", 30, moscowNoon, "2026-06-01T21:30:01", out},
		{"overnight cut-off across midnight", "Europe/Moscow", "22:00", "0:30", 45, moscowNoon, "2026-06-01T23:50:00", out},
		// Europe/Berlin springs forward on 2026-03-29 at 02:00 → 03:00.
		{"DST gap inside an overnight window", "Europe/Berlin", "22:00", "3:00", 0,
			time.Date(2026, 3, 28, 20, 0, 0, 0, time.UTC), "2026-03-29T02:30:00", []string{}},
		{"after the DST jump is not past", "Europe/Berlin", "22:00", "4:00", 0,
			time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), "2026-03-29T03:10:00", []string{}},
		{"before the DST jump is past", "Europe/Berlin", "22:00", "4:00", 0,
			time.Date(2026, 3, 29, 1, 5, 0, 0, time.UTC), "2026-03-29T03:00:00", []string{"delivery_time_in_past /delivery_time"}},
		// Seconds count: a second after the end is outside the window.
		{"the last second inside", "Europe/Moscow", "10:00", "22:00", 0,
			time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), "2026-06-01T21:59:59", []string{}},
		{"a second after the end", "Europe/Moscow", "10:00", "22:00", 0,
			time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), "2026-06-01T22:00:01", []string{"outside_delivery_period /delivery_time"}},
		// Falls back on 2026-10-25 at 03:00 → 02:00: 02:30 happens twice.
		{"DST fall-back hour", "Europe/Berlin", "22:00", "3:00", 0,
			time.Date(2026, 10, 24, 20, 0, 0, 0, time.UTC), "2026-10-25T02:30:00", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, deliveryAt(t, tt.zone, tt.begin, tt.end, tt.cutoff, tt.now, tt.at))
		})
	}
}

func TestEveryCodeIsTested(t *testing.T) {
	// A guard: the table tests must expect every code, as "code /path". The
	// codes come from the Code* constants themselves (type-checked from
	// source), so a new code without a table case fails here.
	src := readTestSources(t)
	for _, c := range engine.CodeConstants(t) {
		assert.True(t, slices.ContainsFunc(src, func(s string) bool { return strings.Contains(s, `"`+c+` /`) }), "no table case expects %s", c)
	}
}
