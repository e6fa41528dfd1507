// Package sepakat holds the domain of Sepakat, the service in which Indonesian
// local governments draft, review, number, print and sign their regional
// cooperation agreements (Kerja Sama Daerah): the Kesepakatan Bersama (KB) and
// the Perjanjian Kerja Sama (PKS).
//
// The package defines the domain nouns (User, Registration, Cooperation,
// Stage, Notification, AuditEntry…), the rules that decide who may see and do
// what (the stage transition table and the access policy), the error type
// shared by every layer, and the service interfaces that the storage package
// implements and the web package consumes. It imports only the standard
// library.
package sepakat
