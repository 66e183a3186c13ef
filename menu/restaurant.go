package menu

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/rkcart/rkcart/document"

	"github.com/rkcart/rkcart/internal/wire"
	"github.com/rkcart/rkcart/money"
)

// RestaurantOptions is the policy for reading a restaurant.
type RestaurantOptions struct {
	// MinorUnits says min_check_amount and delivery_price are already in
	// minor units. By default they are major units (roubles) and are
	// converted ×100 exactly.
	MinorUnits bool
	// MaxBytes caps the document size; 0 means
	// document.Restaurant.MaxBytes() (8 MiB).
	MaxBytes int64
	// ObjectID picks the restaurant of a rests response that holds several
	// (a corporation's); a response with several and no ObjectID is
	// refused, naming their ids. A response with one restaurant gives it,
	// whatever ObjectID (whether it is the object is the engine's rule).
	ObjectID ID
}

// Restaurant is one entry of a `rests` response.
type Restaurant struct {
	ID            ID
	Name          string
	Address       string
	City          string
	Status        string
	MinCheck      money.Kopecks // min_check_amount, minor units
	DeliveryPrice money.Kopecks // delivery_price, minor units
	Period        Period        // delivery_period; all day when absent
}

// ErrNoRestaurant is returned for a `rests` response with no entries.
var ErrNoRestaurant = errors.New("menu: no restaurant in rests[]")

type restWire struct {
	ID             *wire.Int       `json:"id"`
	Name           string          `json:"name"`
	Address        string          `json:"address"`
	CityName       string          `json:"city_name"`
	Status         string          `json:"status"`
	MinCheckAmount json.RawMessage `json:"min_check_amount"`
	DeliveryPrice  json.RawMessage `json:"delivery_price"`
	DeliveryPeriod *struct {
		Begin string `json:"begin"`
		End   string `json:"end"`
	} `json:"delivery_period"`
}

type restsData struct {
	Rests []restWire `json:"rests"`
}

// restsDoc accepts all the shapes: {"data":{"rests":[…]}}, {"rests":[…]},
// and a single restaurant object (whose fields restWire promotes).
// Its depth-0 Status shadows restWire's "status" (which a single restaurant
// object uses for "Active"); two embedded fields of one name would cancel out.
type restsDoc struct {
	Status    string          `json:"status"`
	Errors    []wire.APIError `json:"errors"`
	RequestID string          `json:"requestId"`
	Data      *restsData      `json:"data"`
	restsData
	restWire
}

// pick finds the restaurant of list that id names; the only one is taken
// whatever id says (the engine then judges the object: wrong_object).
func pick(list []restWire, id ID, at string) (int, error) {
	if len(list) == 1 {
		return 0, nil
	}
	ids := make([]string, len(list))
	for i, r := range list {
		if r.ID == nil {
			return 0, &document.Error{Kind: document.Restaurant, Pointer: at + "/" + strconv.Itoa(i) + "/id", Msg: "missing: a restaurant needs an id"}
		}
		ids[i] = strconv.FormatInt(int64(*r.ID), 10)
		if id != 0 && ID(*r.ID) == id {
			return i, nil
		}
	}
	switch {
	case id != 0:
		return 0, &document.Error{Kind: document.Restaurant, Pointer: at,
			Msg: fmt.Sprintf("no restaurant %d among the %d of the response (%s)", id, len(list), strings.Join(ids, ", "))}
	case len(list) > 1:
		return 0, &document.Error{Kind: document.Restaurant, Pointer: at,
			Msg: fmt.Sprintf("%d restaurants (%s): name the object (--object, RestaurantOptions.ObjectID) or keep one per file", len(list), strings.Join(ids, ", "))}
	}
	return 0, nil
}

// RawRestaurant is one restaurant of a rests response, as sent.
type RawRestaurant struct {
	ID  ID
	Raw json.RawMessage // the restaurant object's own bytes
}

// SplitRestaurants lists the restaurants of a rests response (or the one
// of a single restaurant object) with their bytes, so that each can be
// written to a file of its own (SingleRests).
//
// It returns LoadRestaurant's errors for a document that is not a
// restaurant, and an error for an entry without an integer id.
func SplitRestaurants(data []byte) ([]RawRestaurant, error) {
	var doc struct {
		Data *struct {
			Rests []json.RawMessage `json:"rests"`
		} `json:"data"`
		Rests []json.RawMessage `json:"rests"`
	}
	if err := wire.Decode(document.Restaurant, data, &doc); err != nil {
		return nil, err
	}
	raws := doc.Rests
	if doc.Data != nil {
		raws = doc.Data.Rests
	}
	if raws == nil {
		raws = []json.RawMessage{data}
	}
	if len(raws) == 0 {
		return nil, ErrNoRestaurant
	}
	out := make([]RawRestaurant, len(raws))
	for i, raw := range raws {
		r, err := LoadRestaurant(raw, RestaurantOptions{})
		if err != nil {
			return nil, fmt.Errorf("restaurant %d of the response: %w", i, err)
		}
		out[i] = RawRestaurant{ID: r.ID, Raw: raw}
	}
	return out, nil
}

