package drafting

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Relationship and content types of the comment parts.
const (
	relComments           = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	relCommentsStrict     = "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
	relCommentsExtended   = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
	relCommentsIds        = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"
	relCommentsExtensible = "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible"
	ctComments            = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
	ctCommentsExtended    = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)

// WriteDocx writes the merged document: the base package with its body
// carrying every reviewer's edits as tracked changes under the reviewer's
// name, the conflicts side by side with a comment, and every comment and
// reply in comments.xml (threads in commentsExtended.xml). now dates the
// edits made without Track Changes.
func (c *Combined) WriteDocx(w io.Writer, now time.Time) error {
	pkg := c.base.pkg
	if pkg == nil {
		return ErrNoPackage
	}
	dw := &docxWriter{
		nextID: 800000,
		in:     newInterner(),
		newPfx: pkg.prefixes,
		oldPfx: pkg.prefixes,
		newPkg: pkg,
		tables: c.base.Tables,
		nums:   newNumImporter(nil, pkg, nil),
	}
	if pkg.wPrefix != "" {
		dw.w = pkg.wPrefix + ":"
	}
	nowText := now.UTC().Format(time.RFC3339)
	by := func(author, date string) {
		dw.author = author
		dw.date = date
		if dw.date == "" {
			dw.date = nowText
		}
	}
	dw.b.Write(pkg.prolog)
	dw.b.Write(pkg.rootStart)
	dw.open("body")
	var lastCell *CellRef
	for i, cp := range c.paras {
		for _, ip := range c.gaps[i] {
			var cell *CellRef
			if ip.p.Table != nil {
				cell = lastCell
			}
			dw.moveTo(cell, false)
			dw.rejectProps, dw.rejectFromOld = cp.base.Props, false
			if cell != nil && (cp.base.Table == nil || *cp.base.Table != *cell) {
				dw.rejectProps = nil
			}
			c.insertedParagraph(dw, ip, by)
			dw.rejectProps = nil
		}
		dw.moveTo(cp.base.Table, false)
		lastCell = cp.base.Table
		c.baseParagraph(dw, cp, by)
	}
	for _, ip := range c.gaps[len(c.paras)] {
		var cell *CellRef
		if ip.p.Table != nil {
			cell = lastCell
		}
		dw.moveTo(cell, false)
		c.insertedParagraph(dw, ip, by)
	}
	dw.moveTo(nil, false)
	dw.b.Write(pkg.sectPr)
	dw.close("body")
	dw.b.WriteString("</" + rootName(pkg.rootStart) + ">")

	parts := c.commentParts(pkg, nowText)
	parts[pkg.mainPart] = dw.b.Bytes()
	zw := zip.NewWriter(w)
	write := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now.UTC()})
		if err == nil {
			_, err = fw.Write(data)
		}
		return err
	}
	for _, f := range pkg.files {
		data := f.Data
		if d, ok := parts[f.Name]; ok {
			data = d
			delete(parts, f.Name)
		}
		if err := write(f.Name, data); err != nil {
			return fmt.Errorf("write merged document: %w", err)
		}
	}
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := write(n, parts[n]); err != nil {
			return fmt.Errorf("write merged document: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write merged document: %w", err)
	}
	return nil
}

// insertedParagraph writes a paragraph a reviewer inserted.
func (c *Combined) insertedParagraph(dw *docxWriter, ip insertedPara, by func(author, date string)) {
	by(ip.author, ip.date)
	var pfx map[string]string
	if ip.pkg != nil {
		pfx = ip.pkg.prefixes
	}
	dw.open("p")
	dw.paraProps(ip.p.Props, pfx, "ins", false)
	dw.revision("ins", false)
	eachRunPart(ip.p.Runs, 0, len(ip.p.Text(Accept)), func(r *Run, text string) {
		props := r.Props
		if props != nil && !portable(props, pfx, dw.newPfx) {
			props = nil
		}
		dw.run(props, text, "t")
	})
	dw.close("ins")
	dw.close("p")
}

// piece is one stretch of a base paragraph in the merged document.
type mergedPiece struct {
	start, end int
	edit       *edit  // replace [start, end) by edit.text
	clash      *clash // show the alternatives
}

