// Package wire holds the JSON shapes of the r_keeper APIs exactly as they
// arrive ("active":1, "name":null, ids as numbers or digit strings, the
// {"data":…,"status":"Ok"} envelope), and the slow path that explains where a
// document fails to decode. Domain packages convert these structs into their
// own types; wire types never appear in a public signature.
package wire
