package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/signing"
)

// BenchmarkRenderCommand runs `sepakat render` on the 300-Pasal PKS (100
// F4 pages) as a whole process, as a user would, and reports the peak
// memory of the slowest run. Target: under 150 ms and 150 MB.
func BenchmarkRenderCommand(b *testing.B) {
	benchmarkRenderCommand(b)
}

// BenchmarkRenderCommandDraft is the same with the DRAFT watermark.
func BenchmarkRenderCommandDraft(b *testing.B) {
	benchmarkRenderCommand(b, "--draft")
}

func benchmarkRenderCommand(b *testing.B, args ...string) {
	bin, err := buildSepakat()
	if err != nil {
		b.Fatal(err)
	}
	in := docxFixture(b, "big-v1.docx")
	out := filepath.Join(b.TempDir(), "big.pdf")
	var peak int64
	for b.Loop() {
		cmd := exec.Command(bin, append([]string{"render", in, "-o", out}, args...)...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, msg)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss)
		}
	}
	b.ReportMetric(float64(peak)/1024, "MB-peak-rss")
	if n, _ := pdfPageCount(out); n > 0 {
		b.ReportMetric(float64(n), "pages")
	}
}

// pdfPageCount counts the pages of a PDF with pdfcpu (through the
// validator's reader).
func pdfPageCount(name string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return signing.PageCount(f)
}

// BenchmarkRender typesets the 100-page PKS in process, from the read
// document to the PDF bytes.
func BenchmarkRender(b *testing.B) {
	raw, err := os.ReadFile(docxFixture(b, "big-v1.docx"))
	if err != nil {
		b.Fatal(err)
	}
	doc, err := drafting.Read(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := signing.Print(io.Discard, printable(doc), signing.DefaultSettings(), signing.Options{Number: "001/PKS/2026", Hash: "0123456789abcdef"}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
