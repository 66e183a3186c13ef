package menu_test

import (
	"fmt"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/menu"
)

func ExampleLoad() {
	m, err := menu.Load(demo.Menu(), menu.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	soup, _ := m.Dish(1000039)
	fmt.Println(soup.Name, soup.Price, soup.Combo)
	// A dish without a scheme gets the common groups; modifiers resolve to
	// the first allowed group that has them.
	opt, ok := m.Resolve(soup, 1000388)
	fmt.Println(ok, opt.GroupID, opt.Price, opt.MaxOneDish)
	fmt.Printf("%+v\n", m.Stats())
	// Output:
	// Beetroot soup 50.00 false
	// true 1000385 12.63 2
	// {Dishes:8 Schemes:6 CommonSchemes:1 Groups:8 Modifiers:19 Combos:1}
}

func ExampleLint() {
	m, _ := menu.Load([]byte(`{"dishes":[{"id":1,"modischeme":7,"price":100}],"modifiers":[{"id":5,"group":[
  {"id":6,"active":1,"useDownLimit":1,"downLimit":3,"modi":[{"id":8,"active":1,"maxOneDish":1}]}]}]}`), menu.Options{})
	findings := menu.Lint(m)
	for _, f := range findings {
		fmt.Println(f.Severity, f.Code, f.Path)
	}
	fmt.Println("errors:", findings.HasErrors())
	// Output:
	// warning dangling_modischeme /dishes/0/modischeme
	// error down_unreachable /modifiers/0/group/0/downLimit
	// errors: true
}

func ExampleLoadRestaurant() {
	r, err := menu.LoadRestaurant(demo.Restaurant(), menu.RestaurantOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.ID, r.MinCheck, r.DeliveryPrice, r.Period, r.Period.Contains(22*60))
	// Output: 199994335 300.00 300.00 8:20–22:00 false
}

// A Resolver is one dish's place in the compiled menu, found once: each
// modifier id then resolves with one lookup to the menu's own record (not a
// copy) and its place among the dish's groups.
func ExampleResolver() {
	m, _ := menu.Load(demo.Menu(), menu.Options{})
	soup, _ := m.Dish(1000039)
	r := m.Resolver(&soup)
	for _, id := range []menu.ID{1000388, 42} {
		opt, ref, ok := r.Resolve(id)
		if !ok {
			fmt.Println(id, "not allowed on", soup.Name)
			continue
		}
		fmt.Println(id, opt.GroupID, opt.Price, "group", ref.Group, "of", r.Groups().Len())
	}
	// Output:
	// 1000388 1000385 12.63 group 0 of 2
	// 42 not allowed on Beetroot soup
}
