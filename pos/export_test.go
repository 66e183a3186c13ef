package pos

import "github.com/rkcart/rkcart/engine"

// BodySize is the writer's capacity estimate of a body.
func BodySize(c *engine.Cart, r engine.Result) int { return bodySize(c, r) }

// Union is the merging of repeated items' members.
func Union(a, b []engine.Field) ([]engine.Field, bool) { return union(a, b) }
