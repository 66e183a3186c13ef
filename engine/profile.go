package engine

import "fmt"

// Severity says whether a violation blocks the cart.
type Severity uint8

const (
	// Error: the cart is invalid (the POS would refuse it, or the
	// restaurant's rules do).
	Error Severity = iota
	// Warning: reported, but the cart stays valid.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalJSON writes "error" or "warning".
func (s Severity) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// UnmarshalJSON reads "error" or "warning".
func (s *Severity) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"error"`:
		*s = Error
	case `"warning"`:
		*s = Warning
	default:
		return fmt.Errorf("engine: severity %s is not \"error\" or \"warning\"", b)
	}
	return nil
}

// Profile decides which violations are errors. The zero value is
// ProfileRestaurant.
type Profile uint8

const (
	// ProfileRestaurant: every rule the restaurant configured blocks the
	// cart (the menu's group limits and maxOneDish included).
	ProfileRestaurant Profile = iota
	// ProfilePOS: only what the POS is known or expected to refuse
	// blocks; rules the POS is known to accept are warnings (see
	// docs/violations.md for the evidence per code).
	ProfilePOS
)

func (p Profile) String() string {
	if p == ProfilePOS {
		return "pos"
	}
	return "restaurant"
}

// ParseProfile reads "restaurant" or "pos".
//
// It returns an error for anything else.
func ParseProfile(s string) (Profile, error) {
	switch s {
	case "restaurant", "":
		return ProfileRestaurant, nil
	case "pos":
		return ProfilePOS, nil
	}
	return 0, fmt.Errorf("engine: unknown profile %q (want restaurant or pos)", s)
}

// posWarnings are the codes the POS is known to accept, so the pos profile
// reports them as warnings. The evidence is in docs/violations.md: new
// evidence changes this list and that table, nothing else.
var posWarnings = [...]string{
	// The WebDelivery reference's own savedeliveryorder example sends 3 ×
	// modifier 1000388, capped at maxOneDish 2 in the same restaurant's
	// dishes answer; the POS answered Ok and priced all three.
	CodeMaxOneDishExceeded,
}

// SeverityOf is the severity of code under profile p.
// stale_availability is a warning in every profile: it says the data may
// be old, not that the cart breaks a rule.
func (p Profile) SeverityOf(code string) Severity {
	if code == CodeStaleAvailability {
		return Warning
	}
	if p == ProfilePOS {
		for _, c := range posWarnings {
			if c == code {
				return Warning
			}
		}
	}
	return Error
}
