package menu

import "iter"

// Groups is a dish's allowed groups in resolution order: its scheme's own
// groups, then every common group. It is a view of the compiled menu (the
// common groups are stored once, not once per scheme); the zero value is
// empty.
type Groups struct {
	own, common []Group
}

// GroupsOf is a view of own groups alone (a combo's slots).
func GroupsOf(own []Group) Groups { return Groups{own: own} }

// Len is the number of groups.
func (g Groups) Len() int { return len(g.own) + len(g.common) }

// At returns the group at position i (0 ≤ i < Len), as a Ref counts it.
// The group is shared: do not modify it.
func (g Groups) At(i int) *Group {
	if i < len(g.own) {
		return &g.own[i]
	}
	return &g.common[i-len(g.own)]
}

// All yields each position and group in order.
func (g Groups) All() iter.Seq2[int, Group] {
	return func(yield func(int, Group) bool) {
		for i := range g.Len() {
			if !yield(i, *g.At(i)) {
				return
			}
		}
	}
}

// Slice returns the groups as one new slice (it allocates: for cold code).
func (g Groups) Slice() []Group {
	return append(append(make([]Group, 0, g.Len()), g.own...), g.common...)
}

// Rules are the positions, among a dish's Groups, of the groups whose rules
// can add or reject anything: Own positions among the scheme's own groups,
// then Common positions among the common groups, which sit Offset places
// further (after the own groups).
type Rules struct {
	Own, Common []int32
	Offset      int32
}

// Len is the number of rule groups.
func (r Rules) Len() int { return len(r.Own) + len(r.Common) }

// At returns the i-th rule group's position in Groups.
func (r Rules) At(i int) int32 {
	if i < len(r.Own) {
		return r.Own[i]
	}
	return r.Common[i-len(r.Own)] + r.Offset
}
