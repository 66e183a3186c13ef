// Command wasm is rkcart for WebAssembly: the engine, the payload writer,
// reconciliation, lint and diff for pages, kiosks and other hosts that run
// no Go.
//
//	GOOS=js GOARCH=wasm go build -o rkcart.wasm ./cmd/wasm   # browsers, Node (js/ wraps it)
//	GOOS=wasip1 GOARCH=wasm go build -o rkcart-wasi.wasm ./cmd/wasm
//
// Under GOOS=js it registers globalThis.rkcartGo, whose functions take
// documents as strings or Uint8Arrays and an options object, and return a
// plain success as its JSON text alone (a string: no object to build per
// call), anything else as an answer object {ok, json, body, problem}: json
// is the value's JSON text
// (the bytes `rkcart price` or `rkcart payload` would write when
// options.indent is set), problem the RFC 9457 problem object of the
// sidecar as JSON text. A fault inside is recovered and answered as an
// internal problem: nothing is thrown from Go. The package js/ hides all
// of this behind an ES module.
//
// Under GOOS=wasip1 it reads one request from stdin,
// {"op": "price", "menu": …, "restaurant": …, "cart": …, "options": {…}}
// (ops: price, repair, emit, reconcile, lint, diff, menu; the documents as JSON
// values; no menu means the embedded demo; "availability", rkcart's
// availability document, applies to the one call), and writes the answer
// object {ok, json, body, problem} on stdout (a success too). Under
// GOOS=js, setAvailability(handle, doc) sets a loaded object's stop lists
// and balances (null clears them).
package main
