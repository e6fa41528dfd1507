// Package mailtest runs a minimal SMTP server inside tests: it accepts
// every message and keeps it for the test to read.
package mailtest
