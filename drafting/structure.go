package drafting

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The structure rules, applied to each paragraph's Line (label and text,
// leading and trailing spaces ignored) in reading order:
//
//   - "BAB" and a Roman numeral, alone or followed by the chapter's title on
//     the same line (at most 12 words in all): KindBab. The BAB's numeral
//     applies to the paragraphs after it; the Pasal, ayat and huruf start
//     again from none.
//   - "Pasal" and a number, with at most one capital letter after it
//     ("Pasal 8A", inserted between 8 and 9): KindPasal, Pasal 8. The number
//     may be followed by a period, or by a short title on the same line (at most 12 words) that is
//     either written in capitals ("Pasal 1 KETENTUAN UMUM") or set off by a
//     period, colon or dash ("Pasal 1 – Ketentuan Umum") and does not end
//     like a sentence. "Pasal 3 ayat (2) berlaku…" is thus text, not a
//     heading. The paragraphs after it belong to that Pasal.
//   - "(n)" and a space: KindAyat n within the current Pasal.
//   - "a." or "a)" (one lower-case letter, or a doubled one as in "aa.") and
//     a space: KindHuruf.
//   - "1." or "1)" and a space, after a huruf: KindAngka.
//
// Headings are only recognised in the body itself: paragraphs in tables and
// text boxes are KindText, but carry the BAB, Pasal, ayat and huruf they
// stand in. Ayat and huruf are recognised before the first Pasal too (the
// "a. bahwa …" points of a preamble), with Pasal 0.
func assignStructure(ps []*Paragraph) {
	var bab, huruf string
	pasal, ayat := 0, 0
	for _, p := range ps {
		p.Kind = KindText
		if p.Table == nil && !p.TextBox && p.Part == PartBody {
			line := strings.TrimFunc(p.Line(), unicode.IsSpace)
			if r, ok := babHeading(line); ok {
				p.Kind, bab, pasal, ayat, huruf = KindBab, r, 0, 0, ""
			} else if n, ok := pasalHeading(line); ok {
				p.Kind, pasal, ayat, huruf = KindPasal, n, 0, ""
			} else if n, ok := ayatStart(line); ok {
				p.Kind, ayat, huruf = KindAyat, n, ""
			} else if h, ok := hurufStart(line); ok {
				p.Kind, huruf = KindHuruf, h
			} else if angkaStart(line) && huruf != "" {
				p.Kind = KindAngka
			}
		}
		p.Bab, p.Pasal, p.Ayat, p.Huruf = bab, pasal, ayat, huruf
	}
}

// maxHeadingWords bounds a heading with its title on the same line.
const maxHeadingWords = 12

// cutWord cuts a case-insensitive keyword followed by at least one space.
func cutWord(s, word string) (string, bool) {
	if len(s) <= len(word) || !strings.EqualFold(s[:len(word)], word) {
		return "", false
	}
	rest := s[len(word):]
	trimmed := strings.TrimLeftFunc(rest, unicode.IsSpace)
	if len(trimmed) == len(rest) {
		return "", false
	}
	return trimmed, true
}

// babHeading recognises "BAB IV" and "BAB IV KETENTUAN LAIN".
func babHeading(line string) (string, bool) {
	rest, ok := cutWord(line, "BAB")
	if !ok {
		return "", false
	}
	n := 0
	for n < len(rest) && strings.IndexByte("IVXLCivxlc", rest[n]) >= 0 {
		n++
	}
	if n == 0 {
		return "", false
	}
	if n < len(rest) {
		c, _ := utf8.DecodeRuneInString(rest[n:])
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			return "", false
		}
	}
	if len(strings.Fields(line)) > maxHeadingWords {
		return "", false
	}
	return strings.ToUpper(rest[:n]), true
}

// pasalHeading recognises "Pasal 12" and its tolerated variants.
func pasalHeading(line string) (int, bool) {
	rest, ok := cutWord(line, "Pasal")
	if !ok {
		return 0, false
	}
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 0 || n > 5 {
		return 0, false
	}
	num, _ := strconv.Atoi(rest[:n])
	if n < len(rest) && rest[n] >= 'A' && rest[n] <= 'Z' && endsPasalNumber(rest[n+1:]) {
		n++ // "Pasal 8A", a Pasal inserted between 8 and 9
	}
	title := strings.TrimFunc(rest[n:], unicode.IsSpace)
	if title == "" || title == "." {
		return num, true
	}
	if n < len(rest) {
		if c, _ := utf8.DecodeRuneInString(rest[n:]); unicode.IsLetter(c) || unicode.IsDigit(c) {
			return 0, false // "Pasal 12a"
		}
	}
	if len(strings.Fields(title)) > maxHeadingWords {
		return 0, false
	}
	sep, _ := utf8.DecodeRuneInString(title)
	switch sep {
	case '.', ':', '-', '–', '—':
		title = strings.TrimFunc(title[utf8.RuneLen(sep):], unicode.IsSpace)
		last, _ := utf8.DecodeLastRuneInString(title)
		if title == "" || strings.ContainsRune(".;,:", last) {
			return 0, false
		}
		return num, true
	}
	if strings.IndexFunc(title, unicode.IsLower) < 0 && strings.IndexFunc(title, unicode.IsLetter) >= 0 {
		return num, true
	}
	return 0, false
}

// endsPasalNumber reports whether s, what follows a Pasal number, does not
// go on with a letter or digit.
func endsPasalNumber(s string) bool {
	c, _ := utf8.DecodeRuneInString(s)
	return s == "" || !unicode.IsLetter(c) && !unicode.IsDigit(c)
}

// endsItemLabel reports whether s is empty or starts with a space, as after
// the label of an ayat, huruf or angka.
func endsItemLabel(s string) bool {
	if s == "" {
		return true
	}
	c, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(c)
}

// ayatStart recognises "(3) …".
func ayatStart(line string) (int, bool) {
	if len(line) < 3 || line[0] != '(' {
		return 0, false
	}
	n := 1
	for n < len(line) && line[n] >= '0' && line[n] <= '9' {
		n++
	}
	if n == 1 || n > 6 || n >= len(line) || line[n] != ')' || !endsItemLabel(line[n+1:]) {
		return 0, false
	}
	v, _ := strconv.Atoi(line[1:n])
	return v, true
}

// hurufStart recognises "b. …", "b) …" and "aa. …".
func hurufStart(line string) (string, bool) {
	n := 0
	for n < len(line) && line[n] >= 'a' && line[n] <= 'z' {
		n++
	}
	if n == 0 || n > 2 || n == 2 && line[0] != line[1] || n >= len(line) {
		return "", false
	}
	if (line[n] != '.' && line[n] != ')') || !endsItemLabel(line[n+1:]) {
		return "", false
	}
	return line[:n], true
}

// angkaStart recognises "2. …" and "2) …".
func angkaStart(line string) bool {
	n := 0
	for n < len(line) && line[n] >= '0' && line[n] <= '9' {
		n++
	}
	if n == 0 || n > 4 || n >= len(line) {
		return false
	}
	return (line[n] == '.' || line[n] == ')') && endsItemLabel(line[n+1:])
}
