package menu_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

func TestLoadRestaurant(t *testing.T) {
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	require.NoError(t, err)
	assert.Equal(t, menu.ID(199994335), r.ID)
	assert.Equal(t, money.Kopecks(30000), r.MinCheck)
	assert.Equal(t, money.Kopecks(30000), r.DeliveryPrice)
	assert.Equal(t, menu.Period{Begin: 8*60 + 20, End: 22 * 60}, r.Period)
	assert.Equal(t, "Active", r.Status)

	shapes := map[string]string{
		"bare list":  `{"rests":[{"id":"5","min_check_amount":"300.50","delivery_price":0}]}`,
		"one object": `{"id":5,"status":"Active","min_check_amount":300.5,"delivery_price":null}`,
	}
	for name, doc := range shapes {
		r, err := menu.LoadRestaurant([]byte(doc), menu.RestaurantOptions{})
		require.NoError(t, err, name)
		assert.Equal(t, menu.ID(5), r.ID, name)
		assert.Equal(t, money.Kopecks(30050), r.MinCheck, name)
		assert.True(t, r.Period.AllDay(), name)
	}
	r, err = menu.LoadRestaurant([]byte(`{"id":5,"min_check_amount":300}`), menu.RestaurantOptions{MinorUnits: true})
	require.NoError(t, err)
	assert.Equal(t, money.Kopecks(300), r.MinCheck)
}

func TestLoadRestaurantErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"empty rests", `{"data":{"rests":[]},"status":"Ok"}`, "menu: no restaurant in rests[]"},
		{"sub-kopeck", `{"data":{"rests":[{"id":1,"min_check_amount":"1.005"}]}}`,
			`restaurant: /data/rests/0/min_check_amount: "1.005": money: more precision than the unit allows`},
		{"bad period", `{"id":1,"delivery_period":{"begin":"25:00","end":"8:00"}}`,
			`restaurant: /delivery_period/begin: "25:00": want H:MM`},
		{"api error", `{"status":"Err","errors":[{"code":"X","text":"bad"}]}`, "r_keeper API: X bad"},
		{"wrong type", `{"data":{"rests":{}}}`, `restaurant: /data/rests: want array, got object (line 1, column 18)`},
		{"empty object", `{}`, `restaurant: want a rests response or a restaurant object with an id, got an empty object`},
		{"null data", `{"data":null}`, `restaurant: want a rests response or a restaurant object with an id, got {"data":null}`},
		{"a cart", `{"objectid":1,"order":[]}`, `restaurant: want a rests response or a restaurant object with an id, got what looks like a cart`},
		{"a menu", `{"data":{"dishes":[]}}`, `restaurant: want a rests response with data.rests[], got what looks like a menu`},
		{"entry without id", `{"rests":[{"name":"x"}]}`, `restaurant: /rests/0/id: missing: a restaurant needs an id`},
		{"empty", ``, `restaurant: line 1, column 1: unexpected end of JSON input`},
		{"too large", `{"id":1,"name":"` + strings.Repeat("x", 8<<20) + `"}`, `restaurant: too large: 8388626 bytes, limit 8388608`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := menu.LoadRestaurant([]byte(tt.doc), menu.RestaurantOptions{})
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestPeriod(t *testing.T) {
	day, err := menu.ParsePeriod("8:20", "22:00")
	require.NoError(t, err)
	night, err := menu.ParsePeriod("22:00", "2:30")
	require.NoError(t, err)
	all, err := menu.ParsePeriod("0:00", "24:00")
	require.NoError(t, err)
	tests := []struct {
		p      menu.Period
		minute int
		in     bool
		toEnd  int
	}{
		{day, 8*60 + 19, false, 0},
		{day, 8*60 + 20, true, 820},
		{day, 21*60 + 59, true, 1},
		{day, 22 * 60, false, 0},
		{night, 23 * 60, true, 210},
		{night, 1 * 60, true, 90},
		{night, 2*60 + 30, false, 0},
		{night, 12 * 60, false, 0},
		{all, 0, true, 1440},
		{all, 23*60 + 59, true, 1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.in, tt.p.Contains(tt.minute), "%v at %d", tt.p, tt.minute)
		assert.Equal(t, tt.toEnd, tt.p.MinutesToEnd(tt.minute), "%v at %d", tt.p, tt.minute)
	}
	// Admits works to the second, with a cut-off before the end.
	assert.True(t, day.Admits(21*3600+30*60, 30))
	assert.False(t, day.Admits(21*3600+30*60+1, 30))
	assert.False(t, night.Admits(2*3600+29*60, 30))
	assert.True(t, night.Admits(23*3600, 30))
	assert.True(t, all.Admits(23*3600+59*60, 120))
	assert.Equal(t, "8:05", menu.FormatClock(8*60+5))
	assert.True(t, all.AllDay())
	assert.True(t, night.Overnight())
	assert.Equal(t, "22:00–2:30", night.String())
	for _, bad := range [][2]string{{"8", "9:00"}, {"8:0", "9:00"}, {"8:00", "24:01"}, {"x:00", "1:00"}} {
		_, err := menu.ParsePeriod(bad[0], bad[1])
		assert.Error(t, err, bad)
	}
}

func TestLoadTreeAndCurrencies(t *testing.T) {
	tree, err := menu.LoadTree([]byte(`{"data":{"selectors":[{"pid":0,"id":11048,"name":"Initial choice","items":[{"id":1000258,"pid":11048,"active":1,"dishes":[1000039,"1000040"],"items":[]}]}]},"status":"Ok"}`), menu.Options{})
	require.NoError(t, err)
	require.Len(t, tree, 1)
	assert.Equal(t, menu.ID(11048), tree[0].ID)
	assert.Equal(t, []menu.ID{1000039, 1000040}, tree[0].Items[0].Dishes)
	assert.True(t, tree[0].Active)

	cur, err := menu.LoadCurrencies([]byte(`{"data":[{"curid":1,"name":"Rubles","promised":""},{"curid":1000033,"name":"Bar coupon","promised":"1"}],"status":"Ok"}`), menu.Options{})
	require.NoError(t, err)
	assert.Equal(t, []menu.Currency{{ID: 1, Name: "Rubles"}, {ID: 1000033, Name: "Bar coupon", Promised: "1"}}, cur)
	_, err = menu.LoadCurrencies([]byte(`{"status":"Err","errors":[]}`), menu.Options{})
	assert.ErrorIs(t, err, menu.ErrAPI)
}
