// Package release writes rkcart's release archives byte for byte the same
// from the same inputs: entries in name order, one modification time (the
// commit's, SOURCE_DATE_EPOCH style), owner 0, fixed modes, gzip with no
// name or time in its header. The command internal/release/cmd drives it.
package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// File is one entry of an archive.
type File struct {
	Name string // slash-separated, inside the archive's top folder
	Data []byte
	Exec bool // mode 0755 (else 0644)
}

// ErrNoFiles is returned for an archive with nothing in it.
var ErrNoFiles = errors.New("release: an archive needs at least one file")

// Archive writes files under the folder top, as a zip when zipped (for
// Windows) or a gzipped tar, every entry dated mtime.
//
// It fails on no files, a name that is empty, absolute or climbs out of
// top (".."), or a name given twice.
func Archive(w io.Writer, top string, files []File, mtime time.Time, zipped bool) error {
	if len(files) == 0 {
		return ErrNoFiles
	}
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	for i, f := range sorted {
		if f.Name == "" || strings.HasPrefix(f.Name, "/") || strings.Contains("/"+f.Name+"/", "/../") {
			return fmt.Errorf("release: bad file name %q", f.Name)
		}
		if i > 0 && sorted[i-1].Name == f.Name {
			return fmt.Errorf("release: %q given twice", f.Name)
		}
	}
	mtime = mtime.UTC().Truncate(time.Second)
	if zipped {
		return writeZip(w, top, sorted, mtime)
	}
	return writeTarGz(w, top, sorted, mtime)
}

func mode(f File) int64 {
	if f.Exec {
		return 0o755
	}
	return 0o644
}

func writeTarGz(w io.Writer, top string, files []File, mtime time.Time) error {
	gz, _ := gzip.NewWriterLevel(w, gzip.BestCompression) // the level is valid
	// gzip.Header's zero Name and ModTime: nothing of this machine or hour.
	tw := tar.NewWriter(gz)
	for _, f := range files {
		h := &tar.Header{
			Name: top + "/" + f.Name, Mode: mode(f), Size: int64(len(f.Data)),
			ModTime: mtime, Typeflag: tar.TypeReg, Format: tar.FormatPAX,
			Uname: "root", Gname: "root",
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(f.Data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, top string, files []File, mtime time.Time) error {
	zw := zip.NewWriter(w)
	for _, f := range files {
		h := &zip.FileHeader{Name: top + "/" + f.Name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(0o644)
		if f.Exec {
			h.SetMode(0o755)
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Checksums is the SHA256SUMS file of sha256sum(1): one "hex  name" line
// per file, in name order, which `sha256sum -c` checks.
func Checksums(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		sum := sha256.Sum256(files[n])
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), n)
	}
	return b.Bytes()
}
