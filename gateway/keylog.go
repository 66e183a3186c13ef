package gateway

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// KeysFile is the embedded store's log of idempotency keys inside the data
// directory (beside BoltFile).
const KeysFile = "keys.log"

// keyLog keeps the embedded store's idempotency keys: every record in
// memory, every change appended to one log file. A change a write depends
// on (a claim, marking a key unknown, freeing a key never sent) returns
// only once the log is on disk up to it — one fdatasync, where a bbolt
// commit takes two (its pages, then its meta page); concurrent claims
// share a flush. A write's answer (a pending key become done) is appended
// at once and flushed with the next change or within answerDelay: a crash
// in between leaves the key pending, and unknown when its lease ends —
// never sent twice, only not replayable.
//
// On opening, the log is read back whole. A record cut short at its end (a
// crash mid-append) or zeros after the last whole record are dropped; a
// damaged record followed by others is an error (records after it may be
// claims a caller was told of: they are not silently forgotten). When the
// replaced and deleted records outweigh the live ones, the log is
// rewritten with the live ones alone (to a new file, flushed, renamed
// over the old).
type keyLog struct {
	path string
	now  func() time.Time

	flushMu sync.Mutex // one fdatasync or rewrite at a time; taken before mu

	mu      sync.Mutex
	f       *os.File
	recs    map[string][]byte // key → wrapped value: expiry (8 bytes, 0: never) + JSON
	end     int64             // the log's length
	flushed int64             // on disk up to here
	garbage int64             // bytes of the log no record needs
	err     error             // the first failed append or flush: every change is refused after it
	timer   *time.Timer       // the flush of answers appended without one
	closed  bool
}

// answerDelay bounds how long an answer waits for a flush to share.
const answerDelay = 20 * time.Millisecond

