package fakepos

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/status"
)

// Mode decides which carts savedeliveryorder and CalcOrder accept.
type Mode int

const (
	// Strict refuses a cart with any error-severity violation (the
	// restaurant profile: every menu rule blocks).
	Strict Mode = iota
	// Lax accepts what the POS is known to accept (the pos profile: rules
	// the POS lets through are warnings), so that a client can check that
	// its own code catches the rest.
	Lax
)

// ParseMode reads "strict" or "lax".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "strict":
		return Strict, nil
	case "lax":
		return Lax, nil
	}
	return 0, fmt.Errorf("fakepos: mode must be strict or lax, not %q", s)
}

// Object is one restaurant the fake serves: its documents as the real
// server would send them.
type Object struct {
	Menu       []byte // a `dishes` response (envelope or data object); required
	Restaurant []byte // a `rests` response or one restaurant object; its id is the object id; required
	Tree       []byte // a `menutree` response; nil: no selectors
}

// Currency is a currency the fake prices CalcOrder and savedeliveryorder
// Payments in. Rate is the price of one base unit (kopeck) in this
// currency's minor units, in thousandths: 1000 for the base currency.
type Currency struct {
	ID   int64
	Code int64
	Name string
	GUID string
	Rate int64
}

// Config configures a fake. The zero value serves the embedded demo,
// strict, at /api/v1/, on the real clock.
type Config struct {
	Objects  []Object // none: the embedded demo
	Mode     Mode
	BasePath string // default "/api/v1/"
	// Now is the clock (orders' times, envelopes' timestamps, status
	// timelines); nil: time.Now.
	Now func() time.Time
	// Seed makes visit ids, guids, request ids and probabilistic faults
	// repeat from run to run.
	Seed uint64
	// Currencies: default one, {ID 1, Code 1, "Rubles", rate 1000}.
	Currencies []Currency
	// MaxOrders caps the orders kept; beyond it the oldest is forgotten
	// (its Order and courier then answer not found). 0: 100,000.
	MaxOrders int
	// MaxBytes caps the memory the orders take, by an estimate of each
	// (its cart as sent plus 1 KiB and 128 bytes per dish or modifier
	// line); beyond it the oldest are forgotten. 0: 256 MiB.
	MaxBytes int64
	// Timeline is the delivery-state script every new order follows
	// (after how long since it was saved, which dlvStateID); nil: the
	// state changes only on demand.
	Timeline []Step
	// Faults are in force from the start (see Fault).
	Faults []Fault
	// Location is the restaurants' zone; nil: Europe/Moscow.
	Location *time.Location
}

// Step is one step of a status timeline.
type Step struct {
	After time.Duration `json:"after"` // since the order was saved
	State int           `json:"state"` // dlvStateID
}

// UnmarshalJSON reads after as a Go duration string ("90s").
func (s *Step) UnmarshalJSON(b []byte) error {
	var w struct {
		After string `json:"after"`
		State int    `json:"state"`
	}
	if err := strict(b, &w); err != nil {
		return fmt.Errorf("fakepos: step: %w", err)
	}
	d, err := time.ParseDuration(w.After)
	if err != nil {
		return fmt.Errorf("fakepos: step after: %w", err)
	}
	s.After, s.State = d, w.State
	return s.Check()
}

// Check reports a step that cannot be followed, naming the member: a
// negative after, a state that is not a delivery state.
func (s Step) Check() error {
	if s.After < 0 {
		return fmt.Errorf("fakepos: step after: %v is before the order was saved", s.After)
	}
	if !status.Courier(s.State).Valid() {
		return fmt.Errorf("fakepos: step state: %d is not a delivery state", s.State)
	}
	return nil
}

// MarshalJSON writes after as a Go duration string.
func (s Step) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		After string `json:"after"`
		State int    `json:"state"`
	}{s.After.String(), s.State})
}

// Fake is the fake POS. It is safe for concurrent use.
type Fake struct {
	cfg  Config
	base string

	mu       sync.Mutex
	objects  map[menu.ID]*object
	order    []menu.ID // object ids in the order given
	orders   *store
	requests []Request
	faults   []Fault
	rng      *rand.Rand
}

