package drafting

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numbering resolves Word list numbering (numbering.xml and the styles that
// carry numbering) to the labels a reader sees.
//
// Counting follows Word: the counters belong to the abstract numbering
// definition, so every w:num pointing at the same w:abstractNum continues
// the same list, except that a w:num with a w:startOverride restarts the
// overridden levels at its first use. Using a level resets the deeper levels
// (w:lvlRestart can say otherwise).
type numbering struct {
	abstracts map[int]*abstractNum
	nums      map[int]*numInstance
	// styleNum maps a numbering style to its w:numId (styles.xml), for
	// w:numStyleLink.
	styleNum map[string]int
}

// numLevels is the number of list levels (w:ilvl 0 to 8).
const numLevels = 9

// numLevel is one w:lvl.
type numLevel struct {
	start      int
	format     string // w:numFmt
	text       string // w:lvlText
	hasText    bool
	restart    int // w:lvlRestart, 1-based; 0 never
	hasRestart bool
	pStyle     string
	isLgl      bool
}

// abstractNum is one w:abstractNum.
type abstractNum struct {
	levels       [numLevels]*numLevel
	numStyleLink string // this definition is the one of that numbering style
}

// numInstance is one w:num.
type numInstance struct {
	abstractID int
	overrides  [numLevels]*levelOverride
}

// levelOverride is one w:lvlOverride.
type levelOverride struct {
	start    int
	hasStart bool
	lvl      *numLevel
}

func newNumbering() *numbering {
	return &numbering{abstracts: map[int]*abstractNum{}, nums: map[int]*numInstance{}, styleNum: map[string]int{}}
}

// read parses numbering.xml.
func (n *numbering) read(name string, data []byte) error {
	x, err := newXMLReader(name, data)
	if err != nil {
		return err
	}
	if _, err := x.root(); err != nil {
		return err
	}
	return x.children(func(t token) error {
		switch {
		case t.is(nsW, "abstractNum"):
			id := atoi(wAttr(t.attr, "abstractNumId"))
			a := &abstractNum{}
			if _, dup := n.abstracts[id]; !dup {
				n.abstracts[id] = a
			}
			return x.children(func(c token) error {
				switch {
				case c.is(nsW, "lvl"):
					i := atoi(wAttr(c.attr, "ilvl"))
					l, err := readLevel(x)
					if err == nil && i >= 0 && i < numLevels {
						a.levels[i] = l
					}
					return err
				case c.is(nsW, "numStyleLink"):
					a.numStyleLink = wAttr(c.attr, "val")
				case c.is(nsMC, "AlternateContent"):
					return x.alternate()
				}
				return nil
			})
		case t.is(nsW, "num"):
			id := atoi(wAttr(t.attr, "numId"))
			m := &numInstance{abstractID: -1}
			if _, dup := n.nums[id]; !dup {
				n.nums[id] = m
			}
			return x.children(func(c token) error {
				switch {
				case c.is(nsW, "abstractNumId"):
					m.abstractID = atoi(wAttr(c.attr, "val"))
				case c.is(nsW, "lvlOverride"):
					i := atoi(wAttr(c.attr, "ilvl"))
					o := &levelOverride{}
					if i >= 0 && i < numLevels {
						m.overrides[i] = o
					}
					return x.children(func(c token) error {
						switch {
						case c.is(nsW, "startOverride"):
							o.start, o.hasStart = atoi(wAttr(c.attr, "val")), true
						case c.is(nsW, "lvl"):
							l, err := readLevel(x)
							o.lvl = l
							return err
						}
						return nil
					})
				}
				return nil
			})
		case t.is(nsMC, "AlternateContent"):
			return x.alternate()
		}
		return nil
	})
}

// readLevel reads the w:lvl element whose start was just delivered.
func readLevel(x *xmlReader) (*numLevel, error) {
	l := &numLevel{format: "decimal"}
	err := x.children(func(c token) error {
		if c.ns == nsMC && c.local == "AlternateContent" {
			// w14:numFmt in a Choice, w:numFmt in the Fallback.
			return x.alternate()
		}
		if c.ns != nsW {
			return nil
		}
		switch c.local {
		case "start":
			l.start = atoi(wAttr(c.attr, "val"))
		case "numFmt":
			l.format = wAttr(c.attr, "val")
		case "lvlText":
			l.text, l.hasText = wAttr(c.attr, "val"), true
		case "lvlRestart":
			l.restart, l.hasRestart = atoi(wAttr(c.attr, "val")), true
		case "pStyle":
			l.pStyle = wAttr(c.attr, "val")
		case "isLgl":
			l.isLgl = onOff(c.attr)
		}
		return nil
	})
	return l, err
}

// abstractOf returns the abstract definition a w:num uses, following
// w:numStyleLink to the numbering style's own list, and its ID.
func (n *numbering) abstractOf(m *numInstance) (int, *abstractNum) {
	id := m.abstractID
	for range 4 {
		a := n.abstracts[id]
		if a == nil {
			return id, nil
		}
		if a.numStyleLink == "" {
			return id, a
		}
		linked, ok := n.styleNum[a.numStyleLink]
		if !ok {
			return id, a
		}
		lm := n.nums[linked]
		if lm == nil || lm.abstractID == id {
			return id, a
		}
		id = lm.abstractID
	}
	return id, n.abstracts[id]
}

// level returns the effective definition of level i of a w:num.
func (n *numbering) level(m *numInstance, a *abstractNum, i int) *numLevel {
	if i < 0 || i >= numLevels {
		return nil
	}
	if o := m.overrides[i]; o != nil && o.lvl != nil {
		return o.lvl
	}
	if a == nil {
		return nil
	}
	return a.levels[i]
}

// levelForStyle returns the level of list numID whose w:pStyle is the
// paragraph style id, or -1.
func (n *numbering) levelForStyle(numID int, id string) int {
	if n == nil {
		return -1
	}
	m := n.nums[numID]
	if m == nil {
		return -1
	}
	_, a := n.abstractOf(m)
	for i := range numLevels {
		if l := n.level(m, a, i); l != nil && l.pStyle == id {
			return i
		}
	}
	return -1
}

// listState is the counters of one abstract numbering definition.
type listState struct {
	value [numLevels]int
	set   [numLevels]bool
}

// label sets the Label of every list paragraph of ps, counting over ps only.
func (n *numbering) label(ps []*Paragraph) {
	if n == nil || len(n.nums) == 0 {
		return
	}
	lists := map[int]*listState{}
	used := map[int]bool{}
	for _, p := range ps {
		if p.NumID <= 0 || p.Level < 0 || p.Level >= numLevels {
			continue
		}
		m := n.nums[p.NumID]
		if m == nil {
			continue
		}
		aid, a := n.abstractOf(m)
		lvl := n.level(m, a, p.Level)
		if lvl == nil {
			continue
		}
		st := lists[aid]
		if st == nil {
			st = &listState{}
			lists[aid] = st
		}
		if !used[p.NumID] {
			used[p.NumID] = true
			for i, o := range m.overrides {
				if o != nil && (o.hasStart || o.lvl != nil) {
					st.set[i] = false
				}
			}
		}
		start := func(i int) int {
			if o := m.overrides[i]; o != nil && o.hasStart {
				return o.start
			}
			if l := n.level(m, a, i); l != nil {
				return l.start
			}
			return 0
		}
		L := p.Level
		if st.set[L] {
			st.value[L]++
		} else {
			st.value[L], st.set[L] = start(L), true
		}
		for M := L + 1; M < numLevels; M++ {
			restart := M
			if l := n.level(m, a, M); l != nil && l.hasRestart {
				restart = l.restart
			}
			if restart != 0 && L < restart {
				st.set[M] = false
			}
		}
		p.Label = n.format(m, a, lvl, st, start)
	}
}

// format substitutes %1…%9 in the level's text with each level's value in
// that level's format.
func (n *numbering) format(m *numInstance, a *abstractNum, lvl *numLevel, st *listState, start func(int) int) string {
	if !lvl.hasText {
		return ""
	}
	if lvl.format == "bullet" {
		return bulletLabel(lvl.text)
	}
	var b strings.Builder
	s := lvl.text
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+1 < len(s) && s[i+1] >= '1' && s[i+1] <= '9' {
			k := int(s[i+1] - '1')
			i++
			v := start(k)
			if st.set[k] {
				v = st.value[k]
			}
			f := "decimal"
			if l := n.level(m, a, k); l != nil {
				f = l.format
			}
			if lvl.isLgl {
				f = "decimal"
			}
			b.WriteString(formatNumber(v, f))
			continue
		}
		b.WriteByte(s[i])
	}
	return strings.TrimSpace(b.String())
}

