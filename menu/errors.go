package menu

import (
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/internal/wire"
)

var (
	// ErrDecode is wrapped by every error about malformed or mistyped input,
	// or a document of another kind (it is document.ErrInvalid).
	ErrDecode = document.ErrInvalid
	// ErrTooLarge is wrapped by the error for a document over its size
	// limit (it is document.ErrTooLarge).
	ErrTooLarge = document.ErrTooLarge
	// ErrAPI is wrapped by [*APIError] (it is document.ErrAPI).
	ErrAPI = document.ErrAPI
)

// APIError is an envelope whose status is "Err" (document.APIError).
type APIError = document.APIError

// APIErrorItem is one entry of the envelope's errors[].
type APIErrorItem = document.APIErrorItem

// decode checks the size of a document of kind k and decodes it into v,
// returning a *document.Error that names the place of any fault.
func decode(k document.Kind, data []byte, v any, max int64) error {
	if err := document.Check(k, data, max); err != nil {
		return err
	}
	return wire.Decode(k, data, v)
}