type object struct {
	id       menu.ID
	menuDoc  []byte // the data object of the dishes response
	treeDoc  []byte // the data object of the menutree response, or nil
	restDoc  json.RawMessage
	rest     menu.Restaurant
	eng      *engine.Engine       // under the mode's profile
	avail    *engine.Availability // stop lists and balances; nil: everything available
	menuJSON []byte               // as given, for reloads
}

// Request is a request the fake answered, for snapshots.
type Request struct {
	At     time.Time `json:"at"`
	Method string    `json:"method"`
	Path   string    `json:"path"`
	Query  string    `json:"query,omitempty"`
	Status int       `json:"status"`
	Fault  string    `json:"fault,omitempty"`
}

// maxRequestsKept bounds the request log of snapshots.
const maxRequestsKept = 10_000

// New returns a fake for cfg.
//
// It returns an error if a document cannot be read (a *document.Error),
// two objects share an id, a currency has no positive rate, MaxOrders or
// MaxBytes is negative, or a fault or step cannot be honoured.
func New(cfg Config) (*Fake, error) {
	if cfg.MaxOrders < 0 || cfg.MaxBytes < 0 {
		return nil, errors.New("fakepos: negative MaxOrders or MaxBytes")
	}
	for i := range cfg.Faults {
		if err := cfg.Faults[i].Check(); err != nil {
			return nil, err
		}
	}
	for _, st := range cfg.Timeline {
		if err := st.Check(); err != nil {
			return nil, err
		}
	}
	if cfg.BasePath == "" {
		cfg.BasePath = "/api/v1/"
	}
	if !strings.HasSuffix(cfg.BasePath, "/") {
		cfg.BasePath += "/"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxOrders == 0 {
		cfg.MaxOrders = 100_000
	}
	if cfg.MaxBytes == 0 {
		cfg.MaxBytes = 256 << 20
	}
	if len(cfg.Currencies) == 0 {
		cfg.Currencies = []Currency{{ID: 1, Code: 1, Name: "Rubles", GUID: "{16D72549-14D8-4F31-9E2A-0A833D4F5EED}", Rate: 1000}}
	}
	for _, c := range cfg.Currencies {
		if c.Rate <= 0 {
			return nil, fmt.Errorf("fakepos: currency %d needs a positive rate", c.ID)
		}
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation(engine.DefaultZone)
		if err != nil {
			return nil, err
		}
		cfg.Location = loc
	}
	if len(cfg.Objects) == 0 {
		cfg.Objects = []Object{{Menu: demo.Menu(), Restaurant: demo.Restaurant()}}
	}
	f := &Fake{cfg: cfg, base: cfg.BasePath, objects: map[menu.ID]*object{}, faults: append([]Fault(nil), cfg.Faults...),
		rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed))}
	f.orders = newStore(cfg.MaxOrders, cfg.MaxBytes)
	for _, o := range cfg.Objects {
		obj, err := f.load(o, nil)
		if err != nil {
			return nil, err
		}
		if _, dup := f.objects[obj.id]; dup {
			return nil, fmt.Errorf("fakepos: object %d given twice", obj.id)
		}
		f.objects[obj.id] = obj
		f.order = append(f.order, obj.id)
	}
	return f, nil
}

// load reads an object's documents and builds its engine.
func (f *Fake) load(o Object, avail *engine.Availability) (*object, error) {
	rdata, err := oneRestaurant(o.Restaurant)
	if err != nil {
		return nil, err
	}
	lo, p := api.Load(api.Docs{Menu: o.Menu, Restaurant: rdata, Tree: o.Tree}, api.LoadOptions{LoadedAt: f.cfg.Now()})
	if p != nil {
		return nil, p.Unwrap() // the document's own error, *document.Error
	}
	m, r := lo.Menu, *lo.Restaurant
	obj := &object{id: r.ID, rest: r, restDoc: rdata, menuDoc: dataOf(o.Menu), avail: avail, menuJSON: o.Menu}
	if o.Tree != nil {
		obj.treeDoc = dataOf(o.Tree)
	}
	profile := engine.ProfileRestaurant
	if f.cfg.Mode == Lax {
		profile = engine.ProfilePOS
	}
	e, err := engine.New(m, &r, engine.Options{Location: f.cfg.Location, Now: f.cfg.Now, Profile: profile})
	if err != nil {
		return nil, err
	}
	if avail != nil {
		e.SetAvailability(avail)
	}
	obj.eng = e
	return obj, nil
}

