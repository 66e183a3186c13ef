package bench

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/money"
)

// MenuSpec describes a synthetic menu. Every dish has a scheme; schemes are
// shared round-robin. Groups have no limits and no defaults, so any
// selection of distinct modifiers is valid: the menu measures resolution and
// pricing, not rule failures.
type MenuSpec struct {
	Dishes          int
	Schemes         int
	GroupsPerScheme int
	ModsPerGroup    int
	CommonGroups    int // in one commonModifiers scheme
	Seed            uint64
}

// DefaultSpec is the shape used by the pricing benchmarks: a mid-sized
// menu with two groups of four modifiers per scheme and one common group.
func DefaultSpec(dishes int) MenuSpec {
	return MenuSpec{Dishes: dishes, Schemes: max(1, dishes/20), GroupsPerScheme: 2, ModsPerGroup: 4, CommonGroups: 1, Seed: 1}
}

// MenuJSON builds a `dishes` response (with the data envelope) for spec.
// Ids: dishes 1…, schemes 1_000_001…, groups 2_000_001…, modifiers 3_000_001….
func MenuJSON(spec MenuSpec) []byte {
	rng := rand.New(rand.NewPCG(spec.Seed, 7))
	type modi struct {
		ID, Price, Active, MaxOneDish int64
		Name                          string
	}
	type group struct {
		ID, Active int64
		Name       string
		Modi       []modi `json:"modi"`
	}
	type scheme struct {
		ID, Active int64
		Group      []group `json:"group"`
	}
	type dish struct {
		ID, Price, ModiScheme, Active int64
		Name                          string
	}
	nextGroup, nextMod := int64(2_000_001), int64(3_000_001)
	mkGroup := func() group {
		g := group{ID: nextGroup, Active: 1, Name: fmt.Sprintf("group %d", nextGroup)}
		nextGroup++
		for range spec.ModsPerGroup {
			g.Modi = append(g.Modi, modi{ID: nextMod, Price: rng.Int64N(50000), Active: 1, MaxOneDish: rng.Int64N(4), Name: fmt.Sprintf("mod %d", nextMod)})
			nextMod++
		}
		return g
	}
	var schemes []scheme
	for i := range spec.Schemes {
		s := scheme{ID: 1_000_001 + int64(i), Active: 1}
		for range spec.GroupsPerScheme {
			s.Group = append(s.Group, mkGroup())
		}
		schemes = append(schemes, s)
	}
	common := []scheme{{ID: 1_000_000, Active: 1}}
	for range spec.CommonGroups {
		common[0].Group = append(common[0].Group, mkGroup())
	}
	var dishes []dish
	for i := range spec.Dishes {
		sid := int64(0)
		if spec.Schemes > 0 {
			sid = schemes[i%spec.Schemes].ID
		}
		dishes = append(dishes, dish{ID: int64(i) + 1, Price: 100 + rng.Int64N(500000), ModiScheme: sid, Active: 1, Name: fmt.Sprintf("dish %d", i+1)})
	}
	doc := map[string]any{"status": "Ok", "data": map[string]any{
		"dishes": lower(dishes), "modifiers": lower(schemes), "commonModifiers": lower(common)}}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err) // plain structs always marshal
	}
	return b
}

// lower re-keys struct fields to the API's spelling (id, price, modischeme…).
func lower(v any) any {
	b, _ := json.Marshal(v)
	var generic any
	_ = json.Unmarshal(b, &generic)
	return rekey(generic)
}

var keys = map[string]string{"ID": "id", "Price": "price", "Active": "active", "MaxOneDish": "maxOneDish",
	"Name": "name", "ModiScheme": "modischeme"}

func rekey(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if nk, ok := keys[k]; ok {
				k = nk
			}
			out[k] = rekey(val)
		}
		return out
	case []any:
		for i := range x {
			x[i] = rekey(x[i])
		}
	}
	return v
}

// Cart builds a valid pickup cart of lines dish lines on m, each with up to
// mods distinct modifiers from its allowed groups (qnt 1000 each, within
// every maxOneDish), for restaurant objectID. Quantities are 1–3 pieces.
func Cart(m *menu.Menu, objectID menu.ID, lines, mods int, seed uint64) *engine.Cart {
	rng := rand.New(rand.NewPCG(seed, 11))
	var dishes []menu.Dish
	for _, d := range m.Dishes() {
		if d.Active && !d.Combo {
			dishes = append(dishes, d)
		}
	}
	c := &engine.Cart{ObjectID: objectID, DeliveryTime: "2099-01-15T13:00:00",
		Client: engine.Client{Phone: "79990001122", LastName: "Bench"}}
	for range lines {
		d := dishes[rng.IntN(len(dishes))]
		ln := engine.Line{Type: engine.TypeDish, ID: d.ID, Qnt: money.Qty(1+rng.IntN(3)) * money.Piece}
		var pool []menu.ID
		for _, g := range m.Groups(d).All() {
			for _, md := range g.Modis {
				if md.Active && g.Active && md.MaxOneDish != 0 || md.Active && g.Active {
					pool = append(pool, md.ID)
				}
			}
		}
		rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		for _, id := range pool[:min(mods, len(pool))] {
			ln.Items = append(ln.Items, engine.Item{Type: engine.TypeModifier, ID: id, Qnt: money.Piece})
		}
		c.Lines = append(c.Lines, ln)
	}
	return c
}

// CommonHeavyMenuJSON is the menu that made compiling quadratic: schemes
// empty schemes (one dish each) and one common group of mods modifiers.
// At 5,000 × 5,000 it is about 0.7 MB; every scheme shares the common
// group, so a compiler that indexes it per scheme does 25 million inserts.
func CommonHeavyMenuJSON(schemes, mods int) []byte {
	var b []byte
	b = append(b, `{"status":"Ok","data":{"dishes":[`...)
	for i := range schemes {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"id":%d,"price":1000,"modischeme":%d,"active":1,"name":"dish %d"}`, i+1, 1_000_001+i, i+1)
	}
	b = append(b, `],"modifiers":[`...)
	for i := range schemes {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"id":%d,"active":1,"group":[]}`, 1_000_001+i)
	}
	b = append(b, `],"commonModifiers":[{"id":1000000,"active":1,"group":[{"id":2000000,"active":1,"name":"common","modi":[`...)
	for i := range mods {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"id":%d,"price":100,"active":1,"maxOneDish":1,"name":"m%d"}`, 3_000_001+i, i)
	}
	return append(b, `]}]}]}}`...)
}
