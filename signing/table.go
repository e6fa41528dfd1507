package signing

// cellPad is the padding inside table cells, in millimetres.
const cellPad = 1.5

// cellBox is one laid-out cell of a table row.
type cellBox struct {
	x, w  float64
	lines []cellLine
}

// cellLine is a line of a cell and the space above it.
type cellLine struct {
	ln     line
	before float64
}

// height returns the height of the cell's lines.
func (c cellBox) height(lh float64) float64 {
	h := 0.0
	for _, l := range c.lines {
		h += l.before + lh
	}
	return h
}

// rowBox is one laid-out table row.
type rowBox struct {
	cells  []cellBox
	height float64 // with padding
}

// tableRows lays out the rows of tb across the text width.
func (t *typesetter) tableRows(tb *Table) []rowBox {
	rows := make([]rowBox, 0, len(tb.Rows))
	for _, r := range tb.Rows {
		if len(r) == 0 {
			continue
		}
		widths := rowWidths(tb, len(rows), len(r))
		total := 0.0
		for _, w := range widths {
			total += max(w, 0)
		}
		rb := rowBox{}
		x := t.left
		for i, cell := range r {
			w := t.width / float64(len(r))
			if total > 0 {
				w = t.width * max(widths[i], 0) / total
			}
			cb := cellBox{x: x, w: w}
			inner := max(w-2*cellPad, 5)
			for pi := range cell {
				p := &cell[pi]
				before, after := t.roleSpacing(p.Role)
				if pi == 0 {
					before = 0
				}
				for li, ln := range t.layout(p, x+cellPad, inner) {
					cl := cellLine{ln: ln}
					if li == 0 {
						cl.before = before
					}
					cb.lines = append(cb.lines, cl)
				}
				_ = after
			}
			rb.height = max(rb.height, cb.height(t.lh)+2*cellPad)
			rb.cells = append(rb.cells, cb)
			x += w
		}
		rows = append(rows, rb)
	}
	return rows
}

// rowWidths returns the relative widths of the cells of row i (n cells):
// the columns' widths, joined where a cell spans several; nil for equal
// cells.
func rowWidths(tb *Table, i, n int) []float64 {
	if len(tb.Widths) == n && (i >= len(tb.Spans) || len(tb.Spans[i]) != n) {
		return tb.Widths
	}
	if i >= len(tb.Spans) || len(tb.Spans[i]) != n {
		return nil
	}
	out := make([]float64, 0, n)
	col := 0
	for _, span := range tb.Spans[i] {
		w := 0.0
		for range max(span, 1) {
			if col >= len(tb.Widths) {
				return nil
			}
			w += max(tb.Widths[col], 0)
			col++
		}
		out = append(out, w)
	}
	if col != len(tb.Widths) {
		return nil
	}
	return out
}

// table places a table, splitting rows that do not fit on a page.
func (t *typesetter) table(tb *Table) {
	if tb.PageBreakBefore && t.y > t.top {
		t.newPage()
	}
	t.prevRole = RoleCell
	for _, rb := range t.tableRows(tb) {
		t.row(rb, tb.Borders)
	}
	t.y += 0.35 * t.lh
}

// row places one row; a row taller than the room left is moved to the
// next page, and one taller than a page is split between pages.
func (t *typesetter) row(rb rowBox, borders bool) {
	full := t.bottom - t.top
	if t.y+rb.height > t.bottom && t.y > t.top && (rb.height <= full || t.bottom-t.y < 3*t.lh) {
		t.newPage()
	}
	for {
		avail := t.bottom - t.y - 2*cellPad
		fits := true
		for _, c := range rb.cells {
			if c.height(t.lh) > avail+0.01 {
				fits = false
			}
		}
		segment := 0.0
		rest := make([]cellBox, len(rb.cells))
		for i, c := range rb.cells {
			y := t.y + cellPad
			used := 0.0
			n := 0
			for _, cl := range c.lines {
				if !fits && used+cl.before+t.lh > avail+0.01 && n > 0 {
					break
				}
				used += cl.before
				t.drawLine(cl.ln, y+used, RoleCell)
				used += t.lh
				n++
			}
			segment = max(segment, used)
			rest[i] = cellBox{x: c.x, w: c.w, lines: c.lines[n:]}
			if n < len(c.lines) {
				rest[i].lines[0].before = 0
			}
		}
		h := segment + 2*cellPad
		if fits {
			h = rb.height
		}
		if borders {
			t.pdf.SetDrawColor(0, 0, 0)
			t.pdf.SetLineWidth(0.2)
			for _, c := range rb.cells {
				t.pdf.Rect(c.x, t.y, c.w, h, "D")
			}
		}
		t.y += h
		if fits {
			return
		}
		rb = rowBox{cells: rest}
		for _, c := range rest {
			rb.height = max(rb.height, c.height(t.lh)+2*cellPad)
		}
		t.newPage()
	}
}

