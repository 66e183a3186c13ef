package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

// inputPath is the cart's file as named, "" for stdin.
func inputPath(fs *flag.FlagSet) string {
	if fs.NArg() > 0 && fs.Arg(0) != "-" {
		return fs.Arg(0)
	}
	return ""
}

// problem reports an operation's problem as the CLI does: on stderr,
// prefixed by the file it is about (path, "" for none), exit 1 for a
// refusal and 2 for anything else (a document or option that cannot be
// used).
func (e cliEnv) problem(path string, p *api.Problem) int {
	msg := p.Detail
	if cause := p.Unwrap(); cause != nil {
		msg = cause.Error()
	}
	if path != "" {
		msg = path + ": " + msg
	}
	fmt.Fprintf(e.stderr, "rkcart: %s\n", msg)
	if p.Type == api.TypeRefused {
		return exitProblems
	}
	return exitUnusable
}

// decode decodes a cart for the object --object names (0: none).
func (f *engineFlags) decode(eng *engine.Engine, data []byte) (*engine.Cart, error) {
	c, err := engine.DecodeCart(data, eng.Options().MaxCartBytes)
	if err != nil {
		return nil, err
	}
	c.Object = menu.ID(f.object)
	return c, nil
}

// engineFlags are the flags price (and the commands built on it) share.
type engineFlags struct {
	menuPath, restPath, now, tz, profile, lang string
	restDoc                                    []byte // the restaurant document engine read
	availPath                                  string
	minor                                      bool
	object                                     int64
}

func (f *engineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.menuPath, "menu", "", "menu file (`dishes` response); default: embedded demo menu")
	fs.StringVar(&f.restPath, "restaurant", "", "restaurant file (`rests` response or one restaurant); default: the demo restaurant when --menu is not given either")
	fs.BoolVar(&f.minor, "minor-units", false, "restaurant amounts are minor units already (default: major units, ×100)")
	fs.StringVar(&f.now, "now", "", "the current time, RFC 3339 (default: the system clock)")
	fs.StringVar(&f.tz, "tz", engine.DefaultZone, "the restaurant's IANA time zone")
	fs.StringVar(&f.lang, "lang", "en", "language of violation messages: en or ru")
	fs.StringVar(&f.profile, "profile", "restaurant", "restaurant (every menu rule blocks) or pos (rules the POS is known to accept are warnings)")
	fs.StringVar(&f.availPath, "availability", "", "an availability document (stop lists and balances, docs/contract.md); default: everything available, no balances")
	fs.Int64Var(&f.object, "object", 0, "the object (restaurant id): picks the restaurant of a --restaurant file holding several, and is the object of a cart whose body has no objectid, as WebDelivery's ?objectId= names it (a body objectid that differs is wrong_object); 0: none")
}

func (f *engineFlags) engine(env cliEnv) (*engine.Engine, error) {
	if f.object < 0 {
		return nil, fmt.Errorf("--object must be a positive object id, not %d", f.object)
	}
	// The documents, then the one loader every door uses (api.Load).
	docs := api.Docs{Menu: demo.Menu()}
	paths := map[string]string{"/menu": "demo menu", "/restaurant": "demo restaurant"}
	var err error
	if f.menuPath != "" {
		if docs.Menu, err = env.read(f.menuPath, document.Menu); err != nil {
			return nil, err
		}
		paths["/menu"] = f.menuPath
	}
	switch {
	case f.restPath != "":
		if docs.Restaurant, err = env.read(f.restPath, document.Restaurant); err != nil {
			return nil, err
		}
		paths["/restaurant"] = f.restPath
	case f.menuPath == "":
		docs.Restaurant = demo.Restaurant()
	}
	obj, p := api.Load(docs, api.LoadOptions{MinorUnits: f.minor, ObjectID: menu.ID(f.object)})
	if p != nil {
		return nil, fmt.Errorf("%s: %w", paths[docOf(p.Pointer)], p.Unwrap())
	}
	f.restDoc = docs.Restaurant
	switch {
	case f.menuPath != "" && f.restPath == "":
		fmt.Fprintln(env.stderr, "rkcart: no --restaurant: the restaurant's rules are off (objectid, minimum check, delivery window, delivery price)")
	case f.menuPath == "" && f.restPath != "":
		fmt.Fprintln(env.stderr, "rkcart: no --menu: pricing against the embedded demo menu with this restaurant")
	}
	loc, err := time.LoadLocation(f.tz)
	if err != nil {
		return nil, fmt.Errorf("--tz: %w", err)
	}
	profile, err := engine.ParseProfile(f.profile)
	if err != nil {
		return nil, fmt.Errorf("--profile: %w", err)
	}
	lang, err := engine.ParseLang(f.lang)
	if err != nil {
		return nil, fmt.Errorf("--lang: %w", err)
	}
	opts := engine.Options{Location: loc, Profile: profile, Lang: lang}
	if f.now != "" {
		now, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return nil, fmt.Errorf("--now: %w", err)
		}
		opts.Now = func() time.Time { return now }
	}
	e, err := engine.New(obj.Menu, obj.Restaurant, opts)
	if err != nil {
		return nil, err
	}
	if f.availPath != "" {
		data, err := env.read(f.availPath, document.Availability)
		if err != nil {
			return nil, err
		}
		a, err := engine.DecodeAvailability(data, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.availPath, err)
		}
		e.SetAvailability(a)
	}
	return e, nil
}

