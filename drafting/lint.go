package drafting

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Severities of a Finding.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Rules checked by Lint; each Finding names one of them.
const (
	RulePasalGap          = "pasal-gap"           // a Pasal number skipped
	RulePasalDuplicate    = "pasal-duplicate"     // a Pasal number used twice
	RulePasalOrder        = "pasal-order"         // a Pasal number lower than the one before
	RuleAyatGap           = "ayat-gap"            // an ayat number skipped within a Pasal
	RuleAyatDuplicate     = "ayat-duplicate"      // an ayat number used twice within a Pasal
	RuleAyatOrder         = "ayat-order"          // an ayat number lower than the one before
	RuleAyatSingle        = "ayat-single"         // a Pasal with one numbered ayat (warning)
	RuleHurufSequence     = "huruf-sequence"      // huruf not in the order a, b, c…
	RuleReferencePasal    = "reference-pasal"     // "Pasal N" that the document does not have
	RuleReferenceAyat     = "reference-ayat"      // "ayat (n)" that the Pasal does not have
	RuleEnumSeparator     = "enum-separator"      // an item but the last not ending with ";"
	RuleEnumConnective    = "enum-connective"     // "dan"/"atau" missing or misplaced (warning)
	RuleEnumEnd           = "enum-end"            // the last item not ending with "." (or ":")
	RuleNumberWords       = "number-words"        // "5 (enam)": digits and words disagree
	RulePlaceholder       = "placeholder"         // "....", "[isi]", "{{nama}}", "XXX" left in the text
	RuleMissingElement    = "missing-element"     // a required element (jangka waktu…) not found
	RuleTermExceedsKB     = "term-exceeds-kb"     // a PKS that outlasts the KB it implements
	RuleTermUnknownLength = "term-unknown-length" // a PKS whose end could not be read (warning)
)

// Finding is one problem found by Lint.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // "error" or "warning"
	// Message says in Bahasa Indonesia what is wrong and what to do.
	Message string `json:"message"`
	Pasal   int    `json:"pasal"` // 0 before the first Pasal or for the whole document
	Ayat    int    `json:"ayat"`
	// Quote is the text concerned, as written (shortened when long).
	Quote string `json:"quote"`
	// Paragraph is the index of the paragraph in Document.Paragraphs(Accept),
	// or -1 for a finding about the whole document.
	Paragraph int `json:"paragraph"`
}

// RequiredElement is a part an agreement must contain, such as "jangka
// waktu".
type RequiredElement struct {
	Name string `json:"name"`
	// Keywords: any of these words (case-insensitive) in a Pasal title or
	// a heading line (the title block, a BAB title) marks the element
	// present. With InText, anywhere in the text.
	Keywords []string `json:"keywords"`
	// Kinds lists the kinds of agreement ("kb", "pks") that need the
	// element; empty means every kind.
	Kinds []string `json:"kinds,omitempty"`
	// InText makes the keywords count anywhere in the body, not only in
	// headings (the parties are named in the opening, not in a Pasal).
	InText bool `json:"in_text,omitempty"`
	// Severity of the finding when the element is missing: "error" (the
	// default when empty) or "warning".
	Severity string `json:"severity,omitempty"`
}

// LintOptions tunes Lint.
type LintOptions struct {
	// Kind is "kb", "pks", or "" to tell from the document's title.
	Kind string
	// Elements are the required elements; nil means DefaultElements.
	Elements []RequiredElement
	// KBEnd is, for a PKS, the end of the KB it implements; zero when
	// unknown.
	KBEnd time.Time
	// Now stands for today when the document's date cannot be read; zero
	// means time.Now().
	Now time.Time
}

// DefaultElements are the elements a KB or PKS must contain (after PP
// 28/2018 and Permendagri 22/2020 on regional cooperation). A KB needs
// fewer: it states the intent; the PKS that implements it carries the
// rights, duties, money and the clauses for when things go wrong.
var DefaultElements = []RequiredElement{
	{Name: "para pihak", Keywords: []string{"PIHAK KESATU", "PIHAK PERTAMA", "PARA PIHAK"}, InText: true},
	{Name: "maksud dan tujuan", Keywords: []string{"maksud", "tujuan"}},
	{Name: "objek", Keywords: []string{"objek", "obyek", "tentang"}, Kinds: []string{"pks"}, Severity: SeverityWarning},
	{Name: "ruang lingkup", Keywords: []string{"ruang lingkup", "lingkup"}},
	{Name: "hak dan kewajiban", Keywords: []string{"hak", "kewajiban"}, Kinds: []string{"pks"}},
	{Name: "jangka waktu", Keywords: []string{"jangka waktu", "masa berlaku"}},
	{Name: "pembiayaan", Keywords: []string{"pembiayaan", "biaya", "pendanaan", "anggaran"}, Kinds: []string{"pks"}, Severity: SeverityWarning},
	{Name: "keadaan kahar", Keywords: []string{"keadaan kahar", "keadaan memaksa", "force majeure"}, Kinds: []string{"pks"}},
	{Name: "penyelesaian perselisihan", Keywords: []string{"perselisihan", "sengketa"}, Kinds: []string{"pks"}},
	{Name: "pengakhiran", Keywords: []string{"pengakhiran", "berakhirnya kerja sama"}, Kinds: []string{"pks"}, Severity: SeverityWarning},
}

