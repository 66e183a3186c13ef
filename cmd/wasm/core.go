package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/internal/tzdb"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/pos"
)

// options is every call's options object; each call reads what applies
// to it.
type options struct {
	TZ           string `json:"tz"`
	Profile      string `json:"profile"`
	Lang         string `json:"lang"`
	Now          string `json:"now"`
	MinorUnits   bool   `json:"minor_units"`
	Indent       bool   `json:"indent"` // json as the CLI writes it: indented, with a final newline
	Force        bool   `json:"force"`
	OrderNumber  *int   `json:"order_number"`
	PayOnline    *bool  `json:"pay_online"`
	CurrencyCode int64  `json:"currency_code"`
	// Object is the object the request names outside the cart's body
	// (WebDelivery's ?objectId=; engine.Cart.Object); 0: none.
	Object   menu.ID `json:"object"`
	Menutree []byte  `json:"-"`
	// MenuVersion (price): the version of the menu the guest saw; the
	// answer's since lists what changed for the cart from it.
	MenuVersion string `json:"menu_version"`
}

// decodeOptions reads an options object strictly: every member known and
// of its type.
func decodeOptions(data []byte, o *options) *api.Problem {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(o); err != nil {
		return api.BadOption(fmt.Errorf("options: %w", err))
	}
	return nil
}

// answer is what every call returns.
type answer struct {
	OK      bool   `json:"ok"`
	JSON    string `json:"json,omitempty"`
	Body    string `json:"body,omitempty"`    // emit: the request body alone, as `rkcart payload` writes it
	Problem string `json:"problem,omitempty"` // the problem object's JSON
}

func fail(p *api.Problem) answer {
	data, err := json.Marshal(p)
	if err != nil {
		data = []byte(`{"type":"` + api.ProblemBase + `internal","title":"Internal error","status":500}`)
	}
	return answer{Problem: string(data)}
}

func value(v any, indent bool) answer {
	data, err := json.Marshal(v)
	if err != nil {
		return fail(api.Internal(err))
	}
	return text(data, indent)
}

// text is an answer of JSON bytes; indented as the CLI's encoder writes
// (two spaces, a final newline).
func text(data []byte, indent bool) answer {
	if !indent {
		return answer{OK: true, JSON: string(data)}
	}
	var b bytes.Buffer
	if err := json.Indent(&b, data, "", "  "); err != nil {
		return fail(api.Internal(err))
	}
	b.WriteByte('\n')
	return answer{OK: true, JSON: b.String()}
}

// object is a loaded menu and restaurant.
type object struct {
	eng *engine.Engine
	src api.Object
}

// session holds the loaded objects by handle. The js entry keeps one for
// the page's life; the wasip1 entry one per request.
type session struct {
	objs    map[int]*object
	next    int
	retired api.Kept[*object] // released objects, for menu_version
	now     func() time.Time
	res     engine.Result // price's, reused
	out     []byte        // price's answer, reused
}

// Released objects are kept for price's menu_version for menuGrace, at
// most maxRetired per object: each holds its compiled menu.
const (
	menuGrace  = 15 * time.Minute
	maxRetired = 4
)

func newSession() *session {
	return &session{objs: map[int]*object{}, now: time.Now, retired: api.Kept[*object]{Grace: menuGrace, Max: maxRetired}}
}

// guard answers an internal problem for a panic, so that no fault inside
// reaches the host as a Go panic.
func guard(f func() answer) (a answer) {
	defer func() {
		if v := recover(); v != nil {
			a = fail(api.Internal(fmt.Errorf("panic: %v", v)))
		}
	}()
	return f()
}

func (s *session) load(menuData, restData []byte, o options) answer {
	if menuData == nil {
		if restData != nil || o.Menutree != nil {
			return fail(api.BadOption(errors.New("a restaurant or a menutree needs its menu (no menu loads the demo, restaurant included)")))
		}
		menuData, restData = demo.Menu(), demo.Restaurant()
	}
	src, p := api.Load(api.Docs{Menu: menuData, Restaurant: restData, Tree: o.Menutree}, api.LoadOptions{MinorUnits: o.MinorUnits, ObjectID: o.Object})
	if p != nil {
		return fail(p)
	}
	eo, p := baseOptions(o)
	if p != nil {
		return fail(p)
	}
	e, err := engine.New(src.Menu, src.Restaurant, eo)
	if err != nil {
		return fail(api.BadOption(err))
	}
	s.next++
	s.objs[s.next] = &object{eng: e, src: src}
	return value(struct {
		Handle  int     `json:"handle"`
		Object  menu.ID `json:"object"`
		Version string  `json:"version"`
	}{s.next, src.ID, src.Version}, false)
}

