//go:build !linux

package testkit

import "os/exec"

// dieWithParent has no kernel help outside Linux: t.Cleanup alone kills
// the child.
func dieWithParent(*exec.Cmd) {}
