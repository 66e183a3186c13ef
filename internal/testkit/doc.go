// Package testkit holds what the tests of several packages share: child
// processes that die with the test, and (see the objects issue) the demo
// engines and carts. It is imported by tests only.
package testkit
