package sepakat

import "context"

// SigningMethod is how an agreement is signed.
type SigningMethod string

// The signing methods.
const (
	// MethodUnset: the PPKSD has not chosen yet.
	MethodUnset SigningMethod = ""
	// MethodDesk is desk to desk (meja ke meja): the document travels from
	// one signatory's desk to the next along a routing sheet.
	MethodDesk SigningMethod = "desk"
	// MethodInPerson is an in-person signing (tatap muka) scheduled with
	// the protocol office.
	MethodInPerson SigningMethod = "in_person"
)

// Validate checks that m is a method one can choose.
func (m SigningMethod) Validate() error {
	switch m {
	case MethodDesk, MethodInPerson:
		return nil
	}
	return Errorf(EINVALID, "Metode penandatanganan harus \"desk\" (meja ke meja) atau \"in_person\" (tatap muka).")
}

// SigningMethods tells the signing method of a cooperation, for the parts
// of the signing stage that depend on it (the routing sheet of desk to desk).
type SigningMethods interface {
	// SigningMethodOf returns the cooperation's current signing method
	// (MethodUnset before one is chosen). It checks nothing: callers have
	// checked the caller's right to the cooperation.
	SigningMethodOf(ctx context.Context, cooperationID int64) (SigningMethod, error)
}
