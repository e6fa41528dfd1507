package sepakat

import "context"

// ExternalIdentity is a person as a single sign-on provider (an OpenID
// Connect issuer such as Yogyakarta's JSS or Samarinda's SSO) vouches for
// them, read from a verified ID token.
type ExternalIdentity struct {
	// Issuer and Subject identify the person at the provider for good.
	Issuer  string `json:"issuer"`
	Subject string `json:"subject"`
	// Email is used for linking only when EmailVerified is set.
	Email         string `json:"email,omitempty"`
	EmailVerified bool   `json:"email_verified,omitempty"`
	// NIP is the civil-servant number from the configured claim, if any.
	NIP  string `json:"nip,omitempty"`
	Name string `json:"name,omitempty"`
}

// SignOnProvider runs the OpenID Connect authorization code flow with one
// provider.
type SignOnProvider interface {
	// AuthCodeURL returns the provider's login address for the given
	// redirect URL (Sepakat's callback), state, nonce and PKCE verifier
	// (the S256 challenge is derived from it).
	AuthCodeURL(ctx context.Context, redirectURL, state, nonce, verifier string) (string, error)
	// Exchange trades the code for tokens, verifies the ID token (issuer,
	// audience, expiry, signature and nonce) and returns the identity.
	Exchange(ctx context.Context, redirectURL, code, verifier, nonce string) (*ExternalIdentity, error)
}

// IdentityService links single sign-on identities to local accounts.
type IdentityService interface {
	// SignOn returns the active user linked to id (issuer + subject). An
	// identity seen for the first time is linked to the account with the
	// same verified email, else the same NIP. An unknown person and an
	// inactive account are refused (EFORBIDDEN). Links and sign-ons are
	// written to the audit log.
	SignOn(ctx context.Context, id ExternalIdentity) (*User, error)
}

// NotificationHook is told of every notification after it is stored, with
// its recipient; the e-mail sender implements it. It must not block.
type NotificationHook interface {
	Notified(n *Notification, recipient *User)
}
