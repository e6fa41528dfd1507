package drafting

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText writes a plain text redline: a summary, then for each Pasal
// with a change a "@@" line naming it and its verdict, followed by its
// changed paragraphs. Inside a changed paragraph deleted words read
// [-like this-] and inserted words {+like this+}; a whole inserted
// paragraph starts with "+ ", a deleted one with "- ".
func (c *Comparison) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "--- %s\n+++ %s\n", orDash(c.Old.Name), orDash(c.New.Name))
	bw.WriteString(c.Summary.String())
	bw.WriteString("\n")
	if c.Summary.Empty() {
		bw.WriteString("\nNo differences.\n")
		return bw.Flush()
	}
	lastUnit := -2
	for _, st := range c.visibleSteps() {
		if st.op == OpEqual && st.words == nil {
			continue
		}
		if st.unit != lastUnit {
			lastUnit = st.unit
			bw.WriteString("\n@@ ")
			bw.WriteString(c.unitTitle(st))
			bw.WriteString("\n")
		}
		switch {
		case st.op == OpInsert:
			bw.WriteString("+ " + st.new.Line() + "\n")
		case st.op == OpDelete:
			bw.WriteString("- " + st.old.Line() + "\n")
		default:
			bw.WriteString("  ")
			for _, wo := range st.words {
				switch wo.Op {
				case OpEqual:
					bw.WriteString(wo.Text)
				case OpDelete:
					bw.WriteString("[-" + wo.Text + "-]")
				case OpInsert:
					bw.WriteString("{+" + wo.Text + "+}")
				}
			}
			bw.WriteString("\n")
		}
	}
	return bw.Flush()
}

// WriteJSON writes the comparison as indented JSON.
func (c *Comparison) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(c)
}

// visibleSteps returns the steps without the ghosts of moved Pasal.
func (c *Comparison) visibleSteps() []step {
	out := make([]step, 0, len(c.steps))
	for _, st := range c.steps {
		if !st.ghost {
			out = append(out, st)
		}
	}
	return out
}

// unitTitle names the Pasal a step belongs to, in English, for the text
// redline.
func (c *Comparison) unitTitle(st step) string {
	if st.unit < 0 {
		if st.new != nil && st.new.Pasal > 0 {
			return "After Pasal " + strconv.Itoa(st.new.Pasal)
		}
		if st.old != nil && st.old.Pasal > 0 {
			return "After Pasal " + strconv.Itoa(st.old.Pasal) + " (old numbering)"
		}
		return "Before the first Pasal"
	}
	p := c.Pasal[st.unit]
	var name string
	switch {
	case p.Old == 0:
		name = "Pasal " + strconv.Itoa(p.New)
	case p.New == 0:
		name = "Pasal " + strconv.Itoa(p.Old)
	case p.Old == p.New:
		name = "Pasal " + strconv.Itoa(p.New)
	default:
		name = "Pasal " + strconv.Itoa(p.Old) + " → " + strconv.Itoa(p.New)
	}
	verdict := map[string]string{
		ChangeInserted:   "inserted",
		ChangeDeleted:    "deleted",
		ChangeChanged:    "changed",
		ChangeReferences: "references updated only",
		ChangeRenumbered: "renumbered only",
		ChangeMoved:      "moved",
	}[p.Kind]
	if p.Moved && p.Kind != ChangeMoved {
		verdict += ", moved"
	}
	return name + ": " + verdict
}

// String summarises the comparison in one paragraph of English.
func (s Summary) String() string {
	var parts []string
	add := func(label string, n int, list string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", label, list))
		}
	}
	add("Pasal inserted:", len(s.PasalInserted), joinInts(s.PasalInserted))
	add("Pasal deleted:", len(s.PasalDeleted), joinInts(s.PasalDeleted))
	add("Pasal changed:", len(s.PasalChanged), joinPairs(s.PasalChanged))
	add("references updated only:", len(s.PasalReferences), joinPairs(s.PasalReferences))
	add("renumbered only:", len(s.PasalRenumbered), joinPairs(s.PasalRenumbered))
	add("moved:", len(s.PasalMoved), joinPairs(s.PasalMoved))
	parts = append(parts, fmt.Sprintf("paragraphs +%d -%d ~%d; words +%d -%d",
		s.ParagraphsInserted, s.ParagraphsDeleted, s.ParagraphsChanged, s.WordsInserted, s.WordsDeleted))
	return "Summary: " + strings.Join(parts, "; ") + "."
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

func joinPairs(ps []PasalPair) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		if p.Old == p.New {
			s[i] = strconv.Itoa(p.New)
		} else {
			s[i] = strconv.Itoa(p.Old) + "→" + strconv.Itoa(p.New)
		}
	}
	return strings.Join(s, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