// baseOptions is the loaded object's default policy.
func baseOptions(o options) (engine.Options, *api.Problem) {
	tz := o.TZ
	if tz == "" {
		tz = engine.DefaultZone
	}
	// Only the embedded database: a host file system reached from a
	// JavaScript callback (Node's fs as globalThis.fs) deadlocks the
	// runtime (see package tzdb).
	loc, err := tzdb.Load(tz)
	if err != nil {
		return engine.Options{}, api.BadOption(fmt.Errorf("tz: %w", err))
	}
	eo, _, p := api.Policy{Profile: o.Profile, Lang: o.Lang, Now: o.Now}.Apply(engine.Options{Location: loc})
	return eo, p
}

func (s *session) engine(h int, o options) (*object, *engine.Engine, *api.Problem) {
	obj, ok := s.objs[h]
	if !ok {
		return nil, nil, api.UnknownObject(fmt.Sprintf("handle %d is not loaded (or was released)", h))
	}
	e, p := api.Policy{Profile: o.Profile, Lang: o.Lang, Now: o.Now}.Engine(obj.eng)
	return obj, e, p
}

func (s *session) price(h int, cart []byte, o options) answer {
	obj, e, p := s.engine(h, o)
	if p != nil {
		return fail(p)
	}
	c, p := api.Cart(e, cart, o.Object, "")
	if p != nil {
		return fail(p)
	}
	// One Result and one output buffer for the session's prices: the
	// answer is copied into a JavaScript string before the next call, so
	// a kiosk pricing on every tap makes no garbage of its own.
	e.PriceInto(&s.res, c)
	res := s.res
	if o.MenuVersion != "" {
		return s.priceSince(obj, cart, res, o)
	}
	data, err := res.AppendJSON(s.out[:0])
	if err != nil {
		return fail(api.Internal(err))
	}
	if cap(data) <= 256<<10 { // one huge answer does not pin its buffer
		s.out = data
	}
	return text(data, o.Indent) // copies
}

// priceSince adds what changed for the cart since the menu of
// o.MenuVersion (the same object, loaded or released within menuGrace),
// under the same policy.
func (s *session) priceSince(cur *object, cart []byte, res engine.Result, o options) answer {
	old, ok := s.version(cur.src.ID, o.MenuVersion)
	if !ok {
		return fail(api.UnknownMenuVersion(o.MenuVersion, cur.src.Version))
	}
	oe, p := api.Policy{Profile: o.Profile, Lang: o.Lang, Now: o.Now}.Engine(old.eng)
	if p != nil {
		return fail(p)
	}
	c, p := api.Cart(oe, cart, o.Object, "")
	if p != nil {
		return fail(p)
	}
	data, err := api.PricedSince{Result: res, Since: api.SinceOf(o.MenuVersion, oe.Price(c), res, len(c.Lines))}.MarshalJSON()
	if err != nil {
		return fail(api.Internal(err))
	}
	return text(data, o.Indent)
}

func (s *session) repair(h int, cart []byte, o options) answer {
	_, e, p := s.engine(h, o)
	if p != nil {
		return fail(p)
	}
	rep, p := api.Repair(e, cart, o.Object)
	if p != nil {
		return fail(p)
	}
	return value(rep, o.Indent)
}

func (s *session) emit(h int, dialect string, cart []byte, o options) answer {
	_, e, p := s.engine(h, o)
	if p != nil {
		return fail(p)
	}
	out, _, p := api.Emit(e, dialect, cart, o.Object, pos.EmitOptions{Force: o.Force, OrderNumber: o.OrderNumber, PayOnline: o.PayOnline})
	if p != nil {
		return fail(p)
	}
	a := value(out, o.Indent)
	a.Body = string(out.Body) + "\n"
	return a
}

