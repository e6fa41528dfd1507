// Package drafting reads, compares and writes Word documents (.docx) the way
// a legal drafter of a KB or PKS thinks of them: as BAB, Pasal, ayat and
// huruf, not as lines.
//
// Reading (Open, Read) follows the package relationships to the main part,
// accepts any namespace prefix and Strict OOXML, and keeps tracked changes,
// list numbering, tables, text boxes, footnotes, headers, footers and comment
// ranges. Paragraphs resolves tracked changes one way or the other, gives every
// list paragraph the label a reader sees ("(1)", "a.", "Pasal 3") and places
// every paragraph in its Pasal, ayat and huruf.
//
// Reviewing (TrackedChanges, CommentThreads) lists what the other party
// did to a draft: every tracked insertion, deletion, move and formatting
// change with its author, date and Pasal, and the comments as threads of
// replies, each placed in the Pasal and ayat it is about and marked when
// resolved.
//
// Comparing (Compare) aligns the paragraphs of two revisions Pasal by Pasal,
// matching a Pasal that moved or was renumbered by its content, then diffs
// the words inside changed paragraphs. The result is written as a plain text
// redline, JSON, a self-contained HTML page, or a .docx with real tracked
// changes.
//
// Combining (Combine) merges reviewers' copies of one base version into a
// single document: every edit as a tracked change under its reviewer's
// name, comments and replies re-anchored, overlapping disagreements marked
// as conflicts. TrackedChanges and CommentThreads list what one copy holds.
//
// Renumbering (Renumber) numbers the typed Pasal and ayat of a draft again
// after insertions ("Pasal 8A", "(1a)") and deletions, updates the
// cross-references that name them and lists the ones that name nothing; the
// result is written on the original package with the new numbers as tracked
// changes.
//
// Engine gives the service all of this through the sepakat.WordEngine
// interface.
//
// The package never re-encodes Word XML through encoding/xml marshalling,
// which mangles namespace prefixes: it reads with the token decoder and
// writes by emitting its own XML or splicing the original bytes. It imports no
// HTTP or storage code.
package drafting
