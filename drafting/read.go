package drafting

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// document reads the package as a Word document.
func (p *opcPackage) document() (*Document, error) {
	rels, err := p.rels("")
	if err != nil {
		return nil, err
	}
	var mainPart, corePart string
	for _, r := range rels {
		switch {
		case relType(r.Type, "officeDocument") && mainPart == "":
			mainPart = r.Target
		case relType(r.Type, "core-properties") && corePart == "":
			corePart = r.Target
		}
	}
	if mainPart == "" {
		if mt, ok := p.part("mimetype"); ok && bytes.HasPrefix(mt, []byte("application/vnd.oasis.opendocument")) {
			return nil, fmt.Errorf("%w: no officeDocument relationship (the file is an OpenDocument file, such as .odt, not a .docx)", ErrDamaged)
		}
		return nil, fmt.Errorf("%w: no officeDocument relationship in _rels/.rels", ErrDamaged)
	}
	switch p.contentType(mainPart) {
	case ctMacroDocument, ctMacroTemplate:
		return nil, fmt.Errorf("%w: the main part is macro-enabled", ErrMacroEnabled)
	}
	data, ok := p.xmlPart(mainPart)
	if !ok {
		return nil, fmt.Errorf("%w: main part %s is missing", ErrDamaged, safeName(mainPart))
	}
	doc := &Document{}
	info := &pkgInfo{files: p.files, mainPart: p.files[p.index[strings.ToLower(mainPart)]].Name}
	doc.pkg = info

	if corePart == "" {
		corePart = "docProps/core.xml"
	}
	if cd, ok := p.part(corePart); ok {
		if err := readCore(doc, corePart, cd); err != nil {
			return nil, err
		}
	}

	mrels, err := p.rels(mainPart)
	if err != nil {
		return nil, err
	}
	targets := func(kind string) []string {
		var out []string
		seen := map[string]bool{}
		for _, r := range mrels {
			if relType(r.Type, kind) && !seen[strings.ToLower(r.Target)] {
				seen[strings.ToLower(r.Target)] = true
				out = append(out, r.Target)
			}
		}
		return out
	}
	first := func(kind string) string {
		if t := targets(kind); len(t) > 0 {
			return t[0]
		}
		return ""
	}

	st := &styleSheet{byID: map[string]*style{}}
	if name := first("styles"); name != "" {
		if sd, ok := p.xmlPart(name); ok {
			if err := st.read(name, sd); err != nil {
				return nil, err
			}
		}
	}
	num := newNumbering()
	num.styleNum = st.numberingStyles()
	if name := first("numbering"); name != "" {
		if nd, ok := p.xmlPart(name); ok {
			if err := num.read(name, nd); err != nil {
				return nil, err
			}
		}
	}
	doc.num = num

	body := &storyReader{doc: doc, st: st, num: num, part: PartBody, comments: newCommentTracker()}
	if err := body.readMain(mainPart, data, info); err != nil {
		return nil, err
	}
	doc.Body = body.out
	if err := body.comments.assign(doc.Body); err != nil {
		return nil, err
	}
	body.comments.place(doc)

	stories := []struct {
		kind string
		part Part
		dst  *[]*Paragraph
	}{
		{"header", PartHeader, &doc.Headers},
		{"footer", PartFooter, &doc.Footers},
		{"footnotes", PartFootnote, &doc.Footnotes},
		{"endnotes", PartEndnote, &doc.Endnotes},
	}
	for _, s := range stories {
		for _, name := range targets(s.kind) {
			sd, ok := p.xmlPart(name)
			if !ok {
				continue
			}
			r := &storyReader{doc: doc, st: st, num: num, part: s.part}
			if err := r.readStory(name, sd); err != nil {
				return nil, err
			}
			*s.dst = append(*s.dst, r.out...)
		}
	}

	var byPara map[string]string
	if name := first("comments"); name != "" {
		if cd, ok := p.xmlPart(name); ok {
			r := &storyReader{doc: doc, st: st, num: num, part: PartComment}
			byPara, err = r.readComments(name, cd)
			if err != nil {
				return nil, err
			}
		}
	}
	// The parts Word adds beside comments.xml, found through the main
	// part's relationships or, failing that, by their usual names.
	commentParts := []struct {
		kind string
		read func(doc *Document, name string, data []byte, byPara map[string]string) error
	}{
		{"commentsExtended", readCommentsExtended},
		{"commentsIds", readCommentsIDs},
		{"commentsExtensible", readCommentsExtensible},
	}
	for _, cp := range commentParts {
		if len(byPara) == 0 {
			break
		}
		name := first(cp.kind)
		if name == "" {
			name = path.Join(path.Dir(mainPart), cp.kind+".xml")
		}
		if cd, ok := p.xmlPart(name); ok {
			if err := cp.read(doc, name, cd, byPara); err != nil {
				return nil, err
			}
		}
	}
	body.comments.anchor(doc)
	return doc, nil
}

// revState is the tracked-change context of the text being read.
type revState struct {
	rev          Revision
	author, date string
	// gone marks text both inserted and deleted (or moved): it is absent
	// whichever way the changes are resolved, so it is not kept at all.
	gone bool
}

// inserting reports whether r adds text (insertion or move destination).
func inserting(r Revision) bool { return r == RevInserted || r == RevMovedTo }

// revOf maps the WordprocessingML element names of tracked changes.
func revOf(local string) Revision {
	switch local {
	case "ins":
		return RevInserted
	case "del":
		return RevDeleted
	case "moveFrom":
		return RevMovedFrom
	case "moveTo":
		return RevMovedTo
	}
	return RevNone
}

// within combines an enclosing revision with an inner one: the inner
// element's author and date describe the text; an insertion inside a
// deletion (or the reverse) is text that is never kept.
func (outer revState) within(r Revision, attr []xml.Attr) revState {
	in := revState{rev: r, author: wAttr(attr, "author"), date: wAttr(attr, "date")}
	if outer.gone || outer.rev != RevNone && inserting(outer.rev) != inserting(r) {
		in.gone = true
	}
	return in
}

// paraBuild is a paragraph being read.
type paraBuild struct {
	p *Paragraph
	// open is true while the last run's text is still in buf.
	open bool
	buf  []byte
	// accepted counts the bytes of accepted text so far (comment anchors).
	accepted int
	// pending holds the paragraphs of text boxes anchored in this one.
	pending []*Paragraph
	paraID  string
	// properties set directly, before style fallback
	hasAlign, hasNumID, hasLevel, hasPageBreak bool
	indSet                                     [4]bool
	// pageBreak is w:pageBreakBefore set directly; breakAtStart is a page
	// break before the paragraph's text, or after the previous one's.
	pageBreak, breakAtStart bool
	// visible is true once the paragraph has text kept on accept that is
	// not blank.
	visible bool
	// formats holds, for each run, its direct formatting and character
	// style, resolved into Run.Format once the paragraph style is known.
	formats []runStyle
}

// runStyle is the formatting a run names itself: its w:rPr settings and
// its character style.
type runStyle struct {
	direct formatBits
	style  string
}

