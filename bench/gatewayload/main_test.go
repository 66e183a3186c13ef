package main

import (
	"bytes"
	"testing"
)

// A short run in CI: the same checks as the command's.
func TestGatewayUnderFaults(t *testing.T) {
	var out bytes.Buffer
	r, err := run(config{orders: 400, clients: 8, fault: 0.03, latency: 100, dir: t.TempDir()}, &out)
	t.Log(out.String())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.check(); err != nil {
		t.Fatal(err)
	}
	if r.Unknown == 0 || r.Locally == 0 || r.Answered == 0 {
		t.Fatalf("a run that exercised nothing: %+v", r)
	}
}
