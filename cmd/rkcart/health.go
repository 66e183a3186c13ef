package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"
)

// health GETs a URL (the sidecar's or the gateway's /healthz) and exits 0
// for a 2xx answer, 1 otherwise: a container's health check that needs no
// shell and no curl.
func (e cliEnv) health(args []string) int {
	fs := flag.NewFlagSet("health", flag.ContinueOnError)
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 || *timeout <= 0 {
		return e.fail("health: want one URL and a positive --timeout")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fs.Arg(0), nil)
	if err != nil {
		return e.fail("health: %v", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(e.stderr, "rkcart: health: %v\n", err)
		return exitProblems
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		fmt.Fprintf(e.stderr, "rkcart: health: %s answered %s\n", fs.Arg(0), resp.Status)
		return exitProblems
	}
	fmt.Fprintf(e.stdout, "ok %s\n", resp.Status)
	return exitOK
}
