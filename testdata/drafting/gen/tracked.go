package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The sources of tracked.docx and comments.docx use two conventions that
// pandoc 2.17 needs help with:
//
//   - "␣" (U+2423) stands for a space at the edge of an insertion or
//     deletion span, which pandoc would strip; it becomes a real space here.
//   - A paragraph may start with a marker that this program removes, for
//     what pandoc cannot write:
//     %%INSPARA:A%%  the paragraph mark is an insertion by author A (or B),
//     %%DELPARA:A%%  the paragraph mark is a deletion by author A (or B),
//     %%MOVEFROM:A%% the paragraph is the source of a move by A (w:moveFrom),
//     %%MOVETO:A%%   the paragraph is the destination of that move (w:moveTo).
//
// pandoc 2.17 also gives an insertion and a deletion the same w:id: every
// revision gets a unique id here, counting from 101.

var authors = map[string][2]string{"A": {authorA, dateA}, "B": {authorB, dateB}}

func fixSpaces(x string) string { return strings.ReplaceAll(x, "␣", " ") }

func cmdTracked(a []string) error {
	if err := args(a, 2, "tracked IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		doc := fixSpaces(p.get(mainPart))
		markerRun := regexp.MustCompile(`%%(INSPARA|DELPARA|MOVEFROM|MOVETO):([AB])%%`)
		moves := map[string]int{}
		for {
			m := markerRun.FindStringSubmatchIndex(doc)
			if m == nil {
				break
			}
			kind, who := doc[m[2]:m[3]], doc[m[4]:m[5]]
			au := authors[who]
			var sp span
			for _, s := range paragraphs(doc) {
				if s.start < m[0] && m[1] < s.end {
					sp = s
				}
			}
			if sp.end == 0 {
				return fmt.Errorf("marker %s outside a paragraph", kind)
			}
			x := strings.Replace(doc[sp.start:m[0]]+doc[m[1]:sp.end], `<w:r><w:t xml:space="preserve"></w:t></w:r>`, "", 1)
			attrs := `w:id="0" w:author="` + au[0] + `" w:date="` + au[1] + `"`
			switch kind {
			case "INSPARA":
				x = insertPPr(x, `<w:rPr><w:ins `+attrs+` /></w:rPr>`)
			case "DELPARA":
				x = insertPPr(x, `<w:rPr><w:del `+attrs+` /></w:rPr>`)
			case "MOVEFROM", "MOVETO":
				// the n-th move source pairs with the n-th move destination
				tag := "moveFrom"
				if kind == "MOVETO" {
					tag = "moveTo"
				}
				moves[tag]++
				name := "move" + strconv.Itoa(moves[tag])
				x = insertPPr(x, `<w:rPr><w:`+tag+` `+attrs+` /></w:rPr>`)
				head, body := content(x)
				if strings.Contains(body, "<w:ins ") || strings.Contains(body, "<w:del ") {
					return fmt.Errorf("moved paragraph must hold plain runs only")
				}
				x = head + `<w:` + tag + `RangeStart w:id="R` + name + `" w:author="` + au[0] + `" w:date="` + au[1] + `" w:name="` + name + `" />` +
					`<w:` + tag + ` ` + attrs + `>` + body + `</w:` + tag + `>` +
					`<w:` + tag + `RangeEnd w:id="R` + name + `" /></w:p>`
			}
			doc = doc[:sp.start] + x + doc[sp.end:]
		}
		if strings.Contains(doc, "%%") {
			return fmt.Errorf("a marker was left in the text")
		}
		doc = renumberRevisions(doc)
		p.set(mainPart, doc)
		if e := p.find("word/comments.xml"); e != nil {
			p.set("word/comments.xml", fixSpaces(string(e.data)))
		}
		return nil
	})
}

