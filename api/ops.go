package api

import (
	"encoding/json"
	"errors"
	"strconv"

	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
)

// Policy is the per-call policy both transports read as text (query,
// header, or a JavaScript options object); "" keeps the default.
type Policy struct {
	Profile, Lang, Now string
}

// Apply returns o with the policy's choices, and whether any differs from
// the default.
//
// It returns a bad-option problem for a profile, language or time it
// cannot read.
func (p Policy) Apply(o engine.Options) (engine.Options, bool, *Problem) {
	changed := false
	if p.Profile != "" {
		pr, err := engine.ParseProfile(p.Profile)
		if err != nil {
			return o, false, BadOption(err)
		}
		o.Profile, changed = pr, true
	}
	if p.Lang != "" {
		l, err := engine.ParseLang(p.Lang)
		if err != nil {
			return o, false, BadOption(err)
		}
		o.Lang, changed = l, true
	}
	if p.Now != "" {
		now, err := parseTime(p.Now)
		if err != nil {
			return o, false, BadOption(errors.New("now must be an RFC 3339 time, not " + strconv.Quote(p.Now)))
		}
		o.Now, changed = now, true
	}
	return o, changed, nil
}

// Engine returns e, or an engine of its own over e's menu and restaurant
// when the policy differs from e's.
//
// It returns the problems of Apply.
func (p Policy) Engine(e *engine.Engine) (*engine.Engine, *Problem) {
	o, changed, pr := p.Apply(e.Options())
	if pr != nil || !changed {
		return e, pr
	}
	ne, err := e.WithOptions(o) // e's availability too: a policy changes how, not what is available
	if err != nil {
		return nil, BadOption(err)
	}
	return ne, nil
}

// Call is the policy as one call's (engine.Call): e's own where the
// policy keeps the default. Pricing with it builds no engine.
//
// It returns the problems of Apply.
func (p Policy) Call(e *engine.Engine) (engine.Call, *Problem) {
	o, changed, pr := p.Apply(e.Options())
	if pr != nil {
		return engine.Call{}, pr
	}
	c := e.Call()
	if changed {
		c = engine.Call{Profile: o.Profile, Lang: o.Lang, Now: o.Now}
	}
	return c, nil
}

// Cart decodes a cart for e, for the object the request names outside
// its body (0: none; see engine.Cart.Object).
//
// It returns a document problem (pointer under member) for a body that is
// not a cart.
func Cart(e *engine.Engine, data []byte, object menu.ID, member string) (*engine.Cart, *Problem) {
	c, err := engine.DecodeCart(data, e.Options().MaxCartBytes)
	if err != nil {
		return nil, DocProblem(err, member)
	}
	c.Object = object
	return c, nil
}

// Price decodes and prices a cart (a fresh Result) for the object the
// request names (0: none).
//
// It returns a document problem for a body that is not a cart.
func Price(e *engine.Engine, cart []byte, object menu.ID) (engine.Result, *Problem) {
	c, p := Cart(e, cart, object, "")
	if p != nil {
		return engine.Result{}, p
	}
	return e.Price(c), nil
}

// Payload is an emitted request: where it goes and its body.
type Payload struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query"`
	URL    string `json:"url"`
	Body   []byte `json:"body"` // JSON, written as is (see MarshalJSON)
}

// Emit prices the cart and writes the request of the dialect
// ("savedeliveryorder", "calcorder", "postorder"); res is the priced
// result either way (nil when the cart could not be read).
//
// object is the object the request names outside the cart's body (0:
// none). It returns a not-found problem for an unknown dialect, a
// bad-option one for postorder's options on another dialect or out of
// their range, a document problem for a
// body that is not a cart, and a refused one (422, with the violations or
// the dialect's reason) when the writer refuses the cart.
func Emit(e *engine.Engine, dialect string, cart []byte, object menu.ID, o pos.EmitOptions) (Payload, *engine.Result, *Problem) {
	d, err := pos.ParseDialect(dialect)
	if err != nil {
		return Payload{}, nil, NotFound("Unknown dialect", err.Error())
	}
	c, p := Cart(e, cart, object, "")
	if p != nil {
		return Payload{}, nil, p
	}
	res := e.Price(c)
	req, err := pos.Emit(d, c, res, o)
	var refused *pos.RefusedError
	switch {
	case errors.As(err, &refused):
		detail := err.Error()
		if refused.Violations != nil {
			detail = strconv.Itoa(len(refused.Violations)) + " violations (force emits anyway)"
		}
		return Payload{}, &res, Refused(detail, refused.Violations, refused.Reason)
	case errors.Is(err, pos.ErrBadOption):
		return Payload{}, &res, BadOption(err)
	case err != nil:
		return Payload{}, &res, Internal(err)
	}
	return Payload{Method: req.Method, Path: req.Path, Query: req.Query, URL: req.URL(), Body: req.Body}, &res, nil
}

