package menu

import (
	"io"

	"strconv"

	"github.com/rkcart/rkcart/document"

	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/money"
)

// Load decodes a `dishes` response (envelope or bare data object) and
// compiles it into a Menu.
//
// It returns an error if:
//   - data is larger than opts.MaxBytes (a *document.Error wrapping
//     ErrTooLarge);
//   - data is not JSON, or a field has the wrong type (a *document.Error
//     wrapping ErrDecode, with line, column and JSON Pointer);
//   - the envelope's status is "Err" (an *APIError);
//   - there is no dishes[] (null counts as none): data is another kind of
//     document, `{}` or `{"data":null}` (a *document.Error wrapping
//     ErrDecode that says what it looks like). An empty dishes[] is an
//     empty menu.
//
// Dangling references, duplicates and odd limits are not errors: see Lint.
func Load(data []byte, opts Options) (*Menu, error) {
	var doc wire.DishesDoc
	if err := decode(document.Menu, data, &doc, opts.MaxBytes); err != nil { // wire.DecodeDishes
		return nil, err
	}
	if err := doc.Envelope.Check(); err != nil {
		return nil, err
	}
	if (doc.Data != nil && doc.Data.Dishes == nil) || (doc.Data == nil && doc.Dishes.Dishes == nil) {
		return nil, document.Mismatch(document.Menu, data, "a dishes response with dishes[]")
	}
	return compile(doc, commonBudget), nil
}

