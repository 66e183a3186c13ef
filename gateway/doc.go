// Package gateway is a drop-in WebDelivery gateway: point a backend's
// BaseUrl at it and every order is checked before the POS, sent at most
// once, and compared with the POS's answer. It forwards every path under
// its base path to the upstream WebDelivery server — method, query, the
// sid header and body unchanged; the answer back unchanged (status, body
// bytes) plus Rkcart-* headers — and serves its own /healthz, /readyz,
// /metrics and admin endpoints (/_rkcart/, behind a bearer token).
//
// # Checked before the POS
//
// savedeliveryorder, CalcOrder and the UCS postorder are priced locally
// against the object's menu: the dishes answer the gateway caches for
// the object (and the restaurant of a rests answer it has seen). In
// [Enforce] a cart with blocking violations is answered by the gateway
// (HTTP 200, "status":"Err", one errors[] entry per violation with code,
// text in the request's language and path) and the POS is never called;
// [Shadow] forwards everything and reconciles the answer; [Pass] only
// forwards. A cart that cannot be judged (its menu cannot be had) is
// forwarded (fail open) or refused with 503 (Options.FailClosed).
//
// # At most once
//
// A write (savedeliveryorder, payment, postorder, postorder/payed) with
// an Idempotency-Key — or, with Options.DeriveKeys, a key derived from
// the cart's fingerprint, object and client phone — is claimed in the
// [Store] before it is sent, sent once with a context detached from the
// caller, and its answer recorded: a later or concurrent request with the
// key gets that answer (Rkcart-Replayed: true); the key with another
// request is a 422. An outcome that is not proven (the connection lost
// after sending, a time-out, a cut body, a 5xx, DLW-0023) marks the key
// unknown: the caller gets HTTP 502 with [CodeStateUnknown], and nothing
// with that key is sent again until an operator resolves it (admin
// endpoints). A write whose key cannot be recorded is never sent: 503.
//
// # Reads
//
// rests, dishes, menutree and Currency are cached per sid, path and query
// (fresh for Options.CacheTTL, then served stale while one refresh runs),
// fetched once for concurrent misses, and every upstream call waits its
// turn in one token bucket per upstream shared through the store.
//
// docs/gateway.md is the operator's guide: modes, key rules, resolving
// unknown keys, the stores, the journal and its redaction, rolling out.
package gateway
