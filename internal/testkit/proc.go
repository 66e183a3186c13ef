package testkit

import (
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
