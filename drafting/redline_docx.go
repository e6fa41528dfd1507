package drafting

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// DocxOptions sets who the tracked changes of a redline .docx are
// attributed to.
type DocxOptions struct {
	// Author of every tracked change; defaults to the new version's
	// last author (docProps/core.xml), or "Sepakat".
	Author string
	// Date of every tracked change; defaults to the new version's
	// modification time, or now.
	Date time.Time
}

// ErrNoPackage is returned by WriteDocx for a comparison made from
// paragraphs rather than from two documents.
var ErrNoPackage = errors.New("redline .docx needs the compared documents: use Compare")

// WriteDocx writes the redline as a Word document with real tracked
// changes: the new version's package (styles, numbering, headers, page
// set-up) with its body replaced by the merged text, in which inserted text
// is w:ins, deleted text w:del, and inserted or deleted paragraphs carry a
// revised paragraph mark. Accepting all changes gives exactly the new
// version's text, rejecting all exactly the old one's. Paragraph and
// character formatting come from the new version (from the old one for
// deleted text, when its namespace prefixes agree).
//
// Body content that is not text (pictures, fields' codes, bookmarks,
// comment anchors) is not carried over into the redline.
func (c *Comparison) WriteDocx(w io.Writer, opt DocxOptions) error {
	if c.newDoc == nil || c.newDoc.pkg == nil || c.oldDoc == nil {
		return ErrNoPackage
	}
	if opt.Author == "" {
		opt.Author = c.newDoc.LastModifiedBy
	}
	if opt.Author == "" {
		opt.Author = "Sepakat"
	}
	if opt.Date.IsZero() {
		opt.Date = c.newDoc.Modified
	}
	if opt.Date.IsZero() {
		opt.Date = time.Now()
	}
	body, numbering := c.redlineBody(opt)
	pkg := c.newDoc.pkg
	zw := zip.NewWriter(w)
	for _, f := range pkg.files {
		data := f.Data
		if f.Name == pkg.mainPart {
			data = body
		}
		if numbering != nil && strings.HasSuffix(f.Name, "numbering.xml") && findNumberingPart(pkg) >= 0 && pkg.files[findNumberingPart(pkg)].Name == f.Name {
			data = numbering
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: opt.Date.UTC()})
		if err != nil {
			return fmt.Errorf("write redline: %w", err)
		}
		if _, err := fw.Write(data); err != nil {
			return fmt.Errorf("write redline: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write redline: %w", err)
	}
	return nil
}

// docxWriter emits the main part of a redline.
type docxWriter struct {
	b        bytes.Buffer
	w        string // the main namespace prefix followed by ":", or ""
	author   string
	date     string
	nextID   int
	in       *interner
	oldPfx   map[string]string
	newPfx   map[string]string
	newPkg   *pkgInfo
	tables   []*Table
	curTable *CellRef // the table cell open now, or nil
	nums     *numImporter
	// rejectProps are the properties of the paragraph that an inserted
	// paragraph joins when it is rejected; see survivorProps.
	rejectProps   []byte
	rejectFromOld bool
}

// survivorProps returns the paragraph properties of the paragraph that the
// inserted paragraph of step i joins when the insertion is rejected: the
// next paragraph that stays in the old version, in the same table cell or
// in the body. Word keeps that paragraph's properties when it joins the
// two; LibreOffice keeps the first one's, unless the inserted paragraph
// records them as its former properties (w:pPrChange), which both apply on
// reject. fromOld tells whether they come from the old version.
func (c *Comparison) survivorProps(i int) (props []byte, fromOld bool) {
	here := c.steps[i].new.Table
	for _, st := range c.steps[i+1:] {
		if st.moved && !st.ghost && st.new == nil {
			continue
		}
		if st.op == OpInsert || (st.moved && !st.ghost) {
			if !sameCell(st.new.Table, here) {
				return nil, false
			}
			continue
		}
		if st.ghost || st.op == OpDelete {
			if st.old.Table != nil && here == nil || st.old.Table == nil && here != nil {
				return nil, false
			}
			return st.old.Props, true
		}
		if !sameCell(st.new.Table, here) {
			return nil, false
		}
		return st.new.Props, false
	}
	return nil, false
}