// lintPara is a non-blank paragraph of the view with its trimmed line.
type lintPara struct {
	*Paragraph
	idx  int
	line string
}

// Lint checks a KB or PKS for the drafting problems a reviewer would point
// out: Pasal and ayat numbering, references to Pasal or ayat that do not
// exist, enumerations not punctuated as UU 12/2011 Lampiran II asks, numbers
// whose words disagree with the digits, placeholders left in the text,
// required elements missing and, for a PKS, a term that outlasts its KB. It
// reads the accepted text; findings are sorted by paragraph, those about
// the whole document first.
func Lint(d *Document, opt LintOptions) []Finding {
	l := newLinter(d, opt)
	l.outline()
	l.checkPasal()
	l.checkAyat()
	l.checkEnumerations()
	l.checkText()
	l.checkElements()
	l.checkTerm()
	sort.SliceStable(l.out, func(i, j int) bool { return l.out[i].Paragraph < l.out[j].Paragraph })
	return l.out
}

// newLinter prepares the non-empty paragraphs of d for checking.
func newLinter(d *Document, opt LintOptions) *linter {
	all := d.Paragraphs(Accept)
	ps := make([]lintPara, 0, len(all))
	for i, p := range all {
		line := strings.TrimFunc(plainSpace(p.Line()), unicode.IsSpace)
		if line == "" {
			continue
		}
		ps = append(ps, lintPara{p, i, line})
	}
	return &linter{ps: ps, opt: opt}
}

// AgreementEnd reads when an agreement ends: its date of signing from the
// opening, and its term ("selama 3 (tiga) tahun", "sampai dengan tanggal
// …") from the Pasal titled JANGKA WAKTU. ok is false when either cannot be
// read.
func AgreementEnd(d *Document) (end time.Time, ok bool) {
	l := newLinter(d, LintOptions{})
	l.outline()
	start, ok := l.documentDate()
	if !ok {
		return time.Time{}, false
	}
	end, _, _, ok = l.termEnd(start)
	return end, ok
}

// plainSpace turns non-breaking spaces into plain ones.
func plainSpace(s string) string {
	if !strings.ContainsAny(s, "\u00a0\u202f\u2007") {
		return s
	}
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2007", " ").Replace(s)
}

type linter struct {
	ps  []lintPara
	opt LintOptions
	out []Finding
	// pasals maps each Pasal number to the ayat numbers it has.
	pasals map[int]map[int]bool
	// titles holds the title of each Pasal heading, by index in ps.
	titles map[int]string
	// headings are the heading lines: title block, BAB titles, Pasal titles.
	headings []string
}

func (l *linter) add(p *lintPara, rule, sev, quote, format string, args ...any) {
	f := Finding{Rule: rule, Severity: sev, Message: fmt.Sprintf(format, args...), Quote: shorten(quote), Paragraph: -1}
	if p != nil {
		f.Pasal, f.Ayat, f.Paragraph = p.Pasal, p.Ayat, p.idx
	}
	l.out = append(l.out, f)
}

// shorten keeps a quote to at most 100 characters.
func shorten(s string) string {
	const max = 100
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// tail returns the end of a line, for quoting its last punctuation.
func tail(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return "…" + strings.TrimLeftFunc(string(r[len(r)-max+1:]), unicode.IsSpace)
}

// isTitle reports whether a line reads as a heading's title: short and not
// ending like a sentence.
func isTitle(s string) bool {
	if len(strings.Fields(s)) > maxHeadingWords {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".;:,", last)
}

// outline gathers the Pasal numbers, their ayat, their titles and the
// heading lines.
func (l *linter) outline() {
	l.pasals = map[int]map[int]bool{}
	l.titles = map[int]string{}
	seenStructure := false
	for i := range l.ps {
		p := &l.ps[i]
		switch p.Kind {
		case KindPasal:
			seenStructure = true
			if l.pasals[p.Pasal] == nil {
				l.pasals[p.Pasal] = map[int]bool{}
			}
			title := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(p.line[len(p.Label):]), "0123456789"))
			if p.Label == "" {
				rest, _ := cutWord(p.line, "Pasal")
				title = strings.TrimLeft(rest, "0123456789")
			}
			title = strings.TrimLeft(title, " .:-–—")
			if title == "" && i+1 < len(l.ps) && l.ps[i+1].Kind == KindText && l.ps[i+1].Table == nil && isTitle(l.ps[i+1].line) {
				title = l.ps[i+1].line
			}
			l.titles[i] = title
			if title != "" {
				l.headings = append(l.headings, title)
			}
		case KindBab:
			seenStructure = true
			l.headings = append(l.headings, p.line)
			if i+1 < len(l.ps) && l.ps[i+1].Kind == KindText && isTitle(l.ps[i+1].line) {
				l.headings = append(l.headings, l.ps[i+1].line)
			}
		case KindAyat:
			if m := l.pasals[p.Pasal]; m != nil {
				m[p.Ayat] = true
			}
		case KindText:
			if !seenStructure && p.Table == nil && isTitle(p.line) && strings.IndexFunc(p.line, unicode.IsLower) < 0 {
				l.headings = append(l.headings, p.line) // the title block
			}
		}
	}
}

