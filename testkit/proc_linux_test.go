package testkit_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/testkit"
)

// A test binary killed outright (as on a time-out) takes the processes it
// started with it: the child test below starts `sleep` and prints its pid;
// this test SIGKILLs the child test's binary and watches the sleep go.
func TestCommandDiesWithTheTestBinary(t *testing.T) {
	if os.Getenv("TESTKIT_CHILD") == "1" {
		cmd := testkit.Command(t, "sleep", "600")
		require.NoError(t, cmd.Start())
		fmt.Printf("pid %d\n", cmd.Process.Pid)
		time.Sleep(time.Minute) // killed long before
		return
	}
	parent := exec.Command(os.Args[0], "-test.run", "^TestCommandDiesWithTheTestBinary$", "-test.v")
	parent.Env = append(os.Environ(), "TESTKIT_CHILD=1")
	out, err := parent.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, parent.Start())
	defer func() { _ = parent.Process.Kill(); _ = parent.Wait() }()
	sc := bufio.NewScanner(out)
	pid := 0
	for pid == 0 && sc.Scan() {
		if _, err := fmt.Sscanf(sc.Text(), "pid %d", &pid); err != nil {
			pid = 0
		}
	}
	require.NotZero(t, pid, "the child test printed no pid")
	require.NoError(t, syscall.Kill(pid, 0), "the sleep runs")
	require.NoError(t, parent.Process.Kill())
	_ = parent.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("sleep %d outlived the test binary that started it", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// alive reports whether pid runs (a zombie, dead but not reaped by its
// new parent yet, counts as gone).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// "pid (comm) S …": the state follows the closing parenthesis.
	for i := len(b) - 1; i > 0; i-- {
		if b[i] == ')' && i+2 < len(b) {
			return b[i+2] != 'Z'
		}
	}
	return true
}
