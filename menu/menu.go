package menu

import (
	"github.com/rkcart/rkcart/money"
)

// ID is an r_keeper identifier (dish, scheme, group, modifier, restaurant).
// Zero means "none" wherever the API uses 0 that way.
type ID int64

// DefaultMaxBytes is the menu size cap used when Options.MaxBytes is 0
// (document.Menu.MaxBytes()).
const DefaultMaxBytes = 64 << 20

// Options is the loading policy. The zero value uses the defaults.
type Options struct {
	// MaxBytes refuses larger documents before decoding; 0 means
	// DefaultMaxBytes.
	MaxBytes int64
}

// Dish is one entry of the menu's dishes[].
type Dish struct {
	ID     ID
	Name   string // escape text decoded
	Price  money.Kopecks
	Scheme ID // modischeme as written; 0 = none (it may dangle, see Lint)
	Active bool
	Combo  bool // its scheme has a group with combo components

	set int32 // 1 + index of its scheme; 0 (the zero value) when none or dangling
	pos int32 // index in the document's dishes[]
	// noID and noPrice: the member was absent or null (read as 0; Lint
	// says so).
	noID, noPrice bool
}

// Modi is one modifier of a group, or a combo component when DishID ≠ 0.
type Modi struct {
	ID         ID
	Name       string
	Price      money.Kopecks
	Active     bool
	MaxOneDish int64 // 0 = no cap
	DishID     ID    // ≠ 0: this entry is a combo component for that dish
}

// Group is a modifier group.
type Group struct {
	ID             ID
	Name           string
	Active         bool
	UseDownLimit   bool
	DownLimit      int64
	UseUpLimit     bool
	UpLimit        int64
	Default        ID   // a Modi id of this group; 0 = none
	ReplaceDefault bool // replaceDefModifier = 1
	Common         bool // from commonModifiers[]
	Modis          []Modi

	scheme int32 // index in modifiers[] or commonModifiers[]
	pos    int32 // index in that scheme's group[]
	def    int32 // index in Modis of an active Default, or -1
	defOpt int32 // 1 + index in Menu.options of that default's record; 0 = none
}

// DefaultIndex returns the index in Modis of the group's default modifier
// when it can be implied (set, present in the group and active), else -1.
func (g Group) DefaultIndex() int { return int(g.def) }

// Scheme is a modifier scheme of modifiers[] or commonModifiers[].
type Scheme struct {
	ID     ID
	Name   string
	Active bool
	Common bool
	Groups []Group
}

// Ref locates a modifier within a dish's allowed groups:
// Groups(d).At(Group).Modis[Modi].
type Ref struct {
	Group int32
	Modi  int32
}

// Option is a modifier (or combo component) as resolved for one dish: where
// it sits among the dish's groups and what the rules need, in one compact,
// pointer-free record so that checking a cart touches little memory.
type Option struct {
	Ref
	ID         ID // the modi id
	GroupID    ID
	DishID     ID // ≠ 0 for a combo component
	Price      money.Kopecks
	MaxOneDish int64 // 0 = no cap
	Active     bool  // the modi and its group are both active
}

// Stats counts what a menu holds.
type Stats struct {
	Dishes        int `json:"dishes"`
	Schemes       int `json:"schemes"`        // modifiers[]
	CommonSchemes int `json:"common_schemes"` // commonModifiers[]
	Groups        int `json:"groups"`         // in both
	Modifiers     int `json:"modifiers"`      // modi entries in both
	Combos        int `json:"combos"`         // dishes that are combos
}

// modKey is an id within one allowed-group set; set commonSet stands for the
// common groups, searched after a scheme's own.
type modKey struct {
	set int32
	id  ID
}

// commonSet is the modKey set of dishes without a scheme (common groups
// only); scheme sets are ≥ 1.
const commonSet int32 = 0

// Menu is a compiled, immutable menu. It is safe for concurrent use by
// multiple goroutines. The zero value is an empty menu, and so is a nil
// *Menu: every method works on it.
type Menu struct {
	prefix    string   // JSON Pointer prefix of the data object: "/data" or ""
	dishes    []Dish   // document order, duplicates included
	dishIdx   refIndex // (0, dish id) → index in dishes
	schemes   []Scheme // modifiers[] in document order
	common    []Scheme // commonModifiers[] in document order
	schemeIdx map[ID]int32
	commonGr  []Group  // every common group, in order
	modIdx    refIndex // (set, modi id) → options index; scheme sets hold the common groups too unless sharedCommon
	// sharedCommon: the common groups are indexed under commonSet only
	// (too many schemes × common modifiers to copy; see compile)
	sharedCommon bool
	compIdx      refIndex // (set, dishid) → options index
	options      []Option
	// positions of the active groups with limits or an active default:
	// per scheme set among its own groups, and among the common groups
	ownRules    [][]int32
	commonRules []int32
	known       names // modi id → the name of its first occurrence
	groupNames  names // group id → the name of its first occurrence
	stats       Stats
}

