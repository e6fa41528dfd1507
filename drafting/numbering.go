package drafting

// numbering resolves Word list numbering (numbering.xml and the styles that
// carry numbering) to the labels a reader sees.
type numbering struct{}
