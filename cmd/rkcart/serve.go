package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/server"
	"github.com/rkcart/rkcart/webdelivery"
)

// objectFlags registers --menu, --restaurant and --menutree, each
// repeatable and paired by position: one object per --menu.
func objectFlags(fs *flag.FlagSet, menus, rests, trees *listFlag) {
	fs.Var(menus, "menu", "menu file (`dishes` response); repeat for several objects, each paired with the --restaurant at the same position; none: the embedded demo")
	fs.Var(rests, "restaurant", "restaurant file (`rests` response or one restaurant), paired with --menu by position; its id is the object id")
	fs.Var(trees, "menutree", "menutree file (categories), paired with --menu by position")
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// serve runs the HTTP sidecar until SIGINT or SIGTERM (in-flight requests
// finish, up to --shutdown-timeout); SIGHUP reloads the menu files.
func (e cliEnv) serve(args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var menus, rests, trees, syncObjects listFlag
	objectFlags(fs, &menus, &rests, &trees)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address HOST:PORT (port 0: any free port, printed on stderr)")
	minor := fs.Bool("minor-units", false, "restaurant amounts are minor units already")
	tz := fs.String("tz", engine.DefaultZone, "the restaurants' IANA time zone")
	profile := fs.String("profile", "restaurant", "default profile: restaurant or pos")
	lang := fs.String("lang", "en", "default language of messages: en or ru")
	maxInFlight := fs.Int("max-in-flight", 0, "requests computed at once (price, payload, reconcile, menu) before answering 503; a request takes its slot once its body has arrived (0: 64 per CPU)")
	maxHeavy := fs.Int("max-heavy", 1, "lint, diff and reload requests at once")
	bodyBudget := fs.Int64("body-budget", 256<<20, "bytes of request bodies being read at once")
	workBudget := fs.Int64("work-budget", 1<<30, "bytes of heap the requests being computed may take (each reserves a factor of its body: docs/sidecar.md)")
	bodyTimeout := fs.Duration("body-timeout", 5*time.Second, "a body must arrive within this plus one second per --min-body-rate bytes")
	minBodyRate := fs.Int64("min-body-rate", 256<<10, "bytes per second a body must keep up (see --body-timeout)")
	adminReload := fs.Bool("admin-reload", false, "enable POST /admin/reload and PUT /v1/availability (they change what every caller is told)")
	readTimeout := fs.Duration("read-timeout", 30*time.Second, "time to read a whole request (a body is bound by --body-timeout and --min-body-rate too)")
	writeTimeout := fs.Duration("write-timeout", 60*time.Second, "time to write an answer")
	idleTimeout := fs.Duration("idle-timeout", 120*time.Second, "keep-alive connection idle time")
	shutdownTimeout := fs.Duration("shutdown-timeout", 30*time.Second, "time in-flight requests get to finish on SIGTERM")
	objectsFlag := fs.String("objects", "", "a folder of objects, DIR/<objectid>/{dishes,rests[,menutree]}.json (as `menu pull` writes): each compiled on its first request, new folders picked up on reload")
	eager := fs.Bool("objects-eager", false, "with --objects: compile every object at start")
	maxObjectBytes := fs.Int64("max-object-bytes", 1<<30, "with --objects: memory the compiled objects may take (estimated from their files); the least recently used are dropped beyond it")
	syncURL := fs.String("sync", "", "WebDelivery base URL to sync menus from (instead of files), e.g. https://host/api/v1/")
	fs.Var(&syncObjects, "sync-object", "object id to sync (repeat for several); with --sync")
	syncCorp := fs.Int64("sync-corp", 0, "corporation id whose rests[] give the synced objects' restaurants")
	syncInterval := fs.Duration("sync-interval", webdelivery.DefaultSyncInterval, "sync interval")
	syncRPS := fs.Float64("sync-rps", 2, "requests a second to the --sync server, shared by every object (one token bucket); with more objects than interval × rps, refreshes come later than the interval")
	maxLoss := fs.Float64("sync-max-loss", webdelivery.DefaultMaxLoss, "largest share of an object's dishes one sync may remove before it is refused as suspicious (the menu in use stays)")
	acceptSuspicious := fs.Bool("sync-accept-suspicious", false, "load a synced menu with no dishes, or past --sync-max-loss, instead of refusing it")
	allowHTTP := fs.Bool("allow-http", false, "accept a plain http:// --sync URL to a host that is not loopback (the session id crosses the network in clear text)")
	logFormat := fs.String("log", "text", "access log format on stderr: text or json")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return e.fail("serve: unexpected argument %q", fs.Arg(0))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"--read-timeout", *readTimeout}, {"--write-timeout", *writeTimeout}, {"--idle-timeout", *idleTimeout},
		{"--shutdown-timeout", *shutdownTimeout}, {"--body-timeout", *bodyTimeout}, {"--sync-interval", *syncInterval}} {
		if d.v <= 0 {
			return e.fail("serve: %s must be positive, not %v (no time-out at all is not offered)", d.name, d.v)
		}
	}
	for _, n := range []struct {
		name   string
		v, min int64
	}{{"--max-in-flight", int64(*maxInFlight), 0}, {"--max-heavy", int64(*maxHeavy), 1}, {"--body-budget", *bodyBudget, 1},
		{"--work-budget", *workBudget, 1}, {"--min-body-rate", *minBodyRate, 1}} {
		if n.v < n.min {
			return e.fail("serve: %s must be at least %d, not %d", n.name, n.min, n.v)
		}
	}
	var handler slog.Handler = slog.NewTextHandler(e.stderr, nil)
	if *logFormat == "json" {
		handler = slog.NewJSONHandler(e.stderr, nil)
	} else if *logFormat != "text" {
		return e.fail("serve: --log must be text or json")
	}
	log := slog.New(handler)
	gc := server.TuneGC()
	opts, err := serveEngineOptions(*tz, *profile, *lang)
	if err != nil {
		return e.fail("%v", err)
	}
	files := menuFiles{env: e, menus: menus, rests: rests, trees: trees, minor: *minor}
	if err := files.check(); err != nil {
		return e.fail("serve: %v", err)
	}
	if *objectsFlag != "" && (len(menus) > 0 || *syncURL != "") {
		return e.fail("serve: --objects is a source of its own: no --menu files and no --sync with it")
	}
	if *eager && *objectsFlag == "" {
		return e.fail("serve: --objects-eager needs --objects")
	}
	if *maxObjectBytes < 1 {
		return e.fail("serve: --max-object-bytes must be at least 1")
	}
	so := server.Options{Engine: opts, MaxObjectBytes: *maxObjectBytes, MaxInFlight: *maxInFlight, MaxHeavy: *maxHeavy, BodyBudget: *bodyBudget, WorkBudget: *workBudget,
		BodyTimeout: *bodyTimeout, MinBodyRate: *minBodyRate, Logger: log, AdminReload: *adminReload}
	var ids []menu.ID
	switch {
	case *objectsFlag != "":
		so.Catalog = objectsDir{env: e, dir: *objectsFlag, minor: *minor}
	case *syncURL == "":
		so.Reload = files.load
	default:
		if len(menus) > 0 || len(syncObjects) == 0 {
			return e.fail("serve: --sync takes --sync-object ids and no --menu files")
		}
		if *adminReload {
			return e.fail("serve: --admin-reload reloads menu files, and --sync has none (a sync refreshes every --sync-interval)")
		}
		for _, v := range syncObjects {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return e.fail("serve: --sync-object %q is not an object id", v)
			}
			ids = append(ids, menu.ID(n))
		}
		so.Expect = ids
	}
	srv, err := server.New(so)
	if err != nil {
		return e.fail("%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	switch {
	case *eager:
		if err := srv.Preload(ctx); err != nil {
			return e.fail("serve: --objects: %v", err)
		}
	case *syncURL == "":
		if err := srv.Reload(ctx); err != nil { // files, or the catalog's first scan
			return e.fail("%v", err)
		}
	default:
		if err := startSync(ctx, srv, log, webdelivery.Options{BaseURL: *syncURL, SID: os.Getenv("RKCART_SID"), AllowHTTP: *allowHTTP, RequestsPerSecond: *syncRPS}, ids,
			webdelivery.SyncOptions{CorpID: *syncCorp, Interval: *syncInterval, MaxLoss: *maxLoss, AcceptSuspicious: *acceptSuspicious}, opts); err != nil {
			return e.fail("%v", err)
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.fail("serve: %v", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: *readTimeout,
		WriteTimeout: *writeTimeout, IdleTimeout: *idleTimeout, ErrorLog: slog.NewLogLogger(handler, slog.LevelWarn)}
	fmt.Fprintf(e.stderr, "rkcart: serving on http://%s\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "gogc", gc, "max_in_flight", *maxInFlight)

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-hup:
				if so.Reload != nil || so.Catalog != nil {
					_ = srv.Reload(ctx) // logged by the server; the menus in use stay on failure
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return e.runServer(ctx, "serve", hs, ln, *shutdownTimeout, log)
}

// runServer serves on ln until ctx ends (SIGINT or SIGTERM), then shuts
// down gracefully: no new connections, in-flight requests get timeout to
// finish. It returns the exit code.
func (e cliEnv) runServer(ctx context.Context, name string, hs *http.Server, ln net.Listener, timeout time.Duration, log *slog.Logger) int {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return e.fail("%s: %v", name, err)
	case <-ctx.Done():
	}
	log.Info("shutting down: in-flight requests finish", "timeout", timeout)
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return e.fail("%s: shutdown: %v", name, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return e.fail("%s: %v", name, err)
	}
	return exitOK
}

func serveEngineOptions(tz, profile, lang string) (engine.Options, error) {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return engine.Options{}, fmt.Errorf("--tz: %w", err)
	}
	p, err := engine.ParseProfile(profile)
	if err != nil {
		return engine.Options{}, fmt.Errorf("--profile: %w", err)
	}
	l, err := engine.ParseLang(lang)
	if err != nil {
		return engine.Options{}, fmt.Errorf("--lang: %w", err)
	}
	return engine.Options{Location: loc, Profile: p, Lang: l}, nil
}

// menuFiles loads the objects from --menu/--restaurant pairs (or the
// embedded demo), reading them again on every reload.
type menuFiles struct {
	env                 cliEnv
	menus, rests, trees []string
	minor               bool
}

func (f menuFiles) check() error {
	switch {
	case len(f.menus) == 0 && len(f.rests) > 0:
		return errors.New("--restaurant needs its --menu")
	case len(f.menus) > 1 && len(f.rests) != len(f.menus):
		return fmt.Errorf("%d menus need %d restaurants (their ids tell the objects apart), got %d", len(f.menus), len(f.menus), len(f.rests))
	case len(f.menus) == 1 && len(f.rests) > 1:
		return errors.New("one menu, several restaurants")
	case len(f.trees) > len(f.menus) || len(f.menus) == 0 && len(f.trees) > 0:
		return errors.New("each --menutree needs its --menu")
	}
	return nil
}

// objectDocs are one object's documents as read, with the paths they
// came from (for messages).
type objectDocs struct {
	menuPath, restPath, treePath string
	menu, rest, tree             []byte // rest and tree nil when not given
}

// read reads every object's files through their kinds' caps; with no
// --menu, the embedded demo.
func (f menuFiles) read() ([]objectDocs, error) {
	if len(f.menus) == 0 {
		return []objectDocs{{menuPath: "demo menu", restPath: "demo restaurant", menu: demo.Menu(), rest: demo.Restaurant()}}, nil
	}
	out := make([]objectDocs, len(f.menus))
	for i, mp := range f.menus {
		d := &out[i]
		var err error
		d.menuPath = mp
		if d.menu, err = f.env.read(mp, document.Menu); err != nil {
			return nil, err
		}
		if i < len(f.rests) {
			d.restPath = f.rests[i]
			if d.rest, err = f.env.read(d.restPath, document.Restaurant); err != nil {
				return nil, err
			}
		}
		if i < len(f.trees) {
			d.treePath = f.trees[i]
			if d.tree, err = f.env.read(d.treePath, document.MenuTree); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (f menuFiles) load(context.Context) ([]server.Object, error) {
	docs, err := f.read()
	if err != nil {
		return nil, err
	}
	out := make([]server.Object, 0, len(docs))
	for _, d := range docs {
		o, err := f.object(d)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func (f menuFiles) object(d objectDocs) (server.Object, error) {
	o, p := api.Load(api.Docs{Menu: d.menu, Restaurant: d.rest, Tree: d.tree}, api.LoadOptions{MinorUnits: f.minor})
	if p != nil {
		path := map[string]string{"/menu": d.menuPath, "/restaurant": d.restPath, "/menutree": d.treePath}[docOf(p.Pointer)]
		return server.Object{}, fmt.Errorf("%s: %w", path, p.Unwrap())
	}
	return o, nil
}

// docOf is the document a problem's pointer names (/menu, /restaurant or
// /menutree).
func docOf(pointer string) string {
	if i := strings.IndexByte(pointer[min(1, len(pointer)):], '/'); i >= 0 {
		return pointer[:i+1]
	}
	return pointer
}

// startSync keeps each object's menu current from WebDelivery through one
// scheduler, publishing every change to the server; /readyz says ready
// once all have loaded.
func startSync(ctx context.Context, srv *server.Server, log *slog.Logger, wo webdelivery.Options, ids []menu.ID, so webdelivery.SyncOptions, opts engine.Options) error {
	c, err := webdelivery.New(wo)
	if err != nil {
		return err
	}
	sch, err := webdelivery.NewScheduler(webdelivery.ScheduleOptions{Interval: so.Interval})
	if err != nil {
		return err
	}
	for _, id := range ids {
		e, err := engine.New(&menu.Menu{}, nil, opts)
		if err != nil {
			return err
		}
		so := so
		so.ObjectID = id
		so.OnUpdate = func(u webdelivery.Update) {
			switch {
			case u.Err != nil:
				srv.Failed(id, u.Err)
				log.Warn("sync failed; the last good menu stays", "object", id, "err", u.Err, "age", u.Age)
			default: // published on every good fetch, changed or not, so the menu age restarts
				err := srv.Publish(server.Object{ID: id, Menu: e.Menu(), Restaurant: e.Restaurant(), Version: u.Version, LoadedAt: u.At})
				if err != nil {
					srv.Failed(id, err)
					log.Error("sync: cannot publish", "object", id, "err", err)
				} else if u.Changed {
					log.Info("sync: new menu", "object", id, "version", u.Version, "changes", len(u.Changes))
				}
			}
		}
		sy, err := webdelivery.NewSyncer(c, e, so)
		if err != nil {
			return err
		}
		sch.Add(sy)
	}
	go func() { _ = sch.Run(ctx) }() // one scheduler: turns spread over the interval, one bucket, the corporation's rests once
	return nil
}
