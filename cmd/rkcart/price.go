package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/rkcart/rkcart/document"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
)

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
	fs.Int64Var(&f.object, "object", 0, "the object (restaurant id): picks the restaurant of a --restaurant file holding several, and is the object of a cart whose body has no objectid, as WebDelivery's ?objectId= names it (a body objectid that differs is wrong_object); 0: none")
}

func (f *engineFlags) engine(env cliEnv) (*engine.Engine, error) {
	m, err := loadMenu(f.menuPath)
	if err != nil {
		return nil, err
	}
	if f.object < 0 {
		return nil, fmt.Errorf("--object must be a positive object id, not %d", f.object)
	}
	ropts := menu.RestaurantOptions{MinorUnits: f.minor, ObjectID: menu.ID(f.object)}
	var rest *menu.Restaurant
	switch {
	case f.menuPath != "" && f.restPath == "":
		fmt.Fprintln(env.stderr, "rkcart: no --restaurant: the restaurant's rules are off (objectid, minimum check, delivery window, delivery price)")
	case f.menuPath == "" && f.restPath != "":
		fmt.Fprintln(env.stderr, "rkcart: no --menu: pricing against the embedded demo menu with this restaurant")
	}
	switch {
	case f.restPath != "":
		data, err := env.read(f.restPath, document.Restaurant)
		if err != nil {
			return nil, err
		}
		r, err := menu.LoadRestaurant(data, ropts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.restPath, err)
		}
		rest = &r
	case f.menuPath == "":
		r, err := menu.LoadRestaurant(demo.Restaurant(), ropts)
		if err != nil {
			return nil, fmt.Errorf("demo restaurant: %w", err)
		}
		rest = &r
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
	return engine.New(m, rest, opts)
}

func (e cliEnv) price(args []string) int {
	fs := flag.NewFlagSet("price", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f engineFlags
	f.register(fs)
	if code, done := e.parse(fs, args); done {
		return code
	}
	eng, err := f.engine(e)
	if err != nil {
		return e.fail("%v", err)
	}
	data, err := e.readInput(fs, document.Cart)
	if err != nil {
		return e.fail("%v", err)
	}
	c, err := f.decode(eng, data)
	var res engine.Result
	if err == nil {
		res = eng.Price(c)
	}
	if err != nil {
		var ie *document.Error
		if errors.As(err, &ie) && fs.NArg() > 0 && fs.Arg(0) != "-" {
			return e.fail("%s: %v", fs.Arg(0), err)
		}
		return e.fail("%v", err)
	}
	if err := writeJSON(e.stdout, res); err != nil {
		return e.fail("writing output: %v", err)
	}
	if !res.Valid {
		return exitProblems
	}
	return exitOK
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
