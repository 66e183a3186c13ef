package api

import "time"

// parseTime reads an RFC 3339 time into a fixed clock.
func parseTime(s string) (func() time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, err
	}
	return func() time.Time { return t }, nil
}
