package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/fakepos"
)

// fakeposCmd runs the fake POS until SIGINT or SIGTERM.
func (e cliEnv) fakeposCmd(args []string) int {
	fs := flag.NewFlagSet("fakepos", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var menus, rests, trees, currencies listFlag
	objectFlags(fs, &menus, &rests, &trees)
	addr := fs.String("addr", "127.0.0.1:8090", "listen address HOST:PORT (port 0: any free port, printed on stderr)")
	mode := fs.String("mode", "strict", "strict (a cart with errors is refused) or lax (what the POS is known to accept)")
	base := fs.String("base-path", "/api/v1/", "the WebDelivery base path")
	clockFlag := fs.String("clock", "real", "real, fixed:RFC3339 (a stopped clock) or scaled:N (N times faster than real, from now)")
	seed := fs.Uint64("seed", 1, "seed of visit ids, guids, request ids and probabilistic faults")
	maxOrders := fs.Int("max-orders", 100_000, "orders kept; the oldest beyond it are forgotten (at least 1)")
	maxBytes := fs.Int64("max-bytes", 256<<20, "memory the orders may take, by an estimate (their carts plus 1 KiB and 128 bytes per dish line each); the oldest beyond it are forgotten")
	faultsPath := fs.String("faults", "", "JSON file with a list of faults in force from the start (see docs/fakepos.md)")
	fs.Var(&currencies, "currency", "a currency Payments are priced in, ID:CODE:NAME:RATE (RATE: thousandths of its minor unit per kopeck; 1000 for roubles); repeat for several; none: Rubles")
	objectsFlag := fs.String("objects", "", "a folder of objects, DIR/<objectid>/{dishes,rests[,menutree]}.json (as `menu pull` writes), all served")
	timeline := fs.String("timeline", "", "the delivery states every order follows, e.g. 1m:1,10m:2,40m:3,70m:4")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return e.fail("fakepos: unexpected argument %q", fs.Arg(0))
	}
	if *maxOrders < 1 || *maxBytes < 1 {
		return e.fail("fakepos: --max-orders and --max-bytes must be at least 1 (0 would keep nothing, not everything)")
	}
	m, err := fakepos.ParseMode(*mode)
	if err != nil {
		return e.fail("%v", err)
	}
	now, err := parseClock(*clockFlag, time.Now)
	if err != nil {
		return e.fail("fakepos: --clock: %v", err)
	}
	steps, err := parseTimeline(*timeline)
	if err != nil {
		return e.fail("fakepos: --timeline: %v", err)
	}
	var objs []fakepos.Object
	if *objectsFlag != "" {
		if len(menus) > 0 {
			return e.fail("fakepos: --objects or --menu files, not both")
		}
		d := objectsDir{env: e, dir: *objectsFlag}
		ids, err := d.Scan(context.Background())
		if err != nil {
			return e.fail("fakepos: --objects: %v", err)
		}
		for _, id := range slices.Sorted(maps.Keys(ids)) {
			docs, err := d.docs(id)
			if err != nil {
				return e.fail("fakepos: --objects: %v", err)
			}
			objs = append(objs, fakepos.Object{Menu: docs.Menu, Restaurant: docs.Restaurant, Tree: docs.Tree})
		}
		if len(objs) == 0 {
			return e.fail("fakepos: --objects %s holds no object folder", *objectsFlag)
		}
	}
	cfg := fakepos.Config{Mode: m, BasePath: *base, Now: now, Seed: *seed, MaxOrders: *maxOrders, MaxBytes: *maxBytes, Timeline: steps}
	for _, c := range currencies {
		cur, err := parseCurrency(c)
		if err != nil {
			return e.fail("fakepos: --currency: %v", err)
		}
		cfg.Currencies = append(cfg.Currencies, cur)
	}
	if *faultsPath != "" {
		data, err := e.read(*faultsPath, document.Request)
		if err != nil {
			return e.fail("%v", err)
		}
		if err := json.Unmarshal(data, &cfg.Faults); err != nil {
			return e.fail("fakepos: %s: %v", *faultsPath, err)
		}
	}
	files := menuFiles{env: e, menus: menus, rests: rests, trees: trees}
	if err := files.check(); err != nil {
		return e.fail("fakepos: %v", err)
	}
	if len(menus) > 0 && len(rests) != len(menus) {
		return e.fail("fakepos: every --menu needs its --restaurant (the fake serves them in rests)")
	}
	if len(menus) > 0 { // none: the fake serves its embedded demo
		docs, err := files.read()
		if err != nil {
			return e.fail("%v", err)
		}
		for _, d := range docs {
			cfg.Objects = append(cfg.Objects, fakepos.Object{Menu: d.menu, Restaurant: d.rest, Tree: d.tree})
		}
	}
	cfg.Objects = append(cfg.Objects, objs...)
	fake, err := fakepos.New(cfg)
	if err != nil {
		return e.fail("%v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.fail("fakepos: %v", err)
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	hs := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	fmt.Fprintf(e.stderr, "rkcart: fake POS on http://%s%s (mode %s; control at /_fakepos/)\n", ln.Addr(), cfg.BasePath, *mode)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return e.runServer(ctx, "fakepos", hs, ln, 10*time.Second, log)
}

// parseClock reads real, fixed:RFC3339 or scaled:N.
func parseClock(s string, real func() time.Time) (func() time.Time, error) {
	switch {
	case s == "real":
		return real, nil
	case strings.HasPrefix(s, "fixed:"):
		t, err := time.Parse(time.RFC3339, strings.TrimPrefix(s, "fixed:"))
		if err != nil {
			return nil, err
		}
		return func() time.Time { return t }, nil
	case strings.HasPrefix(s, "scaled:"):
		n, err := strconv.ParseInt(strings.TrimPrefix(s, "scaled:"), 10, 64)
		if err != nil || n < 1 || n > 10_000 {
			return nil, fmt.Errorf("scaled:N wants N from 1 to 10000, not %q", strings.TrimPrefix(s, "scaled:"))
		}
		start := real()
		return func() time.Time { return start.Add(time.Duration(n) * real().Sub(start)) }, nil
	}
	return nil, fmt.Errorf("want real, fixed:RFC3339 or scaled:N, not %q", s)
}

// parseTimeline reads "1m:1,10m:2" into steps.
func parseTimeline(s string) ([]fakepos.Step, error) {
	if s == "" {
		return nil, nil
	}
	var out []fakepos.Step
	for _, part := range strings.Split(s, ",") {
		after, state, ok := strings.Cut(strings.TrimSpace(part), ":")
		d, err := time.ParseDuration(after)
		n, err2 := strconv.Atoi(state)
		if !ok || err != nil || err2 != nil || n < 0 || n > 8 {
			return nil, fmt.Errorf("want DURATION:STATE (state 0–8), not %q", part)
		}
		st := fakepos.Step{After: d, State: n}
		if err := st.Check(); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// parseCurrency reads ID:CODE:NAME:RATE.
func parseCurrency(s string) (fakepos.Currency, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 4 {
		return fakepos.Currency{}, fmt.Errorf("want ID:CODE:NAME:RATE, not %q", s)
	}
	var n [3]int64
	for i, p := range []string{parts[0], parts[1], parts[3]} {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v <= 0 {
			return fakepos.Currency{}, fmt.Errorf("want positive integers for ID, CODE and RATE in %q", s)
		}
		n[i] = v
	}
	return fakepos.Currency{ID: n[0], Code: n[1], Name: parts[2], Rate: n[2]}, nil
}
