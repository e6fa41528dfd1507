// Package web is Sepakat's HTTP layer: the server-rendered pages in Bahasa
// Indonesia, the JSON API under /api/v1, sessions, cross-origin protection,
// login rate limiting and streamed, size-limited uploads. It is the only
// package that imports gin. It talks to the rest of Sepakat only through the
// service interfaces of the root package.
package web
