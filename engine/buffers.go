package engine

// The pricer's buffers: the slices of a Result grow while lines are
// priced, and the slices taken from them are cut again when one moved.

import (
	"github.com/rkcart/rkcart/internal/linebuf"
)

// grow returns an empty buffer for n elements: exactly n for a fresh
// result, at least a linebuf buffer for a reused one.
func grow[T any](n int, fresh bool) []T {
	if !fresh {
		n = max(n, linebuf.Cap[T]())
	}
	return make([]T, 0, n)
}

// cut points every line and component at its part of the flat buffers
// again, after one of them was reallocated while they were pointed at it:
// the old arrays hold the same entries, but the result should own one
// buffer of each (the next PriceInto reuses it), and a mark written later
// by index must be seen through the slices.
// The parts lie in the buffers in pricing order — a dish line's own
// modifiers, or a combo's components each followed by theirs — so the
// lengths the old slices keep say where each part starts.
func (p *pricer) cut() {
	off, coff := 0, 0
	for i := range p.lines {
		l := &p.lines[i]
		n := len(l.Modifiers)
		l.Modifiers = p.mods[off : off+n : off+n]
		off += n
		nc := len(l.Components)
		l.Components = p.comps[coff : coff+nc : coff+nc]
		coff += nc
		for j := range l.Components {
			c := &l.Components[j]
			m := len(c.Modifiers)
			c.Modifiers = p.mods[off : off+m : off+m]
			off += m
		}
	}
}

// push records a line; its own modifiers are mods[mstart:], except for a
// combo, whose entries there belong to its components.
func (p *pricer) push(pl *PricedLine, mstart, cstart int) {
	pl.HasViolations = len(p.vs) > p.lineStart
	pl.HasErrors = pl.HasViolations && hasErrors(p.vs[p.lineStart:])
	mend := len(p.mods)
	if pl.Type == TypeCombo {
		mend = mstart
	}
	// The slices are right unless a buffer grows later (then cut redoes
	// them).
	pl.Modifiers = p.mods[mstart:mend:mend]
	pl.Components = p.comps[cstart:len(p.comps):len(p.comps)]
}
