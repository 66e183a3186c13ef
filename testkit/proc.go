package testkit

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// Command returns a command that dies with the test: on Linux the kernel
// kills it when the test binary's thread that started it ends (Pdeathsig:
// a test binary killed on a time-out, a panic or a signal takes its
// children with it), and t.Cleanup kills it and waits for it when the
// test ends. Start it with cmd.Start or run it with cmd.Run and friends.
func Command(t testing.TB, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(name, args...)
	dieWithParent(cmd)
	// WaitDelay bounds Wait once the process is gone but a grandchild
	// still holds its output pipes open.
	cmd.WaitDelay = 5 * time.Second
	t.Cleanup(func() {
		if cmd.Process != nil && cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd
}

// Tool returns the path of a program a test needs. Where it is missing
// the test is skipped with how to install it, except in CI (CI=true),
// where a missing tool fails the test: a skip there would pass a suite
// that never ran.
func Tool(t testing.TB, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing in CI (%s): .ci/run must install it", name, install)
	}
	t.Skipf("%s is not installed (%s)", name, install)
	return ""
}
