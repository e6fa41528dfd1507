package drafting

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
)

// numIDAttr finds the list instance a w:numPr points to.
var numIDAttr = regexp.MustCompile(`(numId\b[^>]*?\bval=")(\d+)(")`)

// numIDDef finds the ID a w:num element defines.
var numIDDef = regexp.MustCompile(`(\bnumId=")(\d+)(")`)

// findNumberingPart returns the index of the numbering part in a package, or -1.
func findNumberingPart(p *pkgInfo) int {
	for i, f := range p.files {
		if strings.HasSuffix(f.Name, "/numbering.xml") || f.Name == "numbering.xml" {
			return i
		}
	}
	return -1
}

// numElement is a top-level w:num or w:abstractNum of a numbering part.
type numElement struct {
	local      string
	id         int // numId or abstractNumId
	abstractID int // for w:num: the abstractNum it points to
	raw        []byte
}

// numElements lists the top-level list definitions of a numbering part.
func numElements(data []byte) []numElement {
	var out []numElement
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	depth := 0
	var cur *numElement
	var start int64
	for {
		before := d.InputOffset()
		tok, err := d.RawToken()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && (t.Name.Local == "num" || t.Name.Local == "abstractNum") {
				cur = &numElement{local: t.Name.Local, id: -1, abstractID: -1}
				start = before
				for _, a := range t.Attr {
					if a.Name.Local == "numId" || a.Name.Local == "abstractNumId" {
						cur.id, _ = strconv.Atoi(a.Value)
					}
				}
			}
			if depth == 3 && cur != nil && cur.local == "num" && t.Name.Local == "abstractNumId" {
				for _, a := range t.Attr {
					if a.Name.Local == "val" {
						cur.abstractID, _ = strconv.Atoi(a.Value)
					}
				}
			}
		case xml.EndElement:
			if depth == 2 && cur != nil {
				cur.raw = data[start:d.InputOffset()]
				out = append(out, *cur)
				cur = nil
			}
			depth--
		}
	}
}

// numImporter gives the deleted paragraphs of the old version list
// numbering that means the same in the redline: an old list instance is
// mapped to the new one that kept paragraphs use, or copied into the
// redline's numbering part under a fresh ID (for a list that exists only in
// the old version, such as the ayat of a deleted Pasal).
type numImporter struct {
	mapped   map[int]int
	oldNums  map[int]numElement
	newAbs   map[int]bool
	nextID   int
	added    [][]byte
	newPart  int // index of the new version's numbering part, or -1
	newPkg   *pkgInfo
	portable bool
}

func newNumImporter(oldPkg, newPkg *pkgInfo, steps []step) *numImporter {
	im := &numImporter{mapped: make(map[int]int), oldNums: make(map[int]numElement), newAbs: make(map[int]bool), newPart: -1, newPkg: newPkg}
	for _, st := range steps {
		if st.op == OpEqual && st.old != nil && st.new != nil && st.old.NumID != 0 && st.new.NumID != 0 {
			if _, ok := im.mapped[st.old.NumID]; !ok {
				im.mapped[st.old.NumID] = st.new.NumID
			}
		}
	}
	if oldPkg == nil {
		return im
	}
	op, np := findNumberingPart(oldPkg), findNumberingPart(newPkg)
	if op < 0 || np < 0 {
		return im
	}
	im.newPart = np
	for _, e := range numElements(oldPkg.files[op].Data) {
		if e.local == "num" {
			im.oldNums[e.id] = e
		}
	}
	for _, e := range numElements(newPkg.files[np].Data) {
		switch e.local {
		case "abstractNum":
			im.newAbs[e.id] = true
		case "num":
			im.nextID = max(im.nextID, e.id)
		}
	}
	im.nextID = max(im.nextID+1, 5000)
	im.portable = oldPkg.wPrefix == newPkg.wPrefix && oldPkg.wNS == newPkg.wNS
	return im
}

// rewrite returns a w:numPr with its numId mapped for the redline.
func (im *numImporter) rewrite(numPr []byte) []byte {
	return numIDAttr.ReplaceAllFunc(numPr, func(m []byte) []byte {
		sub := numIDAttr.FindSubmatch(m)
		id, _ := strconv.Atoi(string(sub[2]))
		return append(append(append([]byte{}, sub[1]...), strconv.Itoa(im.target(id))...), sub[3]...)
	})
}

// target returns the redline's numId for an old numId.
func (im *numImporter) target(id int) int {
	if id == 0 {
		return 0
	}
	if to, ok := im.mapped[id]; ok {
		return to
	}
	e, ok := im.oldNums[id]
	if !ok || !im.portable || !im.newAbs[e.abstractID] {
		return id
	}
	fresh := im.nextID
	im.nextID++
	raw := numIDDef.ReplaceAll(e.raw, []byte("${1}"+strconv.Itoa(fresh)+"${3}"))
	im.added = append(im.added, raw)
	im.mapped[id] = fresh
	return fresh
}

// numberingData returns the new numbering part with the imported list
// instances appended, or nil when nothing was imported.
func (im *numImporter) numberingData() []byte {
	if len(im.added) == 0 || im.newPart < 0 {
		return nil
	}
	data := im.newPkg.files[im.newPart].Data
	end := bytes.LastIndex(data, []byte("</"))
	if end < 0 {
		return nil
	}
	var b bytes.Buffer
	b.Write(data[:end])
	for _, a := range im.added {
		b.Write(a)
	}
	b.Write(data[end:])
	return b.Bytes()
}