func (e cliEnv) price(args []string) int {
	fs := flag.NewFlagSet("price", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f engineFlags
	f.register(fs)
	sincePath := fs.String("since", "", "the menu the guest saw (a `dishes` response): the answer's since lists what changed for this cart from it to --menu")
	if code, done := e.parse(fs, args); done {
		return code
	}
	eng, data, code, ok := e.engineAndCart(&f, fs)
	if !ok {
		return code
	}
	res, p := api.Price(eng, data, menu.ID(f.object)) // the sidecar's operation
	if p != nil {
		return e.problem(inputPath(fs), p)
	}
	var out any = res
	if *sincePath != "" {
		since, err := e.since(&f, eng, *sincePath, data, res)
		if err != nil {
			return e.fail("%v", err)
		}
		out = api.PricedSince{Result: res, Since: since}
	}
	if err := writeJSON(e.stdout, out); err != nil {
		return e.fail("writing output: %v", err)
	}
	if !res.Valid {
		return exitProblems
	}
	return exitOK
}

// since prices the cart against the menu in path (with the restaurant
// and the policy of eng, without its availability) and says what changed
// for it from there to res — the sidecar's ?menu_version=.
func (e cliEnv) since(f *engineFlags, eng *engine.Engine, path string, cart []byte, res engine.Result) (api.Since, error) {
	data, err := e.read(path, document.Menu)
	if err != nil {
		return api.Since{}, err
	}
	old, p := api.Load(api.Docs{Menu: data, Restaurant: f.restDoc}, api.LoadOptions{MinorUnits: f.minor, ObjectID: menu.ID(f.object)})
	if p != nil {
		return api.Since{}, fmt.Errorf("--since %s: %w", path, p.Unwrap())
	}
	oe, err := engine.New(old.Menu, eng.Restaurant(), eng.Options())
	if err != nil {
		return api.Since{}, err
	}
	c, err := f.decode(oe, cart)
	if err != nil {
		return api.Since{}, err
	}
	return api.SinceOf(old.Version, oe.Price(c), res, len(c.Lines)), nil
}

// engineAndCart builds the engine of the price flags and reads the cart
// operand, for the commands that take both; ok false: exit with code.
func (e cliEnv) engineAndCart(f *engineFlags, fs *flag.FlagSet) (*engine.Engine, []byte, int, bool) {
	eng, err := f.engine(e)
	if err != nil {
		return nil, nil, e.fail("%v", err), false
	}
	data, err := e.readInput(fs, document.Cart)
	if err != nil {
		return nil, nil, e.fail("%v", err), false
	}
	return eng, data, 0, true
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// repair prints the nearest valid cart, the changes and what is left:
// exit 0 when nothing is left, 1 otherwise.
func (e cliEnv) repair(args []string) int {
	fs := flag.NewFlagSet("repair", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f engineFlags
	f.register(fs)
	if code, done := e.parse(fs, args); done {
		return code
	}
	eng, data, code, ok := e.engineAndCart(&f, fs)
	if !ok {
		return code
	}
	rep, p := api.Repair(eng, data, menu.ID(f.object)) // the sidecar's operation
	if p != nil {
		return e.problem(inputPath(fs), p)
	}
	if err := writeJSON(e.stdout, rep); err != nil {
		return e.fail("writing output: %v", err)
	}
	if len(rep.Left) > 0 {
		return exitProblems
	}
	return exitOK
}
