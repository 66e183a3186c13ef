package api

import (
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// MenuView is the menu as a kiosk or a website renders it: dishes with their modifier
// groups (limits, defaults, prices), categories when a menutree was given,
// and the restaurant's order rules. Inactive dishes, groups and modifiers
// are listed with active false, so a UI can grey them out; ids and prices
// are those carts use (prices in kopecks).
type MenuView struct {
	Object     menu.ID         `json:"object"`
	Version    string          `json:"version"`
	Restaurant *RestaurantView `json:"restaurant"`
	Categories []Category      `json:"categories"`
	Dishes     []DishView      `json:"dishes"`
}

// RestaurantView is the restaurant's order rules.
type RestaurantView struct {
	ID            menu.ID       `json:"id"`
	Name          string        `json:"name"`
	MinCheck      money.Kopecks `json:"min_check"`
	DeliveryPrice money.Kopecks `json:"delivery_price"`
}

// Category is a menutree selector with its sub-selectors.
type Category struct {
	ID         menu.ID    `json:"id"`
	Name       string     `json:"name"`
	Active     bool       `json:"active"`
	Dishes     []menu.ID  `json:"dishes"`
	Categories []Category `json:"categories"`
}

// DishView is a dish with its modifier groups (own, then common).
type DishView struct {
	ID     menu.ID       `json:"id"`
	Name   string        `json:"name"`
	Price  money.Kopecks `json:"price"`
	Active bool          `json:"active"`
	Combo  bool          `json:"combo"`
	Groups []GroupView   `json:"groups"`
}

// GroupView is a modifier group with its limits and default.
type GroupView struct {
	ID             menu.ID        `json:"id"`
	Name           string         `json:"name"`
	Active         bool           `json:"active"`
	Common         bool           `json:"common"`
	Min            *int64         `json:"min"` // null: no lower limit
	Max            *int64         `json:"max"` // null: no upper limit
	Default        menu.ID        `json:"default,omitempty"`
	ReplaceDefault bool           `json:"replace_default"`
	Modifiers      []ModifierView `json:"modifiers"`
}

// ModifierView is one option of a group.
type ModifierView struct {
	ID         menu.ID       `json:"id"`
	Name       string        `json:"name"`
	Price      money.Kopecks `json:"price"`
	Active     bool          `json:"active"`
	MaxOneDish int64         `json:"max_one_dish,omitempty"`
	DishID     menu.ID       `json:"dish_id,omitempty"` // a combo component: the dish it stands for
}

// View builds the menu view of o.
func View(o Object) MenuView {
	v := MenuView{Object: o.ID, Version: o.Version, Categories: categories(o.Tree), Dishes: []DishView{}}
	if r := o.Restaurant; r != nil {
		v.Restaurant = &RestaurantView{ID: r.ID, Name: r.Name, MinCheck: r.MinCheck, DeliveryPrice: r.DeliveryPrice}
	}
	for _, d := range o.Menu.Dishes() {
		dv := DishView{ID: d.ID, Name: d.Name, Price: d.Price, Active: d.Active, Combo: d.Combo, Groups: []GroupView{}}
		for _, g := range o.Menu.Groups(d).All() {
			gv := GroupView{ID: g.ID, Name: g.Name, Active: g.Active, Common: g.Common, Default: g.Default,
				ReplaceDefault: g.ReplaceDefault, Modifiers: make([]ModifierView, 0, len(g.Modis))}
			if g.UseDownLimit {
				gv.Min = &g.DownLimit
			}
			if g.UseUpLimit {
				gv.Max = &g.UpLimit
			}
			for _, m := range g.Modis {
				gv.Modifiers = append(gv.Modifiers, ModifierView{ID: m.ID, Name: m.Name, Price: m.Price, Active: m.Active,
					MaxOneDish: m.MaxOneDish, DishID: m.DishID})
			}
			dv.Groups = append(dv.Groups, gv)
		}
		v.Dishes = append(v.Dishes, dv)
	}
	return v
}

func categories(tree []menu.Selector) []Category {
	out := make([]Category, 0, len(tree))
	for _, s := range tree {
		ds := s.Dishes
		if ds == nil {
			ds = []menu.ID{}
		}
		out = append(out, Category{ID: s.ID, Name: s.Name, Active: s.Active, Dishes: ds, Categories: categories(s.Items)})
	}
	return out
}
