package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rkcart/rkcart/testkit"
)

var when = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func files() []File {
	return []File{
		{Name: "rkcart", Data: []byte("\x7fELF binary"), Exec: true},
		{Name: "README.md", Data: []byte("# rkcart\n")},
		{Name: "man/rkcart.1", Data: []byte(".TH RKCART 1\n")},
	}
}

func archive(t *testing.T, fs []File, zipped bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Archive(&b, "rkcart_1.0.0_linux_amd64", fs, when, zipped); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The same files in any order, at any hour, give the same bytes.
func TestArchiveIsDeterministic(t *testing.T) {
	tgz, zp := archive(t, files(), false), archive(t, files(), true)
	fs := files()
	fs[0], fs[2] = fs[2], fs[0]
	time.Sleep(1100 * time.Millisecond) // a clock that leaked in would show
	if !bytes.Equal(tgz, archive(t, fs, false)) || !bytes.Equal(zp, archive(t, fs, true)) {
		t.Error("two archives of the same files differ")
	}
}

// Read back with the standard readers: names in order under the top
// folder, modes, the one time, the contents.
func TestArchiveReadsBack(t *testing.T) {
	want := []struct {
		name string
		mode os.FileMode
	}{
		{"rkcart_1.0.0_linux_amd64/README.md", 0o644},
		{"rkcart_1.0.0_linux_amd64/man/rkcart.1", 0o644},
		{"rkcart_1.0.0_linux_amd64/rkcart", 0o755},
	}
	gz, err := gzip.NewReader(bytes.NewReader(archive(t, files(), false)))
	if err != nil {
		t.Fatal(err)
	}
	if gz.Name != "" || !gz.ModTime.IsZero() {
		t.Errorf("gzip header carries name %q, time %v", gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	for i := 0; ; i++ {
		h, err := tr.Next()
		if err == io.EOF {
			if i != len(want) {
				t.Fatalf("%d entries, want %d", i, len(want))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name != want[i].name || os.FileMode(h.Mode) != want[i].mode || !h.ModTime.Equal(when) || h.Uid != 0 || h.Gid != 0 {
			t.Errorf("entry %d: %s %o %v uid %d, want %s %o %v uid 0", i, h.Name, h.Mode, h.ModTime, h.Uid, want[i].name, want[i].mode, when)
		}
	}
	z := archive(t, files(), true)
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range zr.File {
		if f.Name != want[i].name || f.Mode().Perm() != want[i].mode || !f.Modified.Equal(when) {
			t.Errorf("zip entry %d: %s %v %v, want %s %v", i, f.Name, f.Mode(), f.Modified, want[i].name, want[i].mode)
		}
	}
	rc, err := zr.File[2].Open()
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := io.ReadAll(rc); string(data) != "\x7fELF binary" {
		t.Errorf("zip content %q", data)
	}
}

func TestArchiveRefuses(t *testing.T) {
	if err := Archive(io.Discard, "x", nil, when, false); !errors.Is(err, ErrNoFiles) {
		t.Errorf("no files: %v", err)
	}
	for _, bad := range [][]File{
		{{Name: ""}},
		{{Name: "/etc/passwd"}},
		{{Name: "../up"}},
		{{Name: "a/../../up"}},
		{{Name: "a"}, {Name: "a"}},
	} {
		if err := Archive(io.Discard, "x", bad, when, false); err == nil {
			t.Errorf("%+v: accepted", bad)
		}
	}
}

// SHA256SUMS is what sha256sum -c accepts: checked by sha256sum itself.
func TestChecksumsCheckWithSha256sum(t *testing.T) {
	sum := testkit.Tool(t, "sha256sum", "apt-get install coreutils")
	dir := t.TempDir()
	in := map[string][]byte{"b.zip": []byte("bbb"), "a.tar.gz": []byte("aaa")}
	for n, d := range in {
		if err := os.WriteFile(filepath.Join(dir, n), d, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "SHA256SUMS"), Checksums(in), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := testkit.Command(t, sum, "-c", "SHA256SUMS")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.tar.gz"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = testkit.Command(t, sum, "-c", "SHA256SUMS")
	cmd.Dir = dir
	if err := cmd.Run(); err == nil {
		t.Error("sha256sum -c passed a changed file")
	}
}
