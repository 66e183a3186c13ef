package engine

import (
	"encoding/json"

	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// ReflectJSON exposes the oracle to the external tests.
var ReflectJSON = reflectJSON

type modifierJSON struct {
	Path    string        `json:"path,omitempty"`
	ID      menu.ID       `json:"id"`
	Name    string        `json:"name"`
	GroupID menu.ID       `json:"group_id"`
	Qnt     money.Qty     `json:"qnt"`
	Price   money.Kopecks `json:"price"`
	Amount  money.Kopecks `json:"amount"`
	Implied bool          `json:"implied"`
}

type componentJSON struct {
	modifierJSON
	Modifiers []modifierJSON `json:"modifiers"`
}

type lineJSON struct {
	Path       string          `json:"path"`
	Type       string          `json:"type"`
	ID         menu.ID         `json:"id"`
	Name       string          `json:"name"`
	Qnt        money.Qty       `json:"qnt"`
	Amount     money.Kopecks   `json:"amount"`
	Modifiers  []modifierJSON  `json:"modifiers"`
	Components []componentJSON `json:"components"`
}

type resultJSON struct {
	Valid         bool          `json:"valid"`
	Subtotal      money.Kopecks `json:"subtotal"`
	DeliveryPrice money.Kopecks `json:"delivery_price"`
	Total         money.Kopecks `json:"total"`
	Lines         []lineJSON    `json:"lines"`
	Violations    Violations    `json:"violations"`
}

// reflectJSON is the result encoded by encoding/json from plain structs:
// the oracle AppendJSON is checked against (it was MarshalJSON before).
func reflectJSON(r Result) ([]byte, error) {
	out := resultJSON{Valid: r.Valid, Subtotal: r.Subtotal, DeliveryPrice: r.DeliveryPrice,
		Total: r.Total, Lines: make([]lineJSON, len(r.Lines)), Violations: r.Violations}
	for i, l := range r.Lines {
		lj := lineJSON{Path: l.Path(), Type: l.Type, ID: l.ID, Name: l.Name, Qnt: l.Qnt, Amount: l.Amount,
			Modifiers: r.reflectModifiers(l.Modifiers), Components: make([]componentJSON, len(l.Components))}
		for j, c := range l.Components {
			cj := componentJSON{modifierJSON: modJSON(c.PricedModifier), Modifiers: r.reflectModifiers(c.Modifiers)}
			cj.Name = r.menu.DishName(c.ID) // a component is named as its dish
			lj.Components[j] = cj
		}
		out.Lines[i] = lj
	}
	return json.Marshal(out)
}

func (r Result) reflectModifiers(ms []PricedModifier) []modifierJSON {
	out := make([]modifierJSON, len(ms))
	for i, m := range ms {
		out[i] = modJSON(m)
		out[i].Name = r.menu.ModifierName(m.ID)
	}
	return out
}

func modJSON(m PricedModifier) modifierJSON {
	return modifierJSON{Path: m.Loc.Path(), ID: m.ID, GroupID: m.GroupID, Qnt: m.Qnt, Price: m.Price, Amount: m.Amount, Implied: m.Implied}
}
