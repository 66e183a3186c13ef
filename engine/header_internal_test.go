package engine

import (
	"testing"
	"time"
)

// parseDeliveryTime is stricter than time.ParseInLocation in one way: the
// contract says HH, and the standard library's "15" also takes one digit
// ("T0:00:00"). Otherwise they agree: what we accept, it accepts with the
// same instant, and every 19-byte string it accepts, we accept.
func checkParseAgrees(t *testing.T, s string) {
	loc := time.FixedZone("X", 3*3600)
	want, err := time.ParseInLocation(deliveryLayout, s, loc)
	got, ok := parseDeliveryTime(s, loc)
	switch {
	case ok && (err != nil || !got.Equal(want)):
		t.Fatalf("%q: accepted as %v, time.Parse: %v %v", s, got, want, err)
	case !ok && err == nil && len(s) == len(deliveryLayout):
		t.Fatalf("%q: rejected, time.Parse accepts %v", s, want)
	}
}

func TestParseDeliveryTime(t *testing.T) {
	for _, s := range []string{
		"2017-03-29T23:52:00", "2024-02-29T00:00:00", "2023-02-29T00:00:00", "2026-13-01T00:00:00",
		"2026-06-31T10:00:00", "2026-06-01T24:00:00", "2026-06-01 10:00:00", "2026-06-01T10:00:60",
		"0000-01-01T00:00:00", "2100-02-29T12:00:00", "2000-02-29T12:00:00",
		"0000-01-01T0:00:00", // Captured during fuzzing: one-digit hour, which we reject on purpose.
	} {
		checkParseAgrees(t, s)
	}
	if _, ok := parseDeliveryTime("2026-06-01T9:00:00", time.UTC); ok {
		t.Fatal("one-digit hour accepted")
	}
}

func FuzzParseDeliveryTime(f *testing.F) {
	f.Add("2017-03-29T23:52:00")
	f.Add("2024-02-29T00:00:00")
	f.Fuzz(checkParseAgrees)
}

func TestWellFormedPhone(t *testing.T) {
	for phone, want := range map[string]bool{
		"+361110000":           true, // the UCS Hungary endpoint documentation's own example (9 digits)
		"+36 70 336-6222":      true, // a real integration's, with separators
		"+7 (999) 000-11-22":   true,
		"79990001122":          true,
		"1234567":              true, // 7 digits, the E.164 floor used here
		"123456":               false,
		"123456789012345":      true,  // 15
		"1234567890123456":     false, // 16
		"12345678901234567890": false, // 20 digits
		"+7999abc0011":         false, // letters
		"+":                    false,
		"++79990001122":        false,
		"7999+0001122":         false,
		"7999.000.1122":        false,
		"":                     false,
	} {
		if got := wellFormedPhone(phone); got != want {
			t.Errorf("wellFormedPhone(%q) = %v, want %v", phone, got, want)
		}
	}
}