// addRun adds the text of a run. Runs whose properties are the same bytes
// have the same formatting change and run style too, so props decides alone
// whether the text joins the previous run.
func (b *paraBuild) addRun(text string, rev revState, props []byte, fc *FormatChange, rs runStyle) {
	if text == "" || rev.gone {
		return
	}
	if !b.visible && rev.rev.Kept(Accept) && strings.TrimSpace(text) != "" {
		b.visible = true
	}
	runs := b.p.Runs
	if n := len(runs); n > 0 && b.open {
		last := &runs[n-1]
		if last.Rev == rev.rev && last.Author == rev.author && last.Date == rev.date && bytes.Equal(last.Props, props) {
			b.buf = append(b.buf, text...)
			if rev.rev.Kept(Accept) {
				b.accepted += len(text)
			}
			return
		}
	}
	b.flush()
	b.p.Runs = append(b.p.Runs, Run{Rev: rev.rev, Author: rev.author, Date: rev.date, Props: props, FormatChange: fc})
	b.formats = append(b.formats, rs)
	b.buf = append(b.buf[:0], text...)
	b.open = true
	if rev.rev.Kept(Accept) {
		b.accepted += len(text)
	}
}

func (b *paraBuild) flush() {
	if b.open {
		b.p.Runs[len(b.p.Runs)-1].Text = string(b.buf)
		b.open = false
	}
}

// storyReader reads one story (the body, a header, the footnotes…) into
// paragraphs.
type storyReader struct {
	doc  *Document
	st   *styleSheet
	num  *numbering
	part Part
	x    *xmlReader

	out []*Paragraph
	cur *paraBuild // the paragraph being read
	// boxParent is the paragraph anchoring the text box being read.
	boxParent *paraBuild
	inBox     int
	cell      *CellRef
	tables    int // depth of tables
	rev       revState
	// fields is the stack of complex fields: true once past "separate".
	fields []bool
	hidden int // fields on the stack still in their instructions

	comments *commentTracker // body only
	paraIDs  map[*Paragraph]string
	text     []byte // scratch for a run's text
	// breakNext is a page break met after some text of a body paragraph:
	// it goes before the next body paragraph.
	breakNext bool
}

// readMain reads the main document part.
func (r *storyReader) readMain(name string, data []byte, info *pkgInfo) error {
	x, err := newXMLReader(name, data)
	if err != nil {
		return err
	}
	r.x = x
	root, err := x.root()
	if err != nil {
		return err
	}
	if !root.is(nsW, "document") {
		return fmt.Errorf("%w: %s is not a WordprocessingML document (root %s)", ErrDamaged, safeName(name), safeName(root.local))
	}
	info.rootStart = x.data[root.start:root.end:root.end]
	info.prolog = x.data[:root.start:root.start]
	info.wNS = root.space
	info.prefixes = map[string]string{}
	for _, a := range root.attr {
		switch {
		case a.Name.Space == "xmlns":
			info.prefixes[a.Name.Local] = a.Value
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			info.prefixes[""] = a.Value
		}
	}
	info.wPrefix = tagPrefix(info.rootStart)
	return x.children(func(t token) error {
		if !t.is(nsW, "body") {
			return nil
		}
		return x.children(func(t token) error {
			if t.is(nsW, "sectPr") {
				raw, err := x.raw(t)
				info.sectPr = raw
				return err
			}
			return r.block(t)
		})
	})
}

// tagPrefix returns the prefix of a raw start tag's element name.
func tagPrefix(tag []byte) string {
	tag = bytes.TrimPrefix(tag, []byte("<"))
	end := bytes.IndexAny(tag, " \t\r\n/>")
	if end >= 0 {
		tag = tag[:end]
	}
	if i := bytes.IndexByte(tag, ':'); i >= 0 {
		return string(tag[:i])
	}
	return ""
}

// readStory reads a header, footer, footnotes or endnotes part.
func (r *storyReader) readStory(name string, data []byte) error {
	x, err := newXMLReader(name, data)
	if err != nil {
		return err
	}
	r.x = x
	root, err := x.root()
	if err != nil {
		return err
	}
	if r.part != PartFootnote && r.part != PartEndnote {
		return x.children(r.block)
	}
	_ = root
	return x.children(func(t token) error {
		if t.ns != nsW || t.local != "footnote" && t.local != "endnote" {
			return nil
		}
		switch wAttr(t.attr, "type") {
		case "separator", "continuationSeparator", "continuationNotice":
			return nil
		}
		r.resetFields()
		return x.children(r.block)
	})
}

func (r *storyReader) resetFields() {
	r.fields, r.hidden, r.rev = r.fields[:0], 0, revState{}
}

// block reads one block-level element: a paragraph, a table, or a container
// of them.
func (r *storyReader) block(t token) error {
	x := r.x
	switch t.ns {
	case nsW:
		switch t.local {
		case "p":
			return r.paragraph(t)
		case "tbl":
			return r.table(t)
		case "sdt":
			return r.sdt(r.block)
		case "customXml":
			return x.children(r.block)
		case "ins", "del", "moveFrom", "moveTo":
			saved := r.rev
			r.rev = saved.within(revOf(t.local), t.attr)
			err := x.children(r.block)
			r.rev = saved
			return err
		case "commentRangeStart", "commentRangeEnd", "commentReference":
			r.comment(t)
		}
	case nsMC:
		if t.local == "AlternateContent" {
			return x.alternate()
		}
	}
	return nil
}

// sdt reads a content control, handing the children of w:sdtContent to fn.
func (r *storyReader) sdt(fn func(token) error) error {
	return r.x.children(func(t token) error {
		if t.is(nsW, "sdtContent") {
			return r.x.children(fn)
		}
		return nil
	})
}

// paragraph reads a w:p element.
func (r *storyReader) paragraph(t token) error {
	x := r.x
	b := &paraBuild{p: &Paragraph{Part: r.part, TextBox: r.inBox > 0}}
	if r.cell != nil {
		c := *r.cell
		b.p.Table = &c
	}
	if r.paraIDs != nil {
		b.paraID = nsAttr(t.attr, nsW14, "paraId")
	}
	if r.comments != nil {
		r.comments.begin(b)
	}
	if r.breakNext && r.part == PartBody && r.inBox == 0 {
		b.breakAtStart, r.breakNext = true, false
	}
	saved := r.cur
	r.cur = b
	err := x.children(func(t token) error {
		if t.is(nsW, "pPr") {
			return r.paraProps(b, t)
		}
		return r.inline(t)
	})
	r.cur = saved
	if err != nil {
		return err
	}
	b.flush()
	r.finishProps(b)
	if r.paraIDs != nil {
		r.paraIDs[b.p] = b.paraID
	}
	list := append([]*Paragraph{b.p}, b.pending...)
	if r.boxParent != nil {
		r.boxParent.pending = append(r.boxParent.pending, list...)
	} else {
		r.out = append(r.out, list...)
	}
	if r.comments != nil {
		r.comments.last = b
	}
	return nil
}

