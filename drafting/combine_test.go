package drafting

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestCombineUntrackedCopies combines copies edited without Track Changes
// (attributed to the names given): edits of different reviewers in one
// paragraph merge, identical edits appear once, disagreeing ones conflict.
func TestCombineUntrackedCopies(t *testing.T) {
	base := []string{
		"PERJANJIAN KERJA SAMA",
		"Pasal 1",
		"(1) Jangka waktu pelaksanaan kegiatan adalah 30 (tiga puluh) hari sejak penandatanganan perjanjian ini oleh para pihak.",
		"(2) Biaya kegiatan dibebankan pada anggaran masing-masing pihak sesuai ketentuan yang berlaku.",
		"Pasal 2",
		"Perselisihan diselesaikan secara musyawarah untuk mufakat oleh para pihak.",
	}
	edit := func(pairs ...string) []string {
		out := append([]string(nil), base...)
		for i := 0; i < len(pairs); i += 2 {
			for k := range out {
				out[k] = strings.Replace(out[k], pairs[i], pairs[i+1], 1)
			}
		}
		return out
	}
	a := edit("Jangka waktu", "Masa", "pada anggaran", "pada APBD")                 // start of (1); (2)
	b := edit("oleh para pihak.", "oleh PARA PIHAK.", "pada anggaran", "pada APBD") // end of (1) and Pasal 2; same (2) edit as a
	c := edit("30 (tiga puluh) hari", "14 (empat belas) hari")                      // no overlap with a or b
	d := edit("30 (tiga puluh) hari", "60 (enam puluh) hari")                       // clashes with c
	doc := func(lines []string) *Document { return mustRead(t, simpleDocx(t, lines)) }
	cm, err := Combine(doc(base), []ReviewCopy{{doc(a), "Reviewer A"}, {doc(b), "Reviewer B"}, {doc(c), "Reviewer C"}, {doc(d), "Reviewer D"}})
	if err != nil {
		t.Fatal(err)
	}
	r := cm.Report
	if len(r.Conflicts) != 1 {
		t.Fatalf("conflicts = %+v, want one", r.Conflicts)
	}
	cf := r.Conflicts[0]
	if cf.Pasal != 1 || !strings.Contains(cf.BaseText, "30 (tiga puluh") || len(cf.Alternatives) != 2 ||
		cf.Alternatives[0].Author != "Reviewer C" || cf.Alternatives[1].Author != "Reviewer D" ||
		!strings.Contains(cf.Alternatives[0].Text, "14 (empat belas") || !strings.Contains(cf.Alternatives[1].Text, "60 (enam puluh") {
		t.Errorf("conflict = %+v", cf)
	}
	if r.Duplicates != 1 {
		t.Errorf("duplicates = %d, want 1 (the APBD edit of A and B)", r.Duplicates)
	}
	var out bytes.Buffer
	if err := cm.WriteDocx(&out, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	merged := mustRead(t, out.Bytes())
	if got, want := merged.Text(Reject), doc(base).Text(Accept); got != want {
		t.Errorf("reject all of the merged document is not the base:\n%s", lineDiffText(want, got))
	}
	acc := merged.Text(Accept)
	for _, want := range []string{
		"(1) Masa pelaksanaan kegiatan adalah",
		"penandatanganan perjanjian ini oleh PARA PIHAK.",
		"(2) Biaya kegiatan dibebankan pada APBD masing-masing",
		"musyawarah untuk mufakat oleh PARA PIHAK.",
	} {
		if !strings.Contains(acc, want) {
			t.Errorf("accept all lacks %q:\n%s", want, acc)
		}
	}
	if strings.Count(acc, "APBD") != 1 {
		t.Errorf("the identical edit appears %d times", strings.Count(acc, "APBD"))
	}
	// Authors of the tracked changes.
	authors := map[string]bool{}
	for _, p := range merged.Body {
		for _, run := range p.Runs {
			if run.Rev != RevNone {
				authors[run.Author] = true
			}
		}
	}
	for _, who := range []string{"Reviewer A", "Reviewer B", "Reviewer C", "Reviewer D"} {
		if !authors[who] {
			t.Errorf("no tracked change by %s (authors: %v)", who, authors)
		}
	}
	// The conflict carries a comment naming both reviewers.
	found := false
	for _, cmt := range merged.Comments {
		if strings.Contains(cmt.Text, "Reviewer C") && strings.Contains(cmt.Text, "Reviewer D") {
			found = true
		}
	}
	if !found {
		t.Errorf("no conflict comment naming both reviewers: %+v", merged.Comments)
	}
}

func TestCombineRefusesOtherDocument(t *testing.T) {
	base := mustRead(t, simpleDocx(t, []string{"Pasal 1", "Isi perjanjian kerja sama tentang pendidikan.", "Pasal 2", "Isi tentang pembiayaan kegiatan."}))
	other := mustRead(t, simpleDocx(t, []string{"SURAT KEPUTUSAN", "Menimbang bahwa perlu menetapkan tim.", "Memutuskan menetapkan susunan tim koordinasi."}))
	other.Name = "lain.docx"
	_, err := Combine(base, []ReviewCopy{{Doc: base}, {Doc: other}})
	if !errors.Is(err, ErrNotACopy) || !strings.Contains(err.Error(), "lain.docx") {
		t.Fatalf("err = %v, want ErrNotACopy naming lain.docx", err)
	}
}

func lineDiffText(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "want " + a + "\n got " + b
		}
	}
	return ""
}
