//go:build !wasm

package wire

import (
	"strings"

	"github.com/rkcart/rkcart/internal/jsonscan"
)

// fastDishes reads data into doc with the hand reader and reports whether
// it took the document (see DecodeDishes).
func fastDishes(data []byte, doc *DishesDoc) bool {
	r := dishesReader{s: jsonscan.View(data)} // every string kept is copied out (str)
	return r.doc(doc)
}

// dishesReader reads over a read-only string view of the document: every
// string it keeps is copied out (clone), so nothing refers to the caller's
// bytes afterwards. Its methods report false for anything they do not read
// exactly as encoding/json would; the caller then gives up.
type dishesReader struct {
	s jsonscan.Scanner
}

// The deepest a member of a record sits (top, data, modifiers[], scheme,
// group[], group, modi[], modi): what skipping an unknown member may still
// nest is encoding/json's limit minus that, so nothing it would refuse as
// too deep is taken.
const dishesDepth = 8

func (r *dishesReader) doc(d *DishesDoc) bool {
	var seen bits
	ok := r.object(topKeys, func(name string) bool {
		switch name {
		case "status":
			return seen.once(0) && r.str(&d.Status)
		case "errors":
			return seen.once(1) && array(r, &d.Errors, r.apiError)
		case "ver":
			return seen.once(2) && r.str(&d.Ver)
		case "timestamp":
			return seen.once(3) && r.str(&d.Timestamp)
		case "requestId":
			return seen.once(4) && r.str(&d.RequestID)
		case "data":
			if !seen.once(5) {
				return false
			}
			if r.null() {
				return true
			}
			d.Data = new(Dishes)
			var inner bits
			return r.object(dataKeys, func(name string) bool { return r.dishes(d.Data, name, &inner) })
		}
		return r.dishes(&d.Dishes, name, &seen)
	})
	return ok && r.s.End() == nil
}

// dishes reads member name of a data object into d; seen's bits 8–11 are
// its members.
func (r *dishesReader) dishes(d *Dishes, name string, seen *bits) bool {
	switch name {
	case "dishes":
		return seen.once(8) && array(r, &d.Dishes, r.dish)
	case "modifiers":
		return seen.once(9) && array(r, &d.Modifiers, r.scheme)
	case "commonModifiers":
		return seen.once(10) && array(r, &d.CommonModifiers, r.scheme)
	case "variations":
		return seen.once(11) && array(r, &d.Variations, r.variation)
	}
	return r.unknown()
}

func (r *dishesReader) dish(d *Dish) bool {
	var seen bits
	return r.object(dishKeys, func(name string) bool {
		switch name {
		case "id":
			return seen.once(0) && r.field(&d.ID)
		case "price":
			return seen.once(1) && r.field(&d.Price)
		case "modischeme":
			return seen.once(2) && r.int(&d.ModiScheme)
		case "active":
			return seen.once(3) && r.int(&d.Active)
		case "guid":
			return seen.once(4) && r.str(&d.GUID)
		case "code":
			return seen.once(5) && r.int(&d.Code)
		case "name":
			return seen.once(6) && r.str(&d.Name)
		case "altname":
			return seen.once(7) && r.str(&d.AltName)
		case "locres":
			return seen.once(8) && r.raw((*[]byte)(&d.Locres))
		}
		return r.unknown()
	})
}

func (r *dishesReader) scheme(s *Scheme) bool {
	var seen bits
	return r.object(schemeKeys, func(name string) bool {
		switch name {
		case "id":
			return seen.once(0) && r.int(&s.ID)
		case "active":
			return seen.once(1) && r.int(&s.Active)
		case "code":
			return seen.once(2) && r.int(&s.Code)
		case "name":
			return seen.once(3) && r.str(&s.Name)
		case "group":
			return seen.once(4) && array(r, &s.Group, r.group)
		}
		return r.unknown()
	})
}

func (r *dishesReader) group(g *Group) bool {
	var seen bits
	return r.object(groupKeys, func(name string) bool {
		switch name {
		case "id":
			return seen.once(0) && r.int(&g.ID)
		case "active":
			return seen.once(1) && r.int(&g.Active)
		case "name":
			return seen.once(2) && r.str(&g.Name)
		case "useDownLimit":
			return seen.once(3) && r.int(&g.UseDownLimit)
		case "downLimit":
			return seen.once(4) && r.int(&g.DownLimit)
		case "useUpLimit":
			return seen.once(5) && r.int(&g.UseUpLimit)
		case "upLimit":
			return seen.once(6) && r.int(&g.UpLimit)
		case "defaultModifier":
			return seen.once(7) && r.int(&g.DefaultModifier)
		case "replaceDefModifier":
			return seen.once(8) && r.int(&g.ReplaceDefModifier)
		case "modi":
			return seen.once(9) && array(r, &g.Modi, r.modi)
		}
		return r.unknown()
	})
}

func (r *dishesReader) modi(m *Modi) bool {
	var seen bits
	return r.object(modiKeys, func(name string) bool {
		switch name {
		case "id":
			return seen.once(0) && r.int(&m.ID)
		case "price":
			return seen.once(1) && r.int(&m.Price)
		case "active":
			return seen.once(2) && r.int(&m.Active)
		case "maxOneDish":
			return seen.once(3) && r.int(&m.MaxOneDish)
		case "dishid":
			return seen.once(4) && r.int(&m.DishID)
		case "name":
			return seen.once(5) && r.str(&m.Name)
		}
		return r.unknown()
	})
}

func (r *dishesReader) variation(v *Variation) bool {
	var seen bits
	return r.object(variationKeys, func(name string) bool {
		switch name {
		case "id":
			return seen.once(0) && r.int(&v.ID)
		case "name":
			return seen.once(1) && r.str(&v.Name)
		}
		return r.unknown()
	})
}

