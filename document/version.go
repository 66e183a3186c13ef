package document

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// Version is the content hash of the documents an object was loaded from
// (menu, restaurant, menutree, in that order; a document not given is
// nil): the first 16 hex digits of their SHA-256, each prefixed by its
// length so that moving bytes from one document to the next changes it.
// It is the one menu version of rkcart: files, a sync from WebDelivery
// and bytes loaded in a browser give the same version for the same
// documents, on any replica.
func Version(docs ...[]byte) string {
	h := sha256.New()
	for _, d := range docs {
		h.Write(strconv.AppendInt(nil, int64(len(d)), 10))
		h.Write([]byte{':'})
		h.Write(d)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