// baseParagraph writes a base paragraph with the reviewers' edits,
// conflicts and comment anchors.
func (c *Combined) baseParagraph(dw *docxWriter, cp *combinedPara, by func(author, date string)) {
	dw.open("p")
	mark := ""
	if cp.deletedBy != nil {
		by(cp.deletedBy.author, cp.deletedBy.date)
		mark = "del"
	}
	dw.paraProps(cp.base.Props, dw.newPfx, mark, true)

	var pieces []mergedPiece
	for i := range cp.edits {
		e := &cp.edits[i]
		pieces = append(pieces, mergedPiece{start: e.start, end: e.end, edit: e})
	}
	for i := range cp.clashes {
		cl := &cp.clashes[i]
		pieces = append(pieces, mergedPiece{start: cl.start, end: cl.end, clash: cl})
	}
	slices.SortStableFunc(pieces, func(a, b mergedPiece) int { return a.start - b.start })
	anchors := slices.Clone(cp.anchors)
	slices.SortStableFunc(anchors, func(a, b anchor) int {
		if a.pos != b.pos {
			return a.pos - b.pos
		}
		switch {
		case a.end && !b.end:
			return -1
		case !a.end && b.end:
			return 1
		}
		return 0
	})
	next := 0 // the next anchor to write
	// plain writes base text [from, to) with the anchors inside it; when
	// deleted, as a deletion.
	plain := func(from, to int, last bool) {
		pos := from
		for {
			stop := to
			if next < len(anchors) && anchors[next].pos < to || next < len(anchors) && last && anchors[next].pos <= to {
				stop = max(anchors[next].pos, pos)
			}
			if stop > pos {
				if cp.deletedBy != nil {
					dw.revision("del", false)
					dw.runsPortable(cp.base.Runs, pos, stop, nil)
					dw.close("del")
				} else {
					dw.runs(cp.base.Runs, pos, stop, "t")
				}
				pos = stop
			}
			if next < len(anchors) && (anchors[next].pos < to || last && anchors[next].pos <= to) {
				c.writeAnchor(dw, anchors[next])
				next++
				continue
			}
			return
		}
	}
	// Anchors inside an edited stretch are written at its start.
	pos := 0
	for _, pc := range pieces {
		if pc.start < pos {
			continue // overlapping pieces cannot happen; guard anyway
		}
		plain(pos, pc.start, false)
		for next < len(anchors) && anchors[next].pos < pc.end && !anchors[next].end {
			c.writeAnchor(dw, anchors[next])
			next++
		}
		switch {
		case pc.edit != nil:
			e := pc.edit
			by(e.author, e.date)
			if e.end > e.start {
				dw.revision("del", false)
				dw.runsPortable(cp.base.Runs, e.start, e.end, nil)
				dw.close("del")
			}
			if e.text != "" {
				dw.revision("ins", false)
				dw.run(runAtOrNil(cp.base.Runs, e.start), e.text, "t")
				dw.close("ins")
			}
		case pc.clash != nil:
			cl := pc.clash
			c.writeAnchor(dw, anchor{comment: cl.comment})
			if cl.end > cl.start {
				by(cl.alts[0].author, cl.alts[0].date)
				dw.revision("del", false)
				dw.runsPortable(cp.base.Runs, cl.start, cl.end, nil)
				dw.close("del")
			}
			shown := 0
			for _, alt := range cl.alts {
				if alt.text == "" {
					continue
				}
				// Alternatives after the first are set off by " / ".
				text := alt.text
				if shown > 0 {
					text = " / " + text
				}
				shown++
				by(alt.author, alt.date)
				dw.revision("ins", false)
				dw.run(runAtOrNil(cp.base.Runs, cl.start), text, "t")
				dw.close("ins")
			}
			c.writeAnchor(dw, anchor{end: true, comment: cl.comment})
		}
		pos = pc.end
	}
	plain(pos, len(cp.text), true)
	for ; next < len(anchors); next++ {
		c.writeAnchor(dw, anchors[next])
	}
	dw.close("p")
}

func runAtOrNil(runs []Run, at int) []byte {
	if r := runAt(runs, at); r != nil {
		return r.Props
	}
	return nil
}

// writeAnchor writes the start of a comment's range, or its end and the
// reference that shows the comment.
func (c *Combined) writeAnchor(dw *docxWriter, a anchor) {
	id := a.comment.id
	if !a.end {
		fmt.Fprintf(&dw.b, `<%scommentRangeStart %sid="%d"/>`, dw.w, dw.w, id)
		return
	}
	fmt.Fprintf(&dw.b, `<%scommentRangeEnd %sid="%d"/><%sr><%scommentReference %sid="%d"/></%sr>`, dw.w, dw.w, id, dw.w, dw.w, dw.w, id, dw.w)
}