// A record is a 12-byte header — its payload's length, the CRC-32C of
// those 4 bytes, the CRC-32C of the payload (big endian) — then the
// payload: the operation, the key's length (uvarint), the key and the
// value (put only). The header's own checksum tells a length cut short by
// a crash (the header whole, the payload past the end) from a damaged one.
const (
	opPut = 1
	opDel = 2
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// openKeyLog opens (or creates) the log at path and reads it back.
//
// It fails when the file cannot be opened, read or truncated, or holds a
// damaged record followed by others.
func openKeyLog(path string, now func() time.Time) (*keyLog, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	l := &keyLog{path: path, now: now, f: f, recs: map[string][]byte{}}
	good, err := l.replay(data)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if good < int64(len(data)) {
		if err := f.Truncate(good); err != nil {
			f.Close()
			return nil, err
		}
	}
	if err := flushFile(f); err != nil {
		f.Close()
		return nil, err
	}
	if err := syncDir(filepath.Dir(path)); err != nil { // a new file's name is on disk too
		f.Close()
		return nil, err
	}
	l.end, l.flushed = good, good
	return l, nil
}

// replay applies the records of data and returns the length of its
// whole records.
func (l *keyLog) replay(data []byte) (int64, error) {
	off := 0
	for off < len(data) {
		op, key, val, n, extent := decodeRecord(data[off:])
		if n == 0 {
			// The last record, cut short or with nothing but zeros after
			// it: the end of a crash mid-append, never flushed, so never
			// acted on.
			if rest := data[off:]; len(rest) < headerSize || zeros(rest) || (extent > 0 && (extent >= len(rest) || zeros(rest[extent:]))) {
				break
			}
			return 0, fmt.Errorf("the keys log is damaged at byte %d, with records after it (move the file aside to start without its keys; see docs/gateway.md)", off)
		}
		size := int64(n)
		if old, ok := l.recs[key]; ok {
			l.garbage += recordSize(key, old)
		}
		if op == opPut {
			l.recs[key] = val
		} else {
			delete(l.recs, key)
			l.garbage += size
		}
		off += n
	}
	for k, v := range l.recs { // expired while the gateway was down
		if l.live(v) == nil {
			l.garbage += recordSize(k, v)
			delete(l.recs, k)
		}
	}
	return int64(off), nil
}

func zeros(b []byte) bool { return !slices.ContainsFunc(b, func(c byte) bool { return c != 0 }) }

const headerSize = 12

// decodeRecord reads the record at the start of b: n is its length, 0
// when b does not start with a whole, intact record; extent is the length
// its intact header gives (0: no intact header).
func decodeRecord(b []byte) (op byte, key string, val []byte, n, extent int) {
	if len(b) < headerSize || crc32.Checksum(b[:4], castagnoli) != binary.BigEndian.Uint32(b[4:]) {
		return 0, "", nil, 0, 0
	}
	size := int(binary.BigEndian.Uint32(b))
	extent = headerSize + size
	if size < 2 || size > len(b)-headerSize || crc32.Checksum(b[headerSize:extent], castagnoli) != binary.BigEndian.Uint32(b[8:]) {
		return 0, "", nil, 0, extent
	}
	p := b[headerSize:extent]
	op = p[0]
	klen, w := binary.Uvarint(p[1:])
	if w <= 0 || klen > uint64(len(p)-1-w) || (op != opPut && op != opDel) {
		return 0, "", nil, 0, extent
	}
	key = string(p[1+w : 1+w+int(klen)])
	if op == opPut {
		val = slices.Clone(p[1+w+int(klen):])
	}
	return op, key, val, extent, extent
}

func encodeRecord(op byte, key string, val []byte) []byte {
	b := make([]byte, headerSize, headerSize+1+binary.MaxVarintLen64+len(key)+len(val))
	b = append(b, op)
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	b = append(b, val...)
	binary.BigEndian.PutUint32(b, uint32(len(b)-headerSize))
	binary.BigEndian.PutUint32(b[4:], crc32.Checksum(b[:4], castagnoli))
	binary.BigEndian.PutUint32(b[8:], crc32.Checksum(b[headerSize:], castagnoli))
	return b
}

func recordSize(key string, val []byte) int64 {
	n := headerSize + 1 + len(key) + len(val)
	for k := uint64(len(key)); ; k >>= 7 { // the key length's uvarint bytes
		n++
		if k < 0x80 {
			return int64(n)
		}
	}
}

func (l *keyLog) live(raw []byte) []byte { return liveAt(raw, l.now()) }

// errClosed is a change asked of a closed store.
var errClosed = errors.New("closed")

// appendLocked appends a put (val non-nil) or a delete of key and applies
// it; it returns the log's length after it. l.mu is held.
func (l *keyLog) appendLocked(key string, val []byte) (int64, error) {
	if l.closed {
		return 0, errClosed
	}
	if l.err != nil {
		return 0, l.err
	}
	op := byte(opPut)
	if val == nil {
		op = opDel
	}
	rec := encodeRecord(op, key, val)
	if _, err := l.f.WriteAt(rec, l.end); err != nil {
		l.err = fmt.Errorf("keys log: %w", err)
		return 0, l.err
	}
	l.end += int64(len(rec))
	if old, ok := l.recs[key]; ok {
		l.garbage += recordSize(key, old)
	}
	if val != nil {
		l.recs[key] = val
	} else {
		delete(l.recs, key)
		l.garbage += int64(len(rec))
	}
	return l.end, nil
}

// flushTo returns once the log is on disk up to off (a flush that ran
// meanwhile may have covered it).
func (l *keyLog) flushTo(off int64) error {
	l.flushMu.Lock()
	defer l.flushMu.Unlock()
	l.mu.Lock()
	if l.flushed >= off {
		l.mu.Unlock()
		return nil
	}
	if l.err != nil {
		defer l.mu.Unlock()
		return l.err
	}
	f, end := l.f, l.end
	l.mu.Unlock()
	err := flushFile(f)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		if l.err == nil {
			l.err = fmt.Errorf("keys log: %w", err)
		}
		return l.err
	}
	l.flushed = max(l.flushed, end)
	return nil
}

// adopt appends val under key unless the log has a record of key (it is
// newer): moving an earlier version's keys in. flushAdopted puts them on
// disk.
func (l *keyLog) adopt(key string, val []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.recs[key]; !ok {
		_, _ = l.appendLocked(key, val) // a failure is kept in l.err: flushAdopted returns it
	}
}

func (l *keyLog) flushAdopted() error {
	l.mu.Lock()
	end, err := l.end, l.err
	l.mu.Unlock()
	if err != nil { // an append failed: the bucket must stay
		return err
	}
	return l.flushTo(end)
}

// get returns key's live JSON (nil: none).
func (l *keyLog) get(key string) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.live(l.recs[key])
}

// claim stores val under key when the key has no live record, on disk
// before it returns; otherwise it returns the live record's JSON.
func (l *keyLog) claim(key string, val []byte) (cur []byte, claimed bool, err error) {
	l.mu.Lock()
	if v := l.live(l.recs[key]); v != nil {
		l.mu.Unlock()
		return v, false, nil
	}
	off, err := l.appendLocked(key, val)
	l.mu.Unlock()
	if err != nil {
		return nil, false, err
	}
	if err := l.flushTo(off); err != nil {
		return nil, false, err
	}
	l.compact()
	return nil, true, nil
}

