package iiko_test

import (
	"fmt"

	"github.com/rkcart/rkcart/iiko"
)

// Decoding a reserve webhook: sums become kopecks exactly, and members the
// package does not model are kept where they came from.
func ExampleDecode() {
	ev, err := iiko.Decode([]byte(`{
  "eventTime": "2026-06-01 12:00:00.000", "organizationId": "org-1", "correlationId": "c-1",
  "eventInfo": {"id": "r-1", "isDeleted": false, "reserve": {
    "customer": {"name": "Ivan", "surname": "Ivanov", "loyaltyLevel": "gold"},
    "guestsCount": 4, "tableIds": ["t-7"], "status": "New",
    "order": {"sum": 4250.5, "items": [{"product": {"id": "p-1", "name": "Borscht"}, "amount": 4, "price": 350}]}}}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := ev.EventInfo.Reserve
	fmt.Println(r.Customer.Name, r.Customer.Surname, r.GuestsCount, r.TableIDs)
	fmt.Println(int64(r.Order.Sum.Kopecks), r.Order.Items[0].Product.Name, int64(r.Order.Items[0].Amount))
	for _, f := range r.Customer.Extra {
		fmt.Println("kept:", f.Name, string(f.Value))
	}
	// Output:
	// Ivan Ivanov 4 [t-7]
	// 425050 Borscht 4000
	// kept: loyaltyLevel "gold"
}