// commentParts returns the comment parts of the merged package (new
// comments.xml and commentsExtended.xml) and the content types and
// relationships changed to point at them.
func (c *Combined) commentParts(pkg *pkgInfo, now string) map[string][]byte {
	parts := make(map[string][]byte)
	if len(c.comments) == 0 {
		return parts
	}
	dir := path.Dir(pkg.mainPart)
	relsName := path.Join(dir, "_rels", path.Base(pkg.mainPart)+".rels")
	var rels []byte
	for _, f := range pkg.files {
		if f.Name == relsName {
			rels = f.Data
		}
	}
	commentsType := relComments
	if strings.Contains(pkg.wNS, "purl.oclc.org") {
		commentsType = relCommentsStrict
	}
	commentsName, rels := ensureRelationship(rels, dir, commentsType, "comments.xml")
	extName, rels := ensureRelationship(rels, dir, relCommentsExtended, "commentsExtended.xml")
	// The durable-id parts describe the base's old comments only: unlink them.
	rels = dropRelationship(dropRelationship(rels, relCommentsIds), relCommentsExtensible)
	parts[relsName] = rels

	var types []byte
	for _, f := range pkg.files {
		if f.Name == "[Content_Types].xml" {
			types = f.Data
		}
	}
	types = ensureOverride(types, "/"+commentsName, ctComments)
	types = ensureOverride(types, "/"+extName, ctCommentsExtended)
	parts["[Content_Types].xml"] = types

	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	fmt.Fprintf(&b, `<w:comments xmlns:w="%s" xmlns:w14="%s" xmlns:mc="%s" mc:Ignorable="w14">`, pkg.wNS, uriW14, uriMC)
	for _, mc := range c.comments {
		date := mc.Date
		if date == "" {
			date = now
		}
		fmt.Fprintf(&b, `<w:comment w:id="%d" w:author="`, mc.id)
		escapeText(&b, mc.Author)
		fmt.Fprintf(&b, `" w:date="`)
		escapeText(&b, date)
		b.WriteString(`" w:initials="`)
		escapeText(&b, initials(mc.Comment))
		b.WriteString(`">`)
		lines := strings.Split(mc.Text, "\n")
		for i, l := range lines {
			pid := fmt.Sprintf("%08X", 0x1B000000+mc.id*64+i)
			if i == len(lines)-1 {
				pid = mc.paraID
			}
			fmt.Fprintf(&b, `<w:p w14:paraId="%s" w14:textId="77777777"><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>`, pid)
			if i == 0 {
				b.WriteString(`<w:r><w:annotationRef/></w:r>`)
			}
			b.WriteString(`<w:r><w:t xml:space="preserve">`)
			escapeText(&b, l)
			b.WriteString(`</w:t></w:r></w:p>`)
		}
		b.WriteString(`</w:comment>`)
	}
	b.WriteString(`</w:comments>`)
	parts[commentsName] = slices.Clone(b.Bytes())

	b.Reset()
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	fmt.Fprintf(&b, `<w15:commentsEx xmlns:w15="%s" xmlns:mc="%s" mc:Ignorable="w15">`, uriW15, uriMC)
	for _, mc := range c.comments {
		fmt.Fprintf(&b, `<w15:commentEx w15:paraId="%s"`, mc.paraID)
		if mc.parent != nil {
			fmt.Fprintf(&b, ` w15:paraIdParent="%s"`, mc.parent.paraID)
		}
		done := "0"
		if mc.Done {
			done = "1"
		}
		fmt.Fprintf(&b, ` w15:done="%s"/>`, done)
	}
	b.WriteString(`</w15:commentsEx>`)
	parts[extName] = slices.Clone(b.Bytes())
	return parts
}

// initials returns a comment's initials, made from its author's name when
// missing.
func initials(cm Comment) string {
	if cm.Initials != "" {
		return cm.Initials
	}
	var b strings.Builder
	for _, w := range strings.Fields(cm.Author) {
		r := []rune(w)
		b.WriteRune(r[0])
	}
	return strings.ToUpper(b.String())
}

// ensureRelationship returns the part name a relationship of type typ
// points to, adding one to target when there is none.
func ensureRelationship(rels []byte, dir, typ, target string) (string, []byte) {
	s := string(rels)
	for _, m := range relationshipTag.FindAllString(s, -1) {
		if attrValue(m, "Type") == typ {
			t := attrValue(m, "Target")
			if strings.HasPrefix(t, "/") {
				return strings.TrimPrefix(t, "/"), rels
			}
			return path.Join(dir, t), rels
		}
	}
	if s == "" {
		s = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`
	}
	id := "rIdSepakat" + strings.TrimSuffix(target, ".xml")
	i := strings.LastIndex(s, "</")
	s = s[:i] + fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, id, typ, target) + s[i:]
	return path.Join(dir, target), []byte(s)
}

// dropRelationship removes the relationships of type typ.
func dropRelationship(rels []byte, typ string) []byte {
	s := string(rels)
	for _, m := range relationshipTag.FindAllString(s, -1) {
		if attrValue(m, "Type") == typ {
			s = strings.Replace(s, m, "", 1)
		}
	}
	return []byte(s)
}

// ensureOverride adds a content type override for a part that has none.
func ensureOverride(types []byte, part, ct string) []byte {
	s := string(types)
	if strings.Contains(s, `PartName="`+part+`"`) {
		return types
	}
	i := strings.LastIndex(s, "</")
	if i < 0 {
		return types
	}
	return []byte(s[:i] + fmt.Sprintf(`<Override PartName="%s" ContentType="%s"/>`, part, ct) + s[i:])
}

// relationshipTag matches one Relationship element of a .rels part.
var relationshipTag = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*?/?>`)

// attrValue returns the value of attribute name in a start tag, or "".
func attrValue(tag, name string) string {
	m := regexp.MustCompile(`\s` + regexp.QuoteMeta(name) + `\s*=\s*("([^"]*)"|'([^']*)')`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return m[2] + m[3]
}
