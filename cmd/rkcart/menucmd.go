package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/webdelivery"
)

// menuCmd runs "menu diff" and "menu pull".
func (e cliEnv) menuCmd(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "diff":
			return e.menuDiff(args[1:])
		case "pull":
			return e.menuPull(args[1:])
		}
	}
	return e.fail("menu: usage: rkcart menu diff OLD NEW [--format json|text] [--cart C] | rkcart menu pull --base-url URL --object ID [--corp ID] [--lang L] [--dir D]")
}

type cartImpact struct {
	Path      string   `json:"path"`
	OldAmount int64    `json:"old_amount"`
	NewAmount int64    `json:"new_amount"`
	Added     []string `json:"new_violations"`
}

// menuDiff prints what changed from OLD to NEW: exit 0 when equal, 1 when
// different, 2 on unusable input. With --cart, it also says which of the
// cart's lines the change reprices or invalidates.
func (e cliEnv) menuDiff(args []string) int {
	fs := flag.NewFlagSet("menu diff", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "json", "json or text")
	cartPath := fs.String("cart", "", "a cart to price against both menus")
	var f engineFlags
	f.register(fs)
	var paths []string
	rest := args
	for first := true; first || len(rest) > 0; first = false { // positional OLD NEW may come before or after the flags
		if code, done := e.parse(fs, rest); done {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(paths) != 2 || (*format != "json" && *format != "text") {
		return e.fail("menu diff: want OLD and NEW menu files and --format json or text")
	}
	if *cartPath == "" { // the price flags act on --cart's pricing only: never ignored
		var stray []string
		fs.Visit(func(fl *flag.Flag) {
			if fl.Name != "format" {
				stray = append(stray, "--"+fl.Name)
			}
		})
		if len(stray) > 0 {
			return e.fail("menu diff: %s only apply to pricing a cart: give --cart too", strings.Join(stray, ", "))
		}
	}
	var menus [2]*menu.Menu
	for i, path := range paths {
		data, err := e.read(path, document.Menu)
		if err != nil {
			return e.fail("%v", err)
		}
		obj, p := api.Load(api.Docs{Menu: data}, api.LoadOptions{}) // the one loader
		if p != nil {
			return e.problem(path, p)
		}
		menus[i] = obj.Menu
	}
	d := api.DiffOf(menus[0], menus[1]) // the sidecar's operation
	changes := d.Changes
	out := struct {
		api.Diff
		Cart []cartImpact `json:"cart,omitempty"`
	}{Diff: d}
	if *cartPath != "" {
		impact, err := e.impact(&f, menus, *cartPath)
		if err != nil {
			return e.fail("%v", err)
		}
		out.Cart = impact
	}
	if *format == "text" {
		for _, c := range changes {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", c.Kind, c.Path, c.Message)
		}
		for _, c := range out.Cart {
			fmt.Fprintf(e.stdout, "cart\t%s\t%d → %d\t%v\n", c.Path, c.OldAmount, c.NewAmount, c.Added)
		}
	} else if err := writeJSON(e.stdout, out); err != nil {
		return e.fail("writing output: %v", err)
	}
	if !out.Equal {
		return exitProblems
	}
	return exitOK
}

// impact prices the cart against both menus (with the price flags) and
// lists the lines whose amount changes or that gain violations.
func (e cliEnv) impact(f *engineFlags, menus [2]*menu.Menu, cartPath string) ([]cartImpact, error) {
	data, err := e.read(cartPath, document.Cart)
	if err != nil {
		return nil, err
	}
	eng, err := f.engine(e)
	if err != nil {
		return nil, err
	}
	cart, err := f.decode(eng, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cartPath, err)
	}
	var res [2]engine.Result
	for i, m := range menus {
		if err := eng.Reload(m, eng.Restaurant()); err != nil {
			return nil, err
		}
		res[i] = eng.Price(cart)
	}
	out := []cartImpact{}
	for _, lc := range api.LineChanges(res[0], res[1], len(cart.Lines)) { // the sidecar's ?menu_version= comparison
		var added []string
		for _, v := range lc.Added {
			added = append(added, v.Code+" "+v.Path)
		}
		out = append(out, cartImpact{Path: lc.Path, OldAmount: int64(lc.Old), NewAmount: int64(lc.New), Added: added})
	}
	return out, nil
}

// menuPull fetches objects' documents into one folder per object,
// DIR/<objectid>/{dishes,menutree,rests}.json — the layout serve and
// fakepos read —: one object (--object), or every object of a corporation
// (--corp without --object), each rests.json holding its own restaurant.
// It creates the folders and prints every file it wrote on stdout. The
// session id comes from --sid or RKCART_SID and is never printed.
func (e cliEnv) menuPull(args []string) int {
	fs := flag.NewFlagSet("menu pull", flag.ContinueOnError)
	base := fs.String("base-url", "", "the WebDelivery base URL (…/api/v1/)")
	sid := fs.String("sid", "", "the session id (default: $RKCART_SID)")
	object := fs.Int64("object", 0, "the object (restaurant) id; without it, every object of --corp")
	corp := fs.Int64("corp", 0, "the corporation id: its rests give each object's restaurant (rests.json)")
	lang := fs.String("lang", "", "menu language (lang=)")
	dir := fs.String("dir", ".", "the folder to write DIR/<objectid>/ into (created when missing)")
	timeout := fs.Duration("timeout", 30*time.Second, "per request")
	allowHTTP := fs.Bool("allow-http", false, "accept a plain http:// base URL to a host that is not loopback (the session id crosses the network in clear text)")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if *base == "" || *object < 0 || *corp < 0 || (*object == 0 && *corp == 0) || fs.NArg() > 0 {
		return e.fail("menu pull: want --base-url and --object ID, --corp ID or both")
	}
	if *sid == "" {
		*sid = os.Getenv("RKCART_SID")
	}
	c, err := webdelivery.New(webdelivery.Options{BaseURL: *base, SID: *sid, Timeout: *timeout, AllowHTTP: *allowHTTP})
	if err != nil {
		return e.fail("%v", err)
	}
	ctx := context.Background()
	rests := map[menu.ID][]byte{}
	var ids []menu.ID
	if *corp > 0 {
		parts, _, err := c.Restaurants(ctx, *corp)
		if err != nil {
			return e.fail("rests: %v", err)
		}
		for _, p := range parts {
			if *object == 0 || p.ID == menu.ID(*object) {
				rests[p.ID] = menu.SingleRests(p.Raw)
				ids = append(ids, p.ID)
			}
		}
		if len(ids) == 0 {
			return e.fail("rests: corporation %d has no object %d", *corp, *object)
		}
	} else {
		ids = []menu.ID{menu.ID(*object)}
		fmt.Fprintf(e.stderr, "rkcart: no --corp: no rests.json is written, so the restaurant's rules (objectid, minimum check, delivery window and price) stay off until one is added\n")
	}
	for _, id := range ids {
		_, dishes, err := c.Dishes(ctx, id, *lang)
		if err != nil {
			return e.fail("object %d: dishes: %v", id, err)
		}
		_, tree, err := c.MenuTree(ctx, id, *lang)
		if err != nil {
			return e.fail("object %d: menutree: %v", id, err)
		}
		folder := filepath.Join(*dir, strconv.FormatInt(int64(id), 10))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return e.fail("%v", err)
		}
		for _, f := range []struct {
			name string
			data []byte
		}{{"dishes.json", dishes}, {"menutree.json", tree}, {"rests.json", rests[id]}} {
			if f.data == nil {
				continue
			}
			p := filepath.Join(folder, f.name)
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				return e.fail("%v", err)
			}
			fmt.Fprintf(e.stdout, "%s\t%d bytes\n", p, len(f.data))
		}
	}
	return exitOK
}
