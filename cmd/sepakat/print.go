package main

import (
	"context"
	"errors"
	"io"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
)

// printSettings returns the signing settings the configuration asks for.
func (c *Config) printSettings() (signing.Settings, error) {
	s := signing.DefaultSettings()
	p, err := signing.ParsePaper(c.Paper)
	if err != nil {
		return s, err
	}
	m, err := signing.ParseMeterai(c.Meterai)
	if err != nil {
		return s, err
	}
	s.Paper, s.Meterai = p, m
	return s, s.Validate()
}

// printer implements sepakat.Printer with the drafting reader and the
// signing typesetter.
type printer struct {
	settings signing.Settings
}

var _ sepakat.Printer = (*printer)(nil)

// errPrintPending is returned until the typesetter lands (issue 7, in progress).
var errPrintPending = errors.New("printing is being built")

// PrintDocx implements sepakat.Printer.
func (p *printer) PrintDocx(ctx context.Context, w io.Writer, docx io.ReaderAt, size int64, opts sepakat.PrintOptions, attachments []sepakat.PrintAttachment) error {
	return errPrintPending
}

// PrintRedline implements sepakat.Printer.
func (p *printer) PrintRedline(ctx context.Context, w io.Writer, old, new io.ReaderAt, oldSize, newSize int64, oldName, newName string) error {
	return errPrintPending
}

// newPrinter returns the printer for the given settings.
func newPrinter(s signing.Settings) *printer {
	return &printer{settings: s}
}
