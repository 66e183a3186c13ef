//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/rkcart/rkcart/demo"
)

func main() {
	s := newSession()
	api := map[string]any{
		"load": fn(func(args []js.Value) answer {
			o := opts(args, 2)
			if len(args) > 3 {
				o.Menutree = bytesOf(args[3])
			}
			return s.load(bytesOf(arg(args, 0)), bytesOf(arg(args, 1)), o)
		}),
		"price": fn(func(args []js.Value) answer { return s.price(arg(args, 0).Int(), bytesOf(arg(args, 1)), opts(args, 2)) }),
		"emit": fn(func(args []js.Value) answer {
			return s.emit(arg(args, 0).Int(), arg(args, 1).String(), bytesOf(arg(args, 2)), opts(args, 3))
		}),
		"reconcile": fn(func(args []js.Value) answer {
			return s.reconcile(arg(args, 0).Int(), bytesOf(arg(args, 1)), bytesOf(arg(args, 2)), opts(args, 3))
		}),
		"menu":    fn(func(args []js.Value) answer { return s.menuView(arg(args, 0).Int(), opts(args, 1)) }),
		"release": fn(func(args []js.Value) answer { return s.release(arg(args, 0).Int()) }),
		"lint":    fn(func(args []js.Value) answer { return lint(bytesOf(arg(args, 0)), opts(args, 1)) }),
		"diff":    fn(func(args []js.Value) answer { return diff(bytesOf(arg(args, 0)), bytesOf(arg(args, 1)), opts(args, 2)) }),
		"demo": fn(func([]js.Value) answer {
			return answer{OK: true, JSON: `{"menu":` + string(demo.Menu()) + `,"restaurant":` + string(demo.Restaurant()) + `}`}
		}),
	}
	js.Global().Set("rkcartGo", js.ValueOf(api))
	select {} // keep the functions alive for the page's life
}

// fn wraps a call: it cannot panic into JavaScript, and answers a plain
// object.
func fn(f func([]js.Value) answer) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		a := guard(func() answer { return f(args) })
		return map[string]any{"ok": a.OK, "json": a.JSON, "body": a.Body, "problem": a.Problem}
	})
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

// opts reads the options object at args[i] (its JSON, so that the field
// names are those of the wasip1 request).
func opts(args []js.Value, i int) options {
	var o options
	v := arg(args, i)
	if v.Type() != js.TypeObject {
		return o
	}
	text := js.Global().Get("JSON").Call("stringify", v).String()
	_ = json.Unmarshal([]byte(text), &o) // unknown or mistyped members keep their defaults
	return o
}
