package api

import (
	"errors"

	"github.com/rkcart/rkcart/menu"
)

// Object is the one object type (menu.Object), Docs its documents and
// LoadOptions the policy of reading them.
type (
	Object      = menu.Object
	Docs        = menu.Docs
	LoadOptions = menu.ObjectOptions
)

// Load is menu.LoadObject, the one loader, with its failure as a
// problem: a document that cannot be read is a document problem whose
// pointer names it (/menu, /restaurant or /menutree) and whose cause is
// the *document.Error.
func Load(d Docs, o LoadOptions) (Object, *Problem) {
	obj, err := menu.LoadObject(d, o)
	if err != nil {
		var oe *menu.ObjectError
		if errors.As(err, &oe) {
			return Object{}, DocProblem(oe.Err, "/"+oe.Doc)
		}
		return Object{}, DocProblem(err, "")
	}
	return obj, nil
}
