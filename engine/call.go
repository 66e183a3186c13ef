package engine

import "time"

// Call is the policy one pricing call may set apart from the engine's
// options: the profile, the language of messages and the clock — what a
// request's ?profile=, ?lang= and ?now= choose. Pricing with a Call costs
// nothing more than pricing with the engine's own: no engine is built for
// a request (Engine.WithOptions is for a policy that lasts).
type Call struct {
	Profile Profile
	Lang    Lang
	// Now is the call's clock; nil: the engine's.
	Now func() time.Time
}

// Call is the engine's own policy as a Call.
func (e *Engine) Call() Call { return Call{Profile: e.opts.Profile, Lang: e.opts.Lang} }

// PriceCall is Price under call's policy.
func (e *Engine) PriceCall(c *Cart, call Call) Result {
	var r Result
	e.run(&r, c, true, false, call)
	return r
}

// PriceIntoCall is PriceInto under call's policy; a nil dst does nothing.
func (e *Engine) PriceIntoCall(dst *Result, c *Cart, call Call) {
	if dst == nil {
		return
	}
	e.run(dst, c, false, false, call)
}

// now is the call's clock, else the engine's.
func (p *pricer) now() time.Time {
	if p.call.Now != nil {
		return p.call.Now()
	}
	return p.e.now()
}
