package menu

import (
	"encoding/json"
	"errors"

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

// LoadRestaurant reads a `rests` response (with or without the data
// envelope; the first entry is used) or a single restaurant object.
//
// It returns an error if:
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
	switch {
	case doc.Data != nil:
		if doc.Data.Rests == nil {
			return Restaurant{}, document.Mismatch(document.Restaurant, data, "a rests response with data.rests[]")
		}
		if len(doc.Data.Rests) == 0 {
			return Restaurant{}, ErrNoRestaurant
		}
		rw, ptr = doc.Data.Rests[0], "/data/rests/0"
	case doc.Rests != nil:
		if len(doc.Rests) == 0 {
			return Restaurant{}, ErrNoRestaurant
		}
		rw, ptr = doc.Rests[0], "/rests/0"
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
