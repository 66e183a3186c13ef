//go:build js && wasm

package main

import (
	"fmt"
	"runtime/debug"
	"syscall/js"
	"unsafe"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
)

func main() {
	// The collector's target of rkcart serve (server.GCPercent), for the
	// same reason: the live heap is the menus, small beside the garbage of
	// the calls. Here it matters more, for the collector runs on the one
	// thread that prices (a native process marks on another core):
	// node bench.mjs 104.9 → 99.4 µs per cart (98.0 at 400).
	debug.SetGCPercent(200)
	s := newSession()
	// s => s.length, for strings and typed arrays alike: a primitive
	// string has no methods to read it through syscall/js.
	b := bridge{lengthOf: js.Global().Get("Function").New("s", "return s == null ? 0 : (s.length | 0)"), out: new(js.Value)}
	fn, withOpts := b.fn, b.withOpts
	api := map[string]any{
		// output registers the Uint8Array a plain success is written
		// into (rkcart.mjs, once): the call then answers the length, a
		// number. A JavaScript string made on the Go side costs a
		// reference with a finalizer and, each time the string is stored
		// or set, a hash of its text (under Node: 88 → 79 µs per
		// price of the 10-line cart, its answer 5.4 KB).
		"output": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if v := arg(args, 0); v.InstanceOf(js.Global().Get("Uint8Array")) {
				*b.out = v
			}
			return nil
		}),
		"load": fn(func(args []js.Value) answer {
			o, bad := opts(args, 2)
			if bad != nil {
				return *bad
			}
			if len(args) > 3 {
				o.Menutree = bytesOf(args[3])
			}
			return s.load(bytesOf(arg(args, 0)), bytesOf(arg(args, 1)), o)
		}),
		"price":  withOpts(2, func(args []js.Value, o options) answer { return s.price(arg(args, 0).Int(), bytesOf(arg(args, 1)), o) }),
		"repair": withOpts(2, func(args []js.Value, o options) answer { return s.repair(arg(args, 0).Int(), bytesOf(arg(args, 1)), o) }),
		"emit": withOpts(3, func(args []js.Value, o options) answer {
			return s.emit(arg(args, 0).Int(), arg(args, 1).String(), bytesOf(arg(args, 2)), o)
		}),
		"reconcile": withOpts(3, func(args []js.Value, o options) answer {
			return s.reconcile(arg(args, 0).Int(), bytesOf(arg(args, 1)), bytesOf(arg(args, 2)), o)
		}),
		"menu":    withOpts(1, func(args []js.Value, o options) answer { return s.menuView(arg(args, 0).Int(), o) }),
		"release": fn(func(args []js.Value) answer { return s.release(arg(args, 0).Int()) }),
		"setAvailability": fn(func(args []js.Value) answer {
			return s.setAvailability(arg(args, 0).Int(), bytesOf(arg(args, 1)))
		}),
		"lint": withOpts(1, func(args []js.Value, o options) answer { return lint(bytesOf(arg(args, 0)), o) }),
		"diff": withOpts(2, func(args []js.Value, o options) answer { return diff(bytesOf(arg(args, 0)), bytesOf(arg(args, 1)), o) }),
		"demo": fn(func([]js.Value) answer {
			return answer{OK: true, JSON: `{"menu":` + string(demo.Menu()) + `,"restaurant":` + string(demo.Restaurant()) + `}`}
		}),
	}
	js.Global().Set("rkcartGo", js.ValueOf(api))
	select {} // keep the functions alive for the page's life
}

// bridge holds what the wrappers of the calls share: out is the output
// buffer (a Uint8Array; undefined until registered).
type bridge struct {
	lengthOf js.Value
	out      *js.Value
}

// fn wraps a call: it cannot panic into JavaScript, refuses an argument
// too large to copy, and answers a plain object.
func (b bridge) fn(f func([]js.Value) answer) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		a := guard(func() answer {
			if p := b.oversized(args); p != nil {
				return fail(p)
			}
			return f(args)
		})
		// A plain success is its JSON text alone: no object to build, one
		// js.Value fewer per call (rkcart.mjs tells the two apart); it is
		// written into the output buffer, and its length answered, when
		// it fits.
		if a.OK && a.Body == "" && a.Problem == "" {
			if n := len(a.JSON); n > 0 && b.out.Truthy() && n <= b.out.Length() {
				return js.CopyBytesToJS(*b.out, unsafe.Slice(unsafe.StringData(a.JSON), n)) // read only
			}
			return a.JSON
		}
		// Otherwise only the members set: each is a string copied into
		// JavaScript.
		out := map[string]any{"ok": a.OK}
		if a.JSON != "" {
			out["json"] = a.JSON
		}
		if a.Body != "" {
			out["body"] = a.Body
		}
		if a.Problem != "" {
			out["problem"] = a.Problem
		}
		return out
	})
}

// maxArg caps a document argument before it is copied into Go: twice the
// largest document kind (a menu, 64 MiB; a string's length counts UTF-16
// units, at most as many as its UTF-8 bytes). The decoders then apply each
// kind's own cap.
const maxArg = 2 * 64 << 20

// oversized refuses an argument too large to copy.
func (b bridge) oversized(args []js.Value) *api.Problem {
	for _, v := range args {
		if t := v.Type(); t != js.TypeString && t != js.TypeObject {
			continue
		}
		if n := b.lengthOf.Invoke(v).Int(); n > maxArg { // an object without a length (options) reads as 0
			return api.DocProblem(document.TooLarge(document.Unknown, int64(n), maxArg), "")
		}
	}
	return nil
}

func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// bytesOf reads a string or a Uint8Array; null or undefined is nil.
func bytesOf(v js.Value) []byte {
	switch v.Type() {
	case js.TypeString:
		return []byte(v.String())
	case js.TypeObject:
		b := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(b, v)
		return b
	}
	return nil
}

// withOpts wraps a call whose options object is args[i].
func (b bridge) withOpts(i int, f func([]js.Value, options) answer) js.Func {
	return b.fn(func(args []js.Value) answer {
		o, bad := opts(args, i)
		if bad != nil {
			return *bad
		}
		return f(args, o)
	})
}

// opts reads the options object at args[i] through its JSON, so that the
// names are those of the wasip1 request. An unknown or mistyped member is
// a bad-option problem, not silently the default: {lnag: 'ru'} would
// otherwise price in English.
func opts(args []js.Value, i int) (options, *answer) {
	var o options
	v := arg(args, i)
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return o, nil
	case js.TypeObject:
	default: // 'ru' is not {lang: 'ru'}
		a := fail(api.BadOption(fmt.Errorf("options must be an object, not a %s", v.Type())))
		return o, &a
	}
	text := js.Global().Get("JSON").Call("stringify", v).String()
	if err := decodeOptions([]byte(text), &o); err != nil {
		a := fail(err)
		return o, &a
	}
	return o, nil
}
