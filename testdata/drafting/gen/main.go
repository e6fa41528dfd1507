// Command gen does the post-processing of the drafting fixtures that pandoc
// and LibreOffice cannot do: it edits XML inside .docx packages by string
// splicing (never by re-marshalling with encoding/xml, which mangles
// namespace prefixes), derives the odd and the damaged packages, writes the
// generated Markdown of the benchmark documents, and turns pandoc or
// LibreOffice text output into the expected-text files, and makes the
// reviewer copies of review/ (review.go, reviewbig.go).
//
// It is run only by testdata/drafting/generate.sh, from the repository root:
//
//	go run ./testdata/drafting/gen COMMAND ARGS...
//
// Every package it writes is a zip with entries in the input's order and a
// fixed timestamp (2026-01-12 00:00:00 UTC), so that its output is
// byte-for-byte reproducible. It uses the standard library only.
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

var fixedTime = time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)

const (
	nsW      = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	relBase  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	authorA  = "ARNP Kota"
	authorB  = "PPKSD Unmul"
	dateA    = "2026-01-05T09:00:00Z"
	dateB    = "2026-01-06T14:30:00Z"
	mainPart = "word/document.xml"
)

func main() {
	cmds := map[string]func([]string) error{
		"refdoc":    cmdRefdoc,
		"normzip":   cmdNormzip,
		"numbered":  cmdNumbered,
		"tracked":   cmdTracked,
		"comments":  cmdComments,
		"prefixed":  cmdPrefixed,
		"defaultns": cmdDefaultNS,
		"strict":    cmdStrict,
		"bom":       cmdBOM,
		"movedmain": cmdMovedMain,
		"splitruns": cmdSplitRuns,
		"macro":     cmdMacro,
		"entity":    cmdEntity,
		"nomain":    cmdNoMain,
		"badxml":    cmdBadXML,
		"bigmd":     cmdBigMD,
		"jsonlines": cmdJSONLines,
		"lotxt":     cmdLOTxt,
		"words":     cmdWords,
		"review":    cmdReview,
		"reviewbig": cmdReviewBig,
		"reviewfix": cmdReviewFix,
		"reviewlo":  cmdReviewLO,
		"reviewchk": cmdReviewCheck,
	}
	if len(os.Args) < 2 || cmds[os.Args[1]] == nil {
		var names []string
		for k := range cmds {
			names = append(names, k)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: gen COMMAND ARGS...\ncommands: %s\n", strings.Join(names, " "))
		os.Exit(2)
	}
	if err := cmds[os.Args[1]](os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "gen %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// ---------------------------------------------------------------------------
// Packages

type entry struct {
	name string
	data []byte
}

type pkg struct{ entries []*entry }

func readPkg(path string) (*pkg, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	p := &pkg{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		p.entries = append(p.entries, &entry{f.Name, b})
	}
	return p, nil
}

func (p *pkg) find(name string) *entry {
	for _, e := range p.entries {
		if e.name == name {
			return e
		}
	}
	return nil
}

func (p *pkg) get(name string) string {
	e := p.find(name)
	if e == nil {
		panic("package has no part " + name)
	}
	return string(e.data)
}

func (p *pkg) set(name, s string) {
	if e := p.find(name); e != nil {
		e.data = []byte(s)
		return
	}
	p.entries = append(p.entries, &entry{name, []byte(s)})
}

func (p *pkg) remove(name string) {
	for i, e := range p.entries {
		if e.name == name {
			p.entries = append(p.entries[:i], p.entries[i+1:]...)
			return
		}
	}
	panic("package has no part " + name)
}

func (p *pkg) bytes() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range p.entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: fixedTime}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func (p *pkg) save(path string) error { return os.WriteFile(path, p.bytes(), 0o644) }

// addOverride adds a content-type override for a part.
func (p *pkg) addOverride(part, ctype string) {
	ct := p.get("[Content_Types].xml")
	ct = replaceOnce(ct, "</Types>", `<Override PartName="/`+part+`" ContentType="`+ctype+`" /></Types>`)
	p.set("[Content_Types].xml", ct)
}

// addRel adds a relationship to a .rels part.
func (p *pkg) addRel(relsPart, id, typ, target, mode string) {
	r := p.get(relsPart)
	m := ""
	if mode != "" {
		m = ` TargetMode="` + mode + `"`
	}
	r = replaceOnce(r, "</Relationships>", `<Relationship Type="`+typ+`" Id="`+id+`" Target="`+target+`"`+m+` /></Relationships>`)
	p.set(relsPart, r)
}

// ---------------------------------------------------------------------------
// String splicing helpers

func replaceOnce(s, old, new string) string {
	if n := strings.Count(s, old); n != 1 {
		panic(fmt.Sprintf("expected exactly one %q, found %d", trunc(old), n))
	}
	return strings.Replace(s, old, new, 1)
}

func trunc(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

type span struct{ start, end int }

// paragraphs returns the byte ranges of the outermost w:p elements of an
// XML part written with the "w" prefix.
func paragraphs(x string) []span {
	var out []span
	i := 0
	for {
		s := nextPStart(x, i)
		if s < 0 {
			return out
		}
		depth := 0
		j := s
		for {
			o := nextPStart(x, j)
			c := strings.Index(x[j:], "</w:p>")
			if c < 0 {
				panic("unclosed w:p")
			}
			c += j
			if o >= 0 && o < c {
				// a self-closing <w:p/> does not nest
				gt := strings.IndexByte(x[o:], '>') + o
				if x[gt-1] != '/' {
					depth++
				}
				j = gt + 1
				continue
			}
			depth--
			j = c + len("</w:p>")
			if depth == 0 {
				break
			}
		}
		out = append(out, span{s, j})
		i = j
	}
}

func nextPStart(x string, from int) int {
	for {
		k := strings.Index(x[from:], "<w:p")
		if k < 0 {
			return -1
		}
		k += from
		if c := x[k+4]; c == '>' || c == ' ' || c == '/' {
			return k
		}
		from = k + 4
	}
}

var reT = regexp.MustCompile(`<w:t(?:\s[^>]*)?>([^<]*)</w:t>`)

// paraText returns the text of the w:t elements of a piece of XML.
func paraText(x string) string {
	var b strings.Builder
	for _, m := range reT.FindAllStringSubmatch(x, -1) {
		b.WriteString(html.UnescapeString(m[1]))
	}
	return b.String()
}

var reStyle = regexp.MustCompile(`<w:pStyle w:val="([^"]*)"`)

func paraStyle(x string) string {
	if m := reStyle.FindStringSubmatch(x); m != nil {
		return m[1]
	}
	return ""
}

// findPara returns the only paragraph whose text starts with prefix.
func findPara(doc, prefix string) span {
	var found []span
	for _, sp := range paragraphs(doc) {
		if strings.HasPrefix(paraText(doc[sp.start:sp.end]), prefix) {
			found = append(found, sp)
		}
	}
	if len(found) != 1 {
		panic(fmt.Sprintf("expected one paragraph starting %q, found %d", prefix, len(found)))
	}
	return found[0]
}

// editPara replaces the paragraph starting with prefix by f(paragraph XML).
func editPara(doc, prefix string, f func(string) string) string {
	sp := findPara(doc, prefix)
	return doc[:sp.start] + f(doc[sp.start:sp.end]) + doc[sp.end:]
}

// splitText splits the run that contains text `word` (inside one w:t) into
// the part before, a new piece made by mk(word), and the part after: the
// run's properties are copied to the outer pieces. It panics unless the text
// occurs exactly once in the paragraph's w:t elements.
func splitText(p, word string, mk func(rPr, word string) string) string {
	runRe := regexp.MustCompile(`<w:r>(<w:rPr>.*?</w:rPr>)?<w:t xml:space="preserve">([^<]*)</w:t></w:r>`)
	esc := html.EscapeString(word)
	var hits [][]int
	for _, m := range runRe.FindAllStringSubmatchIndex(p, -1) {
		if strings.Contains(p[m[4]:m[5]], esc) {
			hits = append(hits, m)
		}
	}
	if len(hits) != 1 || strings.Count(p[hits[0][4]:hits[0][5]], esc) != 1 {
		panic(fmt.Sprintf("splitText: %q is not in exactly one run", word))
	}
	m := hits[0]
	rPr := ""
	if m[2] >= 0 {
		rPr = p[m[2]:m[3]]
	}
	text := p[m[4]:m[5]]
	k := strings.Index(text, esc)
	before, after := text[:k], text[k+len(esc):]
	var b strings.Builder
	if before != "" {
		b.WriteString(`<w:r>` + rPr + `<w:t xml:space="preserve">` + before + `</w:t></w:r>`)
	}
	b.WriteString(mk(rPr, esc))
	if after != "" {
		b.WriteString(`<w:r>` + rPr + `<w:t xml:space="preserve">` + after + `</w:t></w:r>`)
	}
	return p[:m[0]] + b.String() + p[m[1]:]
}

func run(rPr, escText string) string {
	return `<w:r>` + rPr + `<w:t xml:space="preserve">` + escText + `</w:t></w:r>`
}

// insertPPr adds XML at the end of the paragraph's w:pPr (creating one).
func insertPPr(p, x string) string {
	if i := strings.Index(p, "</w:pPr>"); i >= 0 {
		return p[:i] + x + p[i:]
	}
	gt := strings.IndexByte(p, '>')
	return p[:gt+1] + "<w:pPr>" + x + "</w:pPr>" + p[gt+1:]
}

// content returns the paragraph's XML after its w:pPr (up to </w:p>), and
// the part before it.
func content(p string) (head, body string) {
	if i := strings.Index(p, "</w:pPr>"); i >= 0 {
		i += len("</w:pPr>")
		return p[:i], p[i : len(p)-len("</w:p>")]
	}
	gt := strings.IndexByte(p, '>')
	return p[:gt+1], p[gt+1 : len(p)-len("</w:p>")]
}

func args(a []string, n int, usage string) error {
	if len(a) != n {
		return fmt.Errorf("usage: %s", usage)
	}
	return nil
}

// transform reads a package, lets f edit it and saves it.
func transform(in, out string, f func(p *pkg) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	p, err := readPkg(in)
	if err != nil {
		return err
	}
	if err := f(p); err != nil {
		return err
	}
	return p.save(out)
}

// ---------------------------------------------------------------------------
// refdoc: pandoc's default reference.docx with the paragraph styles of a
// PKS (centered titles, BAB and Pasal headings; hanging indents for ayat and
// huruf), Indonesian as the document language and an F4 page.

func cmdRefdoc(a []string) error {
	if err := args(a, 2, "refdoc IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		st := p.get("word/styles.xml")
		st = replaceOnce(st, `<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA" />`, `<w:lang w:val="id-ID" w:eastAsia="en-US" w:bidi="ar-SA" />`)
		style := func(id, pPr, rPr string) string {
			return `<w:style w:type="paragraph" w:customStyle="1" w:styleId="` + id + `"><w:name w:val="` + id + `" /><w:basedOn w:val="BodyText" /><w:qFormat /><w:pPr>` + pPr + `</w:pPr><w:rPr>` + rPr + `</w:rPr></w:style>`
		}
		center := `<w:jc w:val="center" />`
		add := style("Judul", `<w:spacing w:before="0" w:after="0" />`+center, `<w:b /><w:sz w:val="26" />`) +
			style("Nomor", `<w:spacing w:before="60" w:after="60" />`+center, ``) +
			style("BAB", `<w:keepNext /><w:spacing w:before="240" w:after="0" />`+center, `<w:b />`) +
			style("Pasal", `<w:keepNext /><w:spacing w:before="200" w:after="0" />`+center, `<w:b />`) +
			style("Ayat", `<w:spacing w:before="60" w:after="60" /><w:ind w:left="567" w:hanging="567" /><w:jc w:val="both" />`, ``) +
			style("Huruf", `<w:spacing w:before="40" w:after="40" /><w:ind w:left="1134" w:hanging="567" /><w:jc w:val="both" />`, ``) +
			strings.Replace(style("Tanda Tangan", `<w:spacing w:before="240" w:after="240" />`+center, `<w:b />`), `w:styleId="Tanda Tangan"`, `w:styleId="TandaTangan"`, 1)
		st = replaceOnce(st, "</w:styles>", add+"</w:styles>")
		p.set("word/styles.xml", st)
		doc := p.get(mainPart)
		doc = replaceOnce(doc, "<w:sectPr />", `<w:sectPr><w:pgSz w:w="12189" w:h="18709" /><w:pgMar w:top="1701" w:right="1418" w:bottom="1418" w:left="1701" w:header="709" w:footer="709" w:gutter="0" /></w:sectPr>`)
		p.set(mainPart, doc)
		return nil
	})
}

// normzip rewrites a package with fixed timestamps (for LibreOffice output).
func cmdNormzip(a []string) error {
	if err := args(a, 2, "normzip IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		if e := p.find("docProps/app.xml"); e != nil {
			e.data = regexp.MustCompile(`<TotalTime>\d+</TotalTime>`).ReplaceAll(e.data, []byte(`<TotalTime>0</TotalTime>`))
		}
		return nil
	})
}
