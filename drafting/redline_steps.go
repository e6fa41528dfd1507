package drafting

// Step is one paragraph of a redline in reading order: kept (Op equal,
// with Words when its text changed), inserted or deleted.
type Step struct {
	Op  Op
	Old *Paragraph // nil for an insertion
	New *Paragraph // nil for a deletion
	// Words is the word diff of a changed paragraph, labels included; nil
	// when the line is unchanged or the whole paragraph was inserted or
	// deleted.
	Words []WordOp
	// Heading is true for the heading paragraph of a Pasal.
	Heading bool
}

// Steps returns the paragraphs of the redline in reading order, for
// writers outside the package (the PDF redline). A moved Pasal is shown at
// its new place only.
func (c *Comparison) Steps() []Step {
	steps := c.visibleSteps()
	out := make([]Step, len(steps))
	for i, st := range steps {
		out[i] = Step{Op: st.op, Old: st.old, New: st.new, Words: st.words, Heading: st.heading}
	}
	return out
}
