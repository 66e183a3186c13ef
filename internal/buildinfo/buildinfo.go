// Package buildinfo says which rkcart this is: the module version, the
// commit and the Go version, from the build information Go stamps into
// every binary (a release build from a tag shows the tag; a build from a
// checkout shows (devel) and the commit).
package buildinfo

import (
	"runtime/debug"
)

// Info is what a binary knows of its build.
type Info struct {
	Version  string `json:"version"`  // the module version, "(devel)" outside a release
	Commit   string `json:"commit"`   // vcs.revision, "" when unknown
	Modified bool   `json:"modified"` // built from a work tree with changes
	Go       string `json:"go"`       // the Go version it was built with
}

// A release build stamps these (go build -ldflags "-X
// github.com/rkcart/rkcart/internal/buildinfo.stampVersion=v0.5.0 -X
// …stampCommit=<sha>"); they win over the build information.
var stampVersion, stampCommit string

// Read returns the binary's build information.
func Read() Info {
	in := Info{Version: "(devel)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		in.Go = bi.GoVersion
		if v := bi.Main.Version; v != "" {
			in.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Commit = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	if stampVersion != "" {
		in.Version = stampVersion
	}
	if stampCommit != "" {
		in.Commit, in.Modified = stampCommit, false
	}
	return in
}

// String is the one line `rkcart version` prints.
func (i Info) String() string {
	s := "rkcart " + i.Version
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += " (" + c
		if i.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + " " + i.Go
}
