package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/sepakat/sepakat/drafting"
)

// runComments lists the comments of a Word document as threads.
func runComments(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("comments", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, `write JSON: {"comments": [...]}`)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat comments FILE.docx [--json]\n")
	}
	doc, err := extractArgs(fs, args)
	if err != nil {
		return err
	}
	threads := doc.CommentThreads()
	if threads == nil {
		threads = []drafting.CommentThread{}
	}
	var buf bytes.Buffer
	if *asJSON {
		err = writeIndentedJSON(&buf, struct {
			Comments []drafting.CommentThread `json:"comments"`
		}{threads})
	} else {
		writeThreads(&buf, threads)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}

// runChanges lists the tracked changes of a Word document.
func runChanges(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("changes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, `write JSON: {"changes": [...]}`)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat changes FILE.docx [--json]\n")
	}
	doc, err := extractArgs(fs, args)
	if err != nil {
		return err
	}
	changes := doc.TrackedChanges()
	if changes == nil {
		changes = []drafting.TrackedChange{}
	}
	var buf bytes.Buffer
	if *asJSON {
		err = writeIndentedJSON(&buf, struct {
			Changes []drafting.TrackedChange `json:"changes"`
		}{changes})
	} else {
		err = writeChanges(&buf, changes)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}

// extractArgs parses the command line of comments and changes (one file,
// flags before or after it) and opens the file.
func extractArgs(fs *flag.FlagSet, args []string) (*drafting.Document, error) {
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, exitCode(2)
	}
	if len(pos) != 1 {
		fs.Usage()
		return nil, exitCode(2)
	}
	return openDocx(pos[0])
}

func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeThreads writes one block per thread, blocks separated by a blank
// line:
//
//	#1 ARNP Kota (2026-01-05T09:00:00Z) [Pasal 7 ayat (1)] resolved
//	  "Rp 500.000.000,00 (lima ratus juta rupiah)"
//	  Mohon disesuaikan dengan pagu anggaran tahun 2026.
//	  #3 PPKSD Unmul (2026-01-06T14:30:00Z) [Pasal 7 ayat (1)]
//	    Setuju, akan disesuaikan menjadi Rp 750.000.000,00.
//
// A reply's quote is left out when it is its parent's.
func writeThreads(b *bytes.Buffer, threads []drafting.CommentThread) {
	if len(threads) == 0 {
		b.WriteString("No comments.\n")
		return
	}
	for i, t := range threads {
		if i > 0 {
			b.WriteByte('\n')
		}
		writeThread(b, t, "", "")
	}
}

// maxIndent bounds the indentation of nested replies in the text output.
const maxIndent = 16

func writeThread(b *bytes.Buffer, t drafting.CommentThread, indent, parentQuote string) {
	b.WriteString(indent + "#" + cleanLine(t.ID))
	if a := cleanLine(t.Author); a != "" {
		b.WriteString(" " + a)
	}
	if d := cleanLine(t.Date); d != "" {
		b.WriteString(" (" + d + ")")
	}
	if p := placeLabel(t.Paragraph, t.Pasal, t.Ayat, t.Huruf); p != "" {
		b.WriteString(" [" + p + "]")
	}
	if t.Resolved {
		b.WriteString(" resolved")
	}
	b.WriteByte('\n')
	inner := indent + "  "
	if q := cleanLine(t.Quote); q != "" && t.Quote != parentQuote {
		b.WriteString(inner + `"` + q + `"` + "\n")
	}
	for _, l := range strings.Split(t.Text, "\n") {
		if l = cleanLine(l); l != "" {
			b.WriteString(inner + l + "\n")
		}
	}
	if len(inner) > maxIndent {
		inner = indent
	}
	for _, r := range t.Replies {
		writeThread(b, r, inner, t.Quote)
	}
}

// writeChanges writes one line per change, in aligned columns: kind,
// author, date, place, and the text in quotes.
func writeChanges(b *bytes.Buffer, changes []drafting.TrackedChange) error {
	if len(changes) == 0 {
		b.WriteString("No tracked changes.\n")
		return nil
	}
	var cols bytes.Buffer
	tw := tabwriter.NewWriter(&cols, 0, 0, 2, ' ', 0)
	for _, c := range changes {
		place := placeLabel(c.Paragraph, c.Pasal, c.Ayat, c.Huruf)
		text := ""
		if c.Text != "" {
			text = `"` + cleanLine(c.Text) + `"`
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Kind, orDash(cleanLine(c.Author)), orDash(cleanLine(c.Date)), orDash(place), text)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The lines of paragraph changes, which have no text, end in padding.
	for line := range bytes.Lines(cols.Bytes()) {
		b.Write(bytes.TrimRight(line, " \n"))
		b.WriteByte('\n')
	}
	return nil
}

// placeLabel names where a change or comment is: "Pasal 7 ayat (1) huruf
// b", "before the first Pasal", or "" outside the body.
func placeLabel(paragraph, pasal, ayat int, huruf string) string {
	if paragraph < 0 {
		return ""
	}
	s := "before the first Pasal"
	if pasal > 0 {
		s = "Pasal " + strconv.Itoa(pasal)
	} else if ayat > 0 || huruf != "" {
		s += ","
	}
	if ayat > 0 {
		s += " ayat (" + strconv.Itoa(ayat) + ")"
	}
	if huruf != "" {
		s += " huruf " + huruf
	}
	return s
}

// cleanLine prepares text read from a document for one line of output:
// non-breaking spaces as spaces, control characters (tabs and line breaks
// included) as spaces.
func cleanLine(s string) string {
	s = plainSpaces.Replace(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
