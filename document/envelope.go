package document

import (
	"errors"
	"fmt"
	"strings"
)

// ErrAPI is wrapped by [*APIError].
var ErrAPI = errors.New("r_keeper API error")

// APIError is a WebDelivery envelope whose status is "Err":
//
//	{"status":"Err","errors":[{"code":"DLW-0023","text":"RK7 error","details":"Not answer from WS"}],"requestId":"…"}
//
// It unwraps to [ErrAPI].
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

// CheckStatus is the one envelope check of every WebDelivery decoder: an
// absent status (a bare data object) or "Ok" (any case) is success and
// returns nil; any other status is an [*APIError] with the given errors.
func CheckStatus(status, requestID string, errs []APIErrorItem) error {
	if status == "" || strings.EqualFold(status, "Ok") {
		return nil
	}
	return &APIError{Status: status, RequestID: requestID, Errors: errs}
}
