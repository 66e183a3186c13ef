// Package fakepos is a WebDelivery-compatible fake POS for integration
// tests: the methods of the WebDelivery reference (rests, menutree,
// dishes, savedeliveryorder, CalcOrder, payment, courier, Order,
// Currency) under a base path, answered with the documented envelope and
// priced by the same engine as the rest of rkcart, so that a client's
// whole flow runs in CI with answers that reconcile to `match`.
//
// [New] returns a [Fake], an http.Handler: mount it on httptest.NewServer
// in a Go test, or run `rkcart fakepos`. Orders live in memory; the clock
// and the seed are injected, so runs repeat. Control endpoints under
// /_fakepos/ reset, snapshot, change a delivery state, load a menu or a
// stop list, and set faults; docs/fakepos.md lists every behaviour and
// whether the reference documents it or the fake assumes it. Every
// answer carries the header X-Rkcart-Fake: fakepos.
package fakepos
