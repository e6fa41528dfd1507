package drafting

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"time"
)

//go:embed redline.html.tmpl
var redlineHTML string

var redlineTemplate = template.Must(template.New("redline").Funcs(template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("02-01-2006 15:04")
	},
}).Parse(redlineHTML))

// htmlPage is what the HTML redline template shows.
type htmlPage struct {
	C        *Comparison
	Sections []htmlSection
	Nav      []htmlNav
}

// htmlSection is one Pasal (or the text between Pasal) of the redline.
type htmlSection struct {
	ID        string
	Title     string
	Kind      string // a Change* constant, or "" when unchanged
	Label     string // the verdict in Indonesian
	Changed   bool
	Paragraph []htmlParagraph
}

// htmlParagraph is one paragraph: kept, inserted, deleted or changed.
type htmlParagraph struct {
	Class   string // eq, ins, del, chg
	Heading bool
	Text    string
	Words   []WordOp
}

// htmlNav is one entry of the Pasal navigation.
type htmlNav struct {
	ID, Title, Kind, Label string
}

// kindLabels names the verdicts in Bahasa Indonesia.
var kindLabels = map[string]string{
	ChangeInserted:   "disisipkan",
	ChangeDeleted:    "dihapus",
	ChangeChanged:    "diubah",
	ChangeReferences: "hanya rujukan diperbarui",
	ChangeRenumbered: "hanya nomor berubah",
	ChangeMoved:      "dipindah",
}

// WriteHTML writes a self-contained HTML page (no outside resources) in
// Bahasa Indonesia: a summary at the top, a navigation by Pasal with each
// Pasal's verdict, and the whole new text with insertions and deletions
// coloured. A switch shows only the changes.
func (c *Comparison) WriteHTML(w io.Writer) error {
	page := htmlPage{C: c}
	var cur *htmlSection
	lastUnit := -2
	for _, st := range c.visibleSteps() {
		if st.unit != lastUnit || cur == nil {
			lastUnit = st.unit
			page.Sections = append(page.Sections, htmlSection{})
			cur = &page.Sections[len(page.Sections)-1]
			if st.unit >= 0 {
				p := c.Pasal[st.unit]
				cur.Kind = p.Kind
				cur.Label = kindLabels[p.Kind]
				if p.Moved && p.Kind != ChangeMoved {
					cur.Label += ", dipindah"
				}
				switch {
				case p.New == 0:
					cur.ID = "pasal-lama-" + strconv.Itoa(p.Old)
					cur.Title = "Pasal " + strconv.Itoa(p.Old) + " (lama)"
				case p.Old != 0 && p.Old != p.New:
					cur.ID = "pasal-" + strconv.Itoa(p.New)
					cur.Title = "Pasal " + strconv.Itoa(p.New) + " (semula Pasal " + strconv.Itoa(p.Old) + ")"
				default:
					cur.ID = "pasal-" + strconv.Itoa(p.New)
					cur.Title = "Pasal " + strconv.Itoa(p.New)
				}
				cur.Changed = p.Kind != ""
				page.Nav = append(page.Nav, htmlNav{ID: cur.ID, Title: cur.Title, Kind: p.Kind, Label: cur.Label})
			}
		}
		hp := htmlParagraph{Heading: st.heading}
		switch {
		case st.op == OpInsert:
			hp.Class, hp.Text = "ins", st.new.Line()
		case st.op == OpDelete:
			hp.Class, hp.Text = "del", st.old.Line()
		case st.words != nil && cur.Kind == ChangeReferences:
			hp.Class, hp.Words = "ref", st.words
		case st.words != nil:
			hp.Class, hp.Words = "chg", st.words
		default:
			hp.Class, hp.Text = "eq", st.new.Line()
		}
		if hp.Class != "eq" {
			cur.Changed = true
		}
		cur.Paragraph = append(cur.Paragraph, hp)
	}
	return redlineTemplate.Execute(w, page)
}