// checkPasal: Pasal numbers go 1, 2, 3… without gaps or repeats.
func (l *linter) checkPasal() {
	seen := map[int]bool{}
	prev := 0
	for i := range l.ps {
		p := &l.ps[i]
		if p.Kind != KindPasal {
			continue
		}
		n := p.Pasal
		switch {
		case seen[n]:
			l.add(p, RulePasalDuplicate, SeverityError, p.line,
				"Nomor Pasal %d dipakai lebih dari sekali; beri nomor urut yang berbeda.", n)
		case n < prev:
			l.add(p, RulePasalOrder, SeverityError, p.line,
				"Pasal %d muncul setelah Pasal %d; urutkan nomor Pasal dari kecil ke besar.", n, prev)
		case n > prev+1:
			missing := fmt.Sprintf("Pasal %d", prev+1)
			if n > prev+2 {
				missing = fmt.Sprintf("Pasal %d sampai dengan Pasal %d", prev+1, n-1)
			}
			l.add(p, RulePasalGap, SeverityError, p.line,
				"Penomoran Pasal melompat: %s tidak ada sebelum Pasal %d; perbaiki nomor urut Pasal.", missing, n)
		}
		seen[n] = true
		if n > prev {
			prev = n
		}
	}
}

// checkAyat: within each Pasal the ayat go (1), (2), (3)…
func (l *linter) checkAyat() {
	var seen map[int]bool
	prev, count := 0, 0
	var first *lintPara
	flush := func() {
		if count == 1 && first != nil {
			l.add(first, RuleAyatSingle, SeverityWarning, first.line,
				"Pasal %d hanya memiliki satu ayat; Pasal dengan satu ayat tidak diberi nomor ayat (UU 12/2011 Lampiran II).", first.Pasal)
		}
	}
	for i := range l.ps {
		p := &l.ps[i]
		switch p.Kind {
		case KindPasal, KindBab:
			flush()
			seen, prev, count, first = map[int]bool{}, 0, 0, nil
			continue
		case KindAyat:
		default:
			continue
		}
		if p.Pasal == 0 {
			continue
		}
		if seen == nil {
			seen = map[int]bool{}
		}
		n := p.Ayat
		count++
		if first == nil {
			first = p
		}
		switch {
		case seen[n]:
			l.add(p, RuleAyatDuplicate, SeverityError, p.line,
				"Ayat (%d) dipakai lebih dari sekali dalam Pasal %d; beri nomor urut yang berbeda.", n, p.Pasal)
		case n < prev:
			l.add(p, RuleAyatOrder, SeverityError, p.line,
				"Ayat (%d) muncul setelah ayat (%d) dalam Pasal %d; urutkan nomor ayat.", n, prev, p.Pasal)
		case n > prev+1:
			l.add(p, RuleAyatGap, SeverityError, p.line,
				"Penomoran ayat dalam Pasal %d melompat dari (%d) ke (%d); perbaiki nomor urut ayat.", p.Pasal, prev, n)
		}
		seen[n] = true
		if n > prev {
			prev = n
		}
	}
	flush()
}

// enumItem is one huruf or angka item of an enumeration.
type enumItem struct {
	p      *lintPara
	label  string // "a", "b" or "1", "2"
	parent bool   // introduces sub-items
}

// checkEnumerations applies the punctuation of UU 12/2011 Lampiran II to
// every run of huruf items and every run of angka items under a huruf.
func (l *linter) checkEnumerations() {
	var huruf []enumItem
	var angka []enumItem
	flushAngka := func() {
		if len(angka) > 0 {
			l.checkRun(angka, true)
			angka = nil
		}
	}
	flushHuruf := func() {
		flushAngka()
		if len(huruf) > 0 {
			l.checkRun(huruf, false)
			huruf = nil
		}
	}
	for i := range l.ps {
		p := &l.ps[i]
		switch p.Kind {
		case KindHuruf:
			flushAngka()
			if len(huruf) > 0 && (huruf[len(huruf)-1].p.Pasal != p.Pasal || huruf[len(huruf)-1].p.Ayat != p.Ayat) {
				flushHuruf()
			}
			huruf = append(huruf, enumItem{p: p, label: p.Huruf})
		case KindAngka:
			if len(huruf) > 0 {
				huruf[len(huruf)-1].parent = true
			}
			lbl := p.line
			if n := strings.IndexAny(lbl, ".)"); n > 0 {
				lbl = lbl[:n]
			}
			angka = append(angka, enumItem{p: p, label: lbl})
		default:
			flushHuruf()
		}
	}
	flushHuruf()
}