// signatureSpace is the room left for a signature (and a meterai).
const signatureSpace = 30.0

// signatureColumns returns the parties in the order they are printed, two
// per row: PIHAK KEDUA on the left, PIHAK KESATU on the right, as
// Indonesian agreements are signed.
func (t *typesetter) signatureRows() [][2]int {
	var rows [][2]int
	n := len(t.doc.Parties)
	for i := 0; i < n; i += 2 {
		if i+1 < n {
			rows = append(rows, [2]int{i + 1, i})
		} else {
			rows = append(rows, [2]int{-1, i})
		}
	}
	return rows
}

// partyParagraphs returns the lines of a signature block above and below
// the signature space.
func partyParagraphs(p Party) (above, below []*Paragraph) {
	para := func(text string, b, u bool) *Paragraph {
		return &Paragraph{Role: RoleCell, Align: AlignCenter, Spans: []Span{{Text: text, Bold: b, Underline: u}}}
	}
	if p.Heading != "" {
		above = append(above, para(p.Heading, true, false))
	}
	for _, l := range splitLines(p.Position) {
		above = append(above, para(l, true, false))
	}
	name := p.Name
	if name == "" {
		name = "(………………………………)"
	}
	below = append(below, para(name, true, p.Name != ""))
	if p.NIP != "" {
		below = append(below, para("NIP. "+p.NIP, false, false))
	}
	return above, below
}

func splitLines(s string) []string {
	var out []string
	for _, l := range splitNL(s) {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func splitNL(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// partyHeight measures one signature block in a column w wide.
func (t *typesetter) partyHeight(p Party, w float64) float64 {
	above, below := partyParagraphs(p)
	h := signatureSpace
	for _, para := range append(above, below...) {
		h += float64(len(t.layout(para, 0, w))) * t.lh
	}
	return h
}

// signatureHeight measures the signature blocks.
func (t *typesetter) signatureHeight() float64 {
	colW := t.width / 2
	h := 0.0
	for _, r := range t.signatureRows() {
		rh := 0.0
		for _, i := range r {
			if i >= 0 {
				rh = max(rh, t.partyHeight(t.doc.Parties[i], colW))
			}
		}
		h += rh + t.lh
	}
	return h
}

// signatures draws the signature blocks at t.y.
func (t *typesetter) signatures() {
	colW := t.width / 2
	t.y += t.lh
	for _, r := range t.signatureRows() {
		rh := 0.0
		for col, i := range r {
			if i < 0 {
				continue
			}
			x := t.left + float64(col)*colW
			above, below := partyParagraphs(t.doc.Parties[i])
			y := t.y
			for _, p := range above {
				for _, ln := range t.layout(p, x, colW) {
					t.drawLine(ln, y, RoleCell)
					y += t.lh
				}
			}
			if t.s.Meterai.has(i) {
				t.meteraiBox(x+colW/2-28, y+4)
			}
			y += signatureSpace
			for _, p := range below {
				for _, ln := range t.layout(p, x, colW) {
					t.drawLine(ln, y, RoleCell)
					y += t.lh
				}
			}
			rh = max(rh, y-t.y)
		}
		t.y += rh + t.lh
	}
}

// meteraiBox draws the place of the meterai, which the signature overlaps.
func (t *typesetter) meteraiBox(x, y float64) {
	pdf := t.pdf
	pdf.SetDrawColor(120, 120, 120)
	pdf.SetLineWidth(0.3)
	pdf.SetDashPattern([]float64{1.2, 0.8}, 0)
	pdf.Rect(x, y, 30, 22, "D")
	pdf.SetDashPattern(nil, 0)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
	t.font(bold, 7)
	t.colour([3]int{120, 120, 120})
	for i, s := range []string{"METERAI", "Rp10.000"} {
		w := pdf.GetStringWidth(s)
		pdf.Text(x+15-w/2, y+10+float64(i)*3.5, s)
	}
	t.colour(colourText)
}