// renumberRevisions gives every w:ins, w:del, w:moveFrom and w:moveTo (and
// the move range markers, in pairs) a unique w:id, in document order from 101.
func renumberRevisions(doc string) string {
	re := regexp.MustCompile(`<w:(ins|del|moveFrom|moveTo|moveFromRangeStart|moveToRangeStart|moveFromRangeEnd|moveToRangeEnd) w:id="([^"]*)"`)
	next := 101
	ranges := map[string]int{}
	return re.ReplaceAllStringFunc(doc, func(s string) string {
		m := re.FindStringSubmatch(s)
		var id int
		switch {
		case strings.HasSuffix(m[1], "RangeStart"):
			id = next
			next++
			ranges[m[1][:len(m[1])-len("Start")]+m[2]] = id
		case strings.HasSuffix(m[1], "RangeEnd"):
			var ok bool
			if id, ok = ranges[m[1][:len(m[1])-len("End")]+m[2]]; !ok {
				panic("move range end without start: " + s)
			}
		default:
			id = next
			next++
		}
		return `<w:` + m[1] + ` w:id="` + strconv.Itoa(id) + `"`
	})
}

// comments fixes the spaces of a pandoc document with comments and turns
// the comments listed as CHILD=PARENT into replies: it gives the last
// paragraph of every comment a w14:paraId (1A2B00 followed by the comment id
// in hex) and adds word/commentsExtended.xml with w15:paraIdParent, its
// relationship and its content type, as Word 2013 and later write them.
func cmdComments(a []string) error {
	if len(a) < 2 {
		return fmt.Errorf("usage: comments IN.docx OUT.docx CHILD=PARENT...")
	}
	parent := map[string]string{}
	for _, r := range a[2:] {
		c, pa, ok := strings.Cut(r, "=")
		if !ok {
			return fmt.Errorf("bad reply %q", r)
		}
		parent[c] = pa
	}
	return transform(a[0], a[1], func(p *pkg) error {
		p.set(mainPart, renumberRevisions(fixSpaces(p.get(mainPart))))
		return addCommentsExtended(p, parent)
	})
}

// addCommentsExtended fixes the spaces of word/comments.xml, gives the last
// paragraph of every comment a w14:paraId (1A2B00 followed by the comment id
// in hex) and adds word/commentsExtended.xml with a w15:commentEx for each
// comment (w15:paraIdParent for the replies listed in parent, child id →
// parent id), its relationship and its content type.
func addCommentsExtended(p *pkg, parent map[string]string) error {
	cx := fixSpaces(p.get("word/comments.xml"))
	cx = replaceOnce(cx, `<w:comments xmlns:w=`, `<w:comments xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14" xmlns:w=`)
	reC := regexp.MustCompile(`(?s)<w:comment w:id="([^"]+)"[^>]*>(.*?)</w:comment>`)
	var ext strings.Builder
	paraID := func(id string) string {
		n, err := strconv.Atoi(id)
		if err != nil {
			panic("comment id not a number: " + id)
		}
		return fmt.Sprintf("1A2B%04X", n)
	}
	seen := map[string]bool{}
	cx = reC.ReplaceAllStringFunc(cx, func(s string) string {
		id := reC.FindStringSubmatch(s)[1]
		seen[id] = true
		// the last paragraph of the comment
		k := strings.LastIndex(s, "<w:p>")
		if k < 0 {
			panic("comment without a plain <w:p>: " + id)
		}
		ext.WriteString(`<w15:commentEx w15:paraId="` + paraID(id) + `"`)
		if pa, ok := parent[id]; ok {
			ext.WriteString(` w15:paraIdParent="` + paraID(pa) + `"`)
		}
		ext.WriteString(` w15:done="0" />`)
		return s[:k] + `<w:p w14:paraId="` + paraID(id) + `" w14:textId="77777777">` + s[k+len("<w:p>"):]
	})
	for c, pa := range parent {
		if !seen[c] || !seen[pa] {
			return fmt.Errorf("reply %s=%s: no such comment", c, pa)
		}
	}
	p.set("word/comments.xml", cx)
	p.set("word/commentsExtended.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<w15:commentsEx xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w15">`+
		ext.String()+`</w15:commentsEx>`)
	p.addOverride("word/commentsExtended.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml")
	p.addRel("word/_rels/document.xml.rels", "rIdCommentsExt", "http://schemas.microsoft.com/office/2011/relationships/commentsExtended", "commentsExtended.xml", "")
	return nil
}
