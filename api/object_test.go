package api_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rkcart/rkcart/api"
	"github.com/rkcart/rkcart/demo"
	"github.com/rkcart/rkcart/document"
)

// Load is the one loader: the version is the documents' (the same for
// the same bytes, another for other bytes), a restaurant gives the id,
// and a document that cannot be read is a problem naming it, whose cause
// is the document error.
func TestLoad(t *testing.T) {
	a, p := api.Load(api.Docs{Menu: demo.Menu(), Restaurant: demo.Restaurant()}, api.LoadOptions{})
	require.Nil(t, p)
	assert.Equal(t, document.Version(demo.Menu(), demo.Restaurant()), a.Version)
	assert.EqualValues(t, 199994335, a.ID)
	assert.False(t, a.LoadedAt.IsZero())
	b, _ := api.Load(api.Docs{Menu: demo.Menu(), Restaurant: demo.Restaurant()}, api.LoadOptions{})
	assert.Equal(t, a.Version, b.Version)
	c, _ := api.Load(api.Docs{Menu: demo.Menu()}, api.LoadOptions{})
	assert.NotEqual(t, a.Version, c.Version)
	assert.Zero(t, c.ID)
	assert.Nil(t, c.Restaurant)

	for doc, docs := range map[string]api.Docs{
		"/menu":       {Menu: []byte(`{"x":1}`)},
		"/restaurant": {Menu: demo.Menu(), Restaurant: []byte(`[]`)},
		"/menutree":   {Menu: demo.Menu(), Tree: []byte(`{"data":5}`)},
	} {
		_, p := api.Load(docs, api.LoadOptions{})
		require.NotNil(t, p, doc)
		assert.Equal(t, api.TypeBadDocument, p.Type, doc)
		assert.Contains(t, p.Pointer, doc)
		var de *document.Error
		assert.True(t, errors.As(p, &de), "%s: the cause is the document's error", doc)
	}
}
