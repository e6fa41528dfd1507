package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/signing"
)

// parseInterleaved parses flags that may come before, between or after the
// positional arguments ("sepakat diff a.docx b.docx --format json").
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// openDocx reads a Word document for a command, with errors that name the
// file in one line.
func openDocx(name string) (*drafting.Document, error) {
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", name)
		}
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("%s: permission denied", name)
		}
		return nil, fmt.Errorf("%s: %s", name, oneLine(err.Error()))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %s", name, oneLine(err.Error()))
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a .docx file", name)
	}
	doc, err := drafting.Read(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %s", name, oneLine(err.Error()))
	}
	doc.Name = filepath.Base(name)
	return doc, nil
}

// oneLine keeps an error message on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// plainSpaces prints non-breaking spaces as plain ones, so that the text
// can be searched and compared as a reader sees it.
var plainSpaces = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2007", " ")

// runText prints a document's text, one paragraph per line.
func runText(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("text", flag.ContinueOnError)
	fs.SetOutput(stderr)
	changes := fs.String("changes", "accept", "tracked changes: accept or reject")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat text FILE.docx [--changes accept|reject]\n")
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitCode(2)
	}
	mode, err := drafting.ParseChanges(*changes)
	if err != nil {
		return err
	}
	doc, err := openDocx(pos[0])
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	w.WriteString(plainSpaces.Replace(doc.Text(mode)))
	return w.Flush()
}

// runDiff compares two Word documents.
func runDiff(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output: text, json, html, docx or pdf")
	out := fs.String("o", "", "write to this file instead of standard output")
	author := fs.String("author", "", "author of the tracked changes in a docx redline (default: the new version's last author)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat diff OLD.docx NEW.docx [--format text|json|html|docx|pdf] [-o OUT] [--author NAME]\n")
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) != 2 {
		fs.Usage()
		return exitCode(2)
	}
	switch *format {
	case "text", "json", "html", "docx", "pdf":
	default:
		return fmt.Errorf("unknown format %q: use text, json, html, docx or pdf", *format)
	}
	old, err := openDocx(pos[0])
	if err != nil {
		return err
	}
	new, err := openDocx(pos[1])
	if err != nil {
		return err
	}
	c := drafting.Compare(old, new)
	var buf bytes.Buffer
	switch *format {
	case "text":
		err = c.WriteText(&buf)
	case "json":
		err = c.WriteJSON(&buf)
	case "html":
		err = c.WriteHTML(&buf)
	case "docx":
		err = c.WriteDocx(&buf, drafting.DocxOptions{Author: *author})
	case "pdf":
		_, err = signing.Print(&buf, printableRedline(c), signing.DefaultSettings(), signing.Options{Redline: true}, nil)
	}
	if err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	return writeOutput(*out, buf.Bytes())
}
