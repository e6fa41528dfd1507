package templates

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzNormalise splits a paragraph's text into runs at the positions the
// fuzzer picks and checks that normalise keeps the text and leaves every
// well-formed placeholder inside one w:t.
func FuzzNormalise(f *testing.F) {
	f.Add("Pada {{TANGGAL}} di {{KOTA}}", []byte{3, 7, 9, 15})
	f.Add("{{A}}{{B}}}}{{", []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add("{{{{X_Y}}}}", []byte{2, 5})
	f.Add("tanpa placeholder", []byte{})
	wt := regexp.MustCompile(`<w:t(?:\s[^>]*)?>([^<]*)</w:t>`)
	f.Fuzz(func(t *testing.T, text string, cuts []byte) {
		text = strings.Map(func(r rune) rune {
			if r == '<' || r == '>' || r == '&' || r == '"' {
				return -1
			}
			return r
		}, text)
		var b strings.Builder
		b.WriteString(`<w:document><w:body><w:p><w:r><w:t>`)
		last := 0
		for _, c := range cuts {
			at := last + int(c)%8
			if at >= len(text) {
				break
			}
			b.WriteString(text[last:at])
			b.WriteString(`</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">`)
			last = at
		}
		b.WriteString(text[last:])
		b.WriteString(`</w:t></w:r></w:p><w:p><w:r><w:t>{{KOTA}}</w:t></w:r></w:p></w:body></w:document>`)
		in := b.String()
		out := string(normalise([]byte(in)))
		textOf := func(doc string) (all string, pieces []string) {
			for _, m := range wt.FindAllStringSubmatch(doc, -1) {
				all += m[1]
				pieces = append(pieces, m[1])
			}
			return all, pieces
		}
		before, _ := textOf(in)
		after, pieces := textOf(out)
		if before != after {
			t.Fatalf("text changed: %q → %q", before, after)
		}
		want := placeholderRE.FindAllString(before, -1)
		var got []string
		for _, p := range pieces {
			got = append(got, placeholderRE.FindAllString(p, -1)...)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("placeholders in single w:t elements %q, want %q\n%s", got, want, out)
		}
		if strings.Count(out, "<w:t") != strings.Count(in, "<w:t") || strings.Count(out, "</w:r>") != strings.Count(in, "</w:r>") {
			t.Fatalf("structure changed:\n%s\n%s", in, out)
		}
	})
}

func TestRepeatParagraphs(t *testing.T) {
	doc := `<w:body><w:p w14:paraId="1A2B3C4D" w14:textId="77777777" w:rsidR="00A1"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr>` +
		`<w:r><w:t>{{RUANG_LINGKUP}}</w:t></w:r></w:p><w:p><w:r><w:t>lihat {{RUANG_LINGKUP}}</w:t></w:r></w:p></w:body>`
	got := string(repeatParagraphs([]byte(doc), "RUANG_LINGKUP", 3))
	want := `<w:body><w:p w14:paraId="1A2B3C4D" w14:textId="77777777" w:rsidR="00A1"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr>` +
		`<w:r><w:t>{{RUANG_LINGKUP#0}}</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{{RUANG_LINGKUP#1}}</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{{RUANG_LINGKUP#2}}</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>lihat {{RUANG_LINGKUP}}</w:t></w:r></w:p></w:body>`
	if got != want {
		t.Errorf("repeatParagraphs:\n got %s\nwant %s", got, want)
	}
}
