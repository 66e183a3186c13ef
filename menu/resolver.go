package menu

// Resolver is one dish's place in the compiled menu: its allowed groups and
// the indexes that resolve its items, found once per dish rather than per
// item. It is what pricing uses on its hot path; [Menu.Resolve] and
// [Menu.ResolveComponent] are the same lookups for one-off callers. The
// zero value resolves nothing.
type Resolver struct {
	m      *Menu
	set    int32 // the dish's group set (1 + scheme index, or commonSet)
	offset int32 // number of the scheme's own groups: where the common ones start
}

// Resolver returns d's resolver. d is not kept.
func (m *Menu) Resolver(d *Dish) Resolver {
	if m == nil {
		return Resolver{}
	}
	r := Resolver{m: m, set: d.set}
	if d.set != 0 && int(d.set) <= len(m.schemes) {
		r.offset = int32(len(m.schemes[d.set-1].Groups))
	} else {
		r.set = commonSet
	}
	return r
}

// Resolve is [Menu.Resolve] without the copy: o points into the compiled
// menu and must not be modified; ref is where the modifier sits among the
// dish's [Menu.Groups] (o.Ref, moved past the scheme's own groups when the
// common groups are indexed once for every scheme).
func (r Resolver) Resolve(id ID) (o *Option, ref Ref, ok bool) {
	m := r.m
	if m == nil {
		return nil, Ref{}, false
	}
	i, found := m.modIdx.get(modKey{r.set, id})
	if found {
		o = &m.options[i]
		return o, o.Ref, true
	}
	if !m.sharedCommon || r.set == commonSet {
		return nil, Ref{}, false
	}
	if i, found = m.modIdx.get(modKey{commonSet, id}); !found {
		return nil, Ref{}, false
	}
	o = &m.options[i]
	ref = o.Ref
	ref.Group += r.offset // common groups follow the scheme's own
	return o, ref, true
}

// Component is [Menu.ResolveComponent] without the copy: o points into the
// compiled menu and must not be modified.
func (r Resolver) Component(dishID ID) (o *Option, ok bool) {
	m := r.m
	if m == nil || r.set == commonSet {
		return nil, false
	}
	i, found := m.compIdx.get(modKey{r.set, dishID})
	if !found {
		return nil, false
	}
	return &m.options[i], true
}

// Groups is [Menu.Groups] of the dish.
func (r Resolver) Groups() Groups {
	if r.m == nil {
		return Groups{}
	}
	return Groups{own: r.own(), common: r.m.commonGr}
}

// Rules is [Menu.RuleGroups] of the dish.
func (r Resolver) Rules() Rules {
	if r.m == nil {
		return Rules{}
	}
	return Rules{Own: r.ownRules(), Common: r.m.commonRules, Offset: r.offset}
}

// ComboGroups and ComboRules are the dish's own groups and their rule
// positions alone (combo slots).
func (r Resolver) ComboGroups() Groups { return GroupsOf(r.own()) }

func (r Resolver) ComboRules() Rules {
	if r.m == nil {
		return Rules{}
	}
	return Rules{Own: r.ownRules()}
}

func (r Resolver) ownRules() []int32 {
	if int(r.set) >= len(r.m.ownRules) { // an empty Menu{}
		return nil
	}
	return r.m.ownRules[r.set]
}

func (r Resolver) own() []Group {
	if r.set == commonSet {
		return nil
	}
	return r.m.schemes[r.set-1].Groups
}

// Implied returns the option of g's implied default, nil when g has none
// that applies (see [Group.DefaultIndex]). g is a group of this menu.
func (m *Menu) Implied(g *Group) *Option {
	if m == nil || g.defOpt <= 0 || int(g.defOpt) > len(m.options) {
		return nil
	}
	return &m.options[g.defOpt-1]
}
