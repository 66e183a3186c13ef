package api

import (
	"encoding/json"
	"errors"

	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/engine"
)

// HTTP statuses of the problems (not net/http's constants: importing it
// would put the HTTP stack into the WebAssembly build).
const (
	StatusBadRequest          = 400
	StatusNotFound            = 404
	StatusMethodNotAllowed    = 405
	StatusConflict            = 409
	StatusRequestTimeout      = 408
	StatusRequestTooLarge     = 413
	StatusUnprocessableEntity = 422
	StatusInternal            = 500
	StatusUnavailable         = 503
)

// ProblemType is a problem's type, the slug after ProblemBase. The types
// are a closed vocabulary: each has one constructor below, and
// server/openapi.json lists them (a test compares the two).
type ProblemType string

// The problem types, with their HTTP status.
const (
	TypeBadDocument      ProblemType = "bad-document"         // 400: a document that cannot be read (DocProblem)
	TypeTooLarge         ProblemType = "too-large"            // 413: a body over its cap (DocProblem, TooLarge)
	TypeBadOption        ProblemType = "bad-option"           // 400: an option or query parameter refused (BadOption)
	TypeUnknownObject    ProblemType = "unknown-object"       // 404: an object or handle that is not loaded (UnknownObject)
	TypeNotFound         ProblemType = "not-found"            // 404: no such endpoint or dialect (NotFound)
	TypeMethodNotAllowed ProblemType = "method-not-allowed"   // 405 (MethodNotAllowed)
	TypeBodyTimeout      ProblemType = "body-timeout"         // 408: a body slower than the minimum rate (BodyTimeout)
	TypeUnknownVersion   ProblemType = "unknown-menu-version" // 409: a menu_version not kept (UnknownMenuVersion)
	TypeRefused          ProblemType = "refused"              // 422: a cart the payload writer refuses (Refused)
	TypeNotReconcilable  ProblemType = "not-reconcilable"     // 422: a POS answer of the wrong shape (NotReconcilable)
	TypeReloadFailed     ProblemType = "reload-failed"        // 500: a reload failed, the menus in use stay (ReloadFailed)
	TypeInternal         ProblemType = "internal"             // 500: a fault of rkcart's own (Internal)
	TypeOverloaded       ProblemType = "overloaded"           // 503: a limit reached, retry after Retry-After (Overloaded)
	TypeNotReady         ProblemType = "not-ready"            // 503: no menu for the request yet (NotReady)
)

// ProblemTypes lists every problem type, in the order above.
func ProblemTypes() []ProblemType {
	return []ProblemType{TypeBadDocument, TypeTooLarge, TypeBadOption, TypeUnknownObject, TypeNotFound, TypeMethodNotAllowed,
		TypeBodyTimeout, TypeUnknownVersion, TypeRefused, TypeNotReconcilable, TypeReloadFailed, TypeInternal, TypeOverloaded, TypeNotReady}
}

// Error makes a problem an error: its title and detail.
func (p *Problem) Error() string {
	if p.Detail == "" {
		return p.Title
	}
	return p.Title + ": " + p.Detail
}

// TooLarge is the problem of a body over its cap (kind's limit bytes).
func TooLarge(kind string, limit int64, detail string) *Problem {
	return &Problem{Status: StatusRequestTooLarge, Type: TypeTooLarge, Title: "The document is too large", Kind: kind, Limit: limit, Detail: detail}
}

// UnknownObject is the problem of an object (or handle) that is not loaded.
func UnknownObject(detail string) *Problem {
	return &Problem{Status: StatusNotFound, Type: TypeUnknownObject, Title: "Unknown object", Detail: detail}
}

// NotFound is the problem of an endpoint or dialect that does not exist.
func NotFound(title, detail string) *Problem {
	return &Problem{Status: StatusNotFound, Type: TypeNotFound, Title: title, Detail: detail}
}

// MethodNotAllowed is the problem of a method an endpoint does not take.
func MethodNotAllowed(detail string) *Problem {
	return &Problem{Status: StatusMethodNotAllowed, Type: TypeMethodNotAllowed, Title: "Method not allowed", Detail: detail}
}

