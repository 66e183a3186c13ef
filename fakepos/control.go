package fakepos

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/status"
)

// controlPrefix is where the control endpoints live, apart from any base
// path a real server could use.
const controlPrefix = "/_fakepos/"

// Snapshot is everything the fake holds.
type Snapshot struct {
	Orders   []Order   `json:"orders"`
	Requests []Request `json:"requests"`
	Faults   []Fault   `json:"faults"`
}

// Snapshot returns a copy of the orders, the requests answered (the last
// 10,000) and the faults in force.
func (f *Fake) Snapshot() Snapshot {
	orders := f.orders.all()
	f.mu.Lock()
	defer f.mu.Unlock()
	return Snapshot{Orders: orders, Requests: append([]Request{}, f.requests...), Faults: append([]Fault{}, f.faults...)}
}

// Reset forgets every order and request and restores the configured faults.
func (f *Fake) Reset() {
	f.orders.reset()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests, f.faults = nil, append([]Fault(nil), f.cfg.Faults...)
}

// SetFaults replaces the faults in force.
func (f *Fake) SetFaults(fs []Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append([]Fault(nil), fs...)
}

// SetState moves an order to a delivery state, following the courier
// model of package status unless force; a timeline still to come is
// dropped.
//
// It returns an error if the order is unknown or the model forbids the
// transition.
func (f *Fake) SetState(object menu.ID, visit int64, s status.Courier, force bool) error {
	o, ok := f.orders.get(object, visit)
	if !ok {
		return errUnknownOrder
	}
	f.orders.mu.Lock()
	defer f.orders.mu.Unlock()
	if !force {
		if err := o.State.Transition(s); err != nil {
			return err
		}
	} else if !s.Valid() {
		return status.ErrUnknown
	}
	o.State, o.Timeline = s, nil
	return nil
}

// SetTimeline gives an order a script of states to follow from now on
// (steps counted from when it was saved).
func (f *Fake) SetTimeline(object menu.ID, visit int64, steps []Step) error {
	o, ok := f.orders.get(object, visit)
	if !ok {
		return errUnknownOrder
	}
	f.orders.mu.Lock()
	defer f.orders.mu.Unlock()
	o.Timeline = append([]Step(nil), steps...)
	return nil
}

// LoadMenu replaces an object's menu (dishes answers and pricing change
// at once), keeping its restaurant and availability.
//
// It returns the menu's decode error, or an error for an unknown object.
func (f *Fake) LoadMenu(object menu.ID, dishes []byte) error {
	return f.reload(object, func(o *Object, _ **engine.Availability) { o.Menu = dishes })
}

// SetStopList stops dishes of an object (and nothing else: it replaces the
// object's availability): carts with them get the stopped violation (and
// are refused in both modes).
func (f *Fake) SetStopList(object menu.ID, dishes []menu.ID) error {
	a := &engine.Availability{TakenAt: f.cfg.Now(), StoppedDishes: map[menu.ID]bool{}}
	for _, id := range dishes {
		a.StoppedDishes[id] = true
	}
	return f.SetAvailability(object, a)
}

// SetAvailability replaces an object's availability (the availability
// document: stop lists and balances; nil clears it). Carts that use a
// stopped dish or modifier, or more than a balance, are refused in both
// modes.
func (f *Fake) SetAvailability(object menu.ID, a *engine.Availability) error {
	return f.reload(object, func(_ *Object, avail **engine.Availability) { *avail = a })
}

func (f *Fake) reload(id menu.ID, change func(*Object, **engine.Availability)) error {
	f.mu.Lock()
	old, ok := f.objects[id]
	f.mu.Unlock()
	if !ok {
		return errUnknownObject
	}
	src := Object{Menu: old.menuJSON, Restaurant: old.restDoc}
	if old.treeDoc != nil {
		src.Tree = old.treeDoc
	}
	avail := old.avail
	change(&src, &avail)
	obj, err := f.load(src, avail)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.objects[id] = obj
	f.mu.Unlock()
	return nil
}

type controlError string

func (e controlError) Error() string { return string(e) }

const (
	errUnknownOrder  controlError = "fakepos: no such order"
	errUnknownObject controlError = "fakepos: no such object"
)

func (f *Fake) control(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path[len(controlPrefix):]
	q := r.URL.Query()
	reply := func(err error) {
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}` + "\n"))
	}
	body, err := document.Read(r.Body, document.Menu, 0)
	if err != nil {
		reply(err)
		return
	}
	objectID := func() menu.ID { n, _ := strconv.ParseInt(q.Get("objectid"), 10, 64); return menu.ID(n) }
	switch {
	case name == "snapshot" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(f.Snapshot())
	case name == "reset" && r.Method == http.MethodPost:
		f.Reset()
		reply(nil)
	case name == "faults" && r.Method == http.MethodPost:
		var fs []Fault
		if err := strict(body, &fs); err != nil {
			reply(err)
			return
		}
		f.SetFaults(fs)
		reply(nil)
	case name == "faults" && r.Method == http.MethodDelete:
		f.SetFaults(nil)
		reply(nil)
	case name == "state" && r.Method == http.MethodPost:
		var s struct {
			ObjectID menu.ID `json:"object_id"`
			VisitID  int64   `json:"visit_id"`
			State    *int    `json:"state"`
			Force    bool    `json:"force"`
			Timeline []Step  `json:"timeline"`
		}
		if err := strict(body, &s); err != nil {
			reply(err)
			return
		}
		if s.Timeline != nil {
			reply(f.SetTimeline(s.ObjectID, s.VisitID, s.Timeline))
			return
		}
		if s.State == nil {
			reply(controlError("fakepos: want state or timeline"))
			return
		}
		reply(f.SetState(s.ObjectID, s.VisitID, status.Courier(*s.State), s.Force))
	case name == "menu" && r.Method == http.MethodPost:
		reply(f.LoadMenu(objectID(), body))
	case name == "stoplist" && r.Method == http.MethodPost:
		if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '{' { // the availability document
			a, err := engine.DecodeAvailability(body, 0)
			if err != nil {
				reply(err)
				return
			}
			reply(f.SetAvailability(objectID(), a))
			return
		}
		var ids []menu.ID // a list of dish ids: the stop list alone
		if err := strict(body, &ids); err != nil {
			reply(err)
			return
		}
		reply(f.SetStopList(objectID(), ids))
	default:
		http.NotFound(w, r)
	}
}
