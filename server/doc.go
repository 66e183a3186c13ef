// Package server is rkcart's HTTP sidecar: the engine, the payload writer
// and reconciliation as JSON over HTTP, for backends not written in Go.
// `rkcart serve` runs it; a Go program can mount [Server] as an
// http.Handler.
//
// # Endpoints
//
// The contract is the OpenAPI 3.1 document served at GET /openapi.json
// (the file openapi.json beside this package, embedded); a test validates
// real responses of every endpoint against it.
//
//	POST /v1/price               a cart → the result object of `rkcart price`
//	POST /v1/payload/{dialect}   a cart → {method, path, query, url, body}
//	POST /v1/reconcile           {cart, response[, currency_code]} → a reconciliation
//	POST /v1/lint                a menu → {stats, findings}
//	POST /v1/diff                {old, new} (two menus) → {equal, changes}
//	GET  /v1/menu                the object's menu as a UI renders it
//	GET  /healthz, /readyz       liveness; readiness (every expected object loaded, each object's version, age and last error; ?object=ID for one)
//	GET  /metrics                Prometheus metrics
//	POST /admin/reload           reload the menus (only with Options.AdminReload)
//	PUT  /v1/availability        an object's stop lists and balances (only with Options.AdminReload)
//
// # Policy per request
//
// The query parameters profile (restaurant|pos), lang (en|ru), now (RFC
// 3339, for tests) and object (the restaurant id), or the headers
// Rkcart-Profile, Rkcart-Lang, Rkcart-Now and Rkcart-Object, override the
// server's defaults; the query wins over the header. With one object
// loaded, object may be left out. Every answer that used a menu carries
// Rkcart-Object and Rkcart-Menu-Version (a content hash of the files or
// of the synced documents).
//
// # Errors
//
// Every error is an application/problem+json object (RFC 9457) with type,
// title, status and detail, and, for a document that could not be read,
// kind, pointer, line, column and limit; a refused payload carries the
// cart's violations. Status codes: 400 an unreadable document or bad
// option, 404 an unknown object or route, 413 a body over its kind's cap,
// 405 another method (with Allow), 422 a cart the payload writer refuses or a POS answer that cannot be
// reconciled, 503 overloaded (with Retry-After) or not ready. An invalid
// cart is not an error: /v1/price answers 200 with valid false, as the CLI
// exits 1 with the same object.
//
// # Limits and behaviour under load
//
// Bodies are capped per endpoint (a cart 8 MiB, a menu 64 MiB, a diff
// 32 MiB for both menus, a reconcile request 16 MiB): a declared length
// over the cap is 413 before the body is read, and after a 413 the server
// lingers, discarding what the client still sends (Options.LingerTime,
// LingerBytes) so that it reads the answer. A body must arrive within
// Options.BodyTimeout plus one second per MinBodyRate bytes (408
// otherwise). A request holds a pricing slot (MaxInFlight) only once its
// body has arrived; lint, diff and reload hold one of MaxHeavy slots from
// before their body. Bodies being read reserve their size from
// BodyBudget, requests being computed their endpoint's work factor
// (CartWork, LintWork, DiffWork) times their body from WorkBudget, so the
// heap stays within menus + BodyBudget + WorkBudget. Every limit answers
// 503 (with Retry-After) at once rather than queueing. Health, readiness
// and metrics are never shed. Query parameters an endpoint does not take,
// or takes once, are refused (400 bad-option), never ignored.
//
// # State
//
// The server keeps no state but its menus: any replica answers any
// request, so one outgrows a machine by running replicas behind a load
// balancer, each loading (or syncing) its own menus. Menus are swapped
// atomically ([Server.Set], [Server.Publish], [Server.Reload]): a request
// in flight finishes on the menu it started with.
package server
