package web

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestBarChartSVG: the chart is well-formed XML with escaped, shortened
// labels, one bar per value, a standard mark, and red for over-standard.
func TestBarChartSVG(t *testing.T) {
	svg := string(barChartSVG(`Urusan "A" & <B>`, []bar{
		{Label: "Ketenteraman, Ketertiban Umum & Pelindungan Masyarakat <Satpol PP>", Value: 12, Text: "12"},
		{Label: "Perencanaan", Value: 25, Mark: 20, Over: true, Text: "25.0 / 20 hari kerja"},
		{Label: "Kosong", Value: 0, Text: "0"},
	}))
	d := xml.NewDecoder(strings.NewReader(svg))
	rects, lines := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "rect":
				rects++
			case "line":
				lines++
			}
		}
	}
	if rects != 3 || lines != 1 || !strings.Contains(svg, "#b23b3b") || !strings.Contains(svg, "…") {
		t.Fatalf("%d bars, %d marks:\n%s", rects, lines, svg)
	}
	if empty := string(barChartSVG("Kosong", nil)); !strings.HasSuffix(empty, "</svg>") {
		t.Fatalf("empty chart: %s", empty)
	}
}
