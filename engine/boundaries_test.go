package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// Boundaries no test tried before the mutation audit, each on its edge.
func TestBoundaries(t *testing.T) {
	msk, err := time.LoadLocation("Europe/Moscow")
	require.NoError(t, err)
	noon := time.Date(2026, 6, 1, 12, 0, 0, 0, msk)
	// delivery_time equal to now is not in the past; a second before is.
	assert.Empty(t, deliveryAt(t, "Europe/Moscow", "0:00", "0:00", 0, noon, "2026-06-01T12:00:00"))
	assert.Equal(t, []string{"delivery_time_in_past /delivery_time"}, deliveryAt(t, "Europe/Moscow", "0:00", "0:00", 0, noon, "2026-06-01T11:59:59"))
	// An overnight window 22:00–2:00: its first second is in, its end out,
	// the last second before the end in.
	night := noon.Add(-24 * time.Hour)
	assert.Empty(t, deliveryAt(t, "Europe/Moscow", "22:00", "2:00", 0, night, "2026-06-01T22:00:00"))
	assert.Empty(t, deliveryAt(t, "Europe/Moscow", "22:00", "2:00", 0, night, "2026-06-02T01:59:59"))
	assert.Equal(t, []string{"outside_delivery_period /delivery_time"}, deliveryAt(t, "Europe/Moscow", "22:00", "2:00", 0, night, "2026-06-01T21:59:59"))
	assert.Equal(t, []string{"outside_delivery_period /delivery_time"}, deliveryAt(t, "Europe/Moscow", "22:00", "2:00", 0, night, "2026-06-02T02:00:00"))
	// The cut-off: at least 30 minutes before 2:00, so 1:30:00 is the last
	// moment in and 1:30:01 the first out.
	assert.Empty(t, deliveryAt(t, "Europe/Moscow", "22:00", "2:00", 30, night, "2026-06-02T01:30:00"))
	assert.Equal(t, []string{"outside_delivery_period /delivery_time"}, deliveryAt(t, "Europe/Moscow", "22:00", "2:00", 30, night, "2026-06-02T01:30:01"))

	e := newEngine(t, engine.Options{})
	line := `{"id":6,"type":"d","qnt":1000}`
	for _, c := range []struct{ phone, want string }{
		{"1234567890", ""}, {"1234567", ""}, {"123456", "bad_phone /client/phone"}, {"123456789012345", ""}, {"1234567890123456", "bad_phone /client/phone"},
	} {
		r, err := e.PriceJSON([]byte(strings.Replace(pickup(line), "79990001122", c.phone, 1)))
		require.NoError(t, err)
		assert.Equal(t, wantList(c.want), codes(r), "phone %s", c.phone)
	}
	for _, c := range []struct{ email, want string }{
		{"a@b.ru", ""}, {"a@b.", "bad_email /client/email"}, {"a@b..ru", "bad_email /client/email"}, {"a@.ru", "bad_email /client/email"}, {"@b.ru", "bad_email /client/email"},
	} {
		r, err := e.PriceJSON([]byte(strings.Replace(pickup(line), `"ln":"Ivanov"`, `"ln":"Ivanov","email":"`+c.email+`"`, 1)))
		require.NoError(t, err)
		assert.Equal(t, wantList(c.want), codes(r), "email %s", c.email)
	}
}

func wantList(s string) []string {
	if s == "" {
		return []string{}
	}
	return []string{s}
}