func sameCell(a, b *CellRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func (c *Comparison) redlineBody(opt DocxOptions) (body, numbering []byte) {
	pkg := c.newDoc.pkg
	dw := &docxWriter{
		author: opt.Author,
		date:   opt.Date.UTC().Format(time.RFC3339),
		nextID: 900000,
		in:     newInterner(),
		newPfx: pkg.prefixes,
		newPkg: pkg,
		tables: c.newDoc.Tables,
	}
	if c.oldDoc.pkg != nil {
		dw.oldPfx = c.oldDoc.pkg.prefixes
	}
	dw.nums = newNumImporter(c.oldDoc.pkg, pkg, c.steps)
	if pkg.wPrefix != "" {
		dw.w = pkg.wPrefix + ":"
	}
	dw.b.Grow(64 << 10)
	dw.b.Write(pkg.prolog)
	dw.b.Write(pkg.rootStart)
	dw.open("body")
	var lastCell *CellRef
	for i, st := range c.steps {
		// Where does this paragraph go: a cell of a new table, or the body?
		var cell *CellRef
		switch {
		case st.new != nil && st.new.Table != nil && !(st.ghost):
			cell = st.new.Table
		case st.new == nil && st.old != nil && st.old.Table != nil:
			cell = c.deletedCell(i, lastCell)
		}
		if st.moved && !st.ghost && st.new == nil {
			continue // shown by the ghost at the old place
		}
		dw.moveTo(cell, c.rowInserted(i))
		lastCell = cell
		switch {
		case st.ghost, st.op == OpDelete:
			dw.paragraph(st.old, nil, OpDelete)
		case st.op == OpInsert, st.moved:
			dw.rejectProps, dw.rejectFromOld = c.survivorProps(i)
			dw.paragraph(nil, st.new, OpInsert)
			dw.rejectProps = nil
		default:
			dw.paragraph(st.old, st.new, OpEqual)
		}
	}
	dw.moveTo(nil, false)
	dw.b.Write(pkg.sectPr)
	dw.close("body")
	dw.b.WriteString("</" + rootName(pkg.rootStart) + ">")
	return dw.b.Bytes(), dw.nums.numberingData()
}

// deletedCell chooses the cell of the new version's table in which the
// deleted table paragraph of step i is shown: the cell the next kept or
// inserted paragraph goes to when it is in the same table, else the cell
// open now (nil: the body).
func (c *Comparison) deletedCell(i int, open *CellRef) *CellRef {
	for _, st := range c.steps[i+1:] {
		if st.new == nil || st.ghost {
			continue
		}
		if st.new.Table != nil && (open == nil || st.new.Table.Table == open.Table) {
			return st.new.Table
		}
		break
	}
	return open
}

// rowInserted reports whether step i starts a table row all of whose
// paragraphs are inserted, so that the row itself is marked inserted.
func (c *Comparison) rowInserted(i int) bool {
	st := c.steps[i]
	if st.new == nil || st.new.Table == nil {
		return false
	}
	row := *st.new.Table
	for _, s := range c.steps[i:] {
		if s.new == nil || s.new.Table == nil {
			if s.ghost || s.op == OpDelete {
				continue
			}
			break
		}
		if s.new.Table.Table != row.Table || s.new.Table.Row != row.Row {
			break
		}
		if s.op != OpInsert && !s.moved {
			return false
		}
	}
	return true
}

// rootName returns the qualified name of the root element from its start
// tag.
func rootName(start []byte) string {
	s := strings.TrimPrefix(string(start), "<")
	if i := strings.IndexAny(s, " \t\r\n/>"); i >= 0 {
		s = s[:i]
	}
	return s
}

func (dw *docxWriter) open(local string)  { dw.b.WriteString("<" + dw.w + local + ">") }
func (dw *docxWriter) close(local string) { dw.b.WriteString("</" + dw.w + local + ">") }

// revision writes the start tag of a w:ins or w:del (or an empty one when
// selfClose) with a fresh id.
func (dw *docxWriter) revision(local string, selfClose bool) {
	dw.nextID++
	fmt.Fprintf(&dw.b, `<%s%s %sid="%d" %sauthor="`, dw.w, local, dw.w, dw.nextID, dw.w)
	escapeText(&dw.b, dw.author)
	fmt.Fprintf(&dw.b, `" %sdate="%s"`, dw.w, dw.date)
	if selfClose {
		dw.b.WriteString("/>")
	} else {
		dw.b.WriteString(">")
	}
}

// moveTo closes and opens table, row and cell elements so that the next
// paragraph lands in cell (or in the body when cell is nil).
func (dw *docxWriter) moveTo(cell *CellRef, rowInserted bool) {
	cur := dw.curTable
	if cur != nil && cell != nil && *cur == *cell {
		return
	}
	if cur != nil {
		switch {
		case cell != nil && cell.Table == cur.Table && cell.Row == cur.Row:
			dw.close("tc")
		case cell != nil && cell.Table == cur.Table:
			dw.close("tc")
			dw.close("tr")
		default:
			dw.close("tc")
			dw.close("tr")
			dw.close("tbl")
			cur = nil
		}
	}
	dw.curTable = cell
	if cell == nil {
		return
	}
	var t *Table
	if cell.Table < len(dw.tables) {
		t = dw.tables[cell.Table]
	}
	if cur == nil {
		dw.open("tbl")
		if t != nil {
			dw.b.Write(t.Props)
		}
	}
	if cur == nil || cur.Row != cell.Row {
		dw.open("tr")
		var props []byte
		if t != nil && cell.Row < len(t.Rows) {
			props = t.Rows[cell.Row].Props
		}
		dw.rowProps(props, rowInserted)
	}
	dw.open("tc")
	if t != nil && cell.Row < len(t.Rows) && cell.Cell < len(t.Rows[cell.Row].Cells) {
		dw.b.Write(t.Rows[cell.Row].Cells[cell.Cell].Props)
	}
}

// rowProps writes a row's w:trPr, adding a w:ins mark for an inserted row.
func (dw *docxWriter) rowProps(props []byte, inserted bool) {
	if !inserted {
		dw.b.Write(props)
		return
	}
	start, children, end, ok := fragment(props)
	if !ok {
		dw.open("trPr")
		dw.revision("ins", true)
		dw.close("trPr")
		return
	}
	dw.b.Write(start)
	for _, ch := range children {
		if ch.local != "ins" && ch.local != "del" && ch.local != "trPrChange" {
			dw.b.Write(ch.raw)
		}
	}
	dw.revision("ins", true)
	dw.b.Write(end)
}

// paragraph writes one paragraph of the redline. For OpEqual both old and
// new are set and their texts are diffed word by word; OpInsert writes new
// as inserted, OpDelete old as deleted.
func (dw *docxWriter) paragraph(old, new *Paragraph, op Op) {
	dw.open("p")
	switch op {
	case OpInsert:
		dw.paraProps(new.Props, dw.newPfx, "ins", true)
		dw.revision("ins", false)
		dw.runs(new.Runs, 0, len(new.Text(Accept)), "t")
		dw.close("ins")
	case OpDelete:
		dw.paraProps(old.Props, dw.oldPfx, "del", false)
		dw.revision("del", false)
		dw.runsPortable(old.Runs, 0, len(old.Text(Accept)), nil)
		dw.close("del")
	default:
		dw.paraProps(new.Props, dw.newPfx, "", true)
		ot, nt := old.Text(Accept), new.Text(Accept)
		if ot == nt {
			dw.runs(new.Runs, 0, len(nt), "t")
			break
		}
		for _, wo := range diffWords(dw.in, ot, nt) {
			switch wo.Op {
			case OpEqual:
				dw.runs(new.Runs, wo.newStart, wo.newEnd, "t")
			case OpInsert:
				dw.revision("ins", false)
				dw.runs(new.Runs, wo.newStart, wo.newEnd, "t")
				dw.close("ins")
			case OpDelete:
				dw.revision("del", false)
				dw.runsPortable(old.Runs, wo.oldStart, wo.oldEnd, runAt(new.Runs, wo.newStart))
				dw.close("del")
			}
		}
	}
	dw.close("p")
}

// paraProps writes a paragraph's w:pPr from the source bytes: without
// earlier revision marks, with a revised paragraph mark when mark is "ins"
// or "del". Properties written under other prefixes than the new
// version's are dropped. A section break is kept only when keepSect.
func (dw *docxWriter) paraProps(props []byte, from map[string]string, mark string, keepSect bool) {
	fromOld := !keepSect
	var start, end []byte
	var children []fragChild
	ok := props != nil && portable(props, from, dw.newPfx)
	if ok {
		start, children, end, ok = fragment(props)
	}
	if !ok {
		if mark == "" {
			return
		}
		dw.open("pPr")
		dw.open("rPr")
		dw.revision(mark, true)
		dw.close("rPr")
		if mark == "ins" && dw.rejectProps != nil {
			dw.formerProps()
		}
		dw.close("pPr")
		return
	}
	dw.b.Write(start)
	wroteMark := false
	writeMark := func(rpr []byte) {
		if mark == "" {
			dw.b.Write(rpr)
			wroteMark = true
			return
		}
		if rpr == nil {
			dw.open("rPr")
			dw.revision(mark, true)
			dw.close("rPr")
		} else if s, kids, e, ok := fragment(rpr); ok {
			dw.b.Write(s)
			dw.revision(mark, true)
			for _, k := range kids {
				if !isRevisionMark(k.local) {
					dw.b.Write(k.raw)
				}
			}
			dw.b.Write(e)
		}
		wroteMark = true
	}
	for _, ch := range children {
		switch ch.local {
		case "pPrChange":
		case "numPr":
			if fromOld {
				dw.b.Write(dw.nums.rewrite(ch.raw))
			} else {
				dw.b.Write(ch.raw)
			}
		case "sectPr":
			if !wroteMark {
				writeMark(nil)
			}
			if keepSect {
				dw.b.Write(ch.raw)
			}
		case "rPr":
			if s, kids, e, ok := fragment(ch.raw); ok && mark == "" {
				dw.b.Write(s)
				for _, k := range kids {
					if !isRevisionMark(k.local) {
						dw.b.Write(k.raw)
					}
				}
				dw.b.Write(e)
				wroteMark = true
			} else {
				writeMark(ch.raw)
			}
		default:
			dw.b.Write(ch.raw)
		}
	}
	if !wroteMark && mark != "" {
		writeMark(nil)
	}
	if mark == "ins" && dw.rejectProps != nil {
		dw.formerProps()
	}
	dw.b.Write(end)
}

// formerProps writes a w:pPrChange recording rejectProps as the inserted
// paragraph's former properties.
func (dw *docxWriter) formerProps() {
	from := dw.newPfx
	if dw.rejectFromOld {
		from = dw.oldPfx
	}
	if !portable(dw.rejectProps, from, dw.newPfx) {
		return
	}
	_, children, _, ok := fragment(dw.rejectProps)
	if !ok {
		return
	}
	dw.revision("pPrChange", false)
	dw.open("pPr")
	for _, ch := range children {
		switch ch.local {
		case "rPr", "sectPr", "pPrChange":
		case "numPr":
			if dw.rejectFromOld {
				dw.b.Write(dw.nums.rewrite(ch.raw))
			} else {
				dw.b.Write(ch.raw)
			}
		default:
			dw.b.Write(ch.raw)
		}
	}
	dw.close("pPr")
	dw.close("pPrChange")
}

func isRevisionMark(local string) bool {
	switch local {
	case "ins", "del", "moveFrom", "moveTo", "rPrChange":
		return true
	}
	return false
}

// runAt returns the run that holds byte offset at of the runs' joined text.
func runAt(runs []Run, at int) *Run {
	pos := 0
	for i := range runs {
		pos += len(runs[i].Text)
		if at < pos {
			return &runs[i]
		}
	}
	if len(runs) > 0 {
		return &runs[len(runs)-1]
	}
	return nil
}

// eachRunPart calls f for the part [from, to) of the runs' joined text that
// each run holds, in order.
func eachRunPart(runs []Run, from, to int, f func(r *Run, text string)) {
	pos := 0
	for i := range runs {
		r := &runs[i]
		s, e := pos, pos+len(r.Text)
		pos = e
		if e <= from || s >= to || r.Text == "" {
			continue
		}
		a, z := max(s, from), min(e, to)
		f(r, r.Text[a-s:z-s])
	}
}

// runs writes the part [from, to) of the runs' joined text, one w:r per
// run it touches, with that run's formatting, text in element textElem
// (w:t or w:delText).
func (dw *docxWriter) runs(runs []Run, from, to int, textElem string) {
	eachRunPart(runs, from, to, func(r *Run, text string) { dw.run(r.Props, text, textElem) })
}

// runsPortable writes deleted text from the old version: with the old
// run's formatting when its prefixes agree with the new version's, else
// with the formatting of the new run near it (fallback), else plain.
func (dw *docxWriter) runsPortable(runs []Run, from, to int, fallback *Run) {
	eachRunPart(runs, from, to, func(r *Run, text string) {
		props := r.Props
		if props != nil && !portable(props, dw.oldPfx, dw.newPfx) {
			props = nil
			if fallback != nil {
				props = fallback.Props
			}
		}
		dw.run(props, text, "delText")
	})
}

// run writes one w:r with the given raw w:rPr (revision marks removed).
func (dw *docxWriter) run(props []byte, text, textElem string) {
	dw.open("r")
	if props != nil {
		if s, kids, e, ok := fragment(props); ok {
			dw.b.Write(s)
			for _, k := range kids {
				if !isRevisionMark(k.local) {
					dw.b.Write(k.raw)
				}
			}
			dw.b.Write(e)
		}
	}
	// Tabs are kept as w:tab; everything else is text.
	for i, part := range strings.Split(text, "\t") {
		if i > 0 {
			dw.b.WriteString("<" + dw.w + "tab/>")
		}
		if part == "" {
			continue
		}
		dw.b.WriteString("<" + dw.w + textElem + ` xml:space="preserve">`)
		escapeText(&dw.b, part)
		dw.close(textElem)
	}
	dw.close("r")
}
