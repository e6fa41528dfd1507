package drafting

import (
	"io"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

// The benchmark pair is a 300-Pasal, ~100-page PKS and its revision
// (testdata/drafting/big-v1.docx, big-v2.docx).

// BenchmarkCompareBig measures the comparison alone: aligning 300 Pasal and
// diffing the words of the changed paragraphs. Target: under 80 ms/op.
func BenchmarkCompareBig(b *testing.B) {
	old, new := openFixture(b, "big-v1.docx"), openFixture(b, "big-v2.docx")
	b.ReportAllocs()
	for b.Loop() {
		c := Compare(old, new)
		if len(c.Summary.PasalInserted) == 0 {
			b.Fatal("no inserted Pasal found")
		}
	}
}

// BenchmarkDiffBig measures what `sepakat diff` does in-process: read both
// files, compare, write the text redline.
func BenchmarkDiffBig(b *testing.B) {
	oldPath, newPath := testtool.Testdata(b, "drafting", "big-v1.docx"), testtool.Testdata(b, "drafting", "big-v2.docx")
	b.ReportAllocs()
	for b.Loop() {
		old, err := Open(oldPath)
		if err != nil {
			b.Fatal(err)
		}
		new, err := Open(newPath)
		if err != nil {
			b.Fatal(err)
		}
		if err := Compare(old, new).WriteText(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedlineDocxBig measures writing the .docx redline of the pair.
func BenchmarkRedlineDocxBig(b *testing.B) {
	old, new := openFixture(b, "big-v1.docx"), openFixture(b, "big-v2.docx")
	c := Compare(old, new)
	b.ReportAllocs()
	for b.Loop() {
		if err := c.WriteDocx(io.Discard, DocxOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
