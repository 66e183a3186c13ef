package menu

import (
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/wire"
)

// Selector is a node of the `menutree` response: a menu category with its
// dish ids and child categories.
type Selector struct {
	ID     ID
	PID    ID
	GUID   string
	Code   int64
	Name   string
	Type   string // "SELECTORS"
	Level  int64
	Active bool // true when the response has no "active" key
	Dishes []ID
	Items  []Selector
}

type selectorWire struct {
	ID     wire.Int       `json:"id"`
	PID    wire.Int       `json:"pid"`
	GUID   string         `json:"guid"`
	Code   wire.Int       `json:"code"`
	Name   string         `json:"name"`
	Type   string         `json:"type"`
	Level  wire.Int       `json:"level"`
	Active *wire.Int      `json:"active"`
	Dishes []wire.Int     `json:"dishes"`
	Items  []selectorWire `json:"items"`
}

type treeData struct {
	Selectors []selectorWire `json:"selectors"`
}

type treeDoc struct {
	wire.Envelope
	Data *treeData `json:"data"`
	treeData
}

// LoadTree reads a `menutree` response (envelope or bare data object).
//
// It returns an error if the document is too large, malformed or mistyped,
// or has no selectors[] (a *document.Error), or if the envelope's status is
// "Err" (an *APIError). Options.MaxBytes 0 means
// document.MenuTree.MaxBytes().
func LoadTree(data []byte, opts Options) ([]Selector, error) {
	var doc treeDoc
	if err := decode(document.MenuTree, data, &doc, opts.MaxBytes); err != nil {
		return nil, err
	}
	if err := doc.Envelope.Check(); err != nil {
		return nil, err
	}
	src := doc.Selectors
	if doc.Data != nil {
		src = doc.Data.Selectors
	}
	if src == nil {
		return nil, document.Mismatch(document.MenuTree, data, "a menutree response with selectors[]")
	}
	return selectors(src), nil
}

func selectors(ws []selectorWire) []Selector {
	if len(ws) == 0 {
		return nil
	}
	out := make([]Selector, len(ws))
	for i, w := range ws {
		s := Selector{ID: ID(w.ID), PID: ID(w.PID), GUID: w.GUID, Code: int64(w.Code),
			Name: unescapeName(w.Name), Type: w.Type, Level: int64(w.Level),
			Active: w.Active == nil || *w.Active != 0, Items: selectors(w.Items)}
		for _, d := range w.Dishes {
			s.Dishes = append(s.Dishes, ID(d))
		}
		out[i] = s
	}
	return out
}

// Currency is one entry of the `Currency` response.
type Currency struct {
	ID       ID
	Name     string
	Promised string // genPromised, as given
}

type currencyDoc struct {
	wire.Envelope
	Data []struct {
		CurID    wire.Int `json:"curid"`
		Name     string   `json:"name"`
		Promised string   `json:"promised"`
	} `json:"data"`
}

// LoadCurrencies reads a `Currency` response.
//
// It returns an error if the document is too large, malformed or mistyped,
// or has no data[] (a *document.Error), or if the envelope's status is
// "Err" (an *APIError). Options.MaxBytes 0 means
// document.Currencies.MaxBytes().
func LoadCurrencies(data []byte, opts Options) ([]Currency, error) {
	var doc currencyDoc
	if err := decode(document.Currencies, data, &doc, opts.MaxBytes); err != nil {
		return nil, err
	}
	if err := doc.Envelope.Check(); err != nil {
		return nil, err
	}
	if doc.Data == nil {
		return nil, document.Mismatch(document.Currencies, data, "a Currency response with data[]")
	}
	out := make([]Currency, len(doc.Data))
	for i, c := range doc.Data {
		out[i] = Currency{ID: ID(c.CurID), Name: c.Name, Promised: c.Promised}
	}
	return out, nil
}
