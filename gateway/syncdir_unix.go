//go:build !windows

package gateway

import "os"

// syncDir puts dir's entries on disk: a file created or renamed in it
// keeps its name after a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
