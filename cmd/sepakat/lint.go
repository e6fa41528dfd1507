package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sepakat/sepakat/drafting"
)

// lintUsage documents `sepakat lint` and its exit status.
const lintUsage = `usage: sepakat lint FILE.docx [--kind kb|pks] [--json] [--elements FILE.json]

Checks a KB or PKS draft: Pasal and ayat numbering, references to Pasal or
ayat that do not exist, enumerations (UU 12/2011 Lampiran II), numbers whose
words disagree with the digits, placeholders left in the text and required
elements missing. --elements reads a JSON list of required elements
([{"name":…,"keywords":[…],"kinds":["pks"]}]) instead of the defaults.

Exit status: 0 when there is no finding of severity error (warnings only, or
none), 3 when there is at least one error, 1 when the file cannot be read,
2 for a wrong command line.
`

// lintReport is the JSON output of `sepakat lint --json`.
type lintReport struct {
	Findings []drafting.Finding `json:"findings"`
	Errors   int                `json:"errors"`
	Warnings int                `json:"warnings"`
}

// runLint checks a draft and prints its findings.
func runLint(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("kind", "", "kb or pks (default: from the document's title)")
	asJSON := fs.Bool("json", false, "print the findings as JSON")
	elements := fs.String("elements", "", "JSON file with the required elements")
	fs.Usage = func() { fmt.Fprint(stderr, lintUsage) }
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitCode(2)
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitCode(2)
	}
	switch *kind {
	case "", "kb", "pks":
	default:
		return fmt.Errorf("unknown kind %q: use kb or pks", *kind)
	}
	opt := drafting.LintOptions{Kind: *kind}
	if *elements != "" {
		data, err := os.ReadFile(*elements)
		if err != nil {
			return fmt.Errorf("%s: %s", *elements, oneLine(err.Error()))
		}
		if err := json.Unmarshal(data, &opt.Elements); err != nil {
			return fmt.Errorf("%s: not a JSON list of elements: %s", *elements, oneLine(err.Error()))
		}
		if opt.Elements == nil {
			opt.Elements = []drafting.RequiredElement{}
		}
	}
	doc, err := openDocx(pos[0])
	if err != nil {
		return err
	}
	rep := lintReport{Findings: drafting.Lint(doc, opt)}
	if rep.Findings == nil {
		rep.Findings = []drafting.Finding{}
	}
	for _, f := range rep.Findings {
		if f.Severity == drafting.SeverityError {
			rep.Errors++
		} else {
			rep.Warnings++
		}
	}
	w := bufio.NewWriter(stdout)
	if *asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		for _, f := range rep.Findings {
			fmt.Fprintf(w, "%s: %s — «%s»\n", lintPlace(f), f.Message, plainSpaces.Replace(f.Quote))
		}
		fmt.Fprintf(w, "%s: %d kesalahan, %d peringatan\n", doc.Name, rep.Errors, rep.Warnings)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if rep.Errors > 0 {
		return exitCode(3)
	}
	return nil
}

// lintPlace names where a finding is: "Pasal 4 ayat (2)", "Pasal 4",
// "Pembukaan" before the first Pasal, "Dokumen" for the whole document.
func lintPlace(f drafting.Finding) string {
	var b strings.Builder
	switch {
	case f.Paragraph < 0:
		return "Dokumen"
	case f.Pasal == 0:
		b.WriteString("Pembukaan")
	default:
		fmt.Fprintf(&b, "Pasal %d", f.Pasal)
	}
	if f.Ayat > 0 {
		fmt.Fprintf(&b, " ayat (%d)", f.Ayat)
	}
	return b.String()
}
