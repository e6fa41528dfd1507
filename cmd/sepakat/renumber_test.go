package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/internal/testtool"
)

// TestRenumberCommand renumbers the renumber fixture with flags before and
// after the file, tracked and untracked, and checks the summary, the
// report and the text of what was written.
func TestRenumberCommand(t *testing.T) {
	in := docxFixture(t, "renumber.docx")
	wantText, err := os.ReadFile(testtool.Testdata(t, "drafting", "renumber.expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	orig, err := drafting.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		args  []string
		track bool
	}{
		{"tracked", []string{"renumber", "-o", filepath.Join(dir, "tracked.docx"), in, "--report", filepath.Join(dir, "tracked.json")}, true},
		{"untracked", []string{"renumber", in, "--no-track", "-o", filepath.Join(dir, "untracked.docx"), "--report", filepath.Join(dir, "untracked.json")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, status := sepakatCmd(t, tc.args...)
			if status != 0 {
				t.Fatalf("exit %d: %s", status, errOut)
			}
			if lines := strings.Split(strings.TrimRight(out, "\n"), "\n"); len(lines) != 1 ||
				!strings.Contains(out, "3 Pasal and 5 ayat renumbered, 11 references updated, 1 dangling") {
				t.Errorf("stdout %q, want one summary line", out)
			}
			if !strings.Contains(errOut, `"Pasal 40"`) {
				t.Errorf("stderr %q does not warn of the dangling reference", errOut)
			}
			d, err := drafting.Open(filepath.Join(dir, tc.name+".docx"))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Text(drafting.Accept); got != string(wantText) {
				t.Errorf("accepted text differs:\n%s", testtool.FirstLineDiff(string(wantText), got))
			}
			want := string(wantText)
			if tc.track {
				want = orig.Text(drafting.Accept)
			}
			if got := d.Text(drafting.Reject); got != want {
				t.Errorf("rejected text differs:\n%s", testtool.FirstLineDiff(want, got))
			}
			data, err := os.ReadFile(filepath.Join(dir, tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var rep struct {
				PasalMap   []drafting.NumberChange      `json:"pasal_map"`
				References []drafting.ReferenceChange   `json:"references"`
				Dangling   []drafting.DanglingReference `json:"dangling"`
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatalf("report: %v", err)
			}
			if len(rep.PasalMap) != 12 || rep.PasalMap[8] != (drafting.NumberChange{Old: "8A", New: 9}) ||
				len(rep.References) != 11 || len(rep.Dangling) != 1 || rep.Dangling[0].Text != "Pasal 40" {
				t.Errorf("report: %s", data)
			}
		})
	}
}

func TestRenumberCommandErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "keluar.docx")
	for _, tc := range []struct{ file, want string }{
		{docxFixture(t, "encrypted.docx"), "password"},
		{docxFixture(t, "notzip.docx"), "not a Word document"},
		{filepath.Join(dir, "tidak-ada.docx"), "no such file"},
	} {
		stdout, errOut, status := sepakatCmd(t, "renumber", tc.file, "-o", out)
		if status != 1 || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want exit 1 and nothing", tc.file, status, stdout)
		}
		if lines := strings.Split(strings.TrimSpace(errOut), "\n"); len(lines) != 1 || !strings.Contains(errOut, filepath.Base(tc.file)) || !strings.Contains(errOut, tc.want) {
			t.Errorf("stderr %q, want one line naming %s and saying %q", errOut, filepath.Base(tc.file), tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: output written", tc.file)
		}
	}
	if _, errOut, status := sepakatCmd(t, "renumber", docxFixture(t, "renumber.docx")); status != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("renumber without -o: exit %d, %q", status, errOut)
	}
	bad := filepath.Join(dir, "no-such-dir", "out.docx")
	if _, errOut, status := sepakatCmd(t, "renumber", docxFixture(t, "renumber.docx"), "-o", bad); status != 1 || !strings.Contains(errOut, "out.docx") {
		t.Errorf("unwritable output: exit %d, %q", status, errOut)
	}
}