// SingleRests is a rests response holding the one restaurant raw, in the
// reference's envelope.
func SingleRests(raw json.RawMessage) []byte {
	return append(append([]byte(`{"data":{"rests":[`), raw...), `]},"status":"Ok"}`...)
}

// LoadRestaurant reads a `rests` response (with or without the data
// envelope) or a single restaurant object. Of a response with several
// restaurants it takes the one opts.ObjectID names.
//
// It returns an error if:
//   - the response holds several restaurants and opts.ObjectID is 0, or
//     it holds none with opts.ObjectID (a *document.Error naming the ids);
//   - the document is too large, malformed or mistyped, or is not a
//     restaurant: a restaurant (the single object or rests[0]) needs an
//     id, so `{}`, `{"data":null}` or a document of another kind is
//     refused (a *document.Error wrapping ErrTooLarge or ErrDecode);
//   - the envelope's status is "Err" (*APIError);
//   - rests[] is present but empty (ErrNoRestaurant);
//   - an amount is not an exact decimal in its unit (a *money.ParseError,
//     named by field), or the delivery period is not H:MM.
func LoadRestaurant(data []byte, opts RestaurantOptions) (Restaurant, error) {
	var doc restsDoc
	if err := decode(document.Restaurant, data, &doc, opts.MaxBytes); err != nil {
		return Restaurant{}, err
	}
	wrapped := doc.Data != nil || doc.Rests != nil
	if wrapped || doc.Status == wire.StatusErr {
		env := wire.Envelope{Status: doc.Status, Errors: doc.Errors, RequestID: doc.RequestID}
		if err := env.Check(); err != nil {
			return Restaurant{}, err
		}
	}
	rw, ptr := doc.restWire, ""
	if !wrapped {
		rw.Status = doc.Status // the single object's own "status"
	}
	var list []restWire
	var at string
	switch {
	case doc.Data != nil:
		if doc.Data.Rests == nil {
			return Restaurant{}, document.Mismatch(document.Restaurant, data, "a rests response with data.rests[]")
		}
		list, at = doc.Data.Rests, "/data/rests"
	case doc.Rests != nil:
		list, at = doc.Rests, "/rests"
	}
	if list != nil {
		if len(list) == 0 {
			return Restaurant{}, ErrNoRestaurant
		}
		i, err := pick(list, opts.ObjectID, at)
		if err != nil {
			return Restaurant{}, err
		}
		rw, ptr = list[i], at+"/"+strconv.Itoa(i)
	}
	if rw.ID == nil {
		if ptr == "" {
			return Restaurant{}, document.Mismatch(document.Restaurant, data, "a rests response or a restaurant object with an id")
		}
		return Restaurant{}, &document.Error{Kind: document.Restaurant, Pointer: ptr + "/id", Msg: "missing: a restaurant needs an id"}
	}
	r := Restaurant{ID: ID(*rw.ID), Name: rw.Name, Address: rw.Address, City: rw.CityName, Status: rw.Status}
	unit := money.Major
	if opts.MinorUnits {
		unit = money.Minor
	}
	var err error
	if r.MinCheck, err = amount(rw.MinCheckAmount, unit); err != nil {
		return Restaurant{}, fieldError(ptr+"/min_check_amount", err)
	}
	if r.DeliveryPrice, err = amount(rw.DeliveryPrice, unit); err != nil {
		return Restaurant{}, fieldError(ptr+"/delivery_price", err)
	}
	if p := rw.DeliveryPeriod; p != nil {
		b, err := parseClock(p.Begin)
		if err != nil {
			return Restaurant{}, fieldError(ptr+"/delivery_period/begin", err)
		}
		e, err := parseClock(p.End)
		if err != nil {
			return Restaurant{}, fieldError(ptr+"/delivery_period/end", err)
		}
		r.Period = Period{Begin: b % MinutesPerDay, End: e % MinutesPerDay}
	}
	return r, nil
}

func amount(raw json.RawMessage, unit money.Unit) (money.Kopecks, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	return money.ParseJSON(raw, unit)
}

func fieldError(ptr string, err error) error {
	return &document.Error{Kind: document.Restaurant, Pointer: ptr, Msg: err.Error(), Cause: err}
}
