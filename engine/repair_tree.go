package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// node is a JSON value that keeps what the caller sent: members in their
// order, numbers and strings as written. Repair edits a cart as a tree of
// nodes so that what it does not change goes out byte for byte the same
// value.
type node struct {
	kind byte // '{', '[' or 0 for a scalar
	keys []string
	vals []*node // object members' values, or array elements
	raw  json.RawMessage
}

var errTree = errors.New("engine: repair: the cart is not a JSON object")

func parseNode(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readNode(dec, data)
	if err != nil {
		return nil, err
	}
	if n.kind != '{' {
		return nil, errTree
	}
	return n, nil
}

func readNode(dec *json.Decoder, data []byte) (*node, error) {
	start := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &node{kind: byte(t)}
		for dec.More() {
			if t == '{' {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			v, err := readNode(dec, data)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		return n, nil
	default:
		raw := bytes.TrimLeft(data[start:dec.InputOffset()], " \t\r\n:,")
		return &node{raw: json.RawMessage(bytes.Clone(raw))}, nil
	}
}

// encode writes the tree compactly (the cart's whitespace is not kept;
// its members, their order and their values are).
func (n *node) encode(b *bytes.Buffer) {
	switch n.kind {
	case '{':
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			n.vals[i].encode(b)
		}
		b.WriteByte('}')
	case '[':
		b.WriteByte('[')
		for i, v := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			v.encode(b)
		}
		b.WriteByte(']')
	default:
		b.Write(n.raw)
	}
}

func (n *node) json() json.RawMessage {
	var b bytes.Buffer
	n.encode(&b)
	return b.Bytes()
}

func (n *node) member(k string) *node {
	for i, kk := range n.keys {
		if kk == k {
			return n.vals[i]
		}
	}
	return nil
}

func (n *node) set(k string, v *node) {
	for i, kk := range n.keys {
		if kk == k {
			n.vals[i] = v
			return
		}
	}
	n.keys, n.vals = append(n.keys, k), append(n.vals, v)
}

// at resolves a JSON Pointer; parent and index name the place of the
// last step in its array (index -1 when the last step is a member).
func (n *node) at(ptr string) (target, parent *node, index int, ok bool) {
	if ptr == "" {
		return n, nil, -1, true
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, nil, -1, false
	}
	cur := n
	index = -1
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		parent = cur
		switch cur.kind {
		case '{':
			cur = cur.member(tok)
			index = -1
		case '[':
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(cur.vals) {
				return nil, nil, -1, false
			}
			cur, index = cur.vals[i], i
		default:
			return nil, nil, -1, false
		}
		if cur == nil {
			return nil, nil, -1, false
		}
	}
	return cur, parent, index, true
}

func scalar(raw string) *node { return &node{raw: json.RawMessage(raw)} }

// clone copies the tree (repairs edit a copy).
func (n *node) clone() *node {
	c := &node{kind: n.kind, keys: append([]string(nil), n.keys...), raw: n.raw}
	for _, v := range n.vals {
		c.vals = append(c.vals, v.clone())
	}
	return c
}
