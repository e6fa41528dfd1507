package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/signing"
)

// renderMemoryLimit bounds the heap of `sepakat render`; the garbage
// collector runs only when it nears this.
const renderMemoryLimit = 96 << 20

// runRender typesets a Word document into a print-ready PDF.
func runRender(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "the PDF to write")
	paper := fs.String("paper", "f4", "paper: f4 (215 x 330 mm) or a4")
	draft := fs.Bool("draft", false, "mark every page with a diagonal DRAFT watermark")
	number := fs.String("number", "", "document number for the footer of a final")
	verifyURL := fs.String("verify-url", "", "URL of the verification page, printed as a QR code in the footer")
	appendList := fs.String("append", "", "lampiran PDFs to append, comma-separated, numbered on from the document")
	meterai := fs.String("meterai", "none", "signature blocks with a meterai box: none, kesatu, kedua or both")
	font := fs.String("font", "serif", "typeface: serif (Times-like) or sans (Arial-like)")
	fontSize := fs.Float64("font-size", 12, "body text size in points")
	margins := fs.String("margins", "", "margins in mm as TOP,RIGHT,BOTTOM,LEFT (default 25,20,38,30)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat render IN.docx -o OUT.pdf [--paper f4|a4] [--draft] [--number TEXT] [--verify-url URL] [--append A.pdf,B.pdf]\n"+
			"       [--meterai none|kesatu|kedua|both] [--font serif|sans] [--font-size PT] [--margins T,R,B,L]\n")
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitCode(2)
	}
	// A one-shot command: instead of collecting garbage all along, let the
	// heap grow to a fixed limit (a 100-page PKS allocates well under it).
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(renderMemoryLimit))
	if len(pos) != 1 || *out == "" {
		fs.Usage()
		return exitCode(2)
	}
	s := signing.DefaultSettings()
	if s.Paper, err = signing.ParsePaper(*paper); err != nil {
		return err
	}
	if s.Meterai, err = signing.ParseMeterai(*meterai); err != nil {
		return err
	}
	s.Font, s.FontSize = signing.Font(*font), *fontSize
	if *margins != "" {
		var m signing.Margins
		if _, err := fmt.Sscanf(strings.ReplaceAll(*margins, " ", ""), "%g,%g,%g,%g", &m.Top, &m.Right, &m.Bottom, &m.Left); err != nil {
			return fmt.Errorf("--margins %q: want TOP,RIGHT,BOTTOM,LEFT in mm", *margins)
		}
		s.Margins = m
	}
	if err := s.Validate(); err != nil {
		return err
	}
	opt := signing.Options{Draft: *draft, Number: *number, VerifyURL: *verifyURL}
	raw, err := os.ReadFile(pos[0])
	if err != nil {
		_, err := openDocx(pos[0]) // names the problem the way the other commands do
		return err
	}
	doc, err := drafting.Read(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return fmt.Errorf("%s: %s", pos[0], oneLine(err.Error()))
	}
	if !opt.Draft {
		opt.Hash, _ = hashReaderAt(bytes.NewReader(raw), int64(len(raw)))
	}
	var atts []signing.Attachment
	if *appendList != "" {
		for _, name := range strings.Split(*appendList, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			f, err := os.Open(name)
			if err != nil {
				return fmt.Errorf("%s: %s", name, oneLine(err.Error()))
			}
			defer f.Close()
			atts = append(atts, signing.Attachment{Name: name, R: f})
		}
	}
	var buf bytes.Buffer
	if _, err := signing.Print(&buf, printable(doc), s, opt, atts); err != nil {
		var ae *signing.AttachmentError
		if errors.As(err, &ae) {
			return errors.New(ae.Error())
		}
		return err
	}
	if *out == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	return writeOutput(*out, buf.Bytes())
}
