package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sepakat/sepakat/drafting"
)

// authorFlags collects repeated --author-of COPY=NAME flags.
type authorFlags map[string]string

func (a authorFlags) String() string { return "" }

func (a authorFlags) Set(v string) error {
	copy, name, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(copy) == "" || strings.TrimSpace(name) == "" {
		return fmt.Errorf("want COPY=NAME, got %q", v)
	}
	a[copy] = strings.TrimSpace(name)
	return nil
}

// lookup finds the name given for a copy by its path as typed or its base name.
func (a authorFlags) lookup(path string) string {
	if n, ok := a[path]; ok {
		return n
	}
	return a[filepath.Base(path)]
}

// runCombine merges reviewer copies into their base.
func runCombine(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("combine", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "the merged document to write (required)")
	report := fs.String("report", "", "also write a JSON report of conflicts and merged changes here")
	authors := authorFlags{}
	fs.Var(authors, "author-of", "COPY=NAME: attribute COPY's untracked edits to NAME (repeatable)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat combine BASE.docx COPY.docx... -o MERGED.docx [--report REPORT.json] [--author-of COPY=NAME]\n")
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) < 2 || *out == "" {
		fs.Usage()
		return exitCode(2)
	}
	for c := range authors {
		if !containsCopy(pos[1:], c) {
			return fmt.Errorf("--author-of %s: no such copy among the files given", c)
		}
	}
	base, err := openDocx(pos[0])
	if err != nil {
		return err
	}
	// The copies are read two at a time (the reader is CPU-bound).
	copies := make([]drafting.ReviewCopy, len(pos)-1)
	errs := make([]error, len(copies))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, p := range pos[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			d, err := openDocx(p)
			copies[i], errs[i] = drafting.ReviewCopy{Doc: d, Author: authors.lookup(p)}, err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	merged, err := drafting.Combine(base, copies)
	if err != nil {
		if errors.Is(err, drafting.ErrNotACopy) {
			return fmt.Errorf("%s; nothing was combined", oneLine(err.Error()))
		}
		return err
	}
	var buf bytes.Buffer
	if err := merged.WriteDocx(&buf, time.Now()); err != nil {
		return err
	}
	if *report != "" {
		var rb bytes.Buffer
		enc := json.NewEncoder(&rb)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(merged.Report); err != nil {
			return err
		}
		if err := writeOutput(*report, rb.Bytes()); err != nil {
			return err
		}
	}
	if err := writeOutput(*out, buf.Bytes()); err != nil {
		return err
	}
	r := merged.Report
	fmt.Fprintf(stdout, "Combined %d copies into %s: changes merged: %d, comments: %d, conflicts: %d.\n",
		len(copies), *out, r.ChangesMerged, r.CommentsMerged, len(r.Conflicts))
	for _, c := range r.Conflicts {
		var alts []string
		for _, a := range c.Alternatives {
			alts = append(alts, fmt.Sprintf("%s: %q", a.Author, a.Text))
		}
		fmt.Fprintf(stdout, "  conflict in Pasal %d: %q → %s\n", c.Pasal, c.BaseText, strings.Join(alts, "; "))
	}
	return nil
}

func containsCopy(paths []string, c string) bool {
	for _, p := range paths {
		if p == c || filepath.Base(p) == c {
			return true
		}
	}
	return false
}

// writeOutput writes a command's output file atomically, readable by all.
func writeOutput(name string, data []byte) error {
	if _, err := writeFileAtomic(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}); err != nil {
		return fmt.Errorf("%s: %s", name, oneLine(err.Error()))
	}
	return os.Chmod(name, 0o644)
}