func (s *session) reconcile(h int, cart, resp []byte, o options) answer {
	_, e, p := s.engine(h, o)
	if p != nil {
		return fail(p)
	}
	rec, p := api.Reconcile(e, cart, resp, o.CurrencyCode, o.Object)
	if p != nil {
		return fail(p)
	}
	return value(rec, o.Indent)
}

func (s *session) menuView(h int, o options) answer {
	obj, _, p := s.engine(h, options{})
	if p != nil {
		return fail(p)
	}
	return value(api.View(obj.src), o.Indent)
}

// setAvailability sets the stop lists and balances of a loaded object
// (rkcart's availability document; nil clears them): every later call on
// the handle sees them, whatever its options.
func (s *session) setAvailability(h int, doc []byte) answer {
	obj, ok := s.objs[h]
	if !ok {
		return fail(api.UnknownObject(fmt.Sprintf("handle %d is not loaded (or was released)", h)))
	}
	if doc == nil {
		obj.eng.SetAvailability(nil)
		return answer{OK: true, JSON: "true"}
	}
	a, err := engine.DecodeAvailability(doc, 0)
	if err != nil {
		return fail(api.DocProblem(err, ""))
	}
	obj.eng.SetAvailability(a)
	return answer{OK: true, JSON: "true"}
}

func (s *session) release(h int) answer {
	obj, ok := s.objs[h]
	if !ok {
		return fail(api.UnknownObject("the handle is not loaded (or was released)"))
	}
	delete(s.objs, h)
	s.retired.Retire(obj.src.ID, obj.src.Version, obj, s.now())
	return answer{OK: true, JSON: "true"}
}

// version finds object id's menu of version v: a loaded one, or one
// released within menuGrace.
func (s *session) version(id menu.ID, v string) (*object, bool) {
	for _, o := range s.objs {
		if o.src.ID == id && o.src.Version == v {
			return o, true
		}
	}
	return s.retired.Find(id, v, s.now())
}

func lint(data []byte, o options) answer {
	out, p := api.LintMenu(data)
	if p != nil {
		return fail(p)
	}
	return value(out, o.Indent)
}

func diff(old, new []byte, o options) answer {
	out, p := api.DiffMenus(old, new)
	if p != nil {
		return fail(p)
	}
	return value(out, o.Indent)
}

// request is a wasip1 request (and a test's).
type request struct {
	Op         string          `json:"op"`
	Menu       json.RawMessage `json:"menu"`
	Restaurant json.RawMessage `json:"restaurant"`
	Menutree   json.RawMessage `json:"menutree"`
	Cart       json.RawMessage `json:"cart"`
	Response   json.RawMessage `json:"response"`
	Old        json.RawMessage `json:"old"`
	New        json.RawMessage `json:"new"`
	Dialect    string          `json:"dialect"`
	// Availability, when given, applies to the one call (price, repair,
	// emit, reconcile, menu).
	Availability json.RawMessage `json:"availability"`
	Options      options         `json:"options"`
}

// serve answers one request in a fresh session.
func serve(data []byte) answer {
	return guard(func() answer {
		var req request
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return fail(api.DocProblem(&document.Error{Kind: document.Request, Msg: err.Error()}, ""))
		}
		raw := func(m json.RawMessage) []byte {
			if m == nil {
				return nil
			}
			return m
		}
		switch req.Op {
		case "lint":
			return lint(raw(req.Menu), req.Options)
		case "diff":
			return diff(raw(req.Old), raw(req.New), req.Options)
		}
		s := newSession()
		req.Options.Menutree = raw(req.Menutree)
		if a := s.load(raw(req.Menu), raw(req.Restaurant), req.Options); !a.OK {
			return a
		}
		if req.Availability != nil {
			if a := s.setAvailability(1, raw(req.Availability)); !a.OK {
				return a
			}
		}
		switch req.Op {
		case "price":
			return s.price(1, raw(req.Cart), req.Options)
		case "repair":
			return s.repair(1, raw(req.Cart), req.Options)
		case "emit":
			return s.emit(1, req.Dialect, raw(req.Cart), req.Options)
		case "reconcile":
			return s.reconcile(1, raw(req.Cart), raw(req.Response), req.Options)
		case "menu":
			return s.menuView(1, req.Options)
		}
		return fail(api.BadOption(errors.New("op must be price, repair, emit, reconcile, lint, diff or menu, not " + fmt.Sprintf("%q", req.Op))))
	})
}
