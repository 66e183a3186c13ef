package server

import "net/http"

// SetHold makes every light request call f while it holds its slot.
func SetHold(s *Server, f func(*http.Request)) { s.hold = f }
