package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// jsonlines reads pandoc's JSON AST (pandoc -t json) on standard input and
// prints the body text one paragraph per line, which is how the expected
// texts NAME.accept.txt / NAME.reject.txt are made:
//
//   - every Para, Plain and Header block is one line: its inlines with
//     Space, SoftBreak and LineBreak as one space, runs of spaces collapsed,
//     ends trimmed; an empty line is left out;
//   - a Table gives the blocks of its cells, row by row (head, bodies, foot),
//     cell by cell; Div, BlockQuote and list items give their blocks in order
//     (the sources of these fixtures type their labels, so pandoc reads no
//     lists from them);
//   - footnotes (Note) are not body text and are left out.
//
// With -drop-comments, the Spans of class comment-start (which pandoc
// --track-changes=all makes of each comment, holding the comment's text) are
// left out too, so that the text is the body text with insertions and
// deletions alike, as LibreOffice's text export shows it.
func cmdJSONLines(a []string) error {
	dropComments := len(a) == 1 && a[0] == "-drop-comments"
	if dropComments {
		a = a[1:]
	}
	if err := args(a, 0, "jsonlines [-drop-comments] < doc.json"); err != nil {
		return err
	}
	var doc struct {
		Blocks []any `json:"blocks"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&doc); err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	var blocks func(any)
	blocks = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, b := range t {
				blocks(b)
			}
		case map[string]any:
			c := t["c"]
			switch t["t"] {
			case "Para", "Plain":
				line(w, inlines(c, dropComments))
			case "Header":
				line(w, inlines(c.([]any)[2], dropComments))
			case "LineBlock":
				for _, l := range c.([]any) {
					line(w, inlines(l, dropComments))
				}
			case "Div":
				blocks(c.([]any)[1])
			case "BlockQuote":
				blocks(c)
			case "BulletList":
				blocks(c)
			case "OrderedList":
				blocks(c.([]any)[1])
			case "Table":
				// [attr, caption, colspecs, head, bodies, foot]
				parts := c.([]any)
				rows := func(rs any) {
					for _, r := range rs.([]any) {
						for _, cell := range r.([]any)[1].([]any) {
							blocks(cell.([]any)[4])
						}
					}
				}
				rows(parts[3].([]any)[1])
				for _, body := range parts[4].([]any) {
					bb := body.([]any)
					rows(bb[2])
					rows(bb[3])
				}
				rows(parts[5].([]any)[1])
			case "CodeBlock":
				for _, l := range strings.Split(c.([]any)[1].(string), "\n") {
					line(w, l)
				}
			case "HorizontalRule", "Null", "RawBlock":
			default:
				panic(fmt.Sprintf("jsonlines: unhandled block %v", t["t"]))
			}
		}
	}
	blocks(doc.Blocks)
	return nil
}

func line(w io.Writer, s string) {
	s = strings.Join(strings.Fields(s), " ")
	if s != "" {
		fmt.Fprintln(w, s)
	}
}

func inlines(v any, dropComments bool) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, x := range t {
				walk(x)
			}
		case map[string]any:
			c := t["c"]
			switch t["t"] {
			case "Str":
				b.WriteString(c.(string))
			case "Space", "SoftBreak", "LineBreak":
				b.WriteByte(' ')
			case "Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline":
				walk(c)
			case "Span":
				if dropComments && slices.Contains(c.([]any)[0].([]any)[1].([]any), any("comment-start")) {
					return
				}
				walk(c.([]any)[1])
			case "Link", "Image":
				walk(c.([]any)[1])
			case "Quoted":
				q := `"`
				if c.([]any)[0].(map[string]any)["t"] == "SingleQuote" {
					q = "'"
				}
				b.WriteString(q)
				walk(c.([]any)[1])
				b.WriteString(q)
			case "Cite":
				walk(c.([]any)[1])
			case "Code", "Math":
				b.WriteString(c.([]any)[1].(string))
			case "Note", "RawInline":
			default:
				panic(fmt.Sprintf("jsonlines: unhandled inline %v", t["t"]))
			}
		}
	}
	walk(v)
	return b.String()
}

// lotxt normalises the output of soffice --convert-to txt:Text (standard
// input) to one paragraph per line: the BOM and carriage returns are
// removed, a tab (LibreOffice writes one after a list label) becomes a space,
// spaces are collapsed, and empty lines are left out.
func cmdLOTxt(a []string) error {
	if err := args(a, 0, "lotxt < file.txt"); err != nil {
		return err
	}
	b, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	s := strings.TrimPrefix(string(b), "\uFEFF")
	s = strings.ReplaceAll(s, "\r", "")
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, l := range strings.Split(s, "\n") {
		line(w, strings.ReplaceAll(l, "\t", " "))
	}
	return nil
}

// words compares the words (whitespace-separated) of two text files in
// order and fails at the first difference. Tokens made only of - + | = :
// (the rules of pandoc's plain-text tables) are ignored.
func cmdWords(a []string) error {
	if err := args(a, 2, "words A.txt B.txt"); err != nil {
		return err
	}
	read := func(p string) ([]string, error) {
		b, err := os.ReadFile(p)
		var ws []string
		for _, w := range strings.Fields(strings.TrimPrefix(string(b), "\uFEFF")) {
			if strings.Trim(w, "-+|=:") != "" { // not a rule of a plain-text table
				ws = append(ws, w)
			}
		}
		return ws, err
	}
	x, err := read(a[0])
	if err != nil {
		return err
	}
	y, err := read(a[1])
	if err != nil {
		return err
	}
	for i := 0; i < len(x) || i < len(y); i++ {
		if i >= len(x) || i >= len(y) || x[i] != y[i] {
			ctx := func(w []string) string {
				lo, hi := max(0, i-5), min(len(w), i+6)
				return strings.Join(w[lo:hi], " ")
			}
			return fmt.Errorf("%s and %s differ at word %d:\n  %s\n  %s", a[0], a[1], i+1, ctx(x), ctx(y))
		}
	}
	return nil
}
