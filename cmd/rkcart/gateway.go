package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/rkcart/rkcart/gateway"
	"github.com/rkcart/rkcart/server"
)

// gatewayCmd runs `rkcart gateway` and `rkcart gateway report`.
func (e cliEnv) gatewayCmd(args []string) int {
	if len(args) > 0 && args[0] == "report" {
		return e.gatewayReport(args[1:])
	}
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	upstream := fs.String("upstream", "", "the WebDelivery base URL to forward to (required), e.g. https://pos:9000/api/v1/")
	addr := fs.String("addr", "127.0.0.1:8090", "listen address HOST:PORT (loopback by default; port 0: any free port, printed on stderr)")
	basePath := fs.String("base-path", "/api/v1/", "where the WebDelivery paths are served")
	modeFlag := fs.String("mode", "enforce", "enforce (refuse invalid carts without calling the POS), shadow (forward and compare) or pass (forward)")
	failFlag := fs.String("fail", "open", "a cart that cannot be judged (no menu): open (forward) or closed (503)")
	dataDir := fs.String("data-dir", "rkcart-gateway", "the embedded store (keys.log, gateway.db), the salt and the journal (unless --redis or --journal say otherwise)")
	redisURL := fs.String("redis", "", "share keys, cache and rate limit with other replicas through this Redis (redis://host:6379/0)")
	redisPrefix := fs.String("redis-prefix", "rkcart:gw:", "the prefix of every Redis key")
	journalFile := fs.String("journal", "", "the journal file (JSON lines; default DATA_DIR/journal.jsonl; off: none)")
	tokenFile := fs.String("admin-token-file", "", "a file holding the admin endpoints' bearer token (none: the admin endpoints are off)")
	deriveKeys := fs.Bool("derive-keys", false, "give a write without Idempotency-Key a key derived from its cart, object and phone")
	deriveWindow := fs.Duration("derive-window", 10*time.Minute, "how long a derived key holds")
	keyTTL := fs.Duration("key-ttl", 24*time.Hour, "how long a key's answer is kept and replayed")
	timeout := fs.Duration("timeout", 30*time.Second, "one upstream call's time limit")
	cacheTTL := fs.Duration("cache-ttl", 60*time.Second, "how long a cached read is fresh")
	staleTTL := fs.Duration("stale-ttl", 10*time.Minute, "how long after that it is served stale while refreshed")
	rate := fs.Float64("rate", 0, "upstream requests per second, shared by every replica (0: no limit; a test object may allow 5 a minute: 0.083)")
	burst := fs.Int("burst", 1, "upstream requests let through at once")
	allowHTTP := fs.Bool("allow-http", false, "accept a plain http:// upstream that is not loopback (the sid crosses the network in clear text)")
	tz := fs.String("tz", "Europe/Moscow", "the restaurants' IANA time zone")
	profile := fs.String("profile", "restaurant", "which violations block: restaurant (all) or pos (what the POS refuses)")
	lang := fs.String("lang", "en", "the refusals' language when the request's Accept-Language names none: en or ru")
	logFormat := fs.String("log", "text", "log format: text or json")
	shutdownTimeout := fs.Duration("shutdown-timeout", 40*time.Second, "how long in-flight requests get to finish on SIGTERM (longer than --timeout: a write in flight is finished)")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 0 {
		return e.fail("gateway: unexpected arguments %q", fs.Args())
	}
	if *upstream == "" {
		return e.fail("gateway: --upstream is required")
	}
	mode, err := gateway.ParseMode(*modeFlag)
	if err != nil {
		return e.fail("gateway: --mode: %v", err)
	}
	if *failFlag != "open" && *failFlag != "closed" {
		return e.fail("gateway: --fail must be open or closed, not %q", *failFlag)
	}
	if *burst < 1 || *rate < 0 {
		return e.fail("gateway: --burst must be at least 1 and --rate at least 0")
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"--derive-window", *deriveWindow}, {"--key-ttl", *keyTTL}, {"--timeout", *timeout}, {"--cache-ttl", *cacheTTL}, {"--stale-ttl", *staleTTL}, {"--shutdown-timeout", *shutdownTimeout}} {
		if d.v <= 0 {
			return e.fail("gateway: %s must be positive, not %v", d.name, d.v)
		}
	}
	opts, err := serveEngineOptions(*tz, *profile, *lang)
	if err != nil {
		return e.fail("gateway: %v", err)
	}
	var handler slog.Handler = slog.NewTextHandler(e.stderr, nil)
	if *logFormat == "json" {
		handler = slog.NewJSONHandler(e.stderr, nil)
	} else if *logFormat != "text" {
		return e.fail("gateway: --log must be text or json")
	}
	log := slog.New(handler)
	gc := server.TuneGC() // as serve: the live heap is menus and keys, small beside requests' garbage
	token := ""
	if *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			return e.fail("gateway: --admin-token-file: %v", err)
		}
		if token = strings.TrimSpace(string(b)); len(token) < 16 {
			return e.fail("gateway: --admin-token-file: the token must have at least 16 characters")
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	var store gateway.Store
	if *redisURL != "" {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		store, err = gateway.OpenRedis(sctx, *redisURL, *redisPrefix)
		cancel()
	} else {
		store, err = gateway.OpenBolt(*dataDir, nil)
	}
	if err != nil {
		return e.fail("gateway: %v", err)
	}
	defer store.Close()
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh)
	salt, err := store.Salt(ctx, fresh)
	if err != nil {
		return e.fail("gateway: the salt: %v", err)
	}
	o := gateway.Options{Upstream: *upstream, AllowHTTP: *allowHTTP, BasePath: *basePath, Mode: mode, FailClosed: *failFlag == "closed",
		Store: store, DeriveKeys: *deriveKeys, DeriveWindow: *deriveWindow, KeyTTL: *keyTTL, Timeout: *timeout, CacheTTL: *cacheTTL,
		StaleTTL: *staleTTL, Rate: *rate, Burst: *burst, Engine: opts, Salt: salt, AdminToken: token, Logger: log}
	if *journalFile != "off" {
		path := *journalFile
		if path == "" {
			if err := os.MkdirAll(*dataDir, 0o700); err != nil {
				return e.fail("gateway: %v", err)
			}
			path = filepath.Join(*dataDir, "journal.jsonl")
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return e.fail("gateway: --journal: %v", err)
		}
		defer f.Close()
		o.Journal = f
	}
	g, err := gateway.New(o)
	if err != nil {
		return e.fail("%v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.fail("gateway: %v", err)
	}
	hs := &http.Server{Handler: g, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
		// A write is answered after the upstream's: the write timeout
		// covers a rate-limit wait and one upstream call.
		WriteTimeout: 2**timeout + 10*time.Second, ErrorLog: slog.NewLogLogger(handler, slog.LevelWarn)}
	fmt.Fprintf(e.stderr, "rkcart: gateway on http://%s%s → %s (%s)\n", ln.Addr(), *basePath, *upstream, mode)
	log.Info("gateway", "addr", ln.Addr().String(), "upstream", *upstream, "mode", mode.String(), "redis", *redisURL != "", "gogc", gc)
	return e.runServer(ctx, "gateway", hs, ln, *shutdownTimeout, log)
}

// gatewayReport prints the agreement report of a journal.
func (e cliEnv) gatewayReport(args []string) int {
	fs := flag.NewFlagSet("gateway report", flag.ContinueOnError)
	cases := fs.String("cases", "", "write each disagreement as a replayable case (cart, POS answer, menu version) into this directory")
	format := fs.String("format", "text", "text or json")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return e.fail("gateway report: want one JOURNAL file (- for stdin)")
	}
	if *format != "text" && *format != "json" {
		return e.fail("gateway report: --format must be text or json")
	}
	in := e.stdin
	if fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return e.fail("gateway report: %v", err)
		}
		defer f.Close()
		in = f
	}
	rep, err := gateway.ReadReport(in)
	if err != nil {
		return e.fail("gateway report: %s: %v", fs.Arg(0), err)
	}
	if *cases != "" {
		if err := rep.WriteCases(*cases); err != nil {
			return e.fail("gateway report: --cases: %v", err)
		}
		fmt.Fprintf(e.stderr, "rkcart: %d cases written to %s\n", rep.Cases(), *cases)
	}
	if *format == "json" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		fmt.Fprintln(e.stdout, string(b))
	} else {
		rep.WriteText(e.stdout)
	}
	return exitOK
}
