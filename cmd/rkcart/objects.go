package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/document"
	"github.com/rkcart/rkcart/menu"
	"github.com/rkcart/rkcart/server"
)

// objectsDir is a folder of objects, DIR/<objectid>/{dishes,rests,menutree}.json
// — the layout `menu pull` writes —, read by serve (as a catalog, object
// by object on demand) and by fakepos (all at once).
type objectsDir struct {
	env   cliEnv
	dir   string
	minor bool
}

// compiledFactor estimates an object's memory from its documents' size:
// the real 2,417-dish export (0.7 MB) takes about 2.2 MB compiled.
const compiledFactor = 4

// Scan lists the folders named by a positive object id (anything else in
// DIR is left alone), with an estimate of each object's memory.
func (d objectsDir) Scan(context.Context) (map[menu.ID]int64, error) {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return nil, err
	}
	out := map[menu.ID]int64{}
	for _, e := range entries {
		n, err := strconv.ParseInt(e.Name(), 10, 64)
		if !e.IsDir() || err != nil || n <= 0 {
			continue
		}
		var size int64
		for _, name := range []string{"dishes.json", "rests.json", "menutree.json"} {
			if st, err := os.Stat(filepath.Join(d.dir, e.Name(), name)); err == nil {
				size += st.Size()
			}
		}
		out[menu.ID(n)] = compiledFactor * max(size, 1)
	}
	return out, nil
}

// docs reads one object's documents through their kinds' caps: dishes and
// rests are required, the menutree is optional.
func (d objectsDir) docs(id menu.ID) (api.Docs, error) {
	folder := filepath.Join(d.dir, strconv.FormatInt(int64(id), 10))
	var docs api.Docs
	var err error
	if docs.Menu, err = d.env.read(filepath.Join(folder, "dishes.json"), document.Menu); err != nil {
		return api.Docs{}, err
	}
	if docs.Restaurant, err = d.env.read(filepath.Join(folder, "rests.json"), document.Restaurant); err != nil {
		return api.Docs{}, err
	}
	tree := filepath.Join(folder, "menutree.json")
	if _, serr := os.Stat(tree); serr == nil {
		if docs.Tree, err = d.env.read(tree, document.MenuTree); err != nil {
			return api.Docs{}, err
		}
	} else if !errors.Is(serr, fs.ErrNotExist) {
		return api.Docs{}, serr
	}
	return docs, nil
}

// Load compiles one object; its rests.json must be that object's
// restaurant.
func (d objectsDir) Load(_ context.Context, id menu.ID) (server.Object, error) {
	docs, err := d.docs(id)
	if err != nil {
		return server.Object{}, err
	}
	o, p := api.Load(docs, api.LoadOptions{MinorUnits: d.minor, ObjectID: id, LoadedAt: time.Now()})
	if p != nil {
		return server.Object{}, fmt.Errorf("%s/%d%s: %w", d.dir, id, p.Pointer, p.Unwrap())
	}
	if o.ID != id {
		return server.Object{}, fmt.Errorf("%s/%d/rests.json holds restaurant %d, not object %d", d.dir, id, o.ID, id)
	}
	return o, nil
}
