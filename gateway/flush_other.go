//go:build !linux

package gateway

import "os"

// flushFile puts f's data on disk (fsync where there is no fdatasync).
func flushFile(f *os.File) error { return f.Sync() }
