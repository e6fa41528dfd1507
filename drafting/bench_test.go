package drafting

import (
	"fmt"
	"io"
	"testing"
	"time"

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

// BenchmarkCombineBig combines 10 reviewer copies of the 300-Pasal PKS
// (testdata/drafting/review/big-copy-01…10.docx) with their base, reading
// every file and writing the merged .docx, as `sepakat combine` does.
// Target: under 1 s.
func BenchmarkCombineBig(b *testing.B) {
	base := testtool.Testdata(b, "drafting", "big-v1.docx")
	var copies []string
	for i := 1; i <= 10; i++ {
		copies = append(copies, testtool.Testdata(b, "drafting", "review", fmt.Sprintf("big-copy-%02d.docx", i)))
	}
	b.ReportAllocs()
	for b.Loop() {
		bd, err := Open(base)
		if err != nil {
			b.Fatal(err)
		}
		var rcs []ReviewCopy
		for _, c := range copies {
			d, err := Open(c)
			if err != nil {
				b.Fatal(err)
			}
			rcs = append(rcs, ReviewCopy{Doc: d})
		}
		m, err := Combine(bd, rcs)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.WriteDocx(io.Discard, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}
