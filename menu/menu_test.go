package menu_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

func TestZeroValue(t *testing.T) {
	var m menu.Menu
	_, ok := m.Dish(1)
	assert.False(t, ok)
	assert.False(t, m.KnownModifier(1))
	assert.Empty(t, menu.Lint(&m))
	assert.True(t, menu.Period{}.AllDay())

	// A zero Dish has no scheme: common groups only, never scheme 0.
	dm := loadDemo(t)
	assert.Equal(t, 2, dm.Groups(menu.Dish{}).Len())
	assert.Empty(t, dm.ComboGroups(menu.Dish{}))
	_, ok = dm.Resolve(menu.Dish{}, 1000393)
	assert.False(t, ok)
}

func loadDemo(t testing.TB) *menu.Menu {
	t.Helper()
	m, err := menu.Load(demo.Menu(), menu.Options{})
	require.NoError(t, err)
	return m
}

func TestDemoLookups(t *testing.T) {
	m := loadDemo(t)
	soup, ok := m.Dish(1000039)
	require.True(t, ok)
	assert.Equal(t, "Beetroot soup", soup.Name)
	assert.Equal(t, money.Kopecks(5000), soup.Price)
	assert.False(t, soup.Combo)

	// A dish with no scheme gets the common groups only.
	groups := m.Groups(soup)
	require.Equal(t, 2, groups.Len())
	assert.Equal(t, menu.ID(1000385), groups.At(0).ID)
	assert.True(t, groups.At(0).Common)
	r, ok := m.Resolve(soup, 1000388)
	require.True(t, ok)
	assert.Equal(t, menu.Ref{Group: 0, Modi: 2}, r.Ref)
	assert.Equal(t, menu.ID(1000385), r.GroupID)
	assert.True(t, r.Active)
	assert.Equal(t, money.Kopecks(1263), groups.At(int(r.Group)).Modis[r.Modi].Price)

	// Pelmeni: scheme 1000384 first, then the common scheme whose id is
	// also 1000384 but which is kept apart.
	pel, _ := m.Dish(1000016)
	groups = m.Groups(pel)
	require.Equal(t, 3, groups.Len())
	assert.Equal(t, menu.ID(1000391), groups.At(0).ID)
	r, ok = m.Resolve(pel, 1000397)
	require.True(t, ok)
	assert.Equal(t, menu.ID(1000396), groups.At(int(r.Group)).ID)
	assert.Len(t, groups.Slice(), 3)
	_, ok = m.Resolve(soup, 1000393) // only in Pelmeni's scheme
	assert.False(t, ok)
	assert.True(t, m.KnownModifier(1000393))
	assert.False(t, m.KnownModifier(42))

	combo, _ := m.Dish(1000500)
	assert.True(t, combo.Combo)
	assert.Len(t, m.ComboGroups(combo), 2)
	r, ok = m.ResolveComponent(combo, 1000040)
	require.True(t, ok)
	assert.Equal(t, menu.ID(1000514), m.ComboGroups(combo)[r.Group].Modis[r.Modi].ID)
	assert.Equal(t, "/data/dishes/7", m.DishPointer(combo))
}

