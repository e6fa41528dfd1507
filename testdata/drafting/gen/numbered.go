package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// numbered turns a PKS whose labels are typed ("Pasal 3", "(1) …", "a. …",
// in the paragraph styles Pasal, Ayat and Huruf) into the same document with
// Word automatic numbering: the typed labels are removed from the text and
// each paragraph gets a w:numPr.
//
//   - numId 1 → abstractNum 10, lvlText "Pasal %1" (decimal, suffix nothing):
//     every Pasal heading of the document, one continuous list.
//   - numId 100, 101, … → abstractNum 11, lvlText "(%1)" (decimal): one w:num
//     per Pasal, with w:lvlOverride/w:startOverride 1, as Word writes a
//     restarted list.
//   - numId 200, 201, … → abstractNum 12, lvlText "%1." (lowerLetter): one
//     w:num per run of consecutive huruf paragraphs, restarted the same way.
//
// The typed numbers are checked against what the numbering will produce, so
// the labels a reader computes are exactly the typed labels of the source.
func cmdNumbered(a []string) error {
	if err := args(a, 2, "numbered IN.docx OUT.docx"); err != nil {
		return err
	}
	return transform(a[0], a[1], func(p *pkg) error {
		doc := p.get(mainPart)
		reAyat := regexp.MustCompile(`^\((\d+)\) `)
		reHuruf := regexp.MustCompile(`^([a-z])\. `)
		rePasal := regexp.MustCompile(`^Pasal (\d+)$`)
		var out strings.Builder
		last := 0
		pasal, ayat := 0, 0
		ayatNum, hurufNum := 99, 199
		var nums []string
		prevHuruf := false
		huruf := 0
		for _, sp := range paragraphs(doc) {
			x := doc[sp.start:sp.end]
			style, text := paraStyle(x), paraText(x)
			var nx string
			isHuruf := false
			switch {
			case style == "Pasal" && rePasal.MatchString(text):
				n, _ := strconv.Atoi(rePasal.FindStringSubmatch(text)[1])
				pasal++
				if n != pasal {
					return fmt.Errorf("Pasal %d found where Pasal %d was expected", n, pasal)
				}
				ayat = 0
				head, _ := content(x)
				nx = insertPPr(head, numPr(1)) + "</w:p>"
			case style == "Ayat" && reAyat.MatchString(text):
				n, _ := strconv.Atoi(reAyat.FindStringSubmatch(text)[1])
				if ayat == 0 {
					ayatNum++
					nums = append(nums, restartNum(ayatNum, 11))
				}
				ayat++
				if n != ayat {
					return fmt.Errorf("Pasal %d: ayat (%d) found where (%d) was expected", pasal, n, ayat)
				}
				nx = insertPPr(stripLabel(x, reAyat.FindString(text)), numPr(ayatNum))
			case style == "Huruf" && reHuruf.MatchString(text):
				l := reHuruf.FindStringSubmatch(text)[1]
				if !prevHuruf {
					hurufNum++
					nums = append(nums, restartNum(hurufNum, 12))
					huruf = 0
				}
				huruf++
				if want := string(rune('a' + huruf - 1)); l != want {
					return fmt.Errorf("Pasal %d: huruf %s. found where %s. was expected", pasal, l, want)
				}
				nx = insertPPr(stripLabel(x, reHuruf.FindString(text)), numPr(hurufNum))
				isHuruf = true
			default:
				prevHuruf = false
				continue
			}
			prevHuruf = isHuruf
			out.WriteString(doc[last:sp.start])
			out.WriteString(nx)
			last = sp.end
		}
		out.WriteString(doc[last:])
		p.set(mainPart, out.String())
		p.set("word/numbering.xml", numberingXML(nums))
		return nil
	})
}

func numPr(id int) string {
	return `<w:numPr><w:ilvl w:val="0" /><w:numId w:val="` + strconv.Itoa(id) + `" /></w:numPr>`
}

func restartNum(id, abstract int) string {
	return fmt.Sprintf(`<w:num w:numId="%d"><w:abstractNumId w:val="%d" /><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1" /></w:lvlOverride></w:num>`, id, abstract)
}

// stripLabel removes a typed label from the start of the paragraph's first w:t.
func stripLabel(x, label string) string {
	m := reT.FindStringSubmatchIndex(x)
	if m == nil || !strings.HasPrefix(x[m[2]:m[3]], label) {
		panic(fmt.Sprintf("label %q is not at the start of the first w:t of %s", label, trunc(x)))
	}
	return x[:m[2]] + x[m[2]+len(label):]
}

func numberingXML(nums []string) string {
	lvl := func(fmtName, text, jc, suff, pPr string) string {
		s := `<w:lvl w:ilvl="0"><w:start w:val="1" /><w:numFmt w:val="` + fmtName + `" />`
		if suff != "" {
			s += `<w:suff w:val="` + suff + `" />`
		}
		return s + `<w:lvlText w:val="` + text + `" /><w:lvlJc w:val="` + jc + `" /><w:pPr>` + pPr + `</w:pPr></w:lvl>`
	}
	abs := func(id int, nsid, lvlXML string) string {
		return fmt.Sprintf(`<w:abstractNum w:abstractNumId="%d"><w:nsid w:val="%s" /><w:multiLevelType w:val="singleLevel" />%s</w:abstractNum>`, id, nsid, lvlXML)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:numbering xmlns:w="` + nsW + `">`)
	b.WriteString(abs(10, "5A3C0001", lvl("decimal", "Pasal %1", "center", "nothing", `<w:ind w:left="0" w:firstLine="0" />`)))
	b.WriteString(abs(11, "5A3C0002", lvl("decimal", "(%1)", "left", "", `<w:tabs><w:tab w:val="num" w:pos="567" /></w:tabs><w:ind w:left="567" w:hanging="567" />`)))
	b.WriteString(abs(12, "5A3C0003", lvl("lowerLetter", "%1.", "left", "", `<w:tabs><w:tab w:val="num" w:pos="1134" /></w:tabs><w:ind w:left="1134" w:hanging="567" />`)))
	b.WriteString(`<w:num w:numId="1"><w:abstractNumId w:val="10" /></w:num>`)
	for _, n := range nums {
		b.WriteString(n)
	}
	b.WriteString(`</w:numbering>`)
	return b.String()
}
