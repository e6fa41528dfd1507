package drafting

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// ErrNoNumberLines is returned by Stamp for a document without "NOMOR :"
// lines before its first Pasal.
var ErrNoNumberLines = errors.New(`no "NOMOR :" line before the first Pasal`)

// numberLine matches the label of a number line: "NOMOR :", "Nomor:",
// "NOMOR".
var numberLine = regexp.MustCompile(`(?i)^\s*nomor\s*:?\s*`)

// Stamp writes d with its numbers filled in: the "NOMOR :" lines before the
// first Pasal get numbers[0], numbers[1]… in order (the city's number, then
// the partner's), and, when datePhrase is not empty, the opening sentence
// "Pada hari ini …" gets datePhrase up to its first comma. The result has no
// tracked changes: it is the final text. It returns how many number lines
// were filled.
func Stamp(d *Document, numbers []string, datePhrase string, w io.Writer, date time.Time) (int, error) {
	if d.pkg == nil {
		return 0, ErrNoRenumberPackage
	}
	ps := d.Paragraphs(Accept)
	steps := make([]step, len(ps))
	filled := 0
	for i, p := range ps {
		q := p
		if p.Pasal == 0 && p.Kind != KindPasal {
			text := p.Text(Accept)
			var edits []numberEdit
			if m := numberLine.FindString(text); m != "" && filled < len(numbers) && p.Label == "" {
				edits = append(edits, numberEdit{start: len(m), end: len(text), repl: numbers[filled]})
				if !strings.HasSuffix(m, " ") {
					edits[0].repl = " " + edits[0].repl
				}
				filled++
			} else if datePhrase != "" && strings.HasPrefix(strings.TrimSpace(text), "Pada hari ini") {
				if k := strings.Index(text, ","); k > 0 {
					start := strings.Index(text, "Pada hari ini")
					edits = append(edits, numberEdit{start: start, end: k, repl: datePhrase})
				}
			}
			if edits != nil {
				c := *p
				c.Runs = editRuns(p.Runs, edits)
				q = &c
			}
		}
		steps[i] = step{op: OpEqual, old: q, new: q, unit: -1}
	}
	if filled == 0 {
		return 0, ErrNoNumberLines
	}
	c := &Comparison{steps: steps, oldDoc: d, newDoc: d}
	if err := c.WriteDocx(w, DocxOptions{Author: "Sepakat", Date: date}); err != nil {
		return 0, fmt.Errorf("stamp: %w", err)
	}
	return filled, nil
}