func TestLoadShapes(t *testing.T) {
	bare := `{"dishes":[{"id":"7","price":100,"modischeme":0,"active":1,"name":null,"zzz":[1,{}]}]}`
	m, err := menu.Load([]byte(bare), menu.Options{})
	require.NoError(t, err)
	d, ok := m.Dish(7)
	require.True(t, ok)
	assert.Equal(t, "", d.Name)
	assert.Equal(t, "/dishes/0", m.DishPointer(d))

	_, err = menu.Load([]byte(`{"status":"Err","errors":[{"code":"DLW-0023","text":"RK7 error","details":"Not answer from WS"}],"requestId":"r1"}`), menu.Options{})
	require.ErrorIs(t, err, menu.ErrAPI)
	apiErr, ok := errors.AsType[*menu.APIError](err)
	require.True(t, ok)
	assert.Equal(t, []menu.APIErrorItem{{Code: "DLW-0023", Text: "RK7 error", Details: "Not answer from WS"}}, apiErr.Errors)
	assert.EqualError(t, err, "r_keeper API: DLW-0023 RK7 error (Not answer from WS)")
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"bad price", "{\"data\":{\"dishes\":[\n{\"id\":1,\"price\":\"abc\"}]}}",
			`menu: /data/dishes/0/price: want integer, got "abc" (line 2, column 17)`},
		{"malformed", `{"data":`, `menu: line 1, column 9: unexpected end of JSON input`},
		{"empty", ``, `menu: line 1, column 1: unexpected end of JSON input`},
		{"group not array", `{"dishes":[],"modifiers":[{"group":7}]}`, `menu: /modifiers/0/group: want array, got 7 (line 1, column 36)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := menu.Load([]byte(tt.doc), menu.Options{})
			require.ErrorIs(t, err, menu.ErrDecode)
			assert.EqualError(t, err, tt.want)
		})
	}
	_, err := menu.Load(make([]byte, 100), menu.Options{MaxBytes: 99})
	assert.ErrorIs(t, err, menu.ErrTooLarge)
}

func TestUnescapedNames(t *testing.T) {
	m, err := menu.Load([]byte(`{"dishes":[{"id":1,"name":"Pr\\u00F3ba ital"},{"id":2,"name":"smile \\ud83d\\ude00 \\uZZZZ"}]}`), menu.Options{})
	require.NoError(t, err)
	d, _ := m.Dish(1)
	assert.Equal(t, "Próba ital", d.Name)
	d, _ = m.Dish(2)
	assert.Equal(t, "smile 😀 \\uZZZZ", d.Name)
}

func TestRealExportNamesDecoded(t *testing.T) {
	m, err := menu.Load(fixtures(t)["cart"], menu.Options{})
	require.NoError(t, err)
	d, ok := m.Dish(1000114)
	require.True(t, ok)
	assert.Equal(t, "Próba ital", d.Name)
}

func lintCodes(t *testing.T, doc string) []string {
	t.Helper()
	m, err := menu.Load([]byte(doc), menu.Options{})
	require.NoError(t, err)
	var out []string
	for _, f := range menu.Lint(m) {
		out = append(out, f.Code+" "+f.Severity.String()+" "+f.Path)
	}
	return out
}

func TestLintRules(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"dangling scheme and duplicate dish",
			`{"dishes":[{"id":1,"modischeme":9,"price":0},{"id":1,"price":0}]}`,
			[]string{"dangling_modischeme warning /dishes/0/modischeme", "duplicate_dish_id error /dishes/1/id"}},
		{"a dish without an id or a price",
			`{"dishes":[{"id":null,"price":1},{"price":1},{"id":3,"price":null},{"id":4}]}`,
			[]string{"missing_dish_id error /dishes/0/id", "duplicate_dish_id error /dishes/1/id", "missing_dish_id error /dishes/1/id", "missing_dish_price error /dishes/2/price", "missing_dish_price error /dishes/3/price"}},
		{"two schemes with one id",
			`{"dishes":[],"modifiers":[{"id":5,"group":[]},{"id":5,"group":[]}],"commonModifiers":[{"id":9,"group":[]},{"id":9,"group":[]}]}`,
			[]string{"duplicate_scheme_id error /commonModifiers/1/id", "duplicate_scheme_id error /modifiers/1/id"}},
		{"negative limits",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"active":1,"useDownLimit":1,"downLimit":-1,"useUpLimit":1,"upLimit":-1,"modi":[{"id":7,"active":1}]}]}]}`,
			[]string{"negative_limit error /modifiers/0/group/0/downLimit", "negative_limit error /modifiers/0/group/0/upLimit"}},
		{"caps near int64's limit do not wrap",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"active":1,"useDownLimit":1,"downLimit":9223372036854775807,"modi":[{"id":7,"active":1,"maxOneDish":9223372036854775807},{"id":8,"active":1,"maxOneDish":9223372036854775807}]}]}]}`,
			nil},
		{"negative prices",
			`{"dishes":[{"id":1,"price":-1}],"modifiers":[{"id":5,"group":[{"id":6,"modi":[{"id":7,"price":-2}]}]}]}`,
			[]string{"negative_price warning /dishes/0/price", "negative_price warning /modifiers/0/group/0/modi/0/price"}},
		{"default not in group",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"active":1,"defaultModifier":8,"modi":[{"id":7,"active":1}]}]}]}`,
			[]string{"default_not_in_group error /modifiers/0/group/0/defaultModifier"}},
		{"inactive default",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"active":1,"defaultModifier":7,"modi":[{"id":7,"active":0}]}]}]}`,
			[]string{"inactive_default warning /modifiers/0/group/0/defaultModifier"}},
		{"down exceeds up",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"active":1,"useDownLimit":1,"downLimit":3,"useUpLimit":1,"upLimit":2,"modi":[{"id":7,"active":1}]}]}]}`,
			[]string{"down_exceeds_up error /modifiers/0/group/0/downLimit"}},
		{"down unreachable",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"active":1,"useDownLimit":1,"downLimit":3,"modi":[{"id":7,"active":1,"maxOneDish":1},{"id":8,"active":1,"maxOneDish":1},{"id":9,"active":0,"maxOneDish":5}]}]}]}`,
			[]string{"down_unreachable error /modifiers/0/group/0/downLimit"}},
		{"uncapped modifier reaches any limit",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"active":1,"useDownLimit":1,"downLimit":3,"modi":[{"id":7,"active":1,"maxOneDish":0}]}]}]}`,
			nil},
		{"empty required group",
			`{"dishes":[],"commonModifiers":[{"id":5,"group":[{"id":6,"active":1,"useDownLimit":1,"downLimit":1,"modi":[{"id":7,"active":0}]}]}]}`,
			[]string{"empty_required_group error /commonModifiers/0/group/0"}},
		{"inactive group limits are not linted",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"active":0,"useDownLimit":1,"downLimit":3,"useUpLimit":1,"upLimit":1,"modi":[]}]}]}`,
			nil},
		{"duplicate modifier in scheme",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"modi":[{"id":7}]},{"id":8,"modi":[{"id":7}]}]}]}`,
			[]string{"duplicate_modifier_in_scheme error /modifiers/0/group/1/modi/0/id"}},
		{"same modifier in two schemes is fine",
			`{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"modi":[{"id":7}]}]},{"id":9,"group":[{"id":10,"modi":[{"id":7}]}]}]}`,
			nil},
		{"combo component unknown dish",
			`{"dishes":[{"id":1,"modischeme":5,"price":0},{"id":2,"price":0}],"modifiers":[{"id":5,"group":[{"id":6,"modi":[{"id":7,"dishid":2},{"id":8,"dishid":99}]}]}]}`,
			[]string{"combo_component_unknown_dish error /modifiers/0/group/0/modi/1/dishid"}},
		{"a combo whose component is a combo",
			`{"dishes":[{"id":1,"modischeme":5,"price":0},{"id":2,"modischeme":5,"price":0}],"modifiers":[{"id":5,"group":[{"id":6,"modi":[{"id":7,"dishid":2}]}]}]}`,
			[]string{"combo_component_is_combo error /modifiers/0/group/0/modi/0/dishid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, lintCodes(t, tt.doc))
		})
	}
}