// useDownLimit 0 means no lower limit, whatever downLimit says.
func TestDownLimitIgnoredWithoutUseDownLimit(t *testing.T) {
	m, err := menu.Load([]byte(`{"dishes":[{"id":1,"price":100,"modischeme":5,"active":1}],
"modifiers":[{"id":5,"active":1,"group":[{"id":6,"active":1,"useDownLimit":0,"downLimit":2,"modi":[{"id":7,"price":10,"active":1}]}]}]}`), menu.Options{})
	require.NoError(t, err)
	e, err := engine.New(m, nil, engine.Options{Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	r := e.PriceLines([]engine.Line{{Type: engine.TypeDish, ID: 1, Qnt: 1000}})
	assert.True(t, r.Valid, r.Violations)
	m2, err := menu.Load([]byte(`{"dishes":[{"id":1,"price":100,"modischeme":5,"active":1}],
"modifiers":[{"id":5,"active":1,"group":[{"id":6,"active":1,"useDownLimit":1,"downLimit":2,"modi":[{"id":7,"price":10,"active":1}]}]}]}`), menu.Options{})
	require.NoError(t, err)
	require.NoError(t, e.Reload(m2, nil))
	r = e.PriceLines([]engine.Line{{Type: engine.TypeDish, ID: 1, Qnt: 1000}})
	assert.Equal(t, []string{"group_below_min /order/0"}, codes(r), "the same limit, used")
}

// Boundaries the mutation run found untested in the header rules.
func TestHeaderBoundaries(t *testing.T) {
	msk, err := time.LoadLocation("Europe/Moscow")
	require.NoError(t, err)
	morning := time.Date(2026, 6, 1, 8, 0, 0, 0, msk)
	// Minutes and seconds of the wall clock both count against a window
	// that starts and ends off the hour.
	out := []string{"outside_delivery_period /delivery_time"}
	assert.Equal(t, out, deliveryAt(t, "Europe/Moscow", "10:30", "11:45", 0, morning, "2026-06-01T10:29:59"))
	assert.Empty(t, deliveryAt(t, "Europe/Moscow", "10:30", "11:45", 0, morning, "2026-06-01T10:30:00"))
	assert.Empty(t, deliveryAt(t, "Europe/Moscow", "10:30", "11:45", 0, morning, "2026-06-01T10:30:30"))
	assert.Empty(t, deliveryAt(t, "Europe/Moscow", "10:30", "11:45", 0, morning, "2026-06-01T11:44:59"))
	assert.Equal(t, out, deliveryAt(t, "Europe/Moscow", "10:30", "11:45", 0, morning, "2026-06-01T11:45:00"))

	e := newEngine(t, engine.Options{})
	line := `{"id":6,"type":"d","qnt":1000}`
	at := func(ts string) []string {
		r, err := e.PriceJSON([]byte(strings.Replace(pickup(line), "2026-06-01T15:00:00", ts, 1)))
		require.NoError(t, err)
		return codes(r)
	}
	// December is a month; the 13th is not; the 31st of December is a day.
	assert.Empty(t, at("2026-12-15T15:00:00"))
	assert.Empty(t, at("2026-12-31T23:59:59"))
	assert.Equal(t, []string{"bad_delivery_time /delivery_time"}, at("2026-13-01T15:00:00"))
	assert.Equal(t, []string{"bad_delivery_time /delivery_time"}, at("2026-12-32T15:00:00"))

	// A missing objectid is quoted as missing; one sent as 0 as sent.
	noID, err := e.PriceJSON([]byte(strings.Replace(pickup(line), `"objectid":777,`, ``, 1)))
	require.NoError(t, err)
	zero, err := e.PriceJSON([]byte(strings.Replace(pickup(line), `"objectid":777`, `"objectid":0`, 1)))
	require.NoError(t, err)
	msgOf := func(r engine.Result, code string) string {
		for _, v := range r.Violations {
			if v.Code == code {
				return v.Message
			}
		}
		t.Fatalf("no %s in %v", code, codes(r))
		return ""
	}
	assert.Contains(t, msgOf(noID, "bad_objectid"), "(missing)")
	assert.NotContains(t, msgOf(zero, "bad_objectid"), "(missing)")
	assert.Contains(t, msgOf(zero, "bad_objectid"), "0")
}

// below_min_check's hint asks for exactly what is missing.
func TestBelowMinCheckHintAmount(t *testing.T) {
	r, err := menu.LoadRestaurant([]byte(`{"id":777,"min_check_amount":300}`), menu.RestaurantOptions{})
	require.NoError(t, err)
	m, err := menu.Load([]byte(rulesMenu), menu.Options{})
	require.NoError(t, err)
	e, err := engine.New(m, &r, engine.Options{Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	res, err := e.PriceJSON([]byte(delivery("2026-06-01T15:00:00", `{"id":6,"type":"d","qnt":1000}`)))
	require.NoError(t, err)
	for _, v := range res.Violations {
		if v.Code == engine.CodeBelowMinCheck {
			require.NotNil(t, v.Hint)
			assert.Equal(t, r.MinCheck-res.Subtotal, v.Hint.Amount, "min %d, subtotal %d", r.MinCheck, res.Subtotal)
			assert.Positive(t, v.Hint.Amount)
			return
		}
	}
	t.Fatalf("no below_min_check in %v", codes(res))
}
