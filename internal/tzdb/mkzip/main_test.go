package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/testkit"
)

// The zip write makes holds every zone of Go's database under its name
// with its bytes unchanged (archive/zip reads it back, checking each CRC),
// identical zones share one copy, and it is smaller for it.
func TestWriteKeepsEveryZone(t *testing.T) {
	out, err := testkit.Command(t, "go", "env", "GOROOT").Output() // dies with the test
	require.NoError(t, err)
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lib", "time", "zoneinfo.zip"))
	require.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(t, err)
	var zones []zone
	distinct := map[string]bool{}
	for _, f := range zr.File {
		zones = append(zones, zone{f.Name, read(t, f)})
		distinct[string(zones[len(zones)-1].data)] = true
	}
	got := write(zones)
	gr, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
	require.NoError(t, err)
	require.Len(t, gr.File, len(zones))
	offsets := map[int64]bool{}
	for i, f := range gr.File {
		assert.Equal(t, zones[i].name, f.Name)
		assert.Equal(t, zones[i].data, read(t, f), f.Name)
		off, err := f.DataOffset()
		require.NoError(t, err)
		offsets[off] = true
	}
	assert.Len(t, offsets, len(distinct), "one copy per distinct zone")
	assert.Less(t, len(got), len(src))
}

func read(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	require.NoError(t, err)
	defer rc.Close()
	data, err := io.ReadAll(rc) // archive/zip checks the CRC at the end
	require.NoError(t, err)
	return data
}