// oneRestaurant returns the first restaurant object of a rests response,
// or the document itself when it is one restaurant.
func oneRestaurant(data []byte) (json.RawMessage, error) {
	var doc struct {
		Data *struct {
			Rests []json.RawMessage `json:"rests"`
		} `json:"data"`
		Rests []json.RawMessage `json:"rests"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, &document.Error{Kind: document.Restaurant, Msg: err.Error()}
	}
	rests := doc.Rests
	if doc.Data != nil {
		rests = doc.Data.Rests
	}
	if len(rests) > 0 {
		return rests[0], nil
	}
	return data, nil
}

// dataOf returns a response's data object (the document itself when it
// has no envelope).
func dataOf(data []byte) []byte {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(data, &env) == nil && len(env.Data) > 0 && env.Data[0] == '{' {
		return env.Data
	}
	return data
}

// ServeHTTP serves the WebDelivery methods under the base path and the
// control endpoints under /_fakepos/.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Rkcart-Fake", "fakepos")
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		f.control(w, r)
		return
	}
	if !strings.HasPrefix(r.URL.Path, f.base) {
		http.NotFound(w, r)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, f.base)
	body, err := document.Read(r.Body, document.Cart, 0)
	if err != nil {
		f.answer(w, r, method, "", http.StatusRequestEntityTooLarge, nil, []apiError{{"DLW-0400", "bad request", err.Error()}})
		return
	}
	fault := f.fault(method)
	if fault != nil && fault.Kind == FaultSlow {
		select {
		case <-time.After(fault.Delay):
		case <-r.Context().Done():
			return
		}
		data, errs, status := f.call(r, method, body) // then a normal answer, logged as slowed
		f.answer(w, r, method, string(FaultSlow), status, data, errs)
		return
	}
	if fault != nil && fault.before() {
		f.inject(w, r, method, fault, nil)
		return
	}
	data, errs, status := f.call(r, method, body)
	if fault != nil { // after the work: the order (if any) exists, the answer is broken
		f.inject(w, r, method, fault, f.envelope(data, errs))
		return
	}
	f.answer(w, r, method, "", status, data, errs)
}

// apiError is one entry of an Err envelope's errors[].
type apiError struct {
	Code    string `json:"code"`
	Text    string `json:"text"`
	Details string `json:"details,omitempty"`
}

// violationError is an Err entry for a violation (strict refusals): the
// code, the message and the path of the violation.
type violationError struct {
	Code    string `json:"code"`
	Text    string `json:"text"`
	Details string `json:"details"`
	Path    string `json:"path"`
}

// call runs one method: its data, or its errors, and the HTTP status.
func (f *Fake) call(r *http.Request, method string, body []byte) (any, any, int) {
	q := r.URL.Query()
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	switch {
	case method == "rests" && get:
		return f.rests(q.Get("corpid"))
	case method == "rests" && post:
		return f.restsByAddress(body)
	case method == "menutree" && get:
		return f.document(q.Get("objectid"), func(o *object) []byte { return o.treeDoc })
	case method == "dishes" && get:
		return f.document(q.Get("objectid"), func(o *object) []byte { return o.menuDoc })
	case method == "savedeliveryorder" && post:
		return f.save(q.Get("objectId"), body)
	case method == "CalcOrder" && post:
		return f.calc(body)
	case method == "payment" && post:
		return f.payment(body)
	case method == "courier" && get:
		return f.courier(q.Get("objectId"), q.Get("visitId"))
	case method == "Order" && get:
		return f.orderInfo(q.Get("objectId"), q.Get("visitId"))
	case method == "Currency" && get:
		return f.currency(q.Get("objectId"))
	}
	return nil, []apiError{{"DLW-0404", "unknown method", r.Method + " " + method}}, http.StatusNotFound
}

// envelope is the body of an answer: data with status Ok, or errors with
// status Err.
func (f *Fake) envelope(data, errs any) []byte {
	f.mu.Lock()
	id := fmt.Sprintf("%016x%016x", f.rng.Uint64(), f.rng.Uint64())
	f.mu.Unlock()
	env := map[string]any{"ver": "rkcart-fakepos", "timestamp": f.cfg.Now().In(f.cfg.Location).Format("2006-01-02T15:04:05"), "requestId": id}
	if errs != nil {
		env["status"], env["errors"] = "Err", errs
	} else {
		env["status"], env["data"] = "Ok", data
	}
	out, err := json.Marshal(env)
	if err != nil {
		out = []byte(`{"status":"Err","errors":[{"code":"DLW-0500","text":"fake error","details":` + strconv.Quote(err.Error()) + `}]}`)
	}
	return out
}

func (f *Fake) answer(w http.ResponseWriter, r *http.Request, method, fault string, status int, data, errs any) {
	body := f.envelope(data, errs)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	f.logRequest(r, status, fault)
}

func (f *Fake) logRequest(r *http.Request, status int, fault string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) >= maxRequestsKept {
		f.requests = f.requests[1:]
	}
	f.requests = append(f.requests, Request{At: f.cfg.Now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Status: status, Fault: fault})
}

// objectOf finds an object by its id as the query gives it.
func (f *Fake) objectOf(id string) (*object, []apiError) {
	n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	if err != nil {
		return nil, []apiError{{"DLW-0001", "bad object id", strconv.Quote(id)}}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.objects[menu.ID(n)]
	if !ok {
		return nil, []apiError{{"DLW-0002", "unknown object", strconv.FormatInt(n, 10)}}
	}
	return o, nil
}

func (f *Fake) rests(corp string) (any, any, int) {
	if _, err := strconv.ParseInt(corp, 10, 64); err != nil {
		return nil, []apiError{{"DLW-0001", "bad corpid", strconv.Quote(corp)}}, http.StatusOK
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	rests := make([]json.RawMessage, 0, len(f.order))
	for _, id := range f.order {
		rests = append(rests, f.objects[id].restDoc)
	}
	return map[string]any{"rests": rests}, nil, http.StatusOK
}

func (f *Fake) restsByAddress(body []byte) (any, any, int) {
	var q struct {
		Address       *string         `json:"address"`
		CorpID        json.RawMessage `json:"corpid"`
		DefaultObject json.Number     `json:"default_object"`
	}
	if err := json.Unmarshal(body, &q); err != nil || q.Address == nil || q.CorpID == nil || q.DefaultObject == "" {
		return nil, []apiError{{"DLW-0001", "bad request", "want address, corpid and default_object"}}, http.StatusOK
	}
	// No delivery areas are modelled: the default object serves every address.
	o, errs := f.objectOf(q.DefaultObject.String())
	if errs != nil {
		return nil, errs, http.StatusOK
	}
	return map[string]any{"rests": []json.RawMessage{o.restDoc}}, nil, http.StatusOK
}

func (f *Fake) document(objectID string, pick func(*object) []byte) (any, any, int) {
	o, errs := f.objectOf(objectID)
	if errs != nil {
		return nil, errs, http.StatusOK
	}
	f.mu.Lock()
	doc := pick(o)
	f.mu.Unlock()
	if doc == nil {
		return map[string]any{"selectors": []any{}}, nil, http.StatusOK
	}
	return json.RawMessage(doc), nil, http.StatusOK
}

func (f *Fake) currency(objectID string) (any, any, int) {
	if _, errs := f.objectOf(objectID); errs != nil {
		return nil, errs, http.StatusOK
	}
	out := make([]map[string]any, 0, len(f.cfg.Currencies))
	for _, c := range f.cfg.Currencies {
		out = append(out, map[string]any{"curid": c.ID, "name": c.Name, "promised": ""})
	}
	return out, nil, http.StatusOK
}
