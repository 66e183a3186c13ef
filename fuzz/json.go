package fuzz

import (
	"encoding/json"

	"github.com/rkcart/rkcart/engine"
)

// CartJSON writes c as the savedeliveryorder body that decodes back to it
// (engine.DecodeCart gives the same fields): what a test suite in another
// language sends. A missing order_type or pay_type (engine.BadOrderType,
// engine.BadPayType) is left out; every qnt is written, 0 included (an
// item without qnt would mean 1000).
func CartJSON(c *engine.Cart) []byte {
	type item struct {
		ID    int64  `json:"id"`
		Type  string `json:"type"`
		Qnt   int64  `json:"qnt"`
		Items []item `json:"items,omitempty"`
	}
	var items func([]engine.Item) []item
	items = func(in []engine.Item) []item {
		var out []item
		for _, it := range in {
			out = append(out, item{int64(it.ID), it.Type, int64(it.Qnt), items(it.Items)})
		}
		return out
	}
	type client struct {
		ID    string `json:"id,omitempty"`
		Phone string `json:"phone,omitempty"`
		Email string `json:"email,omitempty"`
		LN    string `json:"ln,omitempty"`
		FN    string `json:"fn,omitempty"`
		MN    string `json:"mn,omitempty"`
	}
	type address struct {
		ID     string `json:"id,omitempty"`
		City   string `json:"city,omitempty"`
		Street string `json:"street,omitempty"`
		House  string `json:"house,omitempty"`
	}
	body := struct {
		ObjectID     int64    `json:"objectid"`
		DeliveryTime string   `json:"delivery_time"`
		Comment      string   `json:"comment,omitempty"`
		OrderType    *int64   `json:"order_type,omitempty"`
		PayType      *int64   `json:"pay_type,omitempty"`
		Client       *client  `json:"client,omitempty"`
		Address      *address `json:"address,omitempty"`
		Order        []item   `json:"order"`
	}{ObjectID: int64(c.ObjectID), DeliveryTime: c.DeliveryTime, Comment: c.Comment, Order: []item{}}
	if c.OrderType != engine.BadOrderType {
		v := int64(c.OrderType)
		body.OrderType = &v
	}
	if c.PayType != engine.BadPayType {
		v := int64(c.PayType)
		body.PayType = &v
	}
	cl := c.Client
	if cl.ID+cl.Phone+cl.Email+cl.LastName+cl.FirstName+cl.MiddleName != "" {
		body.Client = &client{cl.ID, cl.Phone, cl.Email, cl.LastName, cl.FirstName, cl.MiddleName}
	}
	a := c.Address
	if a.ID+a.City+a.Street+a.House != "" {
		body.Address = &address{a.ID, a.City, a.Street, a.House}
	}
	for _, l := range c.Lines {
		body.Order = append(body.Order, item{int64(l.ID), l.Type, int64(l.Qnt), items(l.Items)})
	}
	b, err := json.Marshal(body)
	if err != nil {
		panic(err) // plain structs always marshal
	}
	return b
}
