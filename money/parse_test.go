package money_test

import (
	"errors"
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
