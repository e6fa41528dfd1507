package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/sepakat/sepakat/drafting"
)

// runRenumber numbers the Pasal and ayat of a draft again and updates its
// cross-references.
func runRenumber(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("renumber", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "the renumbered document to write (required)")
	report := fs.String("report", "", "also write a JSON report of the new numbers and the references here")
	noTrack := fs.Bool("no-track", false, "write the new numbers as plain text instead of tracked changes")
	author := fs.String("author", "Sepakat", "author of the tracked changes")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat renumber IN.docx -o OUT.docx [--report REPORT.json] [--no-track] [--author NAME]\n")
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) != 1 || *out == "" {
		fs.Usage()
		return exitCode(2)
	}
	doc, err := openDocx(pos[0])
	if err != nil {
		return err
	}
	r, err := drafting.Renumber(doc)
	if err != nil {
		return fmt.Errorf("%s: %s", pos[0], oneLine(err.Error()))
	}
	var buf bytes.Buffer
	if err := r.WriteDocx(&buf, !*noTrack, *author, time.Now()); err != nil {
		return fmt.Errorf("%s: %s", *out, oneLine(err.Error()))
	}
	if *report != "" {
		var rb bytes.Buffer
		enc := json.NewEncoder(&rb)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			return err
		}
		if err := writeOutput(*report, rb.Bytes()); err != nil {
			return err
		}
	}
	if err := writeOutput(*out, buf.Bytes()); err != nil {
		return err
	}
	pasal, ayat := r.Renumbered()
	fmt.Fprintf(stdout, "Renumbered %s into %s: %d Pasal and %d ayat renumbered, %d references updated, %d dangling.\n",
		pos[0], *out, pasal, ayat, len(r.References), len(r.Dangling))
	for _, d := range r.Dangling {
		fmt.Fprintf(stderr, "warning: Pasal %d: reference to %q, which the document does not have, left as written\n", d.Pasal, d.Text)
	}
	return nil
}