// BodyTimeout is the problem of a body that came too slowly.
func BodyTimeout(detail string) *Problem {
	return &Problem{Status: StatusRequestTimeout, Type: TypeBodyTimeout, Title: "The body came too slowly", Detail: detail}
}

// Refused is the problem of a cart the payload writer refuses: its
// violations, or the dialect's reason.
func Refused(detail string, violations engine.Violations, reason string) *Problem {
	return &Problem{Status: StatusUnprocessableEntity, Type: TypeRefused, Title: "The cart is not sent", Detail: detail,
		Violations: violations, Reason: reason}
}

// NotReconcilable is the problem of a POS answer that cannot be
// reconciled (pointer under member).
func NotReconcilable(err error, member string) *Problem {
	p := DocProblem(err, member)
	p.Status, p.Type, p.Title = StatusUnprocessableEntity, TypeNotReconcilable, "The answer cannot be reconciled"
	return p
}

// ReloadFailed is the problem of a reload that failed; the menus in use
// stay.
func ReloadFailed(err error) *Problem {
	return &Problem{Status: StatusInternal, Type: TypeReloadFailed, Title: "Reload failed; the menus in use stay", Detail: err.Error()}
}

// Overloaded is the problem of a request shed at a limit.
func Overloaded(detail string) *Problem {
	return &Problem{Status: StatusUnavailable, Type: TypeOverloaded, Title: "Too many requests in progress", Detail: detail}
}

// NotReady is the problem of a request that has no menu yet.
func NotReady(title, detail string) *Problem {
	return &Problem{Status: StatusUnavailable, Type: TypeNotReady, Title: title, Detail: detail}
}

// ProblemBase prefixes the problem type slugs: a URN, since no page
// documents them but docs/sidecar.md.
const ProblemBase = "urn:rkcart:problem:"

// Problem is an RFC 9457 problem details object with rkcart's members.
// Type holds the slug ("bad-document", "refused", …); the JSON carries it
// prefixed with ProblemBase. Status is the HTTP status the sidecar
// answers with (the WebAssembly build reports it too).
type Problem struct {
	Type     ProblemType `json:"type"`
	Title    string      `json:"title"`
	Status   int         `json:"status"`
	Detail   string      `json:"detail,omitempty"`
	Instance string      `json:"instance,omitempty"`
	// For a document that could not be read:
	Kind    string `json:"kind,omitempty"`
	Pointer string `json:"pointer,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Limit   int64  `json:"limit,omitempty"`
	// For a refused payload:
	Violations engine.Violations `json:"violations,omitempty"`
	Reason     string            `json:"reason,omitempty"`

	cause error // the error the problem was made from, for errors.As
}

// Unwrap returns the error the problem was made from (a *document.Error
// for a document that cannot be read), or nil.
func (p *Problem) Unwrap() error { return p.cause }

// MarshalJSON writes the problem with its type as a URN.
func (p Problem) MarshalJSON() ([]byte, error) {
	type plain Problem
	out := plain(p)
	out.Type = ProblemBase + p.Type
	return json.Marshal(out)
}

// DocProblem turns a decoding error into a problem: 413 for a document
// over its cap, 400 for any other. member prefixes the pointer when the
// document was a member of the request ("/cart").
func DocProblem(err error, member string) *Problem {
	p := &Problem{Status: StatusBadRequest, Type: TypeBadDocument, Title: "The document cannot be read", Detail: err.Error(), cause: err}
	var de *document.Error
	if errors.As(err, &de) {
		p.Kind, p.Line, p.Column, p.Limit = de.Kind.String(), de.Line, de.Column, de.Limit
		p.Pointer = member + de.Pointer
		if de.Limit > 0 {
			p.Status, p.Type, p.Title = StatusRequestTooLarge, TypeTooLarge, "The document is too large"
		}
	} else if member != "" {
		p.Pointer = member
	}
	return p
}

// BadOption is the problem of an option that cannot be read.
func BadOption(err error) *Problem {
	return &Problem{Status: StatusBadRequest, Type: TypeBadOption, Title: "Bad option", Detail: err.Error()}
}

// Internal is the problem of a fault of rkcart's own.
func Internal(err error) *Problem {
	return &Problem{Status: StatusInternal, Type: TypeInternal, Title: "Internal error", Detail: err.Error()}
}
