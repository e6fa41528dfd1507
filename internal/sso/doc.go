// Package sso signs people on with an OpenID Connect provider (such as
// Yogyakarta's JSS or Samarinda's SSO). It is the only package that imports
// github.com/coreos/go-oidc and golang.org/x/oauth2; it implements
// sepakat.SignOnProvider.
package sso
