package api

import (
	"slices"
	"time"

	"github.com/rkcart/rkcart/menu"
)

// Kept holds objects' replaced menus for a grace window — what a price
// with menu_version compares against — at most Max per object. The
// sidecar keeps its replaced objects in one, the WebAssembly build its
// released engines. It is not safe for concurrent use; its zero value
// keeps nothing until Grace and Max are set.
type Kept[T any] struct {
	Grace time.Duration
	Max   int
	byID  map[menu.ID][]kept[T]
}

type kept[T any] struct {
	version string
	v       T
	at      time.Time // when it stopped being current
}

// Retire keeps v, object id's menu of version, replaced at now, and
// forgets what is past the grace window or beyond Max for the object.
func (k *Kept[T]) Retire(id menu.ID, version string, v T, now time.Time) {
	if k.byID == nil {
		k.byID = map[menu.ID][]kept[T]{}
	}
	ks := append(k.byID[id], kept[T]{version: version, v: v, at: now})
	ks = slices.DeleteFunc(ks, func(x kept[T]) bool { return now.Sub(x.at) > k.Grace })
	if len(ks) > k.Max {
		ks = ks[len(ks)-k.Max:]
	}
	k.byID[id] = ks
}

// Find is object id's kept menu of version, if it is within the grace
// window at now.
func (k *Kept[T]) Find(id menu.ID, version string, now time.Time) (T, bool) {
	for _, x := range k.byID[id] {
		if x.version == version && now.Sub(x.at) <= k.Grace {
			return x.v, true
		}
	}
	var zero T
	return zero, false
}
