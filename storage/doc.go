// Package storage is Sepakat's storage: the only package that imports bbolt
// and golang.org/x/crypto.
//
// A data directory holds the bbolt file sepakat.db, with every metadata
// object as JSON, and the blob store blobs/, with file contents addressed by
// their SHA-256. DB implements the service interfaces of the root package
// (users, sessions, registrations, cooperations, documents and their
// review, the register of document numbers, notifications, audit, file
// access); BlobStore implements sepakat.BlobStore.
//
// Every change runs in one write transaction together with the
// notifications it sends and the entry it appends to the hash-chained audit
// log. The acting user comes from the context (sepakat.UserFromContext) and
// every authorization decision uses the rules of the root package. The
// cooperation list is served from an in-memory index kept up to date after
// each commit, and the review items of recently read versions from an
// in-memory cache dropped by each commit that changes them.
//
// WriteBackup, WriteOfflineBackup and RestoreBackup copy a data directory
// as one tar stream: a consistent snapshot of sepakat.db followed by the
// blobs.
package storage
