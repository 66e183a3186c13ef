package main

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rkcart/rkcart/testkit"
)

// helpFlags is the oracle for every completion test: the flags a command's
// --help prints (the flag package's own listing), not flagsOf.
func helpFlags(t *testing.T, name string) []string {
	t.Helper()
	out, _, code := runCLI(t, "", append(strings.Fields(name), "--help")...)
	if code != 0 {
		t.Fatalf("%s --help: exit %d", name, code)
	}
	var flags []string
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`).FindAllStringSubmatch(out, -1) {
		flags = append(flags, "--"+m[1])
	}
	sort.Strings(flags)
	return flags
}

// completionCase is one command line and what the shell should offer: the
// flags of the command (flags == true) or the words given.
type completionCase struct {
	line  string // what is typed, the last word being completed
	want  []string
	flags string // when set: want is this command's --help flags
}

func completionCases(t *testing.T) []completionCase {
	cases := []completionCase{
		{line: "rkcart pri", want: []string{"price"}},
		{line: "rkcart menu ", want: []string{"diff", "pull"}},
		{line: "rkcart events ", want: []string{"check"}},
		{line: "rkcart gateway ", want: []string{"report"}},
		{line: "rkcart completion ", want: []string{"bash", "fish", "zsh"}},
		{line: "rkcart menu pull --base", want: []string{"--base-url"}},
		{line: "rkcart price --m", want: []string{"--menu", "--minor-units"}},
	}
	var top []string
	for _, c := range commands {
		first, _, _ := strings.Cut(c.name, " ")
		if len(top) == 0 || top[len(top)-1] != first {
			top = append(top, first)
		}
		if c.name != "version" && c.name != "completion" {
			cases = append(cases, completionCase{line: "rkcart " + c.name + " --", flags: c.name})
		}
	}
	top = append(top, "help")
	sort.Strings(top)
	cases = append(cases, completionCase{line: "rkcart ", want: top})
	for i, c := range cases {
		if c.flags != "" {
			cases[i].want = helpFlags(t, c.flags)
		}
	}
	return cases
}

func script(t *testing.T, shell string) string {
	t.Helper()
	out, errOut, code := runCLI(t, "", "completion", shell)
	if code != 0 {
		t.Fatalf("completion %s: exit %d: %s", shell, code, errOut)
	}
	path := filepath.Join(t.TempDir(), "rkcart."+shell)
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

func TestCompletionBash(t *testing.T) {
	bash := testkit.Tool(t, "bash", "apt-get install bash")
	path := script(t, "bash")
	for _, c := range completionCases(t) {
		words := strings.Split(c.line, " ")
		prog := `source "$1"; COMP_WORDS=(` + quoteWords(words) + `); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _rkcart; printf '%s\n' "${COMPREPLY[@]}"`
		out, err := testkit.Command(t, bash, "-c", prog, "bash", path).Output()
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		if got := lines(string(out)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("bash %q: got %v, want %v", c.line, got, c.want)
		}
	}
}

func quoteWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + w + "'"
	}
	return strings.Join(q, " ")
}

func TestCompletionFish(t *testing.T) {
	fish := testkit.Tool(t, "fish", "apt-get install fish")
	path := script(t, "fish")
	for _, c := range completionCases(t) {
		out, err := testkit.Command(t, fish, "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, path, c.line).Output()
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		var got []string
		for _, l := range lines(string(out)) {
			word, _, _ := strings.Cut(l, "\t")
			got = append(got, word)
		}
		sort.Strings(got)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("fish %q: got %v, want %v", c.line, got, c.want)
		}
	}
}

// TestCompletionZsh runs the generated function with zsh's completion
// helpers replaced by ones that print what they were given: it checks which
// command gets which specs, not zsh's own matching of a prefix.
func TestCompletionZsh(t *testing.T) {
	zsh := testkit.Tool(t, "zsh", "apt-get install zsh")
	path := script(t, "zsh")
	stubs := `compdef() { :; }
_describe() { local a; for a in ${(P)2}; do print -r -- ${a%%:*}; done }
_values() { shift; print -l -- "$@" }
_arguments() { local a; for a in "$@"; do [[ $a == --* ]] && print -r -- ${${a%%\[*}%=}; done; return 0 }
source $1
words=(${=2}); CURRENT=$#words; [[ $2 == *' ' ]] && { words+=(''); CURRENT=$#words }
_rkcart`
	for _, c := range completionCases(t) {
		if !strings.HasSuffix(c.line, " ") && !strings.HasSuffix(c.line, "--") {
			continue // a prefix: zsh's matching, which the stubs leave out
		}
		// The word being completed stays: "rkcart gateway --" completes the
		// command's flags, "rkcart gateway " its subcommands too.
		out, err := testkit.Command(t, zsh, "-f", "-c", stubs, "zsh", path, c.line).Output()
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		if got := lines(string(out)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("zsh %q: got %v, want %v", c.line, got, c.want)
		}
	}
}

// TestManPage: groff formats the page with every warning on and none
// raised, and the page names every command and every flag --help lists.
func TestManPage(t *testing.T) {
	groff := testkit.Tool(t, "groff", "apt-get install groff-base")
	page, _, code := runCLI(t, "", "man")
	if code != 0 {
		t.Fatalf("man: exit %d", code)
	}
	path := filepath.Join(t.TempDir(), "rkcart.1")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := testkit.Command(t, groff, "-man", "-Tutf8", "-ww", path)
	var warn strings.Builder
	cmd.Stderr = &warn
	out, err := cmd.Output()
	if err != nil || warn.Len() > 0 {
		t.Fatalf("groff: %v\n%s", err, warn.String())
	}
	text := regexp.MustCompile(`.\x08`).ReplaceAllString(string(out), "") // overstrike bold
	text = strings.NewReplacer("‐\n", "", "\u2010", "-", "\u2212", "-").Replace(text)
	for _, c := range commands {
		if !strings.Contains(text, "rkcart "+c.name) {
			t.Errorf("the page lacks %q", "rkcart "+c.name)
		}
		for _, f := range helpFlags(t, c.name) {
			if !strings.Contains(text, f) {
				t.Errorf("the page lacks %s of %s", f, c.name)
			}
		}
	}
}
