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
	"strings"

	"github.com/sepakat/sepakat/templates"
)

// runDraft fills a built-in template (or a .docx template) with the data of
// one cooperation and writes the first draft.
func runDraft(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("draft", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tmpl := fs.String("template", "", "kb, pks, or the path of a .docx template (required)")
	dataFile := fs.String("data", "", "the cooperation's data, JSON (required)")
	out := fs.String("o", "", "the draft to write (required)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat draft --template kb|pks|TEMPLATE.docx --data DATA.json -o OUT.docx\n")
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) != 0 || *tmpl == "" || *dataFile == "" || *out == "" {
		fs.Usage()
		return exitCode(2)
	}
	var template []byte
	if strings.HasSuffix(strings.ToLower(*tmpl), ".docx") {
		if template, err = os.ReadFile(*tmpl); err != nil {
			return errors.New(oneLine(err.Error()))
		}
	} else if template, err = templates.Builtin(*tmpl); err != nil {
		return err
	}
	raw, err := os.ReadFile(*dataFile)
	if err != nil {
		return errors.New(oneLine(err.Error()))
	}
	var data templates.Data
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&data); err != nil {
		return fmt.Errorf("%s: %s", *dataFile, oneLine(err.Error()))
	}
	filled, err := templates.Fill(template, data)
	if err != nil {
		return errors.New(oneLine(err.Error()))
	}
	return writeOutput(*out, filled)
}
