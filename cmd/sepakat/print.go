package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/drafting"
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

// newPrinter returns the printer for the given settings.
func newPrinter(s signing.Settings) *printer {
	return &printer{settings: s}
}

// PrintDocx implements sepakat.Printer.
func (p *printer) PrintDocx(ctx context.Context, w io.Writer, docx io.ReaderAt, size int64, opts sepakat.PrintOptions, attachments []sepakat.PrintAttachment) error {
	doc, err := drafting.Read(docx, size)
	if err != nil {
		return sepakat.Errorf(sepakat.EINVALID, "Dokumen Word tidak dapat dibaca untuk dicetak: %s", oneLine(err.Error()))
	}
	o := signing.Options{Draft: opts.Draft, Number: opts.Number, VerifyURL: opts.VerifyURL, Hash: opts.Hash}
	if o.Hash == "" && !o.Draft {
		sum, err := hashReaderAt(docx, size)
		if err != nil {
			return err
		}
		o.Hash = sum
	}
	atts := make([]signing.Attachment, len(attachments))
	for i, a := range attachments {
		atts[i] = signing.Attachment{Name: a.Name, R: a.R}
	}
	_, err = signing.Print(w, printable(doc), p.settings, o, atts)
	var ae *signing.AttachmentError
	if errors.As(err, &ae) {
		return sepakat.Errorf(sepakat.ErrorCode(ae.Err), "Lampiran %q ditolak: %s Tidak ada yang dicetak.", ae.Name, sepakat.ErrorMessage(ae.Err))
	}
	return err
}

// PrintRedline implements sepakat.Printer.
func (p *printer) PrintRedline(ctx context.Context, w io.Writer, old, new io.ReaderAt, oldSize, newSize int64, oldName, newName string) error {
	od, err := drafting.Read(old, oldSize)
	if err != nil {
		return sepakat.Errorf(sepakat.EINVALID, "Versi lama tidak dapat dibaca: %s", oneLine(err.Error()))
	}
	nd, err := drafting.Read(new, newSize)
	if err != nil {
		return sepakat.Errorf(sepakat.EINVALID, "Versi baru tidak dapat dibaca: %s", oneLine(err.Error()))
	}
	od.Name, nd.Name = oldName, newName
	_, err = signing.Print(w, printableRedline(drafting.Compare(od, nd)), p.settings, signing.Options{Redline: true}, nil)
	return err
}

// hashReaderAt returns the SHA-256 (hex) of the first size bytes of r.
func hashReaderAt(r io.ReaderAt, size int64) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