// connectives end the second-to-last item of an enumeration.
var connectives = []string{"dan/atau", "dan", "atau"}

// splitEnding cuts a final connective ("…; dan") off an item's text.
func splitEnding(s string) (body, conn string) {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	for _, c := range connectives {
		if len(s) > len(c) && strings.EqualFold(s[len(s)-len(c):], c) {
			before := s[:len(s)-len(c)]
			r, _ := utf8.DecodeLastRuneInString(before)
			if unicode.IsSpace(r) || r == ';' || r == ',' {
				return strings.TrimRightFunc(before, unicode.IsSpace), c
			}
		}
	}
	return s, ""
}

// letterIndex gives the 0-based position of a huruf label: a → 0, z → 25,
// aa → 26, bb → 27.
func letterIndex(s string) int {
	if s == "" {
		return -1
	}
	n := int(s[0] - 'a')
	if len(s) == 2 {
		n += 26
	}
	return n
}

func (l *linter) checkRun(items []enumItem, sub bool) {
	n := len(items)
	// Definitions ("X adalah …") and considerations ("bahwa …") take no
	// "dan"; considerations may end with ";" too.
	defs, recitals := true, true
	for _, it := range items {
		low := strings.ToLower(it.p.line)
		if !strings.Contains(low, " adalah ") && !strings.Contains(low, " yang selanjutnya disebut ") {
			defs = false
		}
		if !strings.HasPrefix(strings.TrimSpace(strings.ToLower(it.p.line[len(it.label)+1:])), "bahwa") {
			recitals = false
		}
	}
	for k, it := range items {
		p := it.p
		// Order of the labels.
		if !sub {
			if k == 0 && it.label != "a" {
				l.add(p, RuleHurufSequence, SeverityError, p.line,
					"Rincian dimulai dengan huruf %s.; rincian pertama diberi huruf a.", it.label)
			} else if k > 0 && letterIndex(it.label) != letterIndex(items[k-1].label)+1 {
				l.add(p, RuleHurufSequence, SeverityError, p.line,
					"Huruf %s. muncul setelah huruf %s.; urutkan huruf rincian (a, b, c, …).", it.label, items[k-1].label)
			}
		} else if v, err := strconv.Atoi(it.label); err == nil && v != k+1 && (k == 0 || v != mustAtoi(items[k-1].label)+1) {
			l.add(p, RuleHurufSequence, SeverityError, p.line,
				"Angka %d. tidak berurutan; urutkan angka rincian (1, 2, 3, …).", v)
		}
		if it.parent {
			if !strings.HasSuffix(strings.TrimSpace(p.line), ":") {
				l.add(p, RuleEnumEnd, SeverityError, tail(p.line),
					"Rincian yang memiliki rincian lebih lanjut diakhiri dengan titik dua (:).")
			}
			continue
		}
		if n == 1 {
			continue
		}
		body, conn := splitEnding(p.line)
		last, _ := utf8.DecodeLastRuneInString(body)
		switch {
		case k < n-1:
			if last != ';' {
				l.add(p, RuleEnumSeparator, SeverityError, tail(p.line),
					"Rincian selain yang terakhir diakhiri dengan titik koma (;); ganti tanda baca di akhir rincian %s.", it.label)
				continue
			}
			if defs || recitals {
				continue
			}
			if k == n-2 && conn == "" {
				l.add(p, RuleEnumConnective, SeverityWarning, tail(p.line),
					"Rincian kedua dari terakhir diakhiri dengan \"; dan\" (kumulatif), \"; atau\" (alternatif) atau \"; dan/atau\"; tambahkan kata penghubung setelah rincian %s.", it.label)
			} else if k < n-2 && conn != "" {
				l.add(p, RuleEnumConnective, SeverityWarning, tail(p.line),
					"Kata \"%s\" hanya ditulis di akhir rincian kedua dari terakhir; hapus dari rincian %s.", conn, it.label)
			}
		default: // the last item
			switch {
			case sub && last == ';':
				// the last sub-item ends as its parent would: ";", or
				// "; dan" when the parent is second-to-last
			case conn != "":
				l.add(p, RuleEnumEnd, SeverityError, tail(p.line),
					"Rincian terakhir tidak diakhiri dengan \"%s\"; pindahkan kata itu ke rincian sebelumnya dan akhiri rincian ini dengan titik (.).", conn)
			case last == '.' || last == ':':
			case last == ';' && recitals:
				// a consideration may end with ";"
			default:
				l.add(p, RuleEnumEnd, SeverityError, tail(p.line),
					"Rincian terakhir diakhiri dengan titik (.); ganti tanda baca di akhir rincian %s.", it.label)
			}
		}
	}
}

