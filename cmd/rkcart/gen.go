package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"time"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/fuzz"
)

// genLine is one line of rkcart gen's JSON Lines output.
type genLine struct {
	Cart   json.RawMessage `json:"cart"`
	Expect genExpect       `json:"expect"`
	Rule   string          `json:"rule"`
	Seed   int64           `json:"seed"`
	// Now is the clock expect was computed at (RFC 3339): a consumer
	// passes it on (?now= to the sidecar, --now to the CLI), or delivery
	// times that were ahead of it read as past later in the day.
	Now string `json:"now"`
}

type genExpect struct {
	Valid         bool           `json:"valid"`
	Subtotal      int64          `json:"subtotal"`
	DeliveryPrice int64          `json:"delivery_price"`
	Total         int64          `json:"total"`
	Violations    []genViolation `json:"violations"`
}

type genViolation struct {
	Code string `json:"code"`
	Path string `json:"path"`
}

// gen writes --n carts as JSON Lines: valid ones and, a fraction --invalid
// of them, carts that break exactly one rule, spread evenly over the rules
// the menu can produce (or --rules), each with the engine's verdict for the
// cart as written. The seed (random unless --seed) and the clock (--now, or
// the start of today in --tz) are printed on stderr, with the rules the
// menu cannot produce and why (a rule named in --rules that the menu
// cannot produce is refused); every row carries the clock as "now". The
// same menu, flags, seed and clock give byte-identical output.
func (e cliEnv) gen(args []string) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f engineFlags
	f.register(fs)
	n := fs.Int("n", 100, "how many carts")
	invalid := fs.Float64("invalid", 0.5, "the fraction of carts that break one rule")
	seedFlag := fs.Int64("seed", 0, "the random seed (0: a random one, printed on stderr)")
	rulesFlag := fs.String("rules", "", "comma-separated violation codes to break (default: every code the menu can produce)")
	fractional := fs.Bool("fractional", false, "allow fractional line quantities (and generate them)")
	fs.Lookup("now").Usage = "the clock the carts are made and priced at, RFC 3339 (default: the start of today in --tz, so a run holds for the day); every row carries it as \"now\""
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() > 0 || *n < 0 || !(*invalid >= 0 && *invalid <= 1) { // NaN fails both comparisons
		return e.fail("gen: want --n ≥ 0, --invalid in [0, 1] (not %v) and no arguments", *invalid)
	}
	loc, err := time.LoadLocation(f.tz)
	if err != nil {
		return e.fail("--tz: %v", err)
	}
	now := time.Now().In(loc)
	now = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	if f.now == "" {
		f.now = now.Format(time.RFC3339) // a clock that holds for the day
	}
	eng, err := f.engine(e)
	if err != nil {
		return e.fail("%v", err)
	}
	opts := eng.Options()
	if *fractional {
		opts.Fractional = true
		if eng, err = eng.WithOptions(opts); err != nil { // --availability holds for it too
			return e.fail("%v", err)
		}
	}
	clock, _ := time.Parse(time.RFC3339, f.now)
	seed := *seedFlag
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	fmt.Fprintf(e.stderr, "rkcart gen: seed %d, now %s\n", seed, clock.Format(time.RFC3339))
	// The availability (--availability) shapes the carts too: valid ones
	// avoid what is stopped and keep balances, and the stopped and
	// out_of_stock rules break them.
	g := fuzz.NewGenerator(eng.Menu(), fuzz.CartParams{Restaurant: eng.Restaurant(), Location: loc, Now: clock, Fractional: opts.Fractional,
		Availability: eng.Availability()})
	rng := rand.New(rand.NewSource(seed))
	rules := g.Rules()
	if *rulesFlag != "" {
		rules = strings.Split(*rulesFlag, ",")
		for _, r := range rules {
			if !slices.Contains(g.Rules(), r) {
				return e.fail("gen: unknown rule %q (want violation codes: %s)", r, strings.Join(g.Rules(), ", "))
			}
		}
	}
	rules, missing := g.Producible(rand.New(rand.NewSource(seed)), rules, 200)
	for _, code := range slices.Sorted(maps.Keys(missing)) {
		if *rulesFlag != "" { // asked for by name: refused, not silently valid carts
			return e.fail("gen: --rules %s: this menu cannot produce it: %s", code, missing[code])
		}
		fmt.Fprintf(e.stderr, "rkcart gen: cannot produce %s: %s\n", code, missing[code])
	}
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	enc := json.NewEncoder(w)
	counts := map[string]int{}
	for i := range *n {
		cartSeed := rng.Int63()
		r := rand.New(rand.NewSource(cartSeed))
		rule := "valid"
		if len(rules) > 0 && r.Float64() < *invalid {
			rule = rules[i%len(rules)]
		}
		line, ok := genOne(eng, g, r, rule)
		if !ok {
			continue
		}
		line.Seed, line.Now = cartSeed, clock.Format(time.RFC3339)
		counts[line.Rule]++
		if err := enc.Encode(line); err != nil {
			return e.fail("writing output: %v", err)
		}
	}
	if err := w.Flush(); err != nil {
		return e.fail("writing output: %v", err)
	}
	written := 0
	for _, k := range counts {
		written += k
	}
	if *n > 0 && written == 0 { // --n honoured or refused: not an empty success
		return e.fail("gen: no cart could be made: the menu (with its availability) offers no orderable dish")
	}
	if written < *n {
		fmt.Fprintf(e.stderr, "rkcart gen: %d of %d carts made (the others found no cart for their rule)\n", written, *n)
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	fmt.Fprintf(e.stderr, "rkcart gen: %s\n", strings.Join(parts, ", "))
	return exitOK
}

// genOne makes one cart for rule ("valid" or a code) and prices it as
// written, so the expectation is the engine's for exactly those bytes.
func genOne(eng *engine.Engine, g *fuzz.Generator, r *rand.Rand, rule string) (genLine, bool) {
	var c *engine.Cart
	if rule == "valid" {
		var ok bool
		if c, ok = g.Valid(r); !ok {
			return genLine{}, false
		}
	} else {
		mu, ok := g.Break(r, rule, 50)
		if !ok {
			return genLine{}, false
		}
		c = mu.Cart
	}
	body := fuzz.CartJSON(c)
	res, err := eng.PriceJSON(body)
	if err != nil {
		return genLine{}, false // cannot happen: CartJSON writes a cart
	}
	ex := genExpect{Valid: res.Valid, Subtotal: int64(res.Subtotal), DeliveryPrice: int64(res.DeliveryPrice), Total: int64(res.Total),
		Violations: []genViolation{}}
	for _, v := range res.Violations {
		ex.Violations = append(ex.Violations, genViolation{v.Code, v.Path})
	}
	return genLine{Cart: body, Expect: ex, Rule: rule}, true
}
