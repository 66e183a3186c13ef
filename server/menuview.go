package server

import (
	"net/http"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// The menu as a kiosk or a website renders it: dishes with their modifier
// groups (limits, defaults, prices), categories when a menutree was given,
// and the restaurant's order rules. Inactive dishes, groups and modifiers
// are listed with active false, so a UI can grey them out; ids and prices
// are those carts use (prices in kopecks).
type menuViewJSON struct {
	Object     menu.ID         `json:"object"`
	Version    string          `json:"version"`
	Restaurant *restaurantJSON `json:"restaurant"`
	Categories []categoryJSON  `json:"categories"`
	Dishes     []dishViewJSON  `json:"dishes"`
}

type restaurantJSON struct {
	ID            menu.ID       `json:"id"`
	Name          string        `json:"name"`
	MinCheck      money.Kopecks `json:"min_check"`
	DeliveryPrice money.Kopecks `json:"delivery_price"`
}

type categoryJSON struct {
	ID         menu.ID        `json:"id"`
	Name       string         `json:"name"`
	Active     bool           `json:"active"`
	Dishes     []menu.ID      `json:"dishes"`
	Categories []categoryJSON `json:"categories"`
}

type dishViewJSON struct {
	ID     menu.ID         `json:"id"`
	Name   string          `json:"name"`
	Price  money.Kopecks   `json:"price"`
	Active bool            `json:"active"`
	Combo  bool            `json:"combo"`
	Groups []groupViewJSON `json:"groups"`
}

type groupViewJSON struct {
	ID             menu.ID        `json:"id"`
	Name           string         `json:"name"`
	Active         bool           `json:"active"`
	Common         bool           `json:"common"`
	Min            *int64         `json:"min"` // null: no lower limit
	Max            *int64         `json:"max"` // null: no upper limit
	Default        menu.ID        `json:"default,omitempty"`
	ReplaceDefault bool           `json:"replace_default"`
	Modifiers      []modiViewJSON `json:"modifiers"`
}

type modiViewJSON struct {
	ID         menu.ID       `json:"id"`
	Name       string        `json:"name"`
	Price      money.Kopecks `json:"price"`
	Active     bool          `json:"active"`
	MaxOneDish int64         `json:"max_one_dish,omitempty"`
	DishID     menu.ID       `json:"dish_id,omitempty"` // a combo component: the dish it stands for
}

func (s *Server) menuView(w http.ResponseWriter, r *http.Request) {
	l, p := s.object(option(r, "object", "Rkcart-Object"))
	if p != nil {
		p.write(w)
		return
	}
	w.Header().Set("Rkcart-Object", itoa(l.ID))
	w.Header().Set("Rkcart-Menu-Version", l.Version)
	writeJSON(w, http.StatusOK, viewOf(l.Object))
}

func viewOf(o Object) menuViewJSON {
	v := menuViewJSON{Object: o.ID, Version: o.Version, Categories: categories(o.Tree), Dishes: []dishViewJSON{}}
	if r := o.Restaurant; r != nil {
		v.Restaurant = &restaurantJSON{ID: r.ID, Name: r.Name, MinCheck: r.MinCheck, DeliveryPrice: r.DeliveryPrice}
	}
	for _, d := range o.Menu.Dishes() {
		dv := dishViewJSON{ID: d.ID, Name: d.Name, Price: d.Price, Active: d.Active, Combo: d.Combo, Groups: []groupViewJSON{}}
		for _, g := range o.Menu.Groups(d).All() {
			gv := groupViewJSON{ID: g.ID, Name: g.Name, Active: g.Active, Common: g.Common, Default: g.Default,
				ReplaceDefault: g.ReplaceDefault, Modifiers: make([]modiViewJSON, 0, len(g.Modis))}
			if g.UseDownLimit {
				gv.Min = &g.DownLimit
			}
			if g.UseUpLimit {
				gv.Max = &g.UpLimit
			}
			for _, m := range g.Modis {
				gv.Modifiers = append(gv.Modifiers, modiViewJSON{ID: m.ID, Name: m.Name, Price: m.Price, Active: m.Active,
					MaxOneDish: m.MaxOneDish, DishID: m.DishID})
			}
			dv.Groups = append(dv.Groups, gv)
		}
		v.Dishes = append(v.Dishes, dv)
	}
	return v
}

func categories(tree []menu.Selector) []categoryJSON {
	out := make([]categoryJSON, 0, len(tree))
	for _, s := range tree {
		ds := s.Dishes
		if ds == nil {
			ds = []menu.ID{}
		}
		out = append(out, categoryJSON{ID: s.ID, Name: s.Name, Active: s.Active, Dishes: ds, Categories: categories(s.Items)})
	}
	return out
}
