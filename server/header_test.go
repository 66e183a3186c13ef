package server_test

import (
	"net/textproto"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// canonicalGet reads header names without canonicalising them: every name
// the package passes it (directly or through option) must be canonical
// already, or a header the caller sent would be missed.
func TestHeaderNamesReadAreCanonical(t *testing.T) {
	names := regexp.MustCompile(`(?:canonicalGet\([^,]+|option\(q, r, "[a-z_]+"), "([^"]+)"\)`)
	found := 0
	for _, f := range []string{"routes.go", "log.go"} {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range names.FindAllStringSubmatch(string(src), -1) {
			found++
			assert.Equal(t, textproto.CanonicalMIMEHeaderKey(m[1]), m[1], "%s: header name %q", f, m[1])
		}
	}
	assert.GreaterOrEqual(t, found, 5, "the names read were found")
}