// LoadReader reads at most opts.MaxBytes+1 bytes from r and calls Load.
// It also returns read errors.
func LoadReader(r io.Reader, opts Options) (*Menu, error) {
	data, err := document.Read(r, document.Menu, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	return Load(data, opts)
}

// compile builds the Menu; budget says how many index entries copying the
// common groups into every scheme may cost (see commonBudget).
func compile(doc wire.DishesDoc, budget func(n int) int64) *Menu {
	data := &doc.Dishes
	m := &Menu{}
	if doc.Data != nil {
		data = doc.Data
		m.prefix = "/data"
	}
	// Size every index from the document, so a small menu pays for what it
	// holds rather than for fixed hints.
	nModi, nCommon, nDefaults, nGroups := 0, 0, 0, 0
	for _, s := range data.Modifiers {
		nGroups += len(s.Group)
		for _, g := range s.Group {
			nModi += len(g.Modi)
			nDefaults += b2i(g.DefaultModifier != 0)
		}
	}
	for _, s := range data.CommonModifiers {
		nGroups += len(s.Group)
		for _, g := range s.Group {
			nCommon += len(g.Modi)
			nDefaults += b2i(g.DefaultModifier != 0)
		}
	}
	m.known = newNames(nModi + nCommon)
	m.groupNames = newNames(nGroups)
	// Resolving is one lookup when each scheme's index also holds the
	// common groups (after its own), but that costs schemes × common
	// modifiers entries. Up to a budget linear in the document it is worth
	// it; beyond (thousands of schemes sharing thousands of common
	// modifiers) the common groups are indexed once, under commonSet, and
	// Resolve looks there when a scheme's own index misses. Either way
	// compiling is linear in the menu's size.
	perScheme := int64(nCommon) * int64(len(data.Modifiers))
	m.sharedCommon = perScheme > budget(nModi+nCommon+len(data.Dishes))
	size := nModi + nCommon
	if !m.sharedCommon {
		size += int(perScheme)
	}
	m.modIdx = newRefIndex(size)
	m.compIdx = newRefIndex(0)
	m.options = make([]Option, 0, size+nDefaults) // each implied default has a record of its own

	m.schemes = make([]Scheme, len(data.Modifiers))
	m.schemeIdx = make(map[ID]int32, len(data.Modifiers))
	for i, ws := range data.Modifiers {
		m.schemes[i] = m.scheme(ws, int32(i), false)
		if _, dup := m.schemeIdx[m.schemes[i].ID]; !dup {
			m.schemeIdx[m.schemes[i].ID] = int32(i)
		}
	}
	m.common = make([]Scheme, len(data.CommonModifiers))
	for i, ws := range data.CommonModifiers {
		m.common[i] = m.scheme(ws, int32(i), true)
		m.commonGr = append(m.commonGr, m.common[i].Groups...)
	}
	m.index(commonSet, m.commonGr, 0)
	m.commonRules = ruleGroups(m.commonGr)
	m.ownRules = make([][]int32, len(m.schemes)+1)

	combo := make([]bool, len(m.schemes))
	for i, s := range m.schemes {
		m.index(int32(i)+1, s.Groups, 0)
		if !m.sharedCommon {
			m.index(int32(i)+1, m.commonGr, len(s.Groups))
		}
		combo[i] = m.indexComponents(int32(i)+1, s.Groups)
		m.ownRules[i+1] = ruleGroups(s.Groups)
	}

	m.dishes = make([]Dish, len(data.Dishes))
	m.dishIdx = newRefIndex(len(data.Dishes))
	for i, wd := range data.Dishes {
		d := Dish{
			ID:      ID(wd.ID.Int),
			Name:    unescapeName(wd.Name),
			Price:   money.Kopecks(wd.Price.Int),
			noID:    !wd.ID.Set,
			noPrice: !wd.Price.Set,
			Scheme:  ID(wd.ModiScheme),
			Active:  wd.Active != 0,
			pos:     int32(i),
		}
		if d.Scheme != 0 {
			if si, ok := m.schemeIdx[d.Scheme]; ok {
				d.set = si + 1
				d.Combo = combo[si]
			}
		}
		m.dishes[i] = d
		m.dishIdx.add(modKey{0, d.ID}, int32(i)) // the first of duplicates wins
		if d.Combo {
			m.stats.Combos++
		}
	}
	m.stats.Dishes = len(m.dishes)
	m.stats.Schemes = len(m.schemes)
	m.stats.CommonSchemes = len(m.common)
	return m
}

func (m *Menu) scheme(ws wire.Scheme, pos int32, common bool) Scheme {
	s := Scheme{ID: ID(ws.ID), Name: unescapeName(ws.Name), Active: ws.Active != 0, Common: common}
	s.Groups = make([]Group, len(ws.Group))
	for gi, wg := range ws.Group {
		g := Group{
			ID:             ID(wg.ID),
			Name:           unescapeName(wg.Name),
			Active:         wg.Active != 0,
			UseDownLimit:   wg.UseDownLimit != 0,
			DownLimit:      int64(wg.DownLimit),
			UseUpLimit:     wg.UseUpLimit != 0,
			UpLimit:        int64(wg.UpLimit),
			Default:        ID(wg.DefaultModifier),
			ReplaceDefault: wg.ReplaceDefModifier != 0,
			Common:         common,
			Modis:          make([]Modi, len(wg.Modi)),
			scheme:         pos,
			pos:            int32(gi),
			def:            -1,
		}
		for mi, wm := range wg.Modi {
			g.Modis[mi] = Modi{
				ID:         ID(wm.ID),
				Name:       unescapeName(wm.Name),
				Price:      money.Kopecks(wm.Price),
				Active:     wm.Active != 0,
				MaxOneDish: int64(wm.MaxOneDish),
				DishID:     ID(wm.DishID),
			}
			m.known.add(ID(wm.ID), g.Modis[mi].Name)
		}
		if g.Default != 0 {
			for mi, md := range g.Modis {
				if md.ID == g.Default {
					if md.Active {
						g.def = int32(mi)
						g.defOpt = 1 + m.option(g, md, gi, mi)
					}
					break
				}
			}
		}
		m.groupNames.add(g.ID, g.Name)
		m.stats.Groups++
		m.stats.Modifiers += len(wg.Modi)
		s.Groups[gi] = g
	}
	return s
}

// index records, for one group set, where each modifier id of groups first
// occurs; offset is the position of groups[0] among the set's groups (the
// common groups follow a scheme's own).
func (m *Menu) index(set int32, groups []Group, offset int) {
	for gi, g := range groups {
		for mi, md := range g.Modis {
			k := modKey{set, md.ID}
			if m.modIdx.add(k, int32(len(m.options))) { // the record option appends next
				m.option(g, md, offset+gi, mi)
			}
		}
	}
}

// commonBudget is how many index entries copying the common groups into
// every scheme may cost for a menu of n dishes and modifiers: a constant
// factor of the menu, so compiling stays linear.
func commonBudget(n int) int64 { return 4*int64(n) + 1<<16 }

// option appends the compact record of groups[gi].Modis[mi] and returns its
// index.
func (m *Menu) option(g Group, md Modi, gi, mi int) int32 {
	m.options = append(m.options, Option{Ref: Ref{int32(gi), int32(mi)}, ID: md.ID, GroupID: g.ID, DishID: md.DishID,
		Price: md.Price, MaxOneDish: md.MaxOneDish, Active: md.Active && g.Active})
	return int32(len(m.options) - 1)
}

// ruleGroups lists the positions of the active groups that have a limit or
// an implied default.
func ruleGroups(groups []Group) []int32 {
	var out []int32
	for gi, g := range groups {
		if g.Active && (g.UseDownLimit || g.UseUpLimit || g.def >= 0) {
			out = append(out, int32(gi))
		}
	}
	return out
}

// indexComponents records combo components by dishid and reports whether
// the scheme has any (which makes its dishes combos).
func (m *Menu) indexComponents(set int32, groups []Group) bool {
	combo := false
	for gi, g := range groups {
		for mi, md := range g.Modis {
			if md.DishID == 0 {
				continue
			}
			combo = true
			k := modKey{set, md.DishID}
			prev, dup := m.compIdx.get(k)
			if !dup || (!m.options[prev].Active && g.Active && md.Active) {
				m.compIdx.put(k, m.option(g, md, gi, mi))
			}
		}
	}
	return combo
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func itoa(i int) string { return strconv.Itoa(i) }
