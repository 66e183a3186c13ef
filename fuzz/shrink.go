package fuzz

import (
	"strconv"
	"strings"

	"github.com/leanovate/gopter"

	"github.com/rkcart/rkcart/engine"
)

// CartShrinker shrinks a valid cart by dropping one line at a time (keeping
// at least one). Lines are independent and generated delivery carts have no
// minimum check, so every shrunk cart is still valid: a failing property
// reports the smallest cart that still fails.
func CartShrinker(v any) gopter.Shrink {
	c := v.(*engine.Cart)
	return dropLines(c, func(i int) bool { return len(c.Lines) > 1 }, func(s *engine.Cart) any { return s })
}

// MutationShrinker shrinks a mutation by dropping lines that do not move
// its expected path: lines after the mutated one, or any line for a header
// mutation (keeping at least one; an empty order has none to drop).
func MutationShrinker(v any) gopter.Shrink {
	mu := v.(Mutation)
	after := -1 // lines with an index above this may go
	if rest, ok := strings.CutPrefix(mu.Path, "/order/"); ok {
		n, _ := strconv.Atoi(strings.SplitN(rest, "/", 2)[0])
		after = n
	}
	keep := func(i int) bool {
		if mu.Path == "/order" {
			return false
		}
		return i > after && len(mu.Cart.Lines) > 1
	}
	return dropLines(mu.Cart, keep, func(s *engine.Cart) any { m := mu; m.Cart = s; return m })
}

func dropLines(c *engine.Cart, may func(i int) bool, wrap func(*engine.Cart) any) gopter.Shrink {
	i := len(c.Lines)
	return func() (any, bool) {
		for i > 0 {
			i--
			if !may(i) {
				continue
			}
			s := Clone(c)
			s.Lines = append(s.Lines[:i:i], s.Lines[i+1:]...)
			return wrap(s), true
		}
		return nil, false
	}
}
