// Package api holds the operations the sidecar (package server) and the
// WebAssembly build (cmd/wasm) offer, apart from their transports: price,
// payload, reconcile, lint, diff and the menu view, each taking documents
// as bytes and answering a JSON-ready value or a [Problem] — the RFC 9457
// problem object both write, so that a page and a backend see the same
// errors. It imports no networking, which keeps the WebAssembly build
// small.
package api
