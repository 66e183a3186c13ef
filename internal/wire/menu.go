package wire

import (
	"encoding/json"

	"github.com/rkcart/rkcart/document"
)

// Status values of the WebDelivery envelope.
const (
	StatusOK  = "Ok"
	StatusErr = "Err"
)

// APIError is one entry of the envelope's errors[] array.
type APIError struct {
	Code    string `json:"code"`
	Text    string `json:"text"`
	Details string `json:"details"`
}

// Envelope holds the fields every WebDelivery response wraps its data in.
type Envelope struct {
	Status    string     `json:"status"`
	Errors    []APIError `json:"errors"`
	Ver       string     `json:"ver"`
	Timestamp string     `json:"timestamp"`
	RequestID string     `json:"requestId"`
}

// DishesDoc is a `dishes` response: either the envelope with Data, or the
// bare data object, whose fields the embedded Dishes promotes.
type DishesDoc struct {
	Envelope
	Data *Dishes `json:"data"`
	Dishes
}

// Dishes is the data object of the `dishes` response.
type Dishes struct {
	Dishes          []Dish      `json:"dishes"`
	Modifiers       []Scheme    `json:"modifiers"`
	CommonModifiers []Scheme    `json:"commonModifiers"`
	Variations      []Variation `json:"variations"`
}

// Dish is one entry of dishes[].
type Dish struct {
	ID         Field           `json:"id"`
	Price      Field           `json:"price"`
	ModiScheme Int             `json:"modischeme"`
	Active     Int             `json:"active"`
	GUID       string          `json:"guid"`
	Code       Int             `json:"code"`
	Name       string          `json:"name"`
	AltName    string          `json:"altname"`
	Locres     json.RawMessage `json:"locres"`
}

// Scheme is one entry of modifiers[] or commonModifiers[].
type Scheme struct {
	ID     Int     `json:"id"`
	Active Int     `json:"active"`
	Code   Int     `json:"code"`
	Name   string  `json:"name"`
	Group  []Group `json:"group"`
}

// Group is a modifier group of a scheme.
type Group struct {
	ID                 Int    `json:"id"`
	Active             Int    `json:"active"`
	Name               string `json:"name"`
	UseDownLimit       Int    `json:"useDownLimit"`
	DownLimit          Int    `json:"downLimit"`
	UseUpLimit         Int    `json:"useUpLimit"`
	UpLimit            Int    `json:"upLimit"`
	DefaultModifier    Int    `json:"defaultModifier"`
	ReplaceDefModifier Int    `json:"replaceDefModifier"`
	Modi               []Modi `json:"modi"`
}

// Modi is one modifier (or combo component) of a group.
type Modi struct {
	ID         Int    `json:"id"`
	Price      Int    `json:"price"`
	Active     Int    `json:"active"`
	MaxOneDish Int    `json:"maxOneDish"`
	DishID     Int    `json:"dishid"`
	Name       string `json:"name"`
}

// Variation is an entry of the Frei export's variations[].
type Variation struct {
	ID   Int    `json:"id"`
	Name string `json:"name"`
}

// Check is the envelope check every WebDelivery decoder shares
// (document.CheckStatus): nil for "Ok" or no status, else a
// *document.APIError with every errors[] entry.
func (e Envelope) Check() error {
	if document.CheckStatus(e.Status, "", nil) == nil {
		return nil
	}
	items := make([]document.APIErrorItem, len(e.Errors))
	for i, it := range e.Errors {
		items[i] = document.APIErrorItem(it)
	}
	return document.CheckStatus(e.Status, e.RequestID, items)
}
