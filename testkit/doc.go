// Package testkit holds what the tests of several packages share, as
// net/http/httptest does for handlers: child processes that die with the
// test (Command, Tool), the tests' clock, the demo and rules engines, the
// reference cart, the pickup builder and the code list (kit.go). It is
// imported by tests only; it sits above engine in the import graph, beside
// the transports, so that no import runs back down into it.
package testkit
