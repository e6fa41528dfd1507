package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Odd but valid packages derived from pks-v1.docx. Their body text is the
// text of pks-v1 (plus, for split-runs.docx, one text box paragraph).

// rewriteTags applies f to every start, end or empty-element tag of x
// (not to the XML declaration, comments or text).
func rewriteTags(x string, f func(tag string) string) string {
	re := regexp.MustCompile(`<[^?!][^>]*>`)
	return re.ReplaceAllStringFunc(x, f)
}

// prefixed: the main namespace bound to the prefix "ns0" (as written by
// Python's ElementTree and some converters) instead of "w", for every
// element and attribute of word/document.xml. Other parts keep "w".
func cmdPrefixed(a []string) error {
	if err := args(a, 2, "prefixed IN.docx OUT.docx"); err != nil {
		return err
	}
	elem := regexp.MustCompile(`^<(/?)w:`)
	attr := regexp.MustCompile(`(\s)w:([A-Za-z][A-Za-z0-9]*=)`)
	return transform(a[0], a[1], func(p *pkg) error {
		doc := rewriteTags(p.get(mainPart), func(t string) string {
			t = elem.ReplaceAllString(t, "<${1}ns0:")
			t = attr.ReplaceAllString(t, "${1}ns0:${2}")
			return strings.Replace(t, `xmlns:w="`, `xmlns:ns0="`, 1)
		})
		if strings.Contains(doc, "<w:") || strings.Contains(doc, " w:") {
			return fmt.Errorf("a w: prefix is left")
		}
		p.set(mainPart, doc)
		return nil
	})
}

// defaultns: the elements of word/document.xml in the default namespace
// (xmlns="…/wordprocessingml/2006/main", no prefix); attributes, which a
// default namespace does not cover, keep the prefix "w" bound to the same URI.
func cmdDefaultNS(a []string) error {
	if err := args(a, 2, "defaultns IN.docx OUT.docx"); err != nil {
		return err
	}
	elem := regexp.MustCompile(`^<(/?)w:`)
	return transform(a[0], a[1], func(p *pkg) error {
		doc := rewriteTags(p.get(mainPart), func(t string) string { return elem.ReplaceAllString(t, "<${1}") })
		doc = replaceOnce(doc, `<document xmlns:w="`, `<document xmlns="`+nsW+`" xmlns:w="`)
		p.set(mainPart, doc)
		return nil
	})
}

// strict: the package in Strict OOXML (ISO/IEC 29500 Strict) namespaces, as
// Word's "Strict Open XML Document" writes them: purl.oclc.org namespaces in
// every XML part, Strict relationship types, and w:conformance="strict" on
// the root element. Content types and package-level namespaces (OPC) are
// the same in both.
func cmdStrict(a []string) error {
	if err := args(a, 2, "strict IN.docx OUT.docx"); err != nil {
		return err
	}
	repl := strings.NewReplacer(
		nsW, "http://purl.oclc.org/ooxml/wordprocessingml/main",
		relBase+"/extended-properties", "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
		relBase+"/custom-properties", "http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
		relBase, "http://purl.oclc.org/ooxml/officeDocument/relationships",
		"http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math",
		"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main",
		"http://schemas.openxmlformats.org/drawingml/2006/picture", "http://purl.oclc.org/ooxml/drawingml/picture",
		"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing", "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
		"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties", "http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
		"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties", "http://purl.oclc.org/ooxml/officeDocument/customProperties",
		"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes", "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
	)
	return transform(a[0], a[1], func(p *pkg) error {
		for _, e := range p.entries {
			if e.name == "[Content_Types].xml" || !(strings.HasSuffix(e.name, ".xml") || strings.HasSuffix(e.name, ".rels")) {
				continue
			}
			e.data = []byte(repl.Replace(string(e.data)))
		}
		doc := p.get(mainPart)
		doc = replaceOnce(doc, `<w:document xmlns:w=`, `<w:document w:conformance="strict" xmlns:w=`)
		if strings.Contains(doc, "schemas.openxmlformats.org") {
			return fmt.Errorf("a transitional namespace is left in the main part")
		}
		p.set(mainPart, doc)
		return nil
	})
}

// bom: a UTF-8 byte order mark before the XML declaration of document.xml.
func cmdBOM(a []string) error {
	if err := args(a, 2, "bom IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		p.set(mainPart, "\xEF\xBB\xBF"+p.get(mainPart))
		return nil
	})
}

