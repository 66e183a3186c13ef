package main

import (
	"fmt"
	"os"

	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/menu"
)

// loadMenu reads the menu at path, or the embedded demo menu when path is "".
func loadMenu(path string) (*menu.Menu, error) {
	data := demo.Menu()
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		m, err := menu.LoadReader(f, menu.Options{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return m, nil
	}
	return menu.Load(data, menu.Options{})
}
