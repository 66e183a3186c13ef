package document

import (
	"encoding/hex"
	"hash/fnv"
	"strconv"

	"github.com/rkcart/rkcart/internal/jsonscan"
)

// Version is the content hash of the documents an object was loaded from
// (menu, restaurant, menutree, in that order; a document not given is
// nil): the first 16 hex digits of their FNV-1a 128-bit hash, each
// document's content prefixed by its length so that moving bytes from one
// document to the next changes it. A document's content is its data
// member when it is a WebDelivery answer ({"data":…,"status":…,
// "requestId":…,"timestamp":…}: the other members change with every
// request), the whole document otherwise. It is the one menu version of
// rkcart: files, a sync from WebDelivery, the gateway's cached answers and
// bytes loaded in a browser give the same version for the same content,
// on any replica and whenever it was fetched.
//
// It names content, it does not authenticate it: FNV needs no
// cryptographic package, so the WebAssembly build links none (SHA-256
// brought Go's FIPS 140 module, about 100 KB gzipped, to every kiosk).
func Version(docs ...[]byte) string {
	h := fnv.New128a()
	for _, d := range docs {
		c := content(d)
		h.Write(strconv.AppendInt(nil, int64(len(c)), 10))
		h.Write([]byte{':'})
		h.Write(c)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// content is the data member of an enveloped answer, or the document.
func content(doc []byte) []byte {
	s := jsonscan.View(doc) // its strings are compared, never kept
	if s.Expect('{', "") != nil {
		return doc
	}
	for first := true; ; first = false {
		name, _, more, err := s.Key(first)
		if err != nil || !more || s.Expect(':', "") != nil {
			return doc
		}
		s.SkipSpace()
		start := s.Pos
		if err := s.Skip(10000); err != nil {
			return doc
		}
		if name == "data" {
			return doc[start:s.Pos]
		}
	}
}