// Dish returns the dish with the given id (the first, if duplicated).
func (m *Menu) Dish(id ID) (Dish, bool) {
	if m == nil {
		return Dish{}, false
	}
	i, ok := m.dishIdx.get(modKey{0, id})
	if !ok {
		return Dish{}, false
	}
	return m.dishes[i], true
}

// Dishes returns every dish in document order, duplicates included. The
// slice is shared: do not modify it.
func (m *Menu) Dishes() []Dish {
	if m == nil {
		return nil
	}
	return m.dishes
}

// Scheme returns the modifiers[] scheme with the given id.
func (m *Menu) Scheme(id ID) (Scheme, bool) {
	if m == nil {
		return Scheme{}, false
	}
	i, ok := m.schemeIdx[id]
	if !ok {
		return Scheme{}, false
	}
	return m.schemes[i], true
}

// Schemes returns modifiers[] and commonModifiers[] in document order.
// The slices are shared: do not modify them.
func (m *Menu) Schemes() (schemes, common []Scheme) {
	if m == nil {
		return nil, nil
	}
	return m.schemes, m.common
}

// Groups returns the allowed groups of d: its scheme's groups in document
// order, then every common group. It is a view of the compiled menu,
// shared by every dish of the scheme.
func (m *Menu) Groups(d Dish) Groups { return m.Resolver(&d).Groups() }

// ComboGroups returns the groups of d's own scheme only (combo slots).
// The slice is shared: do not modify it.
func (m *Menu) ComboGroups(d Dish) []Group {
	if m == nil {
		return nil
	}
	return m.Resolver(&d).own()
}

// Resolve finds modifier id among d's allowed groups: the first group
// containing it, scheme groups before common ones. Its Ref is a position in
// Groups(d).
func (m *Menu) Resolve(d Dish, id ID) (Option, bool) {
	o, ref, ok := m.Resolver(&d).Resolve(id)
	if !ok {
		return Option{}, false
	}
	opt := *o
	opt.Ref = ref
	return opt, true
}

// ResolveComponent finds the combo slot entry whose dishid is dishID in d's
// own scheme. When several entries carry the same dishid, the first whose
// modi and group are both active wins, else the first.
func (m *Menu) ResolveComponent(d Dish, dishID ID) (Option, bool) {
	o, ok := m.Resolver(&d).Component(dishID)
	if !ok {
		return Option{}, false
	}
	return *o, true
}

// RuleGroups returns the positions, among Groups(d), of the active groups
// that have a lower or upper limit or an implied default: the only groups
// whose rules can add or reject anything.
func (m *Menu) RuleGroups(d Dish) Rules { return m.Resolver(&d).Rules() }

// ComboRuleGroups is RuleGroups restricted to d's own scheme (combo slots):
// positions in ComboGroups(d). The slice is shared.
func (m *Menu) ComboRuleGroups(d Dish) []int32 { return m.Resolver(&d).ComboRules().Own }

// KnownModifier reports whether id is a modi id of any scheme of the menu,
// common schemes included.
func (m *Menu) KnownModifier(id ID) bool {
	if m == nil {
		return false
	}
	_, ok := m.known.get(id)
	return ok
}

// ModifierName returns the name of modifier id (its first occurrence in
// the menu), "" when it has none or is not on the menu.
func (m *Menu) ModifierName(id ID) string {
	if m == nil {
		return ""
	}
	name, _ := m.known.get(id)
	return name
}

// GroupName returns the name of group id (its first occurrence), "" when
// it has none or is not on the menu.
func (m *Menu) GroupName(id ID) string {
	if m == nil {
		return ""
	}
	name, _ := m.groupNames.get(id)
	return name
}

// DishName returns the name of dish id, "" when it has none or is not on
// the menu.
func (m *Menu) DishName(id ID) string {
	d, _ := m.Dish(id)
	return d.Name
}

// Stats counts the menu's contents.
func (m *Menu) Stats() Stats {
	if m == nil {
		return Stats{}
	}
	return m.stats
}

// DishPointer returns the JSON Pointer of d in the source document.
func (m *Menu) DishPointer(d Dish) string {
	if m == nil {
		return "/dishes/" + itoa(int(d.pos))
	}
	return m.prefix + "/dishes/" + itoa(int(d.pos))
}

// GroupPointer returns the JSON Pointer of g in the source document.
func (m *Menu) GroupPointer(g Group) string {
	if m == nil {
		m = &Menu{}
	}
	list := "/modifiers/"
	if g.Common {
		list = "/commonModifiers/"
	}
	return m.prefix + list + itoa(int(g.scheme)) + "/group/" + itoa(int(g.pos))
}