func mustAtoi(s string) int {
	v, _ := strconv.Atoi(s)
	return v
}

var (
	// refPattern finds "Pasal 12", "Pasal 12 ayat (3)" and "ayat (3)".
	refPattern = regexp.MustCompile(`\b(?:[Pp]asal\s+(\d+)(?:\s+ayat\s+\((\d+)\))?|ayat\s+\((\d+)\))`)
	// numberPattern finds digits followed by words in parentheses: "5
	// (lima)", "Rp1.500.000,00 (satu juta lima ratus ribu rupiah)".
	numberPattern = regexp.MustCompile(`(\d[\d.]*(?:,\d+)?)\s*(?:%\s*)?\(([\p{L} /-]+)\)`)
	// placeholderPattern finds text left to be filled in.
	placeholderPattern = regexp.MustCompile(`\.{3,}|…+|\[[^\]]{0,40}\]|\{\{[^}]{0,40}\}\}|\bX{3,}\b|_{3,}`)
)

// externalWords follow a Pasal reference that points into another
// instrument ("Pasal 363 Undang-Undang Nomor 23 Tahun 2014").
var externalWords = []string{"undang", "uu", "peraturan", "perpres", "permendagri", "pp", "keputusan", "instruksi", "kitab", "kuh", "kesepakatan", "perjanjian", "nota", "surat"}

// isExternal reports whether the reference ending at rest points into
// another document.
func isExternal(rest string) bool {
	rest = strings.TrimLeft(rest, " ,")
	// skip "huruf b" / "angka 2" of the same reference
	for {
		f := strings.Fields(rest)
		if len(f) >= 2 && (strings.EqualFold(f[0], "huruf") || strings.EqualFold(f[0], "angka")) {
			rest = strings.TrimSpace(rest[strings.Index(rest, f[1])+len(f[1]):])
			continue
		}
		break
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return false
	}
	w := strings.ToLower(strings.Trim(f[0], ".,;:()"))
	for _, e := range externalWords {
		if strings.HasPrefix(w, e) && (e != "pp" || w == "pp") && (e != "uu" || w == "uu") {
			if (e == "kesepakatan" || e == "perjanjian" || e == "nota") && len(f) >= 3 && strings.EqualFold(strings.Trim(f[2], ".,;:"), "ini") {
				return false // "Pasal 3 Perjanjian Kerja ini": hardly, but "Kesepakatan Bersama ini"
			}
			if (e == "kesepakatan" || e == "perjanjian") && len(f) >= 4 && strings.EqualFold(strings.Trim(f[3], ".,;:"), "ini") {
				return false // "Pasal 3 Perjanjian Kerja Sama ini"
			}
			return true
		}
	}
	return false
}

// checkText looks inside each paragraph: references, numbers, placeholders.
func (l *linter) checkText() {
	for i := range l.ps {
		p := &l.ps[i]
		if p.Kind == KindPasal || p.Kind == KindBab {
			continue
		}
		text := p.line
		// References.
		if p.Pasal > 0 && (strings.Contains(text, "asal ") || strings.Contains(text, "ayat (")) {
			for _, m := range refPattern.FindAllStringSubmatchIndex(text, -1) {
				if isExternal(text[m[1]:]) {
					continue
				}
				quote := text[m[0]:m[1]]
				if m[2] >= 0 {
					n, _ := strconv.Atoi(text[m[2]:m[3]])
					ayat, ok := l.pasals[n]
					if !ok {
						l.add(p, RuleReferencePasal, SeverityError, quote,
							"Rujukan ke Pasal %d, padahal dokumen tidak memiliki Pasal %d; perbaiki nomor Pasal yang dirujuk.", n, n)
						continue
					}
					if m[4] >= 0 {
						a, _ := strconv.Atoi(text[m[4]:m[5]])
						if !ayat[a] {
							l.add(p, RuleReferenceAyat, SeverityError, quote,
								"Rujukan ke ayat (%d) Pasal %d, padahal Pasal %d tidak memiliki ayat (%d); perbaiki nomor ayat yang dirujuk.", a, n, n, a)
						}
					}
					continue
				}
				a, _ := strconv.Atoi(text[m[6]:m[7]])
				if strings.HasPrefix(strings.TrimLeft(text[m[1]:], " ,"), "Pasal") {
					continue // "ayat (2) Pasal 5" names another Pasal's ayat
				}
				if ayat := l.pasals[p.Pasal]; ayat != nil && !ayat[a] {
					l.add(p, RuleReferenceAyat, SeverityError, quote,
						"Rujukan ke ayat (%d), padahal Pasal %d tidak memiliki ayat (%d); perbaiki nomor ayat yang dirujuk.", a, p.Pasal, a)
				}
			}
		}
		// Numbers written in digits and words.
		if !strings.Contains(text, "(") {
			goto placeholders
		}
		for _, m := range numberPattern.FindAllStringSubmatchIndex(text, -1) {
			digits, words := text[m[2]:m[3]], text[m[4]:m[5]]
			want, ok := parseDigits(digits)
			if !ok {
				continue
			}
			got, ok := ParseNumberWords(words)
			if !ok {
				continue
			}
			if got != want {
				l.add(p, RuleNumberWords, SeverityError, text[m[0]:m[1]],
					"Angka %s tidak sesuai dengan tulisannya \"%s\" (%s); samakan angka dan huruf.", digits, words, formatFloat(got))
			}
		}
	placeholders:
		if !mayHoldPlaceholder(text) {
			continue
		}
		for _, m := range placeholderPattern.FindAllStringIndex(text, -1) {
			l.add(p, RulePlaceholder, SeverityError, text[m[0]:m[1]],
				"Masih ada isian yang belum dilengkapi (%s); lengkapi atau hapus sebelum dokumen diedarkan.", text[m[0]:m[1]])
		}
	}
}