// paraProps reads w:pPr.
func (r *storyReader) paraProps(b *paraBuild, t token) error {
	x := r.x
	p := b.p
	err := x.children(func(c token) error {
		if c.ns != nsW {
			return nil
		}
		switch c.local {
		case "pStyle":
			p.Style = wAttr(c.attr, "val")
		case "pPrChange":
			p.FormatChange = &FormatChange{Author: wAttr(c.attr, "author"), Date: wAttr(c.attr, "date")}
		case "jc":
			p.Align, b.hasAlign = wAttr(c.attr, "val"), true
		case "ind":
			readIndent(c.attr, &p.Indent, &b.indSet)
		case "pageBreakBefore":
			b.pageBreak, b.hasPageBreak = onOff(c.attr), true
		case "numPr":
			return x.children(func(c token) error {
				switch {
				case c.is(nsW, "numId"):
					p.NumID, b.hasNumID = atoi(wAttr(c.attr, "val")), true
				case c.is(nsW, "ilvl"):
					p.Level, b.hasLevel = atoi(wAttr(c.attr, "val")), true
				}
				return nil
			})
		case "rPr":
			return x.children(func(c token) error {
				if c.ns != nsW {
					return nil
				}
				rev := revOf(c.local)
				// A deletion wins over an insertion of the same mark.
				if rev != RevNone && (p.Mark == RevNone || inserting(p.Mark)) {
					p.Mark, p.MarkAuthor, p.MarkDate = rev, wAttr(c.attr, "author"), wAttr(c.attr, "date")
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.Props = x.data[t.start:x.lastEnd:x.lastEnd]
	return nil
}

// readIndent reads the attributes of w:ind into in, noting which were set.
func readIndent(attr []xml.Attr, in *Indent, set *[4]bool) {
	for _, a := range attr {
		if a.Name.Space != uriWordTransitional && a.Name.Space != uriWordStrict && a.Name.Space != "" {
			continue
		}
		v, ok := twips(a.Value)
		if !ok {
			continue
		}
		switch a.Name.Local {
		case "left", "start":
			in.Left, set[0] = v, true
		case "right", "end":
			in.Right, set[1] = v, true
		case "firstLine":
			in.FirstLine, set[2] = v, true
		case "hanging":
			in.Hanging, set[3] = v, true
		}
	}
}

// finishProps fills what the paragraph inherits from its style, and the
// formatting of its runs.
func (r *storyReader) finishProps(b *paraBuild) {
	p := b.p
	p.PageBreakBefore = b.pageBreak || b.breakAtStart
	if r.st == nil {
		for i := range p.Runs {
			p.Runs[i].Format = b.formats[i].direct.on & allFormats
		}
		return
	}
	ps := r.st.paraStyle(p.Style)
	for i := range p.Runs {
		p.Runs[i].Format = r.st.runFormat(b.formats[i].direct, b.formats[i].style, ps)
	}
	if !b.hasPageBreak && r.st.pageBreakBefore(ps) {
		p.PageBreakBefore = true
	}
	id := p.Style
	if id != "" {
		p.StyleName = r.st.name(id)
	} else {
		id = r.st.defaultPara
	}
	if p.Mark == RevNone && r.rev.rev != RevNone && !r.rev.gone {
		p.Mark, p.MarkAuthor, p.MarkDate = r.rev.rev, r.rev.author, r.rev.date
	}
	if !b.hasAlign {
		p.Align = r.st.align(id)
	}
	r.st.indent(id, &p.Indent, b.indSet)
	if !b.hasNumID {
		if n, lvl, hasLvl, ok := r.st.numPr(id); ok {
			p.NumID = n
			if !b.hasLevel {
				switch {
				case hasLvl:
					p.Level = lvl
				default:
					p.Level = max(r.num.levelForStyle(n, id), 0)
				}
			}
		}
	}
	if p.NumID <= 0 {
		p.NumID, p.Level = 0, 0
	}
}

// inline reads one element of paragraph content.
func (r *storyReader) inline(t token) error {
	x := r.x
	switch t.ns {
	case nsW:
		switch t.local {
		case "r":
			return r.run(t)
		case "ins", "del", "moveFrom", "moveTo":
			saved := r.rev
			r.rev = saved.within(revOf(t.local), t.attr)
			err := x.children(r.inline)
			r.rev = saved
			return err
		case "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo":
			return x.children(r.inline)
		case "sdt":
			return r.sdt(r.inline)
		case "commentRangeStart", "commentRangeEnd", "commentReference":
			r.comment(t)
		}
	case nsMC:
		if t.local == "AlternateContent" {
			return x.alternate()
		}
	}
	return nil
}

// run reads a w:r element.
func (r *storyReader) run(t token) error {
	x := r.x
	var props []byte
	var fc *FormatChange
	var rs runStyle
	// deleted is true once the run holds w:delText; visible once it holds
	// text that is not blank.
	deleted, visible := false, false
	// r.text is shared with the runs of text boxes nested in this one.
	base := len(r.text)
	defer func() { r.text = r.text[:base] }()
	err := x.children(func(c token) error {
		switch c.ns {
		case nsW:
		case nsMC:
			if c.local == "AlternateContent" {
				return x.alternate()
			}
			return nil
		default:
			return nil
		}
		switch c.local {
		case "rPr":
			err := x.children(func(g token) error {
				switch {
				case g.is(nsW, "rPrChange"):
					fc = &FormatChange{Author: wAttr(g.attr, "author"), Date: wAttr(g.attr, "date")}
				case g.is(nsW, "rStyle"):
					rs.style = wAttr(g.attr, "val")
				default:
					rs.direct.read(g)
				}
				return nil
			})
			props = x.span(c)
			return err
		case "t", "delText":
			s, err := x.text()
			if err != nil {
				return err
			}
			if c.local == "delText" {
				deleted = true
			}
			if r.hidden == 0 {
				r.text = appendText(r.text, s)
				visible = visible || strings.TrimSpace(s) != ""
			}
		case "tab", "ptab", "br", "cr":
			if r.hidden == 0 {
				if c.local == "br" && wAttr(c.attr, "type") == "page" {
					r.pageBreak(visible, deleted)
				}
				r.text = append(r.text, ' ')
			}
		case "noBreakHyphen":
			if r.hidden == 0 {
				r.text = append(r.text, '-')
				visible = true
			}
		case "sym":
			if r.hidden == 0 {
				n := len(r.text)
				r.text = appendSym(r.text, wAttr(c.attr, "char"))
				visible = visible || len(r.text) > n
			}
		case "fldChar":
			r.fieldChar(wAttr(c.attr, "fldCharType"))
		case "commentReference":
			r.comment(c)
		case "drawing", "pict", "object":
			return r.boxes()
		case "ruby":
			return x.children(func(c token) error {
				if c.is(nsW, "rubyBase") {
					return x.children(r.inline)
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if text := r.text[base:]; len(text) > 0 && r.cur != nil {
		rev := r.rev
		if deleted && rev.rev == RevNone {
			rev.rev = RevDeleted
		}
		r.cur.addRun(string(text), rev, props, fc, rs)
	}
	return nil
}

// pageBreak handles a page break (w:br w:type="page") in a run, after
// visible text of the run or not: before any visible text of a body
// paragraph, the paragraph starts a page; after some, the next body
// paragraph does. Breaks in text boxes and in text deleted on accept are
// ignored.
func (r *storyReader) pageBreak(visible, deleted bool) {
	if r.cur == nil || r.part != PartBody || r.inBox > 0 || deleted || r.rev.gone || !r.rev.rev.Kept(Accept) {
		return
	}
	if visible || r.cur.visible {
		r.breakNext = true
	} else {
		r.cur.breakAtStart = true
	}
}

// appendText appends s with the characters that would break a line turned
// into spaces, so that a paragraph stays one line.
func appendText(b []byte, s string) []byte {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0xC2 || c == 0xE2 {
			clean = false
			break
		}
	}
	if clean {
		return append(b, s...)
	}
	for _, c := range s {
		switch {
		case c < 0x20, c == 0x85, c == 0x2028, c == 0x2029:
			b = append(b, ' ')
		default:
			b = utf8.AppendRune(b, c)
		}
	}
	return b
}

// appendSym appends the character of a w:sym element: a hexadecimal code,
// where F0xx stands for xx in a symbol font.
func appendSym(b []byte, hex string) []byte {
	v, err := strconv.ParseUint(strings.TrimSpace(hex), 16, 32)
	if err != nil {
		return b
	}
	c := rune(v)
	if c >= 0xF000 && c <= 0xF0FF {
		c -= 0xF000
	}
	if c > 0x20 && unicode.IsPrint(c) {
		return utf8.AppendRune(b, c)
	}
	return b
}

// fieldChar follows the complex fields: text between "begin" and
// "separate" is the field's instruction, not text.
func (r *storyReader) fieldChar(typ string) {
	switch typ {
	case "begin":
		r.fields = append(r.fields, false)
		r.hidden++
	case "separate":
		if n := len(r.fields); n > 0 && !r.fields[n-1] {
			r.fields[n-1] = true
			r.hidden--
		}
	case "end":
		if n := len(r.fields); n > 0 {
			if !r.fields[n-1] {
				r.hidden--
			}
			r.fields = r.fields[:n-1]
		}
	}
}

// boxes looks inside a drawing, picture or object for text boxes, reading
// each as paragraphs anchored to the current paragraph.
func (r *storyReader) boxes() error {
	x := r.x
	return x.children(func(c token) error {
		switch {
		case c.is(nsW, "txbxContent"):
			savedParent, savedFields, savedHidden := r.boxParent, r.fields, r.hidden
			if r.cur != nil {
				r.boxParent = r.cur
			}
			r.inBox++
			r.fields, r.hidden = nil, 0
			err := x.children(r.block)
			r.inBox--
			r.boxParent, r.fields, r.hidden = savedParent, savedFields, savedHidden
			return err
		case c.is(nsMC, "AlternateContent"):
			return x.alternate()
		}
		return r.boxes()
	})
}

// table reads a w:tbl element. Tables of the body that are not nested get an
// entry in Document.Tables; nested tables are flattened into their cell.
func (r *storyReader) table(t token) error {
	x := r.x
	var tbl *Table
	ti := -1
	if r.tables == 0 && r.part == PartBody {
		tbl = &Table{}
		ti = len(r.doc.Tables)
		r.doc.Tables = append(r.doc.Tables, tbl)
	}
	r.tables++
	defer func() { r.tables-- }()
	row := -1
	var borders borderBits
	var tblStyle string
	var rows func(c token) error
	rows = func(c token) error {
		if c.ns != nsW {
			if c.is(nsMC, "AlternateContent") {
				return x.alternate()
			}
			return nil
		}
		switch c.local {
		case "tblPr", "tblGrid":
			var err error
			if tbl == nil {
				return x.skip()
			}
			if c.local == "tblPr" {
				err = x.children(func(g token) error {
					switch {
					case g.is(nsW, "tblStyle"):
						tblStyle = wAttr(g.attr, "val")
					case g.is(nsW, "tblBorders"):
						return borders.read(x)
					}
					return nil
				})
			} else {
				err = x.children(func(g token) error {
					if g.is(nsW, "gridCol") {
						w, _ := twips(wAttr(g.attr, "w"))
						tbl.Grid = append(tbl.Grid, w)
					}
					return nil
				})
			}
			tbl.Props = append(tbl.Props, x.span(c)...)
			return err
		case "tr":
			row++
			return r.row(tbl, ti, row)
		case "sdt":
			return r.sdt(rows)
		case "customXml":
			return x.children(rows)
		case "commentRangeStart", "commentRangeEnd":
			r.comment(c)
		}
		return nil
	}
	if err := x.children(rows); err != nil {
		return err
	}
	if tbl != nil && r.st != nil {
		tbl.Borders = r.st.tableBorders(borders, tblStyle)
	} else if tbl != nil {
		tbl.Borders = borders.on != 0
	}
	return nil
}

// row reads a w:tr element.
func (r *storyReader) row(tbl *Table, ti, row int) error {
	x := r.x
	if tbl != nil {
		tbl.Rows = append(tbl.Rows, TableRow{})
	}
	cell := -1
	var cells func(c token) error
	cells = func(c token) error {
		if c.ns != nsW {
			if c.is(nsMC, "AlternateContent") {
				return x.alternate()
			}
			return nil
		}
		switch c.local {
		case "trPr":
			raw, err := x.raw(c)
			if tbl != nil {
				tbl.Rows[row].Props = raw
			}
			return err
		case "tc":
			cell++
			if tbl != nil {
				tbl.Rows[row].Cells = append(tbl.Rows[row].Cells, TableCell{Span: 1})
			}
			return r.cellContent(tbl, ti, row, cell)
		case "sdt":
			return r.sdt(cells)
		case "customXml":
			return x.children(cells)
		case "commentRangeStart", "commentRangeEnd":
			r.comment(c)
		}
		return nil
	}
	return x.children(cells)
}

// cellContent reads a w:tc element.
func (r *storyReader) cellContent(tbl *Table, ti, row, cell int) error {
	x := r.x
	saved := r.cell
	if tbl != nil {
		r.cell = &CellRef{Table: ti, Row: row, Cell: cell}
	}
	err := x.children(func(c token) error {
		if c.is(nsW, "tcPr") {
			if tbl == nil {
				return x.skip()
			}
			tc := &tbl.Rows[row].Cells[cell]
			err := x.children(func(g token) error {
				if g.is(nsW, "gridSpan") {
					tc.Span = max(atoi(wAttr(g.attr, "val")), 1)
				}
				return nil
			})
			tc.Props = x.span(c)
			return err
		}
		return r.block(c)
	})
	r.cell = saved
	return err
}

// comment handles comment range marks and references.
func (r *storyReader) comment(t token) {
	if r.comments == nil {
		return
	}
	id := wAttr(t.attr, "id")
	switch t.local {
	case "commentRangeStart":
		r.comments.start(id, r.cur)
	case "commentRangeEnd":
		r.comments.end(id, r.cur)
	case "commentReference":
		r.comments.touch(id, r.cur)
	}
}

// commentTracker follows comment ranges through the body. Paragraph.Comments
// is filled at the end from the ranges, so that open ranges are not copied
// into every paragraph they cross.
type commentTracker struct {
	order   []string // comment ids in the order first seen
	pending []string // ranges started between paragraphs
	last    *paraBuild
	ranges  map[string]*commentRange
	refs    []commentRef
}

// commentRange is where a comment's range starts and ends: a paragraph and
// a byte offset in its accepted text.
type commentRange struct {
	startP, endP     *Paragraph
	startOff, endOff int
}

// commentRef is a comment mark (reference, or a range end without a start)
// in a paragraph, at a byte offset in its accepted text.
type commentRef struct {
	id  string
	p   *Paragraph
	off int
}

// maxCommentMarks bounds the paragraph-comment pairs comment ranges may
// produce.
const maxCommentMarks = 1 << 20

func newCommentTracker() *commentTracker {
	return &commentTracker{ranges: map[string]*commentRange{}}
}

func (c *commentTracker) rng(id string) *commentRange {
	g := c.ranges[id]
	if g == nil {
		g = &commentRange{}
		c.ranges[id] = g
		c.order = append(c.order, id)
	}
	return g
}

// begin is called when a paragraph starts.
func (c *commentTracker) begin(b *paraBuild) {
	for _, id := range c.pending {
		if g := c.rng(id); g.startP == nil {
			g.startP, g.startOff = b.p, 0
		}
	}
	c.pending = c.pending[:0]
}

func (c *commentTracker) start(id string, b *paraBuild) {
	if b == nil {
		c.pending = append(c.pending, id)
		return
	}
	if g := c.rng(id); g.startP == nil {
		g.startP, g.startOff = b.p, b.accepted
	}
}

func (c *commentTracker) end(id string, b *paraBuild) {
	if b == nil {
		b = c.last
	}
	if b == nil {
		return
	}
	if g := c.rng(id); g.endP == nil {
		g.endP, g.endOff = b.p, b.accepted
	}
	c.touch(id, b)
}

func (c *commentTracker) touch(id string, b *paraBuild) {
	if b != nil {
		c.rng(id)
		c.refs = append(c.refs, commentRef{id, b.p, b.accepted})
	}
}

// assign fills Paragraph.Comments: every paragraph from a range's start to
// its end (only the start's when the end is missing), and every paragraph
// holding a reference.
func (c *commentTracker) assign(body []*Paragraph) error {
	if len(c.ranges) == 0 {
		return nil
	}
	index := make(map[*Paragraph]int, len(body))
	for i, p := range body {
		index[p] = i
	}
	type mark struct {
		p  *Paragraph
		id string
	}
	seen := map[mark]bool{}
	add := func(p *Paragraph, id string) error {
		if seen[mark{p, id}] {
			return nil
		}
		if len(seen) >= maxCommentMarks {
			return fmt.Errorf("%w: comment ranges span more than %d paragraphs", ErrTooLarge, maxCommentMarks)
		}
		seen[mark{p, id}] = true
		p.Comments = append(p.Comments, id)
		return nil
	}
	for _, id := range c.order {
		g := c.ranges[id]
		s, ok := index[g.startP]
		if g.startP == nil || !ok {
			continue
		}
		e := s
		if i, ok := index[g.endP]; ok && g.endP != nil && i > s {
			e = i
		}
		for i := s; i <= e; i++ {
			if err := add(body[i], id); err != nil {
				return err
			}
		}
	}
	for _, r := range c.refs {
		if err := add(r.p, r.id); err != nil {
			return err
		}
	}
	return nil
}

// place fills Document.commentAt: where each comment's range starts in the
// body or, for a comment with marks but no range start, where its first
// mark is.
func (c *commentTracker) place(doc *Document) {
	if len(c.ranges) == 0 {
		return
	}
	index := make(map[*Paragraph]int, len(doc.Body))
	for i, p := range doc.Body {
		index[p] = i
	}
	doc.commentAt = make(map[string]commentPlace, len(c.ranges))
	for id, g := range c.ranges {
		if i, ok := index[g.startP]; ok && g.startP != nil {
			doc.commentAt[id] = commentPlace{i, g.startOff}
		}
	}
	for _, r := range c.refs {
		if _, ok := doc.commentAt[r.id]; !ok {
			if i, ok := index[r.p]; ok {
				doc.commentAt[r.id] = commentPlace{i, r.off}
			}
		}
	}
}

// anchor fills Comment.Anchor from the recorded ranges.
func (c *commentTracker) anchor(doc *Document) {
	if len(doc.Comments) == 0 || len(c.ranges) == 0 {
		return
	}
	index := make(map[*Paragraph]int, len(doc.Body))
	for i, p := range doc.Body {
		index[p] = i
	}
	for k := range doc.Comments {
		cm := &doc.Comments[k]
		g := c.ranges[cm.ID]
		if g == nil || g.startP == nil {
			continue
		}
		si, ok := index[g.startP]
		if !ok {
			continue
		}
		ei, eo := si, -1
		if g.endP != nil {
			if i, ok := index[g.endP]; ok && i >= si {
				ei, eo = i, g.endOff
			}
		}
		var parts []string
		for i := si; i <= ei; i++ {
			s := doc.Body[i].Text(Accept)
			lo, hi := 0, len(s)
			if i == ei && eo >= 0 {
				hi = min(eo, len(s))
			}
			if i == si {
				lo = min(g.startOff, hi)
			}
			if t := strings.TrimSpace(s[lo:hi]); t != "" {
				parts = append(parts, t)
			}
		}
		cm.Anchor = strings.Join(parts, " ")
	}
}

// readComments reads comments.xml into doc.Comments and returns, for each
// comment's last paragraph id (w14:paraId), the comment's ID.
func (r *storyReader) readComments(name string, data []byte) (map[string]string, error) {
	x, err := newXMLReader(name, data)
	if err != nil {
		return nil, err
	}
	r.x = x
	r.paraIDs = map[*Paragraph]string{}
	byPara := map[string]string{}
	if _, err := x.root(); err != nil {
		return nil, err
	}
	err = x.children(func(t token) error {
		if !t.is(nsW, "comment") {
			return nil
		}
		c := Comment{
			ID:       wAttr(t.attr, "id"),
			Author:   wAttr(t.attr, "author"),
			Initials: wAttr(t.attr, "initials"),
			Date:     wAttr(t.attr, "date"),
		}
		from := len(r.out)
		r.resetFields()
		if err := x.children(r.block); err != nil {
			return err
		}
		var lines []string
		for _, p := range r.out[from:] {
			lines = append(lines, p.Text(Accept))
		}
		c.Text = strings.Join(lines, "\n")
		if n := len(r.out); n > from {
			if id := r.paraIDs[r.out[n-1]]; id != "" {
				byPara[strings.ToUpper(id)] = c.ID
			}
		}
		r.doc.Comments = append(r.doc.Comments, c)
		return nil
	})
	return byPara, err
}

// readCommentsExtended reads commentsExtended.xml: which comment replies to
// which, and which are resolved (w15:done), by the paragraph ids of their
// last paragraphs.
func readCommentsExtended(doc *Document, name string, data []byte, byPara map[string]string) error {
	parent := map[string]string{}
	done := map[string]bool{}
	err := eachElement(name, data, "commentEx", func(attr []xml.Attr) {
		child, ok := byPara[strings.ToUpper(nsAttr(attr, nsW15, "paraId"))]
		if !ok {
			return
		}
		if onOffValue(nsAttr(attr, nsW15, "done")) {
			done[child] = true
		}
		if p, ok := byPara[strings.ToUpper(nsAttr(attr, nsW15, "paraIdParent"))]; ok && child != p {
			parent[child] = p
		}
	})
	if err != nil {
		return err
	}
	for i := range doc.Comments {
		c := &doc.Comments[i]
		c.ParentID, c.Done = parent[c.ID], done[c.ID]
	}
	return nil
}

// readCommentsIDs reads commentsIds.xml: each comment's durable id, by the
// paragraph id of its last paragraph.
func readCommentsIDs(doc *Document, name string, data []byte, byPara map[string]string) error {
	durable := map[string]string{}
	err := eachElement(name, data, "commentId", func(attr []xml.Attr) {
		id, ok := byPara[strings.ToUpper(nsAttr(attr, nsW16CID, "paraId"))]
		if d := nsAttr(attr, nsW16CID, "durableId"); ok && d != "" {
			durable[id] = d
		}
	})
	if err != nil {
		return err
	}
	for i := range doc.Comments {
		if d, ok := durable[doc.Comments[i].ID]; ok {
			doc.Comments[i].DurableID = d
		}
	}
	return nil
}

// readCommentsExtensible reads commentsExtensible.xml: the UTC date of each
// comment by durable id, which stands in for a missing w:date. It is read
// after commentsIds.xml, which gives the durable ids.
func readCommentsExtensible(doc *Document, name string, data []byte, _ map[string]string) error {
	dates := map[string]string{}
	err := eachElement(name, data, "commentExtensible", func(attr []xml.Attr) {
		if id, date := nsAttr(attr, nsW16CEX, "durableId"), nsAttr(attr, nsW16CEX, "dateUtc"); id != "" && date != "" {
			dates[strings.ToUpper(id)] = date
		}
	})
	if err != nil {
		return err
	}
	for i := range doc.Comments {
		c := &doc.Comments[i]
		if c.Date == "" && c.DurableID != "" {
			c.Date = dates[strings.ToUpper(c.DurableID)]
		}
	}
	return nil
}

// eachElement calls fn with the attributes of every element named local
// (in any namespace) in a part.
func eachElement(name string, data []byte, local string, fn func(attr []xml.Attr)) error {
	x, err := newXMLReader(name, data)
	if err != nil {
		return err
	}
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if t.kind == tStart && t.local == local {
			fn(t.attr)
		}
	}
}

// readCore reads lastModifiedBy and modified from docProps/core.xml.
func readCore(doc *Document, name string, data []byte) error {
	x, err := newXMLReader(name, data)
	if err != nil {
		return err
	}
	if _, err := x.root(); err != nil {
		return err
	}
	return x.children(func(t token) error {
		switch t.local {
		case "lastModifiedBy":
			s, err := x.text()
			doc.LastModifiedBy = strings.TrimSpace(s)
			return err
		case "modified":
			s, err := x.text()
			if tm, perr := time.Parse(time.RFC3339, strings.TrimSpace(s)); perr == nil {
				doc.Modified = tm
			}
			return err
		}
		return nil
	})
}

// atoi reads a decimal integer attribute, 0 if it is not one.
func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}

// twips reads a measure in twentieths of a point: a plain number, or a
// number with a unit (mm, cm, in, pt, pc, pi) as Strict OOXML allows.
func twips(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if len(s) < 3 {
		return 0, false
	}
	unit, num := s[len(s)-2:], s[:len(s)-2]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	var per float64 // twips per unit
	switch unit {
	case "mm":
		per = 1440 / 25.4
	case "cm":
		per = 1440 / 2.54
	case "in":
		per = 1440
	case "pt":
		per = 20
	case "pc", "pi":
		per = 240
	default:
		return 0, false
	}
	v := f * per
	if v > math.MaxInt32 || v < math.MinInt32 {
		return 0, false
	}
	return int(math.Round(v)), true
}

// style is what the reader needs of one style in styles.xml.
type style struct {
	typ, name, basedOn string
	align              string
	hasAlign           bool
	ind                Indent
	indSet             [4]bool
	numID, level       int
	hasNumID, hasLevel bool
	// pageBreak is w:pageBreakBefore of the style's w:pPr, if hasPageBreak.
	pageBreak, hasPageBreak bool
	// format is the bold, italic and underline of the style's w:rPr.
	format formatBits
	// borders is what the w:tblBorders of a table style's w:tblPr sets.
	borders borderBits
}

// styleSheet holds the styles of styles.xml by ID.
type styleSheet struct {
	byID        map[string]*style
	defaultPara string
	// defaultTable is the default table style's ID.
	defaultTable string
	// defaults is the run formatting of w:docDefaults/w:rPrDefault.
	defaults formatBits
}

// formatBits is run formatting as one w:rPr writes it: which formats it
// sets, and which of those it turns on.
type formatBits struct {
	set, on RunFormat
}

// read notes a child of w:rPr that sets bold, italic or underline.
func (f *formatBits) read(t token) {
	if t.ns != nsW {
		return
	}
	var bit RunFormat
	on := true
	switch t.local {
	case "b":
		bit, on = Bold, onOff(t.attr)
	case "i":
		bit, on = Italic, onOff(t.attr)
	case "u":
		bit = Underline
		on = strings.TrimSpace(wAttr(t.attr, "val")) != "none"
	default:
		return
	}
	f.set |= bit
	if on {
		f.on |= bit
	} else {
		f.on &^= bit
	}
}

// under fills the formats f does not set from g.
func (f formatBits) under(g formatBits) formatBits {
	add := g.set &^ f.set
	return formatBits{set: f.set | add, on: f.on | g.on&add}
}

// allFormats holds every RunFormat bit.
const allFormats = Bold | Italic | Underline

// borderBits is what a w:tblBorders sets: which sides it names, and which
// of those draw a line, one bit per side (see borderSide).
type borderBits struct {
	set, on uint8
}

// allSides holds the bit of every side of borderSide.
const allSides = 1<<6 - 1

// borderSide returns the bit of a child of w:tblBorders, 0 for another
// element; start and end are the left and right of left-to-right text.
func borderSide(local string) uint8 {
	switch local {
	case "top":
		return 1 << 0
	case "left", "start":
		return 1 << 1
	case "bottom":
		return 1 << 2
	case "right", "end":
		return 1 << 3
	case "insideH":
		return 1 << 4
	case "insideV":
		return 1 << 5
	}
	return 0
}

// read reads the children of the w:tblBorders whose start was just
// delivered.
func (b *borderBits) read(x *xmlReader) error {
	return x.children(func(c token) error {
		bit := borderSide(c.local)
		if c.ns != nsW || bit == 0 {
			return nil
		}
		b.set |= bit
		switch strings.TrimSpace(wAttr(c.attr, "val")) {
		case "nil", "none", "":
			b.on &^= bit
		default:
			b.on |= bit
		}
		return nil
	})
}

// tableBorders reports whether a table draws any border: its own
// w:tblBorders, over those of its style chain (the default table style
// when it names none).
func (s *styleSheet) tableBorders(own borderBits, styleID string) bool {
	if styleID == "" {
		styleID = s.defaultTable
	}
	b := own
	s.chain(styleID, func(st *style) bool {
		add := st.borders.set &^ b.set
		b.set |= add
		b.on |= st.borders.on & add
		return b.set == allSides
	})
	return b.on != 0
}

// paraStyle returns the style a paragraph's formatting comes from: its
// own, or the default paragraph style when it names none or one that does
// not exist.
func (s *styleSheet) paraStyle(id string) string {
	if _, ok := s.byID[id]; ok && id != "" {
		return id
	}
	return s.defaultPara
}

// runFormat resolves a run's formatting: its direct properties, over its
// character style chain, over its paragraph style chain, over the document
// defaults.
func (s *styleSheet) runFormat(direct formatBits, charStyle, paraStyle string) RunFormat {
	f := direct
	take := func(st *style) bool {
		f = f.under(st.format)
		return f.set == allFormats
	}
	s.chain(charStyle, take)
	s.chain(paraStyle, take)
	f = f.under(s.defaults)
	return f.on & allFormats
}

// pageBreakBefore returns w:pageBreakBefore from a paragraph style chain.
func (s *styleSheet) pageBreakBefore(id string) bool {
	var on bool
	s.chain(id, func(st *style) bool {
		on = st.pageBreak
		return st.hasPageBreak
	})
	return on
}

func (s *styleSheet) read(name string, data []byte) error {
	x, err := newXMLReader(name, data)
	if err != nil {
		return err
	}
	if _, err := x.root(); err != nil {
		return err
	}
	return x.children(func(t token) error {
		if t.is(nsW, "docDefaults") {
			return x.children(func(c token) error {
				if !c.is(nsW, "rPrDefault") {
					return nil
				}
				return x.children(func(c token) error {
					if !c.is(nsW, "rPr") {
						return nil
					}
					return x.children(func(c token) error {
						s.defaults.read(c)
						return nil
					})
				})
			})
		}
		if !t.is(nsW, "style") {
			return nil
		}
		id := wAttr(t.attr, "styleId")
		st := &style{typ: wAttr(t.attr, "type")}
		if st.typ == "" {
			st.typ = "paragraph"
		}
		if st.typ == "paragraph" && onOffAttr(t.attr, "default") && s.defaultPara == "" {
			s.defaultPara = id
		}
		if st.typ == "table" && onOffAttr(t.attr, "default") && s.defaultTable == "" {
			s.defaultTable = id
		}
		if _, dup := s.byID[id]; !dup {
			s.byID[id] = st
		}
		return x.children(func(c token) error {
			if c.ns != nsW {
				return nil
			}
			switch c.local {
			case "name":
				st.name = wAttr(c.attr, "val")
			case "basedOn":
				st.basedOn = wAttr(c.attr, "val")
			case "pPr":
				return x.children(func(c token) error {
					if c.ns != nsW {
						return nil
					}
					switch c.local {
					case "jc":
						st.align, st.hasAlign = wAttr(c.attr, "val"), true
					case "ind":
						readIndent(c.attr, &st.ind, &st.indSet)
					case "pageBreakBefore":
						st.pageBreak, st.hasPageBreak = onOff(c.attr), true
					case "numPr":
						return x.children(func(c token) error {
							switch {
							case c.is(nsW, "numId"):
								st.numID, st.hasNumID = atoi(wAttr(c.attr, "val")), true
							case c.is(nsW, "ilvl"):
								st.level, st.hasLevel = atoi(wAttr(c.attr, "val")), true
							}
							return nil
						})
					}
					return nil
				})
			case "rPr":
				return x.children(func(c token) error {
					st.format.read(c)
					return nil
				})
			case "tblPr":
				return x.children(func(c token) error {
					if c.is(nsW, "tblBorders") {
						return st.borders.read(x)
					}
					return nil
				})
			}
			return nil
		})
	})
}

// onOffAttr reads an ST_OnOff attribute such as w:default.
func onOffAttr(attr []xml.Attr, local string) bool {
	v, ok := wAttrOK(attr, local)
	return ok && onOffValue(v)
}

// onOffValue reports whether an ST_OnOff value is on; empty is off.
func onOffValue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "on":
		return true
	}
	return false
}

// maxStyleChain bounds how far w:basedOn is followed (it may loop).
const maxStyleChain = 16

// chain calls fn for the style id and the styles it is based on, until fn
// returns true.
func (s *styleSheet) chain(id string, fn func(*style) bool) {
	for i := 0; i < maxStyleChain && id != ""; i++ {
		st := s.byID[id]
		if st == nil || fn(st) {
			return
		}
		id = st.basedOn
	}
}

func (s *styleSheet) name(id string) string {
	if st := s.byID[id]; st != nil {
		return st.name
	}
	return ""
}

func (s *styleSheet) align(id string) string {
	var a string
	s.chain(id, func(st *style) bool {
		a = st.align
		return st.hasAlign
	})
	return a
}

// indent fills the fields of in not set directly from the style chain.
// FirstLine and Hanging exclude each other: whoever sets one sets both.
func (s *styleSheet) indent(id string, in *Indent, set [4]bool) {
	if set[2] || set[3] {
		set[2], set[3] = true, true
	}
	s.chain(id, func(st *style) bool {
		done := true
		stSet := st.indSet
		if stSet[2] || stSet[3] {
			stSet[2], stSet[3] = true, true
		}
		for i, ok := range stSet {
			if ok && !set[i] {
				set[i] = true
				switch i {
				case 0:
					in.Left = st.ind.Left
				case 1:
					in.Right = st.ind.Right
				case 2:
					in.FirstLine = st.ind.FirstLine
				case 3:
					in.Hanging = st.ind.Hanging
				}
			}
			done = done && set[i]
		}
		return done
	})
}

// numPr returns the numbering a paragraph style gives, following basedOn.
func (s *styleSheet) numPr(id string) (numID, level int, hasLevel, ok bool) {
	s.chain(id, func(st *style) bool {
		if st.hasLevel && !hasLevel {
			level, hasLevel = st.level, true
		}
		if st.hasNumID {
			numID, ok = st.numID, true
			return true
		}
		return false
	})
	return numID, level, hasLevel, ok
}

// numberingStyles maps each numbering style to its w:numId, for
// w:numStyleLink.
func (s *styleSheet) numberingStyles() map[string]int {
	m := map[string]int{}
	for id, st := range s.byID {
		if st.typ == "numbering" && st.hasNumID {
			m[id] = st.numID
		}
	}
	return m
}

// Namespace URIs the reader recognises. Elements are matched on the URI the
// decoder resolves, never on the prefix.
const (
	uriWordTransitional = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	uriWordStrict       = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	uriMC               = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	uriW14              = "http://schemas.microsoft.com/office/word/2010/wordml"
	uriW15              = "http://schemas.microsoft.com/office/word/2012/wordml"
	uriW16CID           = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
	uriW16CEX           = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
)

// nsID names a recognised namespace.
type nsID uint8

const (
	nsOther  nsID = iota
	nsW           // WordprocessingML main, transitional or Strict
	nsMC          // markup compatibility
	nsW14         // Word 2010
	nsW15         // Word 2012
	nsW16CID      // Word 2016 comment ids (commentsIds.xml)
	nsW16CEX      // Word 2018 comment extensions (commentsExtensible.xml)
)

func nsOf(uri string) nsID {
	switch uri {
	case uriWordTransitional, uriWordStrict:
		return nsW
	case uriMC:
		return nsMC
	case uriW14:
		return nsW14
	case uriW15:
		return nsW15
	case uriW16CID:
		return nsW16CID
	case uriW16CEX:
		return nsW16CEX
	}
	return nsOther
}

type tokKind uint8

const (
	tStart tokKind = iota + 1
	tEnd
	tText
)

// token is one XML token with the byte range it covers in the part.
type token struct {
	kind  tokKind
	ns    nsID
	space string // the resolved namespace URI
	local string
	attr  []xml.Attr
	// text is the character data of a tText token; it is only valid until
	// the next call to next unless the token was replayed.
	text       []byte
	start, end int64
}

// is reports whether t is the start or end of the element ns:local.
func (t token) is(ns nsID, local string) bool {
	return t.ns == ns && t.local == local
}

// maxDepth bounds element nesting: the reader descends recursively.
const maxDepth = 1000

// xmlReader reads the tokens of one XML part with the safety rules of the
// package: no DTDs, only the predefined entities, nesting bounded.
type xmlReader struct {
	name string
	d    *xml.Decoder
	data []byte
	// queue holds tokens to replay before reading on (mc:AlternateContent),
	// as a stack of segments: the top one is read first.
	queue [][]token
	depth int // element depth of the last token delivered
	// lastEnd is the end offset of the last token delivered.
	lastEnd int64
	// decoded counts tokens read from the decoder; recorded counts tokens
	// copied for replay, which is bounded by it.
	decoded, recorded int
}

// newXMLReader prepares a decoder over data, stripping a byte order mark
// and re-encoding UTF-16. Offsets of tokens refer to x.data.
func newXMLReader(name string, data []byte) (*xmlReader, error) {
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		data = fixDeclEncoding(utf16ToUTF8(data))
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = nil // the five predefined entities only
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf-16le", "utf-16be", "unicode":
			// UTF-16 was re-encoded before decoding began.
			return in, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return &xmlReader{name: safeName(name), d: d, data: data}, nil
}

// next returns the next start, end or text token, io.EOF at the end of the
// part, or an error wrapping a sentinel.
func (x *xmlReader) next() (token, error) {
	for n := len(x.queue); n > 0; n = len(x.queue) {
		seg := x.queue[n-1]
		if len(seg) == 0 {
			x.queue = x.queue[:n-1]
			continue
		}
		t := seg[0]
		x.queue[n-1] = seg[1:]
		if err := x.track(t); err != nil {
			return token{}, err
		}
		return t, nil
	}
	for {
		start := x.d.InputOffset()
		tk, err := x.d.Token()
		if err != nil {
			if err == io.EOF {
				if x.depth != 0 {
					return token{}, fmt.Errorf("%w: %s: unexpected end of XML", ErrDamaged, x.name)
				}
				return token{}, io.EOF
			}
			return token{}, x.syntax(err)
		}
		x.decoded++
		var t token
		switch v := tk.(type) {
		case xml.StartElement:
			t = token{kind: tStart, ns: nsOf(v.Name.Space), space: v.Name.Space, local: v.Name.Local, attr: v.Attr}
		case xml.EndElement:
			t = token{kind: tEnd, ns: nsOf(v.Name.Space), space: v.Name.Space, local: v.Name.Local}
		case xml.CharData:
			t = token{kind: tText, text: v}
		case xml.Directive:
			return token{}, fmt.Errorf("%w: %s declares %s", ErrExternalEntity, x.name, directiveName(v))
		default: // comments, processing instructions
			continue
		}
		t.start, t.end = start, x.d.InputOffset()
		if err := x.track(t); err != nil {
			return token{}, err
		}
		return t, nil
	}
}

func (x *xmlReader) track(t token) error {
	x.lastEnd = t.end
	switch t.kind {
	case tStart:
		x.depth++
		if x.depth > maxDepth {
			return fmt.Errorf("%w: %s nests elements deeper than %d", ErrTooLarge, x.name, maxDepth)
		}
	case tEnd:
		x.depth--
	}
	return nil
}

func directiveName(d xml.Directive) string {
	f := strings.Fields(string(d))
	if len(f) == 0 {
		return "a directive"
	}
	return safeName("<!" + f[0])
}

func (x *xmlReader) syntax(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%w: %s: XML syntax error on line %d: %s", ErrDamaged, x.name, se.Line, oneLine(se.Msg))
	}
	return fmt.Errorf("%w: %s: %s", ErrDamaged, x.name, oneLine(err.Error()))
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// root returns the root element's start token.
func (x *xmlReader) root() (token, error) {
	for {
		t, err := x.next()
		if err == io.EOF {
			return token{}, fmt.Errorf("%w: %s has no root element", ErrDamaged, x.name)
		}
		if err != nil {
			return token{}, err
		}
		if t.kind == tStart {
			return t, nil
		}
	}
}

// children calls fn for each child element of the element whose start was
// just delivered, and returns after consuming that element's end. fn may
// consume the child entirely, partly or not at all: what it leaves is
// skipped.
func (x *xmlReader) children(fn func(t token) error) error {
	d := x.depth
	for {
		t, err := x.next()
		if err != nil {
			return x.eof(err)
		}
		switch t.kind {
		case tEnd:
			if x.depth < d {
				return nil
			}
		case tStart:
			if err := fn(t); err != nil {
				return err
			}
			if err := x.skipTo(d); err != nil {
				return err
			}
		}
	}
}

// skipTo consumes tokens until the depth is back to d.
func (x *xmlReader) skipTo(d int) error {
	for x.depth > d {
		if _, err := x.next(); err != nil {
			return x.eof(err)
		}
	}
	return nil
}

// skip consumes the rest of the element whose start was just delivered.
func (x *xmlReader) skip() error {
	return x.skipTo(x.depth - 1)
}

// raw consumes the element whose start t was just delivered and returns its
// bytes exactly as in the part.
func (x *xmlReader) raw(t token) ([]byte, error) {
	if err := x.skip(); err != nil {
		return nil, err
	}
	return x.span(t), nil
}

// span returns the bytes of the element whose start is t, once it has been
// consumed: from its start tag to the end of the last token delivered.
func (x *xmlReader) span(t token) []byte {
	if t.start < 0 || x.lastEnd > int64(len(x.data)) || t.start > x.lastEnd {
		return nil
	}
	return x.data[t.start:x.lastEnd:x.lastEnd]
}

// text consumes the element whose start was just delivered and returns its
// character data.
func (x *xmlReader) text() (string, error) {
	d := x.depth
	var b []byte
	for x.depth >= d {
		t, err := x.next()
		if err != nil {
			return "", x.eof(err)
		}
		if t.kind == tText && x.depth == d {
			b = append(b, t.text...)
		}
	}
	return string(b), nil
}

func (x *xmlReader) eof(err error) error {
	if err == io.EOF {
		return fmt.Errorf("%w: %s: unexpected end of XML", ErrDamaged, x.name)
	}
	return err
}

// alternate reads an mc:AlternateContent element whose start was just
// delivered and queues the children of one branch to be read next, as if
// they stood in its place: the first mc:Choice if it holds a text box
// (w:txbxContent), otherwise mc:Fallback, otherwise the first mc:Choice. The
// same text is thus never read twice.
func (x *xmlReader) alternate() error {
	d := x.depth
	var rec []token
	for {
		t, err := x.next()
		if err != nil {
			return x.eof(err)
		}
		if t.kind == tEnd && x.depth < d {
			break
		}
		if t.kind == tText {
			t.text = bytes.Clone(t.text)
		}
		rec = append(rec, t)
	}
	x.recorded += len(rec)
	if x.recorded > 4*x.decoded+1<<16 {
		return fmt.Errorf("%w: %s nests markup-compatibility alternatives too deeply", ErrTooLarge, x.name)
	}
	// Find the top-level branches.
	choice, fallback := [2]int{-1, -1}, [2]int{-1, -1}
	depth, open := 0, -1
	for i, t := range rec {
		switch t.kind {
		case tStart:
			if depth == 0 {
				open = i
			}
			depth++
		case tEnd:
			depth--
			if depth == 0 && open >= 0 {
				switch {
				case t.is(nsMC, "Choice") && choice[0] < 0:
					choice = [2]int{open, i}
				case t.is(nsMC, "Fallback") && fallback[0] < 0:
					fallback = [2]int{open, i}
				}
				open = -1
			}
		}
	}
	pick := fallback
	if choice[0] >= 0 {
		hasBox := false
		for _, t := range rec[choice[0]:choice[1]] {
			if t.kind == tStart && t.is(nsW, "txbxContent") {
				hasBox = true
				break
			}
		}
		if hasBox || fallback[0] < 0 {
			pick = choice
		}
	}
	if pick[0] < 0 {
		return nil
	}
	if branch := rec[pick[0]+1 : pick[1]]; len(branch) > 0 {
		x.queue = append(x.queue, branch)
	}
	return nil
}

// wAttr returns the value of a WordprocessingML attribute (w:val…), in the
// transitional or Strict namespace, or without a namespace.
func wAttr(attr []xml.Attr, local string) string {
	v, _ := wAttrOK(attr, local)
	return v
}

func wAttrOK(attr []xml.Attr, local string) (string, bool) {
	for _, a := range attr {
		if a.Name.Local == local && (a.Name.Space == uriWordTransitional || a.Name.Space == uriWordStrict || a.Name.Space == "") {
			return a.Value, true
		}
	}
	return "", false
}

// nsAttr returns the value of the attribute local in namespace ns.
func nsAttr(attr []xml.Attr, ns nsID, local string) string {
	for _, a := range attr {
		if a.Name.Local == local && nsOf(a.Name.Space) == ns {
			return a.Value
		}
	}
	return ""
}

// plainAttr returns an attribute without a namespace (package parts), or
// failing that, any attribute of that local name.
func plainAttr(attr []xml.Attr, local string) string {
	for _, a := range attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	for _, a := range attr {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return a.Value
		}
	}
	return ""
}

// onOff reads an ST_OnOff attribute w:val: absent means on.
func onOff(attr []xml.Attr) bool {
	v, ok := wAttrOK(attr, "val")
	if !ok {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "0", "false", "off":
		return false
	}
	return true
}
