package gateway

import (
	"os"
	"syscall"
)

// flushFile puts f's data on disk: fdatasync, for the log's metadata
// that matters (its length) is part of what it flushes.
func flushFile(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}