// swap replaces key's live record by val (nil: deletes it) if its JSON is
// still old. durable: on disk before it returns; otherwise flushed with
// the next change or within answerDelay.
func (l *keyLog) swap(key string, old, val []byte, durable bool) (bool, error) {
	l.mu.Lock()
	if !bytes.Equal(l.live(l.recs[key]), old) {
		l.mu.Unlock()
		return false, nil
	}
	off, err := l.appendLocked(key, val)
	if err == nil && !durable && l.timer == nil {
		l.timer = time.AfterFunc(answerDelay, l.flushLater)
	}
	l.mu.Unlock()
	if err != nil {
		return false, err
	}
	if durable {
		if err := l.flushTo(off); err != nil {
			return false, err
		}
	}
	l.compact()
	return true, nil
}

// flushLater flushes what was appended without a flush (the timer's).
func (l *keyLog) flushLater() {
	l.mu.Lock()
	l.timer = nil
	end := l.end
	l.mu.Unlock()
	_ = l.flushTo(end) // a failure is kept in l.err and refuses every later change
}

// list returns the live records in state, sorted by key, at most limit.
func (l *keyLog) list(state State, limit int) ([]KeyRecord, error) {
	l.mu.Lock()
	type kv struct {
		k string
		v []byte
	}
	all := make([]kv, 0, len(l.recs))
	for k, v := range l.recs {
		if j := l.live(v); j != nil {
			all = append(all, kv{k, j})
		}
	}
	l.mu.Unlock()
	slices.SortFunc(all, func(a, b kv) int { return strings.Compare(a.k, b.k) })
	out := []KeyRecord{}
	for _, e := range all {
		if len(out) >= limit {
			break
		}
		var rec Record
		if err := json.Unmarshal(e.v, &rec); err != nil {
			return nil, fmt.Errorf("keys log: %q: %w", e.k, err)
		}
		if rec.State == state {
			out = append(out, KeyRecord{Key: e.k, Record: rec})
		}
	}
	return out, nil
}

// sweep forgets expired records: nothing is appended, for replaying the
// log drops them as well.
func (l *keyLog) sweep() {
	l.mu.Lock()
	for k, v := range l.recs {
		if l.live(v) == nil {
			l.garbage += recordSize(k, v)
			delete(l.recs, k)
		}
	}
	l.mu.Unlock()
	l.compact()
}

// compactFloor: a log is rewritten only once it holds this much garbage.
const compactFloor = 1 << 20

// compact rewrites the log with the live records alone when the garbage
// outweighs them (and compactFloor): to a new file, flushed, renamed over
// the log, the directory flushed. A failure leaves the log as it was (one
// to open it again fails the log: see keyLog.err).
func (l *keyLog) compact() {
	l.mu.Lock()
	live := l.end - l.garbage
	due := l.garbage >= compactFloor && l.garbage > live && l.err == nil && !l.closed
	l.mu.Unlock()
	if !due {
		return
	}
	l.flushMu.Lock()
	defer l.flushMu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil || l.closed {
		return
	}
	keys := make([]string, 0, len(l.recs))
	for k := range l.recs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf []byte
	for _, k := range keys {
		buf = append(buf, encodeRecord(opPut, k, l.recs[k])...)
	}
	tmp := l.path + ".new"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return
	}
	if _, err = f.Write(buf); err == nil {
		err = flushFile(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return
	}
	// The old file is closed before the rename (Windows renames nothing
	// over an open file) and the log opened again after it: the new one,
	// or the old one if the rename failed — the same records either way.
	l.f.Close()
	renamed := os.Rename(tmp, l.path) == nil
	if renamed {
		_ = syncDir(filepath.Dir(l.path)) // the new one is the log, its name on disk or not yet
	} else {
		os.Remove(tmp)
	}
	if l.f, err = os.OpenFile(l.path, os.O_RDWR, 0o600); err != nil {
		l.err = fmt.Errorf("keys log: %w", err) // sticky: every change refused, a restart reads it back
		return
	}
	if renamed {
		l.end, l.flushed, l.garbage = int64(len(buf)), int64(len(buf)), 0
	}
}

// close refuses every later change, flushes what waits and closes the
// file.
func (l *keyLog) close() error {
	l.mu.Lock()
	l.closed = true
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	end := l.end
	l.mu.Unlock()
	err := l.flushTo(end)
	l.flushMu.Lock()
	defer l.flushMu.Unlock()
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}
