package menu

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rkcart/rkcart/internal/wire"
)

var (
	// ErrDecode is wrapped by every error about malformed or mistyped input.
	ErrDecode = errors.New("menu: cannot decode")
	// ErrTooLarge is returned for a document over Options.MaxBytes.
	ErrTooLarge = errors.New("menu: document too large")
	// ErrAPI is wrapped by [*APIError].
	ErrAPI = errors.New("r_keeper API error")
)

// APIError is an envelope whose status is "Err". It unwraps to [ErrAPI].
type APIError struct {
	Status    string
	RequestID string
	Errors    []APIErrorItem
}

// APIErrorItem is one entry of the envelope's errors[].
type APIErrorItem struct {
	Code    string // "DLW-0023"
	Text    string // "RK7 error"
	Details string // "Not answer from WS"
}

func (e *APIError) Error() string {
	if len(e.Errors) == 0 {
		return fmt.Sprintf("r_keeper API: status %q with no errors[]", e.Status)
	}
	parts := make([]string, len(e.Errors))
	for i, it := range e.Errors {
		parts[i] = it.Code + " " + it.Text
		if it.Details != "" {
			parts[i] += " (" + it.Details + ")"
		}
	}
	return "r_keeper API: " + strings.Join(parts, "; ")
}

func (e *APIError) Unwrap() error { return ErrAPI }

// CheckEnvelope returns an [*APIError] when env reports a failure, nil
// otherwise. An absent status (a bare data object) is not a failure.
func checkEnvelope(env wire.Envelope) error {
	if env.Status == "" || strings.EqualFold(env.Status, wire.StatusOK) {
		return nil
	}
	e := &APIError{Status: env.Status, RequestID: env.RequestID}
	for _, it := range env.Errors {
		e.Errors = append(e.Errors, APIErrorItem(it))
	}
	return e
}

// decodeError wraps a wire error so that it unwraps to ErrDecode while
// keeping the *wire.DecodeError details in its text.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return "menu: " + e.err.Error() }
func (e *decodeError) Unwrap() []error {
	return []error{ErrDecode, e.err}
}

func decode(data []byte, v any, max int64) error {
	if max <= 0 {
		max = DefaultMaxBytes
	}
	if int64(len(data)) > max {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), max)
	}
	if err := wire.Decode(data, v); err != nil {
		return &decodeError{err}
	}
	return nil
}