// movedmain: the main part stored as word/main.xml (with its relationships
// in word/_rels/main.xml.rels); _rels/.rels and [Content_Types].xml point
// there. Nothing is left at word/document.xml.
func cmdMovedMain(a []string) error {
	if err := args(a, 2, "movedmain IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		p.find(mainPart).name = "word/main.xml"
		p.find("word/_rels/document.xml.rels").name = "word/_rels/main.xml.rels"
		p.set("_rels/.rels", replaceOnce(p.get("_rels/.rels"), `Target="word/document.xml"`, `Target="word/main.xml"`))
		p.set("[Content_Types].xml", replaceOnce(p.get("[Content_Types].xml"), `PartName="/word/document.xml"`, `PartName="/word/main.xml"`))
		return nil
	})
}

// The text of the text box that split-runs.docx adds after the number lines.
const textBoxText = "DRAF – TIDAK UNTUK DIEDARKAN"

// splitruns: pks-v1 with the markup that editing in Word leaves behind. See
// the README for the list; the body text a reader sees is pks-v1's plus the
// text box paragraph.
func cmdSplitRuns(a []string) error {
	if err := args(a, 2, "splitruns IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		doc := p.get(mainPart)
		doc = replaceOnce(doc, `<w:document xmlns:w=`, `<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14" xmlns:w=`)

		// 1. One word split over three runs with identical (empty) properties,
		//    with rsid attributes, proofing marks and a bookmark in between.
		doc = editPara(doc, "PERJANJIAN KERJA SAMA", func(x string) string {
			return replaceOnce(x, `<w:r><w:t xml:space="preserve">PERJANJIAN KERJA SAMA</w:t></w:r>`,
				`<w:r w:rsidR="00A41C2E"><w:t>PERJAN</w:t></w:r><w:proofErr w:type="spellStart" /><w:r w:rsidR="00B7730F"><w:t xml:space="preserve">JIAN </w:t></w:r><w:bookmarkStart w:id="0" w:name="_GoBack" /><w:r w:rsidR="00B7730F"><w:t>KER</w:t></w:r><w:proofErr w:type="spellEnd" /><w:r w:rsidR="00C1D2E3"><w:t>JA</w:t></w:r><w:bookmarkEnd w:id="0" /><w:r><w:t xml:space="preserve"> SAMA</w:t></w:r>`)
		})
		// 2. Words split over runs whose properties differ (language tag,
		//    noProof) as pasting and spell checking leave them.
		doc = editPara(doc, "(1) Maksud Perjanjian", func(x string) string {
			return replaceOnce(x, `<w:t xml:space="preserve">(1) Maksud Perjanjian Kerja Sama ini adalah`,
				`<w:t xml:space="preserve">(1) Mak</w:t></w:r><w:r><w:rPr><w:lang w:val="id-ID" /></w:rPr><w:t xml:space="preserve">sud Perjan</w:t></w:r><w:r><w:rPr><w:noProof /><w:lang w:val="en-US" /></w:rPr><w:t>jian</w:t></w:r><w:r><w:t xml:space="preserve"> Kerja Sama ini adalah`)
		})
		// 3. A smart tag around a place name.
		doc = editPara(doc, "Pada hari ini", func(x string) string {
			x = splitText(x, "Balai Kota Samarinda", func(rPr, w string) string {
				return `<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place"><w:smartTagPr><w:attr w:name="country-region" w:val="ID" /></w:smartTagPr>` + run(rPr, w) + `</w:smartTag>`
			})
			// 4. An inline content control (date picker) around the day.
			return splitText(x, "Dua Belas", func(rPr, w string) string {
				return `<w:sdt><w:sdtPr><w:alias w:val="Tanggal" /><w:tag w:val="tanggal" /><w:id w:val="-1290671411" /><w:date w:fullDate="2026-01-12T00:00:00Z"><w:dateFormat w:val="d MMMM yyyy" /><w:lid w:val="id-ID" /><w:storeMappedDataAs w:val="dateTime" /><w:calendar w:val="gregorian" /></w:date></w:sdtPr><w:sdtContent>` + run(rPr, w) + `</w:sdtContent></w:sdt>`
			})
		})
		// 5. A block-level content control around the first number line.
		sp := findPara(doc, "NOMOR: 000.3.2/045/HK-KS/I/2026")
		doc = doc[:sp.start] + `<w:sdt><w:sdtPr><w:alias w:val="Nomor PIHAK KESATU" /><w:tag w:val="nomor-pihak-kesatu" /><w:id w:val="1480264153" /></w:sdtPr><w:sdtContent>` + doc[sp.start:sp.end] + `</w:sdtContent></w:sdt>` + doc[sp.end:]
		// 6. A text box in a paragraph of its own after the number lines,
		//    as Word 2010+ writes it: DrawingML in mc:Choice, VML in
		//    mc:Fallback, the same w:txbxContent in both.
		sp = findPara(doc, "NOMOR: 0217/UN17/HK.07.00/2026")
		box := `<w:txbxContent><w:p><w:pPr><w:jc w:val="center" /></w:pPr><w:r><w:rPr><w:b /></w:rPr><w:t>` + textBoxText + `</w:t></w:r></w:p></w:txbxContent>`
		tb := `<w:p><w:pPr><w:pStyle w:val="Nomor" /></w:pPr><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0" /><wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="2520000" cy="360000" /><wp:effectExtent l="0" t="0" r="0" b="0" /><wp:wrapNone /><wp:docPr id="1" name="Kotak Teks 1" /><wp:cNvGraphicFramePr /><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1" /><wps:spPr><a:xfrm><a:off x="0" y="0" /><a:ext cx="2520000" cy="360000" /></a:xfrm><a:prstGeom prst="rect"><a:avLst /></a:prstGeom><a:ln w="6350"><a:solidFill><a:srgbClr val="000000" /></a:solidFill></a:ln></wps:spPr><wps:txbx>` + box + `</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t" anchorCtr="0"><a:noAutofit /></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter" /><v:path gradientshapeok="t" o:connecttype="rect" /></v:shapetype><v:shape id="Kotak_Teks_1" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:198.45pt;height:28.35pt;z-index:251659264;mso-position-horizontal:right;mso-position-horizontal-relative:margin" strokeweight=".5pt"><v:textbox>` + box + `</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`
		doc = doc[:sp.end] + tb + doc[sp.end:]
		// 7. Cross-references as fields: a bookmark on the Pasal headings,
		//    a simple field (w:fldSimple) and a complex field
		//    (begin/instrText/separate/result/end) whose result is the number.
		doc = editPara(doc, "Pasal 7", func(x string) string {
			return replaceOnce(x, `<w:r><w:t xml:space="preserve">Pasal 7</w:t></w:r>`, `<w:bookmarkStart w:id="1" w:name="_Ref190000007" /><w:r><w:t xml:space="preserve">Pasal 7</w:t></w:r><w:bookmarkEnd w:id="1" />`)
		})
		doc = editPara(doc, "Pasal 10", func(x string) string {
			return replaceOnce(x, `<w:r><w:t xml:space="preserve">Pasal 10</w:t></w:r>`, `<w:bookmarkStart w:id="2" w:name="_Ref190000010" /><w:r><w:t xml:space="preserve">Pasal 10</w:t></w:r><w:bookmarkEnd w:id="2" />`)
		})
		doc = editPara(doc, "(2) Laporan sebagaimana dimaksud", func(x string) string {
			return replaceOnce(x, `dimaksud dalam Pasal 7.</w:t></w:r>`,
				`dimaksud dalam </w:t></w:r><w:r><w:fldChar w:fldCharType="begin" /></w:r><w:r><w:instrText xml:space="preserve"> REF _Ref190000007 \h  \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate" /></w:r><w:r><w:t>Pasal 7</w:t></w:r><w:r><w:fldChar w:fldCharType="end" /></w:r><w:r><w:t>.</w:t></w:r>`)
		})
		doc = editPara(doc, "(1) Perjanjian Kerja Sama ini mulai berlaku", func(x string) string {
			return replaceOnce(x, `dimaksud dalam Pasal 10.</w:t></w:r>`,
				`dimaksud dalam </w:t></w:r><w:fldSimple w:instr=" REF _Ref190000010 \h "><w:r><w:t>Pasal 10</w:t></w:r></w:fldSimple><w:r><w:t>.</w:t></w:r>`)
		})
		// 8. A hyperlink (relationship to an external target).
		doc = editPara(doc, "(1) PARA PIHAK dapat mempublikasikan", func(x string) string {
			return splitText(x, "https://samarindakota.go.id", func(rPr, w string) string {
				return `<w:hyperlink r:id="rIdLinkPemkot" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink" /></w:rPr><w:t>` + w + `</w:t></w:r></w:hyperlink>`
			})
		})
		p.addRel("word/_rels/document.xml.rels", "rIdLinkPemkot", relBase+"/hyperlink", "https://samarindakota.go.id", "External")
		// 9. A footnote on the Kesepakatan Bersama in the considerations.
		doc = editPara(doc, "c. bahwa PARA PIHAK telah", func(x string) string {
			return replaceOnce(x, `</w:r></w:p>`, `</w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteReference w:id="1" /></w:r></w:p>`)
		})
		fn := p.get("word/footnotes.xml")
		fn = replaceOnce(fn, "</w:footnotes>", `<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText" /></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteRef /></w:r><w:r><w:t xml:space="preserve"> Ditandatangani di Samarinda pada tanggal 10 Maret 2025.</w:t></w:r></w:p></w:footnote></w:footnotes>`)
		p.set("word/footnotes.xml", fn)
		// 10. A header and a footer (the footer with a PAGE field).
		hdrNS := `xmlns:w="` + nsW + `" xmlns:r="` + relBase + `"`
		p.set("word/header1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<w:hdr `+hdrNS+`><w:p><w:pPr><w:pStyle w:val="Header" /><w:jc w:val="right" /></w:pPr><w:r><w:t>PKS Pemerintah Kota Samarinda – Universitas Mulawarman</w:t></w:r></w:p></w:hdr>`)
		p.set("word/footer1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<w:ftr `+hdrNS+`><w:p><w:pPr><w:pStyle w:val="Footer" /><w:jc w:val="center" /></w:pPr><w:r><w:t xml:space="preserve">Halaman </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>`)
		p.addOverride("word/header1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml")
		p.addOverride("word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml")
		p.addRel("word/_rels/document.xml.rels", "rIdHeader1", relBase+"/header", "header1.xml", "")
		p.addRel("word/_rels/document.xml.rels", "rIdFooter1", relBase+"/footer", "footer1.xml", "")
		doc = replaceOnce(doc, `<w:sectPr>`, `<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1" /><w:footerReference w:type="default" r:id="rIdFooter1" />`)
		p.set(mainPart, doc)
		return nil
	})
}

// ---------------------------------------------------------------------------
// Packages that must be refused.

// macro: pks-v1 saved as a macro-enabled document (.docm), as Word writes
// one: the main part's content type is
// application/vnd.ms-word.document.macroEnabled.main+xml and the main part
// has a relationship to word/vbaProject.bin (an OLE compound file given as
// the second argument).
func cmdMacro(a []string) error {
	if err := args(a, 3, "macro IN.docx vbaProject.bin OUT.docm"); err != nil {
		return err
	}
	bin, err := os.ReadFile(a[1])
	if err != nil {
		return err
	}
	return transform(a[0], a[2], func(p *pkg) error {
		ct := p.get("[Content_Types].xml")
		ct = replaceOnce(ct, `ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"`, `ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"`)
		ct = replaceOnce(ct, `<Default Extension="xml"`, `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject" /><Default Extension="xml"`)
		p.set("[Content_Types].xml", ct)
		p.set("word/vbaProject.bin", string(bin))
		p.addRel("word/_rels/document.xml.rels", "rIdVbaProject", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin", "")
		return nil
	})
}

// entity: document.xml with a DOCTYPE declaring an external entity that a
// w:t uses (an XXE attempt).
func cmdEntity(a []string) error {
	if err := args(a, 2, "entity IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		doc := p.get(mainPart)
		doc = replaceOnce(doc, `?><w:document `, "?>\n"+`<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>`+"\n"+`<w:document `)
		doc = replaceOnce(doc, `>PERJANJIAN KERJA SAMA</w:t>`, `>PERJANJIAN KERJA SAMA &x;</w:t>`)
		p.set(mainPart, doc)
		return nil
	})
}

// nomain: _rels/.rels without the officeDocument relationship (the main
// part is still in the zip, but nothing points to it).
func cmdNoMain(a []string) error {
	if err := args(a, 2, "nomain IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		re := regexp.MustCompile(`<Relationship [^>]*relationships/officeDocument"[^>]*/>`)
		r := p.get("_rels/.rels")
		if len(re.FindAllString(r, -1)) != 1 {
			return fmt.Errorf("officeDocument relationship not found once")
		}
		p.set("_rels/.rels", re.ReplaceAllString(r, ""))
		return nil
	})
}

// badxml: document.xml cut in the middle of a start tag about half-way
// through (the zip itself is intact).
func cmdBadXML(a []string) error {
	if err := args(a, 2, "badxml IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		doc := p.get(mainPart)
		k := strings.Index(doc[len(doc)/2:], `<w:pStyle w:val="`) + len(doc)/2
		p.set(mainPart, doc[:k+len(`<w:pStyle w:va`)])
		return nil
	})
}
