package money_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/money"
)

func TestParse(t *testing.T) {
	tests := []struct {
		text string
		unit money.Unit
		want money.Kopecks
	}{
		{"186.0", money.Major, 18600},
		{"186", money.Major, 18600},
		{"0.01", money.Major, 1},
		{"-1.5", money.Major, -150},
		{"8350", money.Minor, 8350},
		{"8350.00", money.Minor, 8350},
		{"1e2", money.Minor, 100},
		{"1.23e1", money.Major, 1230},
		{"0", money.Major, 0},
		{"0e999999999", money.Major, 0},
		{"92233720368547758.07", money.Major, 9223372036854775807},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := money.Parse(tt.text, tt.unit)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		text string
		unit money.Unit
		want error
	}{
		{"1.005", money.Major, money.ErrPrecision},
		{"0.5", money.Minor, money.ErrPrecision},
		{"abc", money.Major, money.ErrSyntax},
		{"", money.Major, money.ErrSyntax},
		{"1.2.3", money.Major, money.ErrSyntax},
		{" 12", money.Major, money.ErrSyntax},
		{"NaN", money.Major, money.ErrSyntax},
		{"Inf", money.Major, money.ErrSyntax},
		{"0x10", money.Minor, money.ErrSyntax},
		{"1e", money.Minor, money.ErrSyntax},
		{"1e999999999", money.Major, money.ErrOverflow},
		{"1e-999999999", money.Major, money.ErrPrecision},
		{"1e18", money.Major, money.ErrOverflow},
		{"92233720368547758.08", money.Major, money.ErrOverflow},
		{"9223372036854775808", money.Minor, money.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, err := money.Parse(tt.text, tt.unit)
			assert.ErrorIs(t, err, tt.want)
			var pe *money.ParseError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, tt.text, pe.Text)
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := money.Parse("1.005", money.Major)
	assert.EqualError(t, err, `"1.005": money: more precision than the unit allows`)
}

func TestParseJSON(t *testing.T) {
	tests := []struct {
		raw  string
		unit money.Unit
		want money.Kopecks
	}{
		{`"8350"`, money.Minor, 8350},
		{`19000`, money.Minor, 19000},
		{`186.0`, money.Major, 18600},
		{`"-439"`, money.Minor, -439},
	}
	for _, tt := range tests {
		got, err := money.ParseJSON([]byte(tt.raw), tt.unit)
		require.NoError(t, err, tt.raw)
		assert.Equal(t, tt.want, got, tt.raw)
	}
	for _, bad := range []string{`null`, `true`, `{}`, `"12`, `"1.005"`} {
		_, err := money.ParseJSON([]byte(bad), money.Major)
		assert.Error(t, err, bad)
	}
}

func TestParseQty(t *testing.T) {
	q, err := money.ParseQty("3.0")
	require.NoError(t, err)
	assert.Equal(t, money.Qty(3000), q)
	q, err = money.ParseQtyJSON([]byte("0.5"))
	require.NoError(t, err)
	assert.Equal(t, money.Qty(500), q)
	_, err = money.ParseQty("0.0005")
	assert.ErrorIs(t, err, money.ErrPrecision)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"186.0", "1.005", "8350", "1e999999999", "-0.01", "+5", "1e-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := money.Parse(s, money.Major)
		if err != nil {
			return
		}
		// Round trip: formatting in major units and parsing again is exact.
		back, err := money.Parse(k.String(), money.Major)
		if err != nil || back != k {
			t.Fatalf("%q → %d → %q → %d, %v", s, k, k.String(), back, err)
		}
	})
}

// Edges of the decimal pre-scan that the mutation run found untested.
func TestParseScanEdges(t *testing.T) {
	for s, want := range map[string]money.Kopecks{
		"1E2":                         100, // an upper-case exponent
		"1e0":                         1,   // a zero exponent digit
		"1E05":                        100000,
		"1e00005":                     100000, // leading zeros of an exponent are not significant
		strings.Repeat("0", 63) + "7": 7,      // exactly the 64-character cap
	} {
		got, err := money.Parse(s, money.Minor)
		require.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	_, err := money.Parse(strings.Repeat("0", 64)+"7", money.Minor)
	assert.ErrorIs(t, err, money.ErrSyntax, "65 characters: over the cap")
	_, err = money.ParseJSON([]byte(`""`), money.Minor)
	var pe *money.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "", pe.Text, "an empty JSON string is empty text")
}

// Sum keeps the first error: later ones do not replace it.
func TestSumKeepsTheFirstError(t *testing.T) {
	first, second := errors.New("first"), errors.New("second")
	var s money.Sum
	s.AddErr(1, first)
	s.AddErr(2, second)
	_, err := s.Total()
	assert.Equal(t, first, err)
}