func TestFindingsHasErrors(t *testing.T) {
	assert.False(t, menu.Findings{{Severity: menu.Warning}}.HasErrors())
	assert.True(t, menu.Findings{{Severity: menu.Warning}, {Severity: menu.Error}}.HasErrors())
}

// Readers on many goroutines see the same answers as one reader (and,
// under -race, touch nothing racily).
func TestConcurrentReaders(t *testing.T) {
	m := loadDemo(t)
	d0, _ := m.Dish(1000016)
	want, _ := m.Resolve(d0, 1000394)
	wantGroups, wantLint := m.Groups(d0).Len(), len(menu.Lint(m))
	var wg sync.WaitGroup
	var bad atomic.Int64
	for range 8 {
		wg.Go(func() {
			for range 200 {
				d, ok := m.Dish(1000016)
				o, found := m.Resolve(d, 1000394)
				if !ok || !found || o != want || m.Groups(d).Len() != wantGroups || len(menu.Lint(m)) != wantLint {
					bad.Add(1)
				}
			}
		})
	}
	wg.Wait()
	assert.Zero(t, bad.Load(), "concurrent readers saw other answers")
	assert.Equal(t, menu.ID(1000394), want.ID)
}

// A member given twice is refused with its place, in a menu and in the
// other documents package menu reads, instead of the last one winning.
func TestDuplicateMembersAreRefused(t *testing.T) {
	for name, doc := range map[string]string{
		"/data/dishes":            `{"data":{"dishes":[],"dishes":[{"id":1,"price":1}]},"status":"Ok"}`,
		"/dishes/0/price":         `{"dishes":[{"id":1,"price":1,"price":2}]}`,
		"/modifiers/0/group/0/id": `{"dishes":[],"modifiers":[{"id":5,"group":[{"id":6,"id":7}]}]}`,
	} {
		_, err := menu.Load([]byte(doc), menu.Options{})
		var de *document.Error
		require.ErrorAs(t, err, &de, name)
		assert.Equal(t, name, de.Pointer)
		assert.Contains(t, de.Msg, "duplicate member")
		assert.Positive(t, de.Line)
	}
	_, err := menu.LoadRestaurant([]byte(`{"id":1,"min_check_amount":1,"min_check_amount":2}`), menu.RestaurantOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/min_check_amount")
}