func (r *dishesReader) apiError(e *APIError) bool {
	var seen bits
	return r.object(apiErrorKeys, func(name string) bool {
		switch name {
		case "code":
			return seen.once(0) && r.str(&e.Code)
		case "text":
			return seen.once(1) && r.str(&e.Text)
		case "details":
			return seen.once(2) && r.str(&e.Details)
		}
		return r.unknown()
	})
}

// The member names of each record, for telling an unknown member from one
// encoding/json would match case-insensitively.
var (
	topKeys = []string{"status", "errors", "ver", "timestamp", "requestId", "data",
		"dishes", "modifiers", "commonModifiers", "variations"}
	dataKeys      = topKeys[6:]
	dishKeys      = []string{"id", "price", "modischeme", "active", "guid", "code", "name", "altname", "locres"}
	schemeKeys    = []string{"id", "active", "code", "name", "group"}
	groupKeys     = []string{"id", "active", "name", "useDownLimit", "downLimit", "useUpLimit", "upLimit", "defaultModifier", "replaceDefModifier", "modi"}
	modiKeys      = []string{"id", "price", "active", "maxOneDish", "dishid", "name"}
	variationKeys = []string{"id", "name"}
	apiErrorKeys  = []string{"code", "text", "details"}
)

// bits records the known members an object has had.
type bits uint16

// once marks member i and reports whether it is its first time.
func (b *bits) once(i uint) bool {
	if *b&(1<<i) != 0 {
		return false
	}
	*b |= 1 << i
	return true
}

// object reads an object, calling member with each member's name with the
// scanner at its value. A name that is not one of known's but that
// encoding/json could match to one (another case, non-ASCII folding), and an
// unknown name given twice, give up.
func (r *dishesReader) object(known []string, member func(name string) bool) bool {
	if r.s.SkipSpace() != '{' {
		return false
	}
	r.s.Pos++
	var others jsonscan.Keys
	for first := true; ; first = false {
		name, _, more, err := r.s.Key(first)
		if err != nil {
			return false
		}
		if !more {
			return true
		}
		if r.s.Expect(':', "") != nil {
			return false
		}
		if !isKnown(name, known) && (!plainOther(name, known) || !others.Add(name)) {
			return false
		}
		if !member(name) {
			return false
		}
	}
}

func isKnown(name string, known []string) bool {
	for _, k := range known {
		if name == k {
			return true
		}
	}
	return false
}

// plainOther reports whether an unknown name is surely no field of the
// record: ASCII, and equal to none of known ignoring case.
func plainOther(name string, known []string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return false
		}
	}
	for _, k := range known {
		if strings.EqualFold(name, k) {
			return false
		}
	}
	return true
}

// unknown skips the value of a member no field takes, checking it fully.
func (r *dishesReader) unknown() bool {
	return r.s.Skip(maxDepth-dishesDepth) == nil
}

// array reads a JSON array into *out with elem, or null as a nil slice. A
// null element gives up.
func array[T any](r *dishesReader, out *[]T, elem func(*T) bool) bool {
	if r.null() {
		*out = nil
		return true
	}
	if r.s.SkipSpace() != '[' {
		return false
	}
	r.s.Pos++
	s := []T{}
	for first := true; ; first = false {
		more, err := r.s.More(']', first)
		if err != nil {
			return false
		}
		if !more {
			*out = s
			return true
		}
		var zero T
		s = append(s, zero)
		if !elem(&s[len(s)-1]) {
			return false
		}
	}
}

// null consumes a null if one is next.
func (r *dishesReader) null() bool {
	if r.s.SkipSpace() != 'n' {
		return false
	}
	_, _, err := r.s.Literal()
	return err == nil && r.s.Buf[r.s.Pos-1] == 'l'
}

// int reads an Int as Int.UnmarshalJSON does: a number, a string of digits
// or null.
func (r *dishesReader) int(v *Int) bool {
	n, _, ok := r.intOrNull()
	*v = Int(n)
	return ok
}

// field reads a Field as Field.UnmarshalJSON does.
func (r *dishesReader) field(f *Field) bool {
	n, null, ok := r.intOrNull()
	*f = Field{Int: Int(n), Set: !null}
	return ok
}

func (r *dishesReader) intOrNull() (n int64, null, ok bool) {
	switch c := r.s.SkipSpace(); {
	case c == '"':
		_, start, end, err := r.s.String()
		if err != nil {
			return 0, false, false
		}
		n, ok = Digits(r.s.Buf[start+1 : end-1]) // an escape is no digit: refused, as ParseInt does
		return n, false, ok
	case c == '-' || c >= '0' && c <= '9':
		start, end, err := r.s.Number()
		if err != nil {
			return 0, false, false
		}
		n, ok = Digits(r.s.Buf[start:end])
		return n, false, ok
	case c == 'n':
		return 0, true, r.null()
	}
	return 0, false, false
}

// str reads a string member (null leaves it as it is, as encoding/json
// does), copied out of the document.
func (r *dishesReader) str(v *string) bool {
	if r.null() {
		return true
	}
	if r.s.SkipSpace() != '"' {
		return false
	}
	val, start, end, err := r.s.String()
	if err != nil {
		return false
	}
	if len(val) == end-start-2 { // no escape: a view of the document
		val = strings.Clone(val)
	}
	*v = val
	return true
}

// raw reads any value as json.RawMessage does: a copy of its bytes, null
// included.
func (r *dishesReader) raw(v *[]byte) bool {
	r.s.SkipSpace()
	start := r.s.Pos
	if r.s.Skip(maxDepth-dishesDepth) != nil {
		return false
	}
	*v = append([]byte(nil), r.s.Buf[start:r.s.Pos]...)
	return true
}
