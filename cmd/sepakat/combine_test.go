package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/drafting"
)

// reviewFixture is a file of testdata/drafting/review.
func reviewFixture(t testing.TB, name string) string {
	t.Helper()
	return docxFixture(t, filepath.Join("review", name))
}

// TestCombineCommand runs `sepakat combine` on the reviewer copies made
// with pandoc and LibreOffice and checks the report and the merged file.
func TestCombineCommand(t *testing.T) {
	dir := t.TempDir()
	merged, report := filepath.Join(dir, "gabungan.docx"), filepath.Join(dir, "laporan.json")
	out, errOut, status := sepakatCmd(t, "combine", reviewFixture(t, "base.docx"),
		reviewFixture(t, "copy-dinas-kominfo.docx"), reviewFixture(t, "copy-bagian-hukum.docx"),
		reviewFixture(t, "copy-unmul.docx"), reviewFixture(t, "copy-bappeda.docx"), reviewFixture(t, "copy-untracked.docx"),
		"-o", merged, "--report", report, "--author-of", "copy-untracked.docx=Dinas Pariwisata Kota")
	if status != 0 {
		t.Fatalf("combine: exit %d: %s", status, errOut)
	}
	if !strings.Contains(out, "conflicts: 1.") {
		t.Errorf("summary line: %q", out)
	}
	var r struct {
		Conflicts []struct {
			Pasal        int    `json:"pasal"`
			BaseText     string `json:"base_text"`
			Alternatives []struct {
				Author string `json:"author"`
				Text   string `json:"text"`
			} `json:"alternatives"`
		} `json:"conflicts"`
		ChangesMerged  int `json:"changes_merged"`
		CommentsMerged int `json:"comments_merged"`
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("report: %v\n%s", err, data)
	}
	if len(r.Conflicts) != 1 || r.Conflicts[0].Pasal != 3 || len(r.Conflicts[0].Alternatives) != 2 ||
		r.Conflicts[0].Alternatives[0].Author != "Dinas Kominfo" || r.Conflicts[0].Alternatives[1].Author != "PPKSD Unmul" {
		t.Errorf("conflicts: %+v", r.Conflicts)
	}
	if r.ChangesMerged == 0 || r.CommentsMerged != 4 {
		t.Errorf("changes_merged %d, comments_merged %d (want 4: Kominfo's, Bappeda's two and the reply)", r.ChangesMerged, r.CommentsMerged)
	}
	doc, err := drafting.Open(merged)
	if err != nil {
		t.Fatal(err)
	}
	authors := map[string]bool{}
	for _, c := range doc.TrackedChanges() {
		authors[c.Author] = true
	}
	if !authors["Dinas Pariwisata Kota"] || authors["Dinas Pariwisata"] {
		t.Errorf("--author-of did not name the untracked edits: authors %v", authors)
	}
	base, _ := drafting.Open(reviewFixture(t, "base.docx"))
	if doc.Text(drafting.Reject) != base.Text(drafting.Accept) {
		t.Error("reject all of the merged document is not the base")
	}
}

// TestCombineCommandRefuses: a file that is not a copy of the base, or an
// unreadable one, stops the command with one line naming it; no file is
// written.
func TestCombineCommandRefuses(t *testing.T) {
	dir := t.TempDir()
	merged, report := filepath.Join(dir, "gabungan.docx"), filepath.Join(dir, "laporan.json")
	cases := []struct {
		args []string
		name string
		want string
	}{
		{[]string{reviewFixture(t, "copy-dinas-kominfo.docx"), reviewFixture(t, "not-a-copy.docx")}, "not-a-copy.docx", "not a copy"},
		{[]string{reviewFixture(t, "copy-dinas-kominfo.docx"), docxFixture(t, "encrypted.docx")}, "encrypted.docx", "password"},
	}
	for _, tc := range cases {
		args := append([]string{"combine", reviewFixture(t, "base.docx")}, tc.args...)
		args = append(args, "-o", merged, "--report", report)
		out, errOut, status := sepakatCmd(t, args...)
		if status != 1 || out != "" {
			t.Errorf("%s: exit %d, stdout %q; want exit 1 and nothing", tc.name, status, out)
		}
		if lines := strings.Split(strings.TrimSpace(errOut), "\n"); len(lines) != 1 || !strings.Contains(errOut, tc.name) || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: stderr %q, want one line naming it and saying %q", tc.name, errOut, tc.want)
		}
		for _, f := range []string{merged, report} {
			if _, err := os.Stat(f); err == nil {
				t.Errorf("%s: %s was written", tc.name, filepath.Base(f))
			}
		}
	}
	if _, errOut, status := sepakatCmd(t, "combine", reviewFixture(t, "base.docx"), reviewFixture(t, "copy-unmul.docx")); status != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("combine without -o: exit %d, %q", status, errOut)
	}
}
