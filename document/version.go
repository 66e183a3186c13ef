package document

import (
	"encoding/hex"
	"hash/fnv"
	"strconv"
)

// Version is the content hash of the documents an object was loaded from
// (menu, restaurant, menutree, in that order; a document not given is
// nil): the first 16 hex digits of their FNV-1a 128-bit hash, each
// document prefixed by its length so that moving bytes from one document
// to the next changes it. It is the one menu version of rkcart: files, a
// sync from WebDelivery and bytes loaded in a browser give the same
// version for the same documents, on any replica.
//
// It names content, it does not authenticate it: FNV needs no
// cryptographic package, so the WebAssembly build links none (SHA-256
// brought Go's FIPS 140 module, about 100 KB gzipped, to every kiosk).
func Version(docs ...[]byte) string {
	h := fnv.New128a()
	for _, d := range docs {
		h.Write(strconv.AppendInt(nil, int64(len(d)), 10))
		h.Write([]byte{':'})
		h.Write(d)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