// bulletLabel is the label of a bullet level: its text when printable,
// otherwise (symbol-font characters) a bullet.
func bulletLabel(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	for _, c := range text {
		if !unicode.IsPrint(c) || c >= 0xE000 && c <= 0xF8FF || c == utf8.RuneError {
			return "•"
		}
	}
	return text
}

// formatNumber writes v in a w:numFmt format. Formats the reader does not
// know are written in decimal.
func formatNumber(v int, f string) string {
	switch f {
	case "none":
		return ""
	case "decimalZero":
		if v >= 0 && v < 10 {
			return "0" + strconv.Itoa(v)
		}
	case "lowerLetter", "upperLetter":
		if s, ok := letters(v); ok {
			if f == "upperLetter" {
				return strings.ToUpper(s)
			}
			return s
		}
	case "lowerRoman", "upperRoman":
		if s, ok := roman(v); ok {
			if f == "lowerRoman" {
				return strings.ToLower(s)
			}
			return s
		}
	case "decimalEnclosedParen":
		return "(" + strconv.Itoa(v) + ")"
	case "decimalEnclosedFullstop":
		return strconv.Itoa(v) + "."
	case "decimalEnclosedCircle":
		if v >= 1 && v <= 20 {
			return string(rune(0x2460 + v - 1))
		}
	}
	return strconv.Itoa(v)
}

// letters writes v the way Word does: a…z, then aa…zz, aaa….
func letters(v int) (string, bool) {
	if v < 1 || v > 26*30 {
		return "", false
	}
	c := byte('a' + (v-1)%26)
	return strings.Repeat(string(c), (v-1)/26+1), true
}

// roman writes v in upper-case Roman numerals.
func roman(v int) (string, bool) {
	if v < 1 || v > 3999 {
		return "", false
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, n := range vals {
		for v >= n {
			b.WriteString(syms[i])
			v -= n
		}
	}
	return b.String(), true
}
