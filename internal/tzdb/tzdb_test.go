package tzdb_test

import (
	"archive/zip"
	"io"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/internal/tzdb"
)

// Every zone read through the package's own zip reader is the zone the
// standard library's archive/zip finds in the same file (the oracle), and
// the database has the zones rkcart's users name.
func TestEveryZoneAgreesWithArchiveZip(t *testing.T) {
	f, err := os.Open("zoneinfo.zip")
	require.NoError(t, err)
	defer f.Close()
	st, err := f.Stat()
	require.NoError(t, err)
	zr, err := zip.NewReader(f, st.Size())
	require.NoError(t, err)
	names := tzdb.Names()
	require.Len(t, names, len(zr.File))
	instants := []time.Time{time.Date(2011, 3, 27, 0, 0, 0, 0, time.UTC), time.Date(2014, 10, 26, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC), time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)}
	for i, zf := range zr.File {
		require.Equal(t, zf.Name, names[i])
		rc, err := zf.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		want, err := time.LoadLocationFromTZData(zf.Name, data)
		require.NoError(t, err, zf.Name)
		got, err := tzdb.Load(zf.Name)
		require.NoError(t, err, zf.Name)
		for _, at := range instants {
			n1, o1 := at.In(got).Zone()
			n2, o2 := at.In(want).Zone()
			assert.Equal(t, o2, o1, "%s at %v", zf.Name, at)
			assert.Equal(t, n2, n1, "%s at %v", zf.Name, at)
		}
	}
	for _, name := range []string{"Europe/Moscow", "Europe/Kaliningrad", "Asia/Yekaterinburg", "Asia/Vladivostok", "Asia/Almaty", "Europe/Minsk"} {
		_, err := tzdb.Load(name)
		assert.NoError(t, err, name)
	}
	msk, err := tzdb.Load("Europe/Moscow")
	require.NoError(t, err)
	_, off := time.Date(2026, 6, 1, 12, 0, 0, 0, msk).Zone()
	assert.Equal(t, 3*3600, off)
}

func TestUnknownAndSpecialNames(t *testing.T) {
	for _, bad := range []string{"Mars/Olympus", "Local", "europe/moscow", "../etc/passwd"} {
		_, err := tzdb.Load(bad)
		assert.Error(t, err, bad)
	}
	utc, err := tzdb.Load("UTC")
	require.NoError(t, err)
	assert.Same(t, time.UTC, utc)
}