// mayHoldPlaceholder is a quick test before placeholderPattern.
func mayHoldPlaceholder(s string) bool {
	return strings.Contains(s, "...") || strings.Contains(s, "…") || strings.Contains(s, "[") ||
		strings.Contains(s, "{{") || strings.Contains(s, "XXX") || strings.Contains(s, "___")
}

// parseDigits reads "1.500.000,00" (dots group thousands, a comma starts
// the decimals) or "12".
func parseDigits(s string) (float64, bool) {
	s = strings.TrimRight(s, ".")
	intPart, frac, _ := strings.Cut(s, ",")
	if strings.Contains(intPart, ".") {
		groups := strings.Split(intPart, ".")
		for i, g := range groups {
			if (i > 0 && len(g) != 3) || g == "" {
				return 0, false
			}
		}
		intPart = strings.Join(groups, "")
	}
	v, err := strconv.ParseFloat(intPart+"."+frac+"0", 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

func formatFloat(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// numberUnits are words that may follow a number in words without being
// part of it.
var numberUnits = map[string]bool{"rupiah": true, "persen": true}

var smallNumbers = map[string]float64{
	"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
	"tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11,
	"seratus": 100, "seribu": 1000, "sejuta": 1e6, "semiliar": 1e9,
}

var numberScales = map[string]float64{"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}

// ParseNumberWords reads an Indonesian number written in words, as in the
// parentheses after digits: "enam" → 6, "dua belas" → 12, "tiga puluh" →
// 30, "seratus dua puluh" → 120, "satu juta lima ratus ribu rupiah" →
// 1500000, "dua koma lima" → 2.5. Case and a trailing "rupiah" or
// "persen" are ignored. It reports false for anything else.
func ParseNumberWords(s string) (float64, bool) {
	words := strings.Fields(strings.ToLower(strings.ReplaceAll(s, "-", " ")))
	for len(words) > 0 && numberUnits[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	if len(words) > 1 && words[len(words)-2] == "per" && words[len(words)-1] == "seratus" {
		words = words[:len(words)-2] // "sepuluh per seratus"
	}
	if len(words) == 0 {
		return 0, false
	}
	var frac []string
	for i, w := range words {
		if w == "koma" {
			words, frac = words[:i], words[i+1:]
			if len(frac) == 0 {
				return 0, false
			}
			break
		}
	}
	v, ok := parseInteger(words)
	if !ok {
		return 0, false
	}
	if frac != nil {
		var b strings.Builder
		for _, w := range frac {
			d, ok := smallNumbers[w]
			if !ok || d > 9 {
				return 0, false
			}
			b.WriteByte(byte('0' + int(d)))
		}
		f, _ := strconv.ParseFloat("0."+b.String(), 64)
		v += f
	}
	return v, true
}

// parseInteger reads the integer words: units, "belas", "puluh", "ratus"
// and the scales ribu, juta, miliar, triliun.
func parseInteger(words []string) (float64, bool) {
	if len(words) == 0 {
		return 0, false
	}
	var total, group, cur float64
	have := false    // cur holds a digit not yet multiplied
	lastScale := 0.0 // to refuse "ribu … juta"
	for _, w := range words {
		switch w {
		case "belas":
			if !have || cur > 9 {
				return 0, false
			}
			group += cur + 10
			cur, have = 0, false
			continue
		case "puluh":
			if !have || cur > 9 {
				return 0, false
			}
			group += cur * 10
			cur, have = 0, false
			continue
		case "ratus":
			if !have || cur > 9 || group != 0 {
				return 0, false
			}
			group += cur * 100
			cur, have = 0, false
			continue
		}
		if sc, ok := numberScales[w]; ok {
			group += cur
			cur, have = 0, false
			if group == 0 || group >= 1000 || (lastScale != 0 && sc >= lastScale) {
				return 0, false
			}
			total += group * sc
			group, lastScale = 0, sc
			continue
		}
		v, ok := smallNumbers[w]
		if !ok {
			return 0, false
		}
		if have {
			return 0, false // two units in a row: "dua tiga"
		}
		switch {
		case v >= 1e6: // sejuta, semiliar
			if group != 0 || (lastScale != 0 && v >= lastScale) {
				return 0, false
			}
			total += v
			lastScale = v
		case v == 1000: // seribu
			if group != 0 || (lastScale != 0 && lastScale <= 1000) {
				return 0, false
			}
			total += 1000
			lastScale = 1000
		case v == 100 || v == 10 || v == 11: // seratus, sepuluh, sebelas
			group += v
		default:
			cur, have = v, true
		}
	}
	return total + group + cur, true
}

// checkElements reports the required elements that no heading names.
func (l *linter) checkElements() {
	elems := l.opt.Elements
	if elems == nil {
		elems = DefaultElements
	}
	kind := strings.ToLower(l.opt.Kind)
	if kind == "" {
		kind = l.kind()
	}
	heads := strings.ToLower(strings.Join(l.headings, "\n"))
	var body string
	for _, e := range elems {
		if !kindApplies(e.Kinds, kind) {
			continue
		}
		found := false
		for _, k := range e.Keywords {
			k = strings.ToLower(k)
			if containsWord(heads, k) {
				found = true
				break
			}
			if e.InText {
				if body == "" {
					var b strings.Builder
					for _, p := range l.ps {
						b.WriteString(strings.ToLower(p.line))
						b.WriteByte('\n')
					}
					body = b.String()
				}
				if containsWord(body, k) {
					found = true
					break
				}
			}
		}
		if !found {
			sev := e.Severity
			if sev != SeverityWarning {
				sev = SeverityError
			}
			if e.InText {
				l.add(nil, RuleMissingElement, sev, e.Name,
					"Unsur \"%s\" tidak ditemukan dalam dokumen; lengkapi dokumen dengan %s.", e.Name, e.Name)
				continue
			}
			l.add(nil, RuleMissingElement, sev, e.Name,
				"Unsur \"%s\" tidak ditemukan dalam judul Pasal mana pun; tambahkan Pasal yang mengatur %s.", e.Name, e.Name)
		}
	}
}

// kindApplies reports whether an element for kinds applies to kind; with
// kind unknown, only the elements every kind needs apply.
func kindApplies(kinds []string, kind string) bool {
	if len(kinds) == 0 {
		return true
	}
	for _, k := range kinds {
		if strings.EqualFold(k, kind) {
			return true
		}
	}
	return false
}

// containsWord reports whether s contains w starting and ending at word
// boundaries.
func containsWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if (i == 0 || !unicode.IsLetter(before)) && (i+len(w) == len(s) || !unicode.IsLetter(after)) {
			return true
		}
		off = i + len(w)
	}
}

// kind tells a KB from a PKS by the title before the first Pasal.
func (l *linter) kind() string {
	for _, p := range l.ps {
		if p.Kind != KindText {
			break
		}
		up := strings.ToUpper(p.line)
		switch {
		case strings.Contains(up, "KESEPAKATAN BERSAMA"):
			return "kb"
		case strings.Contains(up, "PERJANJIAN KERJA SAMA"), strings.Contains(up, "PERJANJIAN KERJASAMA"):
			return "pks"
		}
	}
	return ""
}

var (
	// durationPattern reads "berlaku selama 2 (dua) tahun" or "jangka waktu 6 (enam) bulan".
	durationPattern = regexp.MustCompile(`(?i)(?:selama|jangka waktu|untuk waktu|masa|adalah|berlaku)\s+(?:paling lama\s+)?(\d+)\s*(?:\([^)]*\)\s*)?(tahun|bulan|hari)`)
	// untilPattern reads "sampai dengan tanggal 31 Desember 2027".
	untilPattern = regexp.MustCompile(`(?i)(?:sampai dengan|hingga|s\.d\.)\s+tanggal\s+(\d{1,2})\s+(\p{L}+)\s+(\d{4})`)
	// numericDate reads "12-01-2026" or "12/01/2026".
	numericDate = regexp.MustCompile(`\b(\d{1,2})[-/](\d{1,2})[-/](\d{4})\b`)
	// wordDate reads "tanggal 12 Januari 2026".
	wordDate = regexp.MustCompile(`(?i)tanggal\s+(\d{1,2})\s+(\p{L}+)\s+(\d{4})`)
	// spelledDate reads "tanggal Dua Belas bulan Januari tahun Dua Ribu Dua Puluh Enam".
	spelledDate = regexp.MustCompile(`(?i)tanggal\s+([\p{L} ]+?)\s+bulan\s+(\p{L}+)\s+tahun\s+([\p{L} ]+?)(?:\s*[(,.]|$)`)
)

var monthNames = map[string]time.Month{
	"januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
	"juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11, "desember": 12,
}

func makeDate(day, month string, year string) (time.Time, bool) {
	d, err1 := strconv.Atoi(day)
	y, err2 := strconv.Atoi(year)
	m, ok := monthNames[strings.ToLower(month)]
	if !ok {
		if v, err := strconv.Atoi(month); err == nil && v >= 1 && v <= 12 {
			m, ok = time.Month(v), true
		}
	}
	if err1 != nil || err2 != nil || !ok || d < 1 || d > 31 {
		return time.Time{}, false
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
}

// documentDate reads the date of signing from the opening ("Pada hari ini
// Senin tanggal Dua Belas bulan Januari tahun Dua Ribu Dua Puluh Enam
// (12-01-2026)").
func (l *linter) documentDate() (time.Time, bool) {
	for _, p := range l.ps {
		if p.Kind == KindPasal || p.Kind == KindBab {
			break
		}
		if m := numericDate.FindStringSubmatch(p.line); m != nil {
			if t, ok := makeDate(m[1], m[2], m[3]); ok {
				return t, true
			}
		}
		if m := wordDate.FindStringSubmatch(p.line); m != nil {
			if t, ok := makeDate(m[1], m[2], m[3]); ok {
				return t, true
			}
		}
		if m := spelledDate.FindStringSubmatch(p.line); m != nil {
			d, ok1 := ParseNumberWords(m[1])
			y, ok2 := ParseNumberWords(m[3])
			if ok1 && ok2 {
				if t, ok := makeDate(strconv.Itoa(int(d)), m[2], strconv.Itoa(int(y))); ok {
					return t, true
				}
			}
		}
	}
	return time.Time{}, false
}

// checkTerm compares the end of a PKS with the end of its KB.
func (l *linter) checkTerm() {
	if l.opt.KBEnd.IsZero() {
		return
	}
	kind := strings.ToLower(l.opt.Kind)
	if kind == "" {
		kind = l.kind()
	}
	if kind == "kb" {
		return
	}
	start, ok := l.documentDate()
	if !ok {
		start = l.opt.Now
		if start.IsZero() {
			start = time.Now()
		}
		start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	}
	kbEnd := l.opt.KBEnd
	end, p, quote, ok := l.termEnd(start)
	switch {
	case p == nil:
		return // no Pasal about the term: reported as a missing element
	case !ok:
		l.add(p, RuleTermUnknownLength, SeverityWarning, p.line,
			"Jangka waktu dalam Pasal %d tidak dapat dibaca (\"selama N (…) tahun\" atau \"sampai dengan tanggal …\"); periksa sendiri bahwa Perjanjian Kerja Sama tidak melewati Kesepakatan Bersama yang berakhir %s.",
			p.Pasal, indonesianDate(kbEnd))
	case end.After(kbEnd):
		l.add(p, RuleTermExceedsKB, SeverityError, quote,
			"Jangka waktu Perjanjian Kerja Sama berakhir %s, melewati berakhirnya Kesepakatan Bersama %s; sesuaikan jangka waktu agar tidak melebihi Kesepakatan Bersama.",
			indonesianDate(end), indonesianDate(kbEnd))
	}
}

// termEnd reads the end of the agreement from the Pasal whose title names
// "jangka waktu", counting a duration from start. It returns the paragraph
// that says it and the words quoted; p is the Pasal heading (and ok false)
// when the term cannot be read, nil when there is no such Pasal.
func (l *linter) termEnd(start time.Time) (end time.Time, p *lintPara, quote string, ok bool) {
	var heading *lintPara
	for i := range l.ps {
		if l.ps[i].Kind == KindPasal && containsWord(strings.ToLower(l.titles[i]), "jangka waktu") {
			heading = &l.ps[i]
			break
		}
	}
	if heading == nil {
		return time.Time{}, nil, "", false
	}
	for i := range l.ps {
		p := &l.ps[i]
		if p.Pasal != heading.Pasal || p.Kind == KindPasal {
			continue
		}
		if m := untilPattern.FindStringSubmatchIndex(p.line); m != nil {
			t, ok := makeDate(p.line[m[2]:m[3]], p.line[m[4]:m[5]], p.line[m[6]:m[7]])
			if !ok {
				continue
			}
			return t, p, p.line[m[0]:m[1]], true
		}
		if m := durationPattern.FindStringSubmatchIndex(p.line); m != nil {
			n, _ := strconv.Atoi(p.line[m[2]:m[3]])
			switch strings.ToLower(p.line[m[4]:m[5]]) {
			case "tahun":
				end = start.AddDate(n, 0, 0)
			case "bulan":
				end = start.AddDate(0, n, 0)
			default:
				end = start.AddDate(0, 0, n)
			}
			return end, p, p.line[m[0]:m[1]], true
		}
	}
	return time.Time{}, heading, "", false
}

// indonesianDate writes "12 Januari 2028".
func indonesianDate(t time.Time) string {
	names := [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	return fmt.Sprintf("%d %s %d", t.Day(), names[t.Month()-1], t.Year())
}