// Reconcile prices the cart (for the object the request names, 0: none)
// and reconciles the POS answer with it (baseCode: CalcOrder's base
// currency code; 0 means 1, roubles).
//
// It returns a document problem (pointer under /cart) for a cart that
// cannot be read, and a not-reconcilable problem (422, pointer under
// /response) for an answer of the wrong shape.
func Reconcile(e *engine.Engine, cart, answer []byte, baseCode int64, object menu.ID) (pos.Reconciliation, *Problem) {
	c, p := Cart(e, cart, object, "/cart")
	if p != nil {
		return pos.Reconciliation{}, p
	}
	res := e.Price(c)
	if baseCode == 0 {
		baseCode = 1
	}
	rec, err := pos.ReconcileAnswer(res, answer, pos.CalcOptions{BaseCode: baseCode})
	if err != nil {
		return pos.Reconciliation{}, NotReconcilable(err, "/response")
	}
	return rec, nil
}

// Lint is a menu's statistics and findings.
type Lint struct {
	Stats    menu.Stats    `json:"stats"`
	Findings menu.Findings `json:"findings"`
}

// LintMenu loads and lints a menu.
//
// It returns a document problem for a body that is not a menu.
func LintMenu(data []byte) (Lint, *Problem) {
	m, err := menu.Load(data, menu.Options{})
	if err != nil {
		return Lint{}, DocProblem(err, "")
	}
	f := menu.Lint(m)
	if f == nil {
		f = menu.Findings{}
	}
	return Lint{Stats: m.Stats(), Findings: f}, nil
}

// Diff is what changed between two menus.
type Diff struct {
	Equal   bool          `json:"equal"`
	Changes []menu.Change `json:"changes"`
}

// DiffMenus loads both menus and diffs them.
//
// It returns a document problem (pointer /old or /new) for either that is
// not a menu.
func DiffMenus(old, new []byte) (Diff, *Problem) {
	var menus [2]*menu.Menu
	for i, raw := range [2][]byte{old, new} {
		m, err := menu.Load(raw, menu.Options{})
		if err != nil {
			return Diff{}, DocProblem(err, [2]string{"/old", "/new"}[i])
		}
		menus[i] = m
	}
	return DiffOf(menus[0], menus[1]), nil
}

// DiffOf is what changed between two compiled menus (the changes are []
// when there are none).
func DiffOf(old, new *menu.Menu) Diff {
	ch := menu.Diff(old, new)
	if ch == nil {
		ch = []menu.Change{}
	}
	return Diff{Equal: len(ch) == 0, Changes: ch}
}

// MarshalJSON writes the body as JSON, not as base64.
func (p Payload) MarshalJSON() ([]byte, error) {
	type wire struct {
		Method string          `json:"method"`
		Path   string          `json:"path"`
		Query  string          `json:"query"`
		URL    string          `json:"url"`
		Body   json.RawMessage `json:"body"`
	}
	return json.Marshal(wire{p.Method, p.Path, p.Query, p.URL, p.Body})
}

// Repair decodes a cart for the object the request names (0: none) and
// repairs it (engine.Engine.Repair).
//
// It returns a document problem for a body that is not a cart.
func Repair(e *engine.Engine, cart []byte, object menu.ID) (engine.Repaired, *Problem) {
	r, err := e.Repair(cart, object)
	if err != nil {
		return engine.Repaired{}, DocProblem(err, "")
	}
	return r, nil
}
