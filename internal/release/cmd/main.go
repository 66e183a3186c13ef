// Command release builds rkcart's release archives: for each platform a
// static (CGO_ENABLED=0), path-free (-trimpath), stamped binary, with the
// README, LICENSE, CHANGELOG, shell completions and the man page, in
// rkcart_VERSION_OS_ARCH.tar.gz (.zip for Windows), and SHA256SUMS.
//
//	go run ./internal/release/cmd --version v0.5.0 [--out dist] [--platforms linux/amd64,…] [--check]
//
// --check builds everything a second time from a copy of the tree in
// another folder, with its own build cache, and fails unless SHA256SUMS is
// the same byte for byte: the release is reproducible.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/rkcart/rkcart/internal/release"
)

const stamp = "github.com/rkcart/rkcart/internal/buildinfo."

const allPlatforms = "linux/amd64,linux/arm64,darwin/amd64,darwin/arm64,windows/amd64,windows/arm64"

func main() {
	version := flag.String("version", "", "the version to stamp, vMAJOR.MINOR.PATCH[-pre] (required)")
	out := flag.String("out", "dist", "the folder the archives and SHA256SUMS go to")
	platforms := flag.String("platforms", allPlatforms, "GOOS/GOARCH pairs, comma-separated")
	check := flag.Bool("check", false, "build a second time from a copy of the tree and compare checksums")
	flag.Parse()
	if err := run(*version, *out, *platforms, *check); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(version, out, platforms string, check bool) error {
	if !validVersion(version) {
		return fmt.Errorf("--version %q: want vMAJOR.MINOR.PATCH with an optional -pre-release", version)
	}
	if flag.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	commit, err := git("rev-parse", "HEAD")
	if err != nil {
		return err
	}
	if dirty, _ := git("status", "--porcelain"); dirty != "" {
		return fmt.Errorf("the work tree has changes: a release is built from a commit")
	}
	epoch, err := git("log", "-1", "--format=%ct")
	if err != nil {
		return err
	}
	sec, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil {
		return fmt.Errorf("commit time %q: %v", epoch, err)
	}
	b := builder{version: version, commit: commit, mtime: time.Unix(sec, 0), src: "."}
	var pairs [][2]string
	for _, p := range strings.Split(platforms, ",") {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(p), "/")
		if !ok || goos == "" || goarch == "" {
			return fmt.Errorf("--platforms: %q is not GOOS/GOARCH", p)
		}
		pairs = append(pairs, [2]string{goos, goarch})
	}
	sums, err := b.all(pairs, out, "")
	if err != nil {
		return err
	}
	fmt.Printf("%s", sums)
	if !check {
		return nil
	}
	// The second build: the same commit at another path, another cache.
	tmp, err := os.MkdirTemp("", "rkcart-release-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	copyDir := filepath.Join(tmp, "src")
	if _, err := git("worktree", "add", "--detach", copyDir, commit); err != nil {
		return err
	}
	defer func() { _, _ = git("worktree", "remove", "--force", copyDir) }()
	b2 := b
	b2.src = copyDir
	sums2, err := b2.all(pairs, filepath.Join(tmp, "out"), filepath.Join(tmp, "cache"))
	if err != nil {
		return err
	}
	if !bytes.Equal(sums, sums2) {
		return fmt.Errorf("not reproducible: the second build's SHA256SUMS differs:\n%s", sums2)
	}
	fmt.Println("reproducible: a second build from", copyDir, "with its own cache gave the same bytes")
	return nil
}

func validVersion(v string) bool {
	core, _, _ := strings.Cut(strings.TrimPrefix(v, "v"), "-")
	parts := strings.Split(core, ".")
	if !strings.HasPrefix(v, "v") || len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if _, err := strconv.ParseUint(p, 10, 32); err != nil || (len(p) > 1 && p[0] == '0') {
			return false
		}
	}
	return true
}

func git(args ...string) (string, error) {
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

type builder struct {
	version, commit string
	mtime           time.Time
	src             string // the source tree
}

// build compiles rkcart for one platform into dst.
func (b builder) build(goos, goarch, dst, cache string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-s -w -buildid= -X "+stamp+"stampVersion="+b.version+" -X "+stamp+"stampCommit="+b.commit,
		"-o", dst, "./cmd/rkcart")
	cmd.Dir = b.src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch, "GOFLAGS=")
	if cache != "" {
		cmd.Env = append(cmd.Env, "GOCACHE="+cache)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build %s/%s: %v", goos, goarch, err)
	}
	return os.ReadFile(dst)
}

// all builds every platform's archive into out and returns SHA256SUMS.
func (b builder) all(pairs [][2]string, out, cache string) ([]byte, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "rkcart-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	// Completions and the man page, from a binary for this machine.
	host := filepath.Join(tmp, "host-rkcart")
	if _, err := b.build(runtime.GOOS, runtime.GOARCH, host, cache); err != nil {
		return nil, err
	}
	var extra []release.File
	for _, g := range []struct{ name, args string }{
		{"completions/rkcart.bash", "completion bash"},
		{"completions/_rkcart", "completion zsh"},
		{"completions/rkcart.fish", "completion fish"},
		{"man/rkcart.1", "man"},
	} {
		data, err := exec.Command(host, strings.Fields(g.args)...).Output()
		if err != nil {
			return nil, fmt.Errorf("rkcart %s: %v", g.args, err)
		}
		extra = append(extra, release.File{Name: g.name, Data: data})
	}
	for _, doc := range []string{"README.md", "LICENSE", "CHANGELOG.md"} {
		data, err := os.ReadFile(filepath.Join(b.src, doc))
		if err != nil {
			return nil, err
		}
		extra = append(extra, release.File{Name: doc, Data: data})
	}
	archives := map[string][]byte{}
	for _, p := range pairs {
		goos, goarch := p[0], p[1]
		exe := "rkcart"
		if goos == "windows" {
			exe += ".exe"
		}
		bin, err := b.build(goos, goarch, filepath.Join(tmp, goos+"-"+goarch+"-"+exe), cache)
		if err != nil {
			return nil, err
		}
		top := fmt.Sprintf("rkcart_%s_%s_%s", strings.TrimPrefix(b.version, "v"), goos, goarch)
		files := append([]release.File{{Name: exe, Data: bin, Exec: true}}, extra...)
		var buf bytes.Buffer
		name := top + ".tar.gz"
		if goos == "windows" {
			name = top + ".zip"
		}
		if err := release.Archive(&buf, top, files, b.mtime, goos == "windows"); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(out, name), buf.Bytes(), 0o644); err != nil {
			return nil, err
		}
		archives[name] = buf.Bytes()
	}
	sums := release.Checksums(archives)
	return sums, os.WriteFile(filepath.Join(out, "SHA256SUMS"), sums, 0o644)
}
